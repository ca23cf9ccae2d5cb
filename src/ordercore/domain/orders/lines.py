"""An order line: a SKU, its unit price, line discounts, tax lines and its quantity ledger.

A line also remembers when its first unit was shipped (``first_shipped_at``), so that a
delivery dated before it is refused: one instant per line, not a history.

Lines are frozen values; the order replaces a line with an edited copy, so a refused command
can never leave a half-changed line behind. Discounts and tax amounts are for the whole line
(all ordered units); :func:`rescaled` adjusts them when the ordered quantity changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import Sku, require_id
from ordercore.kernel.money import Currency, Money, Rounding, sum_money
from ordercore.kernel.slots import draft_class

from .ledger import Bucket, QuantityLedger
from .values import Discount, LineId, TaxLine, require_kind, require_money_in

__all__ = ["OrderLine", "rescaled"]


@attrs.frozen(kw_only=True)
class OrderLine:
    """One line of an order; ``quantity`` is its ledger's ordered quantity."""

    id: LineId
    sku: Sku
    unit_price: Money
    discounts: tuple[Discount, ...] = ()
    tax_lines: tuple[TaxLine, ...] = ()
    ledger: QuantityLedger
    first_shipped_at: pendulum.DateTime | None = None

    def __attrs_post_init__(self) -> None:
        # without discounts the rule can only fail on a negative price: skip the Money sums
        if not self.discounts and self.unit_price.amount >= 0:
            return
        if self.discount_total > self.subtotal:
            raise ValidationError(
                "discounts",
                str(self.discount_total),
                f"line discounts cannot exceed the line subtotal {self.subtotal}",
            )

    @classmethod
    def new(
        cls,
        *,
        line_id: LineId,
        sku: object,
        quantity: int,
        unit_price: object,
        currency: Currency,
        discounts: Iterable[object] = (),
        tax_lines: Iterable[object] = (),
    ) -> OrderLine:
        """A new line of ``quantity`` units; every amount must be ``Money`` in ``currency``."""
        code = Sku(require_id("sku", sku))
        price = require_money_in(currency, "unit_price", unit_price)
        if price.is_negative():
            raise ValidationError("unit_price", str(price), "a price cannot be negative")
        # the defaults, (), are taken as they are: no generator run for nothing (two a line)
        discount_list = (
            ()
            if discounts == ()
            else tuple(
                require_kind("discounts", d, Discount, "line discounts are Discount values")
                for d in discounts
            )
        )
        for d in discount_list:
            require_money_in(currency, "discounts", d.amount)
        tax_list = (
            ()
            if tax_lines == ()
            else tuple(
                require_kind("tax_lines", t, TaxLine, "tax lines are TaxLine values")
                for t in tax_lines
            )
        )
        for t in tax_list:
            require_money_in(currency, "tax_lines", t.amount)
        if cls is not OrderLine:
            return cls(
                id=line_id,
                sku=code,
                unit_price=price,
                discounts=discount_list,
                tax_lines=tax_list,
                ledger=QuantityLedger.new(quantity),
            )
        return _line(line_id, code, price, discount_list, tax_list, QuantityLedger.new(quantity))

    def moved(
        self, source: Bucket, target: Bucket, quantity: int, at: pendulum.DateTime
    ) -> OrderLine:
        """A copy with ``quantity`` units moved (caller checked); the first shipment is dated.

        A move keeps the ordered quantity, so the line's rule (discounts within the subtotal)
        holds as it did: the copy is not asked again (every move makes a line).
        """
        shipped = self.first_shipped_at
        if shipped is None and target is Bucket.SHIPPED:
            shipped = at
        # _line's draft written here: a call with a keyword fewer for every move
        draft: Any = _LineDraft()
        draft.id = self.id
        draft.sku = self.sku
        draft.unit_price = self.unit_price
        draft.discounts = self.discounts
        draft.tax_lines = self.tax_lines
        draft.ledger = self.ledger.moved(source, target, quantity)
        draft.first_shipped_at = shipped
        draft.__class__ = OrderLine  # built: frozen from here on
        line: OrderLine = draft
        return line

    def counted(self, *, invoiced: int = 0, credited: int = 0) -> OrderLine:
        """A copy with ``invoiced`` and ``credited`` more units counted (caller checked).

        Counts leave the buckets, so the line's rule holds as it did (not asked again).
        """
        ledger = self.ledger.counted(invoiced=invoiced, credited=credited)
        return _line(
            self.id,
            self.sku,
            self.unit_price,
            self.discounts,
            self.tax_lines,
            ledger,
            self.first_shipped_at,
            checked=True,
        )

    def with_ledger(
        self, ledger: QuantityLedger, first_shipped_at: pendulum.DateTime | None = None
    ) -> OrderLine:
        """A copy with ``ledger`` (and ``first_shipped_at``, if given), checked as any line.

        What ``attrs.evolve`` does (through :func:`_line`, which writes the slots): a move or
        a billing count changes only the ledger.
        """
        return _line(
            self.id,
            self.sku,
            self.unit_price,
            self.discounts,
            self.tax_lines,
            ledger,
            self.first_shipped_at if first_shipped_at is None else first_shipped_at,
        )

    @property
    def quantity(self) -> int:
        """The ordered quantity (sum of the ledger's buckets)."""
        return self.ledger.ordered

    @property
    def subtotal(self) -> Money:
        """Unit price times ordered quantity."""
        return self.unit_price * self.quantity

    @property
    def discount_total(self) -> Money:
        """The sum of the line's discounts."""
        if not self.discounts:  # the usual case: nothing to sum
            return Money.zero(self.unit_price.currency)
        return sum_money((d.amount for d in self.discounts), self.unit_price.currency)

    @property
    def net(self) -> Money:
        """Subtotal minus line discounts (before any share of order-level discounts)."""
        return self.subtotal - self.discount_total

    @property
    def tax_total(self) -> Money:
        """The sum of the line's tax lines."""
        if not self.tax_lines:  # untaxed: nothing to sum
            return Money.zero(self.unit_price.currency)
        return sum_money((t.amount for t in self.tax_lines), self.unit_price.currency)


