"""Edits and cancellations of an order, as methods of :class:`EditableOrder`.

Edits (add a line, change a quantity, remove a line, change an address) touch only units not yet
picked and report, in an :class:`~.results.EditResult`, which allocated units to release and
which new units to allocate. Cancellations take units not yet shipped (picked and packed ones
too: they go back to the shelf) and report, in a :class:`~.results.CancellationResult`, what to
release, void, refund and credit. An edit that changes nothing is a no-op: no event, same version.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import Sku, require_id
from ordercore.kernel.money import Money, sum_money

from . import events as ev
from .errors import LineNotEditable
from .ledger import CANCELLABLE_BUCKETS, EDITABLE_BUCKETS, Bucket, QuantityLedger
from .lifecycle import OrderStatus
from .lines import OrderLine, rescaled
from .pricing import share_of_units, value_of_more_units
from .results import CancellationResult, CancelledLine, EditResult, LineQuantity
from .state import EDIT_STATUSES, OrderState, typed
from .values import Address, Discount, LineId, TaxLine, require_quantity, require_text

__all__ = ["CANCEL_LINE_STATUSES", "EditableOrder"]

CANCEL_LINE_STATUSES = frozenset(
    {OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.IN_FULFILMENT}
)
"""Statuses in which some units of a line may be cancelled (a draft is simply edited)."""


def _units(line: OrderLine, quantity: int) -> tuple[LineQuantity, ...]:
    return (LineQuantity(line_id=line.id, sku=line.sku, quantity=quantity),) if quantity else ()


@attrs.define(kw_only=True)
class EditableOrder(OrderState):
    """An order's state plus its edit and cancellation commands (see the module docstring)."""

    def _demand(self, line: OrderLine, quantity: int) -> tuple[LineQuantity, ...]:
        return () if self.status is OrderStatus.DRAFT else _units(line, quantity)

    def add_line(
        self,
        sku: Sku | str,
        quantity: int,
        unit_price: Money,
        now: pendulum.DateTime,
        *,
        discounts: Iterable[Discount] = (),
        tax_lines: Iterable[TaxLine] = (),
    ) -> EditResult:
        """Add a line of ``quantity`` units of ``sku`` at ``unit_price``; ids are ``line-<n>``."""
        at = instant(now, "now")
        qty = require_quantity("quantity", quantity, minimum=1)
        self._require_status("add_line", EDIT_STATUSES)
        line = self._new_line(sku, qty, unit_price, discounts, tax_lines)
        self.lines = {**self.lines, line.id: line}
        self.line_counter += 1
        self.version += 1
        self._emit(
            ev.OrderLineAdded,
            at,
            line_id=line.id,
            sku=line.sku,
            quantity=qty,
            unit_price=line.unit_price,
            line=line,
        )
        return EditResult(line_id=line.id, allocate=self._demand(line, qty))

    def change_quantity(
        self, line_id: LineId | str, quantity: int, now: pendulum.DateTime
    ) -> EditResult:
        """Set a line's ordered quantity; a cut takes unallocated, then backordered, then allocated.

        Discounts and taxes of the line are rescaled in proportion (half-even). Refused when the
        cut needs picked units, or would leave fewer units than are (net) invoiced.
        """
        at = instant(now, "now")
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        self._require_status("change_quantity", EDIT_STATUSES)
        old, ledger = line.quantity, line.ledger
        if qty == old:
            return EditResult(line_id=line.id)
        release = 0
        if qty > old:
            new_ledger = attrs.evolve(ledger, unallocated=ledger.unallocated + qty - old)
        else:
            cut = old - qty
            if cut > ledger.editable:
                raise LineNotEditable(
                    line.id,
                    "change_quantity",
                    qty,
                    f"only {ledger.editable} unit(s) are not yet picked, so the quantity can "
                    f"go down to {old - ledger.editable} at the least",
                )
            new_ledger, taken = ledger.taken(cut, EDITABLE_BUCKETS)
            if new_ledger.net_invoiced > new_ledger.active:
                raise LineNotEditable(
                    line.id,
                    "change_quantity",
                    qty,
                    f"{ledger.net_invoiced} unit(s) are invoiced; cancel units to credit them",
                )
            release = taken.get(Bucket.ALLOCATED, 0)
        new_line = rescaled(line, new_ledger)
        lines = {**self.lines, line.id: new_line}
        self._check_discounts_fit(list(lines.values()))
        self.lines = lines
        self.version += 1
        self._emit(
            ev.OrderLineQuantityChanged,
            at,
            line_id=line.id,
            old_quantity=old,
            new_quantity=qty,
            released=release,
            line=new_line,
        )
        return EditResult(
            line_id=line.id,
            release=_units(line, release),
            allocate=self._demand(line, max(0, qty - old)),
        )

    def remove_line(self, line_id: LineId | str, now: pendulum.DateTime) -> EditResult:
        """Remove a line none of whose units is picked or invoiced; placed orders keep one line."""
        at = instant(now, "now")
        line = self._line(line_id)
        self._require_status("remove_line", EDIT_STATUSES)
        ledger = line.ledger
        rule = ""
        if ledger.editable + ledger.cancelled != ledger.ordered:
            rule = "some units are picked or further along; cancel the rest instead"
        elif ledger.invoiced:
            rule = "units of the line were invoiced; cancel them instead so they are credited"
        elif self.status is not OrderStatus.DRAFT and len(self.lines) == 1:
            rule = "a placed order keeps at least one line; cancel the order instead"
        if rule:
            raise LineNotEditable(line.id, "remove_line", line.id, rule)
        lines = {key: value for key, value in self.lines.items() if key != line.id}
        self._check_discounts_fit(list(lines.values()))
        self.lines = lines
        self.version += 1
        self._emit(
            ev.OrderLineRemoved,
            at,
            line_id=line.id,
            sku=line.sku,
            quantity=line.quantity,
            released=ledger.allocated,
        )
        return EditResult(line_id=line.id, release=_units(line, ledger.allocated))

    def change_ship_to(self, address: Address, now: pendulum.DateTime) -> EditResult:
        """Ship to ``address``, while no unit is picked; allocated units are to re-allocate."""
        at = instant(now, "now")
        address = typed("ship_to", address, Address, "an address is an Address")
        self._require_status("change_ship_to", EDIT_STATUSES)
        for line in self.lines.values():
            moved = line.ledger.ordered - line.ledger.editable - line.ledger.cancelled
            if moved:
                raise LineNotEditable(
                    line.id,
                    "change_ship_to",
                    f"{address.city}, {address.country}",
                    f"{moved} unit(s) are already picked or further along",
                )
        if address == self.ship_to:
            return EditResult()
        self.ship_to = address
        self.version += 1
        self._emit(ev.ShipToChanged, at, address=address)
        reallocate = (
            ()
            if self.status is OrderStatus.DRAFT
            else tuple(
                q for line in self.lines.values() for q in _units(line, line.ledger.allocated)
            )
        )
        return EditResult(reallocate=reallocate)

    def change_bill_to(self, address: Address, now: pendulum.DateTime) -> None:
        """Bill to ``address`` (any time before completion)."""
        at = instant(now, "now")
        address = typed("bill_to", address, Address, "an address is an Address")
        self._require_status("change_bill_to", EDIT_STATUSES)
        if address == self.bill_to:
            return
        self.bill_to = address
        self.version += 1
        self._emit(ev.BillToChanged, at, address=address)

    # -- cancellation ----------------------------------------------------------------------

    def _plan_cancel(
        self, line: OrderLine, quantity: int, shares: dict[LineId, Money]
    ) -> tuple[OrderLine, CancelledLine]:
        ledger, taken = line.ledger.taken(quantity, CANCELLABLE_BUCKETS)
        ledger = attrs.evolve(ledger, cancelled=ledger.cancelled + quantity)
        credit = max(0, ledger.net_invoiced - ledger.active)
        ledger = attrs.evolve(ledger, credited=ledger.credited + credit)
        base = line.net - shares.get(line.id, Money.zero(self.currency))
        already, of = line.ledger.cancelled, line.quantity
        net = value_of_more_units(base, already, quantity, of)
        tax = value_of_more_units(line.tax_total, already, quantity, of)
        cancelled = CancelledLine(
            line_id=line.id,
            sku=line.sku,
            quantity=quantity,
            from_buckets=taken,
            net=net,
            tax=tax,
            credit_quantity=credit,
            credit_value=share_of_units(net + tax, credit, quantity),
        )
        return attrs.evolve(line, ledger=ledger), cancelled

    def cancel_quantity(
        self, line_id: LineId | str, quantity: int, reason: str, now: pendulum.DateTime
    ) -> CancellationResult:
        """Cancel ``quantity`` units of a line not yet shipped (least progressed units first)."""
        at = instant(now, "now")
        qty = require_quantity("quantity", quantity, minimum=1)
        why = require_text("reason", reason)
        line = self._line(line_id)
        self._require_status("cancel_quantity", CANCEL_LINE_STATUSES)
        self._check_enough(line, "cancel", "not yet shipped", qty, line.ledger.cancellable)
        new_line, cancelled = self._plan_cancel(line, qty, self.order_discount_shares())
        self.lines = {**self.lines, line.id: new_line}
        self.version += 1
        self._emit(
            ev.OrderLineCancelled,
            at,
            line_id=line.id,
            quantity=qty,
            reason=why,
            released=cancelled.release,
            value=cancelled.total,
            cancellation=_cancellation(cancelled),
        )
        return CancellationResult(lines=(cancelled,), shipping=Money.zero(self.currency))

    def cancel(self, reason: str, now: pendulum.DateTime) -> CancellationResult:
        """Cancel the whole order (nothing may have shipped); shipping charges are cancelled too."""
        at = instant(now, "now")
        why = require_text("reason", reason)
        target = self._next("cancel")
        shares = self.order_discount_shares()
        plans = [
            self._plan_cancel(line, line.ledger.cancellable, shares)
            for line in self.lines.values()
            if line.ledger.cancellable
        ]
        result = CancellationResult(
            lines=tuple(c for _, c in plans),
            shipping=sum_money((s.total for s in self.shipping), self.currency),
        )
        self.lines = {**self.lines, **{new.id: new for new, _ in plans}}
        self.status = target
        self.version += 1
        self._emit(
            ev.OrderCancelled,
            at,
            reason=why,
            cancelled=tuple(q for c in result.lines for q in _units_of(c)),
            release=result.release,
            value=result.total,
            lines=tuple(_cancellation(c) for c in result.lines),
        )
        return result

    # -- helpers ----------------------------------------------------------------------------

    def _new_line(
        self,
        sku: object,
        quantity: int,
        unit_price: object,
        discounts: Iterable[object],
        tax_lines: Iterable[object],
    ) -> OrderLine:
        code = Sku(require_id("sku", sku))
        price = self._same_currency(self.currency, "unit_price", unit_price)
        if price.is_negative():
            raise ValidationError("unit_price", str(price), "a price cannot be negative")
        discount_list = tuple(
            typed("discounts", d, Discount, "line discounts are Discount values") for d in discounts
        )
        for d in discount_list:
            self._same_currency(self.currency, "discounts", d.amount)
        tax_list = tuple(
            typed("tax_lines", t, TaxLine, "tax lines are TaxLine values") for t in tax_lines
        )
        for t in tax_list:
            self._same_currency(self.currency, "tax_lines", t.amount)
        line_id = LineId(f"line-{self.line_counter + 1}")
        return OrderLine(
            id=line_id,
            sku=code,
            unit_price=price,
            discounts=discount_list,
            tax_lines=tax_list,
            ledger=QuantityLedger.new(quantity),
        )


def _cancellation(cancelled: CancelledLine) -> ev.LineCancellation:
    return ev.LineCancellation(
        line_id=cancelled.line_id,
        quantity=cancelled.quantity,
        from_buckets=tuple(cancelled.from_buckets.items()),
        credited=cancelled.credit_quantity,
    )


def _units_of(cancelled: CancelledLine) -> tuple[LineQuantity, ...]:
    return (
        LineQuantity(line_id=cancelled.line_id, sku=cancelled.sku, quantity=cancelled.quantity),
    )
