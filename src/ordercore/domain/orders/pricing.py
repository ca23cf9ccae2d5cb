"""An order's money: its totals, the order-discount shares and the value of some units.

:class:`OrderTotals` is the order's money part: built from the lines, the order-level discounts
and the shipping charges, it answers subtotal, discounts, shipping, tax and total, and checks
that the order discounts fit the lines. ``Order`` delegates its money queries to it.

Order-level discounts are spread over lines in proportion to each line's net amount (largest
remainder, :func:`~ordercore.kernel.money.allocate`). The value of ``n`` of a line's ``q`` units
is the first part of ``allocate(amount, [n, q - n])``; cancelling more units later is valued as
the difference of two such parts, so a line cancelled in steps is valued at exactly its whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Currency, Money, allocate, sum_money

from .lines import OrderLine
from .values import Discount, LineId, ShippingCharge

__all__ = ["OrderTotals", "discount_shares", "share_of_units", "value_of_more_units"]


def discount_shares(lines: Sequence[OrderLine], discount: Money) -> dict[LineId, Money]:
    """``discount`` split over ``lines`` by net amount (by quantity when every net is zero)."""
    if not lines:
        return {}
    weights = [line.net.minor_units for line in lines]
    if not any(weights):
        weights = [line.quantity for line in lines]
    parts = allocate(discount, weights)
    return {line.id: part for line, part in zip(lines, parts, strict=True)}


def share_of_units(amount: Money, units: int, of: int) -> Money:
    """The value of ``units`` of ``of`` units together worth ``amount`` (largest remainder)."""
    if units >= of:
        return amount
    if units <= 0:
        return Money.zero(amount.currency)
    return allocate(amount, [units, of - units])[0]


def value_of_more_units(amount: Money, already: int, more: int, of: int) -> Money:
    """The value of ``more`` units on top of ``already`` ones, of ``of`` worth ``amount``."""
    return share_of_units(amount, already + more, of) - share_of_units(amount, already, of)


@attrs.frozen(kw_only=True)
class OrderTotals:
    """The money of an order's lines, order discounts and shipping, all in ``currency``."""

    currency: Currency
    lines: tuple[OrderLine, ...]
    discounts: tuple[Discount, ...] = ()
    shipping: tuple[ShippingCharge, ...] = ()

    def _sum(self, amounts: Sequence[Money]) -> Money:
        return sum_money(amounts, self.currency)

    @property
    def subtotal(self) -> Money:
        """Sum of the lines' subtotals (unit price times quantity)."""
        return self._sum([line.subtotal for line in self.lines])

    @property
    def net(self) -> Money:
        """Sum of the lines' net amounts (subtotal minus line discounts)."""
        return self._sum([line.net for line in self.lines])

    @property
    def order_discount_total(self) -> Money:
        """Sum of the order-level discounts."""
        return self._sum([d.amount for d in self.discounts])

    @property
    def discount_total(self) -> Money:
        """Line discounts plus order-level discounts."""
        lines = self._sum([line.discount_total for line in self.lines])
        return lines + self.order_discount_total

    @property
    def shipping_total(self) -> Money:
        """Shipping charges, before their tax."""
        return self._sum([s.amount for s in self.shipping])

    @property
    def shipping_charged(self) -> Money:
        """Shipping charges with their tax (what a whole cancellation gives back for shipping)."""
        return self._sum([s.total for s in self.shipping])

    @property
    def tax_total(self) -> Money:
        """Tax on the lines plus tax on shipping."""
        lines = self._sum([line.tax_total for line in self.lines])
        return lines + self._sum([s.tax for s in self.shipping if s.tax])

    @property
    def total(self) -> Money:
        """Subtotal - discounts + shipping + tax: what the customer pays."""
        return self.subtotal - self.discount_total + self.shipping_total + self.tax_total

    def order_discount_shares(self) -> dict[LineId, Money]:
        """The order-level discounts split over the lines by net amount (largest remainder)."""
        return discount_shares(self.lines, self.order_discount_total)

    def check_discounts_fit(self) -> None:
        """Refuse (``ValidationError``) order discounts larger than the lines' net amount."""
        if self.order_discount_total > self.net:
            raise ValidationError(
                "discounts",
                str(self.order_discount_total),
                f"order discounts cannot exceed the lines' net amount {self.net}",
            )