_LineDraft = draft_class(OrderLine)
"""A line being built: its slots written by plain assignment (kernel.slots.draft_class)."""


def _line(
    line_id: LineId,
    sku: Sku,
    unit_price: Money,
    discounts: tuple[Discount, ...],
    tax_lines: tuple[TaxLine, ...],
    ledger: QuantityLedger,
    first_shipped_at: pendulum.DateTime | None = None,
    *,
    checked: bool = False,
) -> OrderLine:
    """``OrderLine(...)`` of these fields, checked by the line's rule as in ``__init__``.

    The slots of a draft are written (kernel.slots.draft_class): a fraction of the
    instructions of the generated ``__init__`` (one ``object.__setattr__`` call per field);
    every move makes a line. ``checked``: the caller knows the rule holds (a move keeps the
    line's ordered quantity).
    """
    draft: Any = _LineDraft()
    draft.id = line_id
    draft.sku = sku
    draft.unit_price = unit_price
    draft.discounts = discounts
    draft.tax_lines = tax_lines
    draft.ledger = ledger
    draft.first_shipped_at = first_shipped_at
    draft.__class__ = OrderLine  # built: frozen from here on
    line: OrderLine = draft
    if not checked:
        line.__attrs_post_init__()
    return line


def _scale(amount: Money, new: int, old: int) -> Money:
    return amount.multiply(Decimal(new) / Decimal(old), Rounding.HALF_EVEN)


def rescaled(line: OrderLine, ledger: QuantityLedger) -> OrderLine:
    """``line`` with ``ledger``; discounts and taxes scaled by new/old quantity (half-even)."""
    old, new = line.quantity, ledger.ordered
    if old == new:
        return attrs.evolve(line, ledger=ledger)
    return attrs.evolve(
        line,
        ledger=ledger,
        discounts=tuple(attrs.evolve(d, amount=_scale(d.amount, new, old)) for d in line.discounts),
        tax_lines=tuple(attrs.evolve(t, amount=_scale(t.amount, new, old)) for t in line.tax_lines),
    )
