"""An order's money: its totals, the order-discount shares and the value of some units.

:class:`OrderTotals` is the order's money part: built from the lines, the order-level discounts
and the shipping charges, it answers subtotal, discounts, shipping, tax and total, and checks
that the order discounts fit the lines. ``Order`` delegates its money queries to it.

Order-level discounts are spread over lines in proportion to each line's net amount (largest
remainder, :func:`~ordercore.kernel.money.allocate`). An order discount whose scope is
``GOODS_AND_SHIPPING`` is first split in two by largest remainder, in proportion to the goods'
net and the shipping charges (before tax): the goods part joins the goods-only discounts, the
shipping part comes off the shipping (see :meth:`OrderTotals.discount_split`).

The value of ``n`` of a line's ``q`` units is the first part of
``allocate(amount, [n, q - n])``; cancelling more units later is valued as the difference of two
such parts, so a line cancelled in steps is valued at exactly its whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import attrs

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Currency, Money, allocate, exact_money, sum_money
from ordercore.kernel.slots import draft_class

from .lines import OrderLine
from .values import Discount, DiscountScope, LineId, ShippingCharge

__all__ = [
    "OrderTotals",
    "discount_shares",
    "share_of_units",
    "total_of",
    "value_of_more_units",
]


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

    @classmethod
    def of(
        cls,
        currency: Currency,
        lines: tuple[OrderLine, ...],
        discounts: tuple[Discount, ...],
        shipping: tuple[ShippingCharge, ...],
    ) -> OrderTotals:
        """``OrderTotals(currency=..., lines=..., discounts=..., shipping=...)``, built cheaper.

        The four slots of a draft are written (the class has no validator or hook; see
        kernel.slots.draft_class): an order builds its totals ~4 times.
        """
        if cls is not OrderTotals:
            return cls(currency=currency, lines=lines, discounts=discounts, shipping=shipping)
        draft = _TotalsDraft()
        draft.currency = currency
        draft.lines = lines
        draft.discounts = discounts
        draft.shipping = shipping
        draft.__class__ = OrderTotals  # built: frozen from here on
        totals: OrderTotals = draft
        return totals

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
        """Shipping with its tax, less its share of the order discounts.

        What a whole cancellation gives back for shipping.
        """
        return self._sum([s.total for s in self.shipping]) - self.shipping_discount

    def discount_split(self) -> tuple[Money, Money]:
        """The order discounts as ``(goods part, shipping part)``, summing to their total.

        Goods-only discounts go to the goods whole; each goods-and-shipping discount is split
        by largest remainder in proportion to the goods' net and the shipping before tax.
        """
        zero = Money.zero(self.currency)
        if all(d.scope is DiscountScope.GOODS for d in self.discounts):
            return self.order_discount_total, zero  # the usual case: no weights to compute
        goods, shipping = zero, zero
        weights = [self.net.minor_units, self.shipping_total.minor_units]
        for discount in self.discounts:
            if discount.scope is DiscountScope.GOODS or not any(weights):
                goods += discount.amount
                continue
            on_goods, on_shipping = allocate(discount.amount, weights)
            goods += on_goods
            shipping += on_shipping
        return goods, shipping

    @property
    def goods_discount(self) -> Money:
        """The part of the order discounts that comes off the goods."""
        return self.discount_split()[0]

    @property
    def shipping_discount(self) -> Money:
        """The part of the order discounts that comes off the shipping (zero by default)."""
        return self.discount_split()[1]

    @property
    def tax_total(self) -> Money:
        """Tax on the lines plus tax on shipping."""
        lines = self._sum([line.tax_total for line in self.lines])
        return lines + self._sum([s.tax for s in self.shipping if s.tax])

    @property
    def total(self) -> Money:
        """Subtotal - discounts + shipping + tax: what the customer pays (see :func:`total_of`)."""
        return total_of(self.currency, self.lines, self.discounts, self.shipping)

    def order_discount_shares(self) -> dict[LineId, Money]:
        """The goods part of the order discounts split over the lines by net amount.

        Largest remainder; the shipping part, if any, is :attr:`shipping_discount`.
        """
        return discount_shares(self.lines, self.goods_discount)

    def check_discounts_fit(self) -> None:
        """Refuse (``ValidationError``) order discounts larger than what they apply to.

        The goods part may not exceed the lines' net amount, the shipping part the shipping.
        Without order discounts there is nothing to fit (a line's net and a shipping charge are
        never negative), so nothing is summed.
        """
        if not self.discounts:
            return
        goods, shipping = self.discount_split()
        if goods > self.net:
            raise ValidationError(
                "discounts",
                str(self.order_discount_total),
                f"order discounts cannot exceed the lines' net amount {self.net}",
            )
        if shipping > self.shipping_total:
            raise ValidationError(
                "discounts",
                str(self.order_discount_total),
                f"order discounts cannot exceed the shipping {self.shipping_total}",
            )


_TotalsDraft = draft_class(OrderTotals)
"""Totals being built: their four slots written by plain assignment (kernel.slots.draft_class)."""


def total_of(
    currency: Currency,
    lines: Collection[OrderLine],
    discounts: Sequence[Discount],
    shipping: Sequence[ShippingCharge],
) -> Money:
    """Subtotal - discounts + shipping + tax of these parts: :attr:`OrderTotals.total`.

    A function, so that ``Order.total`` asks it without building an ``OrderTotals`` and a
    tuple of its lines (placing and confirming an order both ask for it). One pass over the
    parts (exact: every amount is in the order's currency), instead of the four sums of
    :attr:`~OrderTotals.subtotal`, :attr:`~OrderTotals.discount_total`,
    :attr:`~OrderTotals.shipping_total` and :attr:`~OrderTotals.tax_total`. Lines alone,
    each without discounts or taxes and priced in the currency value of its zero (the usual
    case), are added as Decimals and made Money once: one Money instead of two per line.
    """
    zero = Money.zero(currency)
    if discounts or shipping:
        return _added(zero, lines, discounts, shipping)
    cur, amount = zero.currency, zero.amount
    for line in lines:
        price = line.unit_price
        if price.__class__ is not Money or price.currency is not cur:
            return _added(zero, lines, discounts, shipping)
        if line.discounts or line.tax_lines:
            return _added(zero, lines, discounts, shipping)
        amount += price.amount * line.quantity
    return exact_money(amount, cur) if amount else zero  # half the instructions of Money()


def _added(
    zero: Money,
    lines: Collection[OrderLine],
    discounts: Sequence[Discount],
    shipping: Sequence[ShippingCharge],
) -> Money:
    """:func:`total_of`, added up as Money from ``zero`` (the order's)."""
    total = zero
    for line in lines:
        total += line.unit_price * line.quantity
        for discount in line.discounts:
            total -= discount.amount
        for tax in line.tax_lines:
            total += tax.amount
    for discount in discounts:
        total -= discount.amount
    for charge in shipping:
        total += charge.amount
        if charge.tax:
            total += charge.tax
    return total
