"""The ``Order`` aggregate: drafting, lifecycle, holds, quantity moves and billing counters.

Build one with :meth:`Order.draft`. Every command validates completely, then changes the order,
bumps ``version`` by one and appends its event(s) to ``events`` (drain them with
:meth:`~.state.OrderState.pull_events`). A refused command raises a typed error and changes
nothing. Nothing here reads the clock or invents ids at random: ``now`` is a parameter, line ids
are ``line-<n>`` and hold ids ``<order id>/hold-<n>``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import NotFound, WrongType
from ordercore.kernel.ids import CustomerId, OrderId, require_id
from ordercore.kernel.money import Currency, CurrencyTable

from . import events as ev
from .editing import EditableOrder
from .errors import BillingQuantityExceeded
from .holds import Hold, HoldType
from .ledger import bucket_move
from .lifecycle import OrderStatus
from .replay import replay_events
from .state import EDIT_STATUSES, typed
from .values import (
    Address,
    ChannelRef,
    Discount,
    HoldId,
    InvoicingPolicy,
    LineId,
    ShippingCharge,
    require_choice,
    require_quantity,
    require_text,
)

__all__ = ["BILLING_STATUSES", "Order"]

_S = OrderStatus
BILLING_STATUSES = frozenset({_S.PLACED, _S.CONFIRMED, _S.IN_FULFILMENT, _S.COMPLETED})
"""Statuses in which invoiced units may be recorded (credited ones also when cancelled)."""


def _priority(priority: object) -> int:
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise WrongType("priority", priority, "a priority is an int (lower = more urgent)")
    return priority


def _currency(currency: object, table: CurrencyTable | None) -> Currency:
    if isinstance(currency, Currency):
        return currency
    if isinstance(currency, str):
        return (table or CurrencyTable.default()).get(currency)
    raise WrongType("currency", currency, "a currency is an ISO 4217 code or a Currency")


@attrs.define(kw_only=True)
class Order(EditableOrder):
    """A customer's order; see docs/orders.md for the model and its rules."""

    @classmethod
    def draft(
        cls,
        *,
        order_id: OrderId | str,
        number: str,
        customer_id: CustomerId | str,
        currency: Currency | str,
        ship_to: Address,
        now: pendulum.DateTime,
        bill_to: Address | None = None,
        priority: int = 100,
        promised_ship_by: pendulum.Date | None = None,
        channel: ChannelRef | None = None,
        invoicing_policy: InvoicingPolicy | str = InvoicingPolicy.ON_PLACEMENT,
        discounts: Iterable[Discount] = (),
        shipping: Iterable[ShippingCharge] = (),
        table: CurrencyTable | None = None,
    ) -> Order:
        """A new draft order: version 0 and no event, like every new aggregate.

        ``bill_to`` defaults to ``ship_to``; ``priority`` is an int, lower = more urgent
        (1 before 2, default 100, as in allocation and inventory); ``discounts`` are
        order-level and ``shipping`` the shipping charges, all in ``currency``.
        """
        at = instant(now, "now")
        cur = _currency(currency, table)
        ship = typed("ship_to", ship_to, Address, "an address is an Address")
        bill = typed("bill_to", ship if bill_to is None else bill_to, Address, "an Address")
        rank = _priority(priority)
        ref = None
        if channel is not None:
            ref = typed("channel", channel, ChannelRef, "a channel reference is a ChannelRef")
        policy = require_choice("invoicing_policy", invoicing_policy, InvoicingPolicy)
        discount_list = tuple(
            typed("discounts", d, Discount, "order discounts are Discount values")
            for d in discounts
        )
        shipping_list = tuple(
            typed("shipping", s, ShippingCharge, "shipping is ShippingCharge values")
            for s in shipping
        )
        for d in discount_list:
            cls._same_currency(cur, "discounts", d.amount)
        for s in shipping_list:
            cls._same_currency(cur, "shipping", s.total)
        return cls(
            id=OrderId(require_id("order_id", order_id)),
            number=require_text("number", number),
            customer_id=CustomerId(require_id("customer_id", customer_id)),
            currency=cur,
            ship_to=ship,
            bill_to=bill,
            priority=rank,
            promised_ship_by=None
            if promised_ship_by is None
            else require_date(promised_ship_by, "promised_ship_by"),
            channel=ref,
            invoicing_policy=policy,
            discounts=discount_list,
            shipping=shipping_list,
            created_at=at,
        )

    @classmethod
    def replay(cls, events: Iterable[ev.OrderEvent]) -> Order:
        """The order its events describe, ``==`` the live one (version included).

        Replay starts at ``OrderPlaced`` (which carries the whole draft as placed) and skips
        the events before it; see :mod:`.replay` and docs/orders.md.
        """
        return replay_events(cls, events)

    # -- lifecycle ----------------------------------------------------------------------------

    def place(self, now: pendulum.DateTime) -> None:
        """Place the draft (it needs a line): its lines become demand. Emits OrderPlaced."""
        at = instant(now, "now")
        target = self._next("place")
        self._check_discounts_fit(list(self.lines.values()))
        self.status, self.placed_at = target, at
        self.version += 1
        self._emit(
            ev.OrderPlaced,
            at,
            number=self.number,
            customer_id=self.customer_id,
            total=self.total,
            lines=self.demand(),
            priority=self.priority,
            currency=self.currency,
            ship_to=self.ship_to,
            bill_to=self.bill_to,
            order_lines=tuple(self.lines.values()),
            discounts=self.discounts,
            shipping=self.shipping,
            promised_ship_by=self.promised_ship_by,
            channel=self.channel,
            invoicing_policy=self.invoicing_policy,
            holds=self.holds,
            created_at=self.created_at,
            line_counter=self.line_counter,
        )

    def confirm(self, now: pendulum.DateTime) -> None:
        """Confirm a placed order (ready to fulfil) unless a hold blocks it."""
        at = instant(now, "now")
        self.status = self._next("confirm")
        self.version += 1
        self._emit(ev.OrderConfirmed, at)

    def complete(self, now: pendulum.DateTime) -> None:
        """Complete an order whose every unit not cancelled has shipped."""
        at = instant(now, "now")
        self.status = self._next("complete")
        self.version += 1
        self._emit(ev.OrderCompleted, at)

    def archive(self, now: pendulum.DateTime) -> None:
        """Close a completed order for good (no return may be waiting)."""
        at = instant(now, "now")
        self.status = self._next("archive")
        self.version += 1
        self._emit(ev.OrderArchived, at)

    # -- holds ----------------------------------------------------------------------------------

    def place_hold(
        self, hold_type: HoldType | str, reason: str, by: str, now: pendulum.DateTime
    ) -> HoldId:
        """Put a hold of ``hold_type`` on the order; returns its id. Holds stack."""
        at = instant(now, "now")
        kind = require_choice("hold_type", hold_type, HoldType)
        why = require_text("reason", reason)
        who = require_text("by", by)
        self._require_status("place_hold", EDIT_STATUSES)
        hold_id = HoldId(f"{self.id}/hold-{len(self.holds) + 1}")
        hold = Hold(id=hold_id, type=kind, reason=why, placed_by=who, placed_at=at)
        self.holds = (*self.holds, hold)
        self.version += 1
        self._emit(ev.OrderHoldPlaced, at, hold_id=hold_id, hold_type=kind, reason=why, by=who)
        return hold_id

    def release_hold(self, hold_id: HoldId | str, by: str, now: pendulum.DateTime) -> bool:
        """Release one hold; ``False`` (and no change) if it was already released."""
        at = instant(now, "now")
        who = require_text("by", by)
        found = [i for i, h in enumerate(self.holds) if h.id == hold_id]
        if not found:
            raise NotFound("hold", hold_id)
        hold = self.holds[found[0]]
        if not hold.active:
            return False
        released = attrs.evolve(hold, released_by=who, released_at=at)
        self.holds = tuple(released if h.id == hold.id else h for h in self.holds)
        self.version += 1
        self._emit(ev.OrderHoldReleased, at, hold_id=hold.id, hold_type=hold.type, by=who)
        return True

    # -- quantity moves -------------------------------------------------------------------------

    def move(
        self, line_id: LineId | str, quantity: int, move_name: str, now: pendulum.DateTime
    ) -> None:
        """Move ``quantity`` units of a line by the named move of ``BUCKET_MOVES``.

        Checks, in order: the move exists, the quantity, the line, the order status, the holds,
        and that the source bucket holds enough. The first ``pick`` of a confirmed order also
        starts fulfilment (``OrderFulfilmentStarted``, same version).
        """
        at = instant(now, "now")
        spec = bucket_move(move_name)
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        self._require_status(spec.name, (s for s in OrderStatus if s.value in spec.statuses))
        self._check_holds(spec.name)
        self._check_enough(line, spec.name, spec.source.value, qty, line.ledger[spec.source])
        starts = spec.name == "pick" and self.status is OrderStatus.CONFIRMED
        target = self._next("start_fulfilment") if starts else self.status
        new_ledger = line.ledger.moved(spec.source, spec.target, qty)
        self.lines = {**self.lines, line.id: attrs.evolve(line, ledger=new_ledger)}
        self.status = target
        self.version += 1
        if starts:
            self._emit(ev.OrderFulfilmentStarted, at)
        self._emit(
            ev.OrderQuantityMoved,
            at,
            line_id=line.id,
            move=spec.name,
            source=spec.source,
            target=spec.target,
            quantity=qty,
        )

    def allocate(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from unallocated to allocated (stock was reserved)."""
        self.move(line_id, quantity, "allocate", now)

    def backorder(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from unallocated to backordered (no stock yet)."""
        self.move(line_id, quantity, "backorder", now)

    def pick(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from allocated to picked."""
        self.move(line_id, quantity, "pick", now)

    def pack(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from picked to packed."""
        self.move(line_id, quantity, "pack", now)

    def ship(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from packed to shipped."""
        self.move(line_id, quantity, "ship", now)

    def deliver(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from shipped to delivered."""
        self.move(line_id, quantity, "deliver", now)

    # -- billing counters -------------------------------------------------------------------------

    def record_invoiced(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Count more units as invoiced (invoiced - credited <= ordered - cancelled)."""
        at = instant(now, "now")
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        self._require_status("record_invoiced", BILLING_STATUSES)
        ledger = line.ledger
        room = ledger.active - ledger.net_invoiced
        if qty > room:
            raise BillingQuantityExceeded(
                line.id,
                "invoiced",
                qty,
                room,
                "invoiced minus credited units never exceed ordered minus cancelled units",
            )
        new_ledger = attrs.evolve(ledger, invoiced=ledger.invoiced + qty)
        self.lines = {**self.lines, line.id: attrs.evolve(line, ledger=new_ledger)}
        self.version += 1
        self._emit(ev.OrderLineInvoiced, at, line_id=line.id, quantity=qty)

    def record_credited(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Count ``quantity`` more units of a line as credited (credited <= invoiced)."""
        at = instant(now, "now")
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        self._require_status("record_credited", BILLING_STATUSES | {OrderStatus.CANCELLED})
        ledger = line.ledger
        room = ledger.net_invoiced
        if qty > room:
            raise BillingQuantityExceeded(
                line.id, "credited", qty, room, "credited units never exceed invoiced units"
            )
        new_ledger = attrs.evolve(ledger, credited=ledger.credited + qty)
        self.lines = {**self.lines, line.id: attrs.evolve(line, ledger=new_ledger)}
        self.version += 1
        self._emit(ev.OrderLineCredited, at, line_id=line.id, quantity=qty)
