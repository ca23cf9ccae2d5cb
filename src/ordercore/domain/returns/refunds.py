"""Refund shares: what the returned units are exactly worth of what the customer paid.

An order's money is given as plain values (:class:`OrderFigures`): per line the units ordered,
the price (unit price x units), the discounts (the line's own and its share of the order
discounts) and the tax; and the shipping charged with its tax. :meth:`OrderFigures.from_totals`
builds them from an order's :class:`~ordercore.domain.orders.pricing.OrderTotals`.

The share of ``n`` more units of a line of ``q``, ``k`` already given back, is for each part
``share(part, k + n, q) - share(part, k, q)``, where ``share(part, m, q)`` is the first part of
``allocate(part, [m, q - m])`` (largest remainder on minor units: the rule ``pricing`` uses for
cancellations). The differences telescope: giving every unit back, one by one or in any split
and any order of lines, sums to exactly the part. Shipping (with its tax), when the policy
refunds it, is shared the same way over all the order's units (and the credit notes credit the
same share of the invoice's shipping: ``Invoice.issue_credit_note(shipping_share=True)``; when
the shipping is on an invoice that does not hold every unit, as for an order invoiced on
shipment, the Engine's ``resolve_return`` takes the credit notes' share instead: what that
invoice charged for the units returned). So
``k`` counts every unit of the line already given back with money: returned before, and
cancelled with a credit.

>>> from ordercore.kernel.money import Money
>>> usd = lambda a: Money.of(a, "USD")
>>> figures = OrderFigures(
...     "USD",
...     [LineFigures("line-1", 3, usd("30.00"), usd("3.00"), usd("2.70"))],
...     shipping=usd("5.00"),
... )
>>> [refund_share(figures, {"line-1": k}, {"line-1": 1}) for k in range(3)]
[Money('9.90', 'USD'), Money('9.90', 'USD'), Money('9.90', 'USD')]
>>> refund_share(figures, {}, {"line-1": 3}, RefundPolicy(refund_shipping=True))
Money('34.70', 'USD')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ordercore.domain.orders.pricing import OrderTotals
from ordercore.domain.returns.errors import OverReturn, UnknownReturnLine
from ordercore.domain.returns.values import ReturnReason
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money, Rounding, allocate, sum_money
from ordercore.kernel.slots import draft_class

if TYPE_CHECKING:
    from ordercore.domain.billing import CreditResult

__all__ = [
    "LineFigures",
    "OrderFigures",
    "RefundPolicy",
    "RefundQuote",
    "RefundShare",
    "ReturnReasonUnits",
    "refund_breakdown",
    "refund_quote",
    "refund_share",
    "remaining_share",
    "settled_quote",
    "share_of_more",
]


ReturnReasonUnits = tuple[int, ReturnReason]
"""Units of a line given back now, and why."""


def _share(amount: Money, units: int, of: int) -> Money:
    if units >= of:
        return amount
    if units <= 0 or not amount.amount:  # nothing to share: no allocation to run
        return Money.zero(amount.currency)
    total = amount.minor_units
    if total < 0:
        return allocate(amount, [units, of - units])[0]
    # allocate()'s first part of two, in whole numbers (no Decimal context, no sort): the one
    # minor unit left over goes to the larger remainder, to the first part on a tie
    part, rest = divmod(total * units, of)
    if rest * 2 >= of:  # the first part's remainder is at least the second's (of - rest)
        part += 1
    return Money.from_minor(part, amount.currency)


def share_of_more(amount: Money, already: int, more: int, of: int) -> Money:
    """The exact value of ``more`` units after ``already`` ones, of ``of`` worth ``amount``."""
    return _share(amount, already + more, of) - _share(amount, already, of)


def _money(field: str, value: object) -> Money:
    if not isinstance(value, Money):
        raise WrongType(field, value, f"{field} is Money")
    if value.is_negative():
        raise ValidationError(field, str(value), f"{field} is never negative")
    return value


@attrs.frozen
class LineFigures:
    """What one order line cost: ``quantity`` units, ``price``, ``discount`` and ``tax``.

    ``price`` is unit price x quantity; ``discount`` the line's discounts plus its share of the
    order discounts; ``tax`` the tax on the line. What was paid for it is
    ``price - discount + tax``.
    """

    line_id: str
    quantity: int
    price: Money
    discount: Money
    tax: Money

    def __attrs_post_init__(self) -> None:
        require_id("line_id", self.line_id)
        require_quantity("quantity", self.quantity, minimum=1)
        for field in ("price", "discount", "tax"):
            _money(field, getattr(self, field))
        if self.discount > self.price:
            rule = f"a line's discount is at most its price {self.price}"
            raise ValidationError("discount", str(self.discount), rule)

    @property
    def paid(self) -> Money:
        """What the customer paid for the whole line."""
        return self.price - self.discount + self.tax


def _lines(value: object) -> dict[str, LineFigures]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongType("lines", value, "the lines are a list of LineFigures")
    lines: dict[str, LineFigures] = {}
    for line in value:
        if not isinstance(line, LineFigures):
            raise WrongType("lines", line, "each line is a LineFigures value")
        if line.line_id in lines:
            raise ValidationError("lines", line.line_id, "each line is given once")
        lines[line.line_id] = line
    return lines


@attrs.frozen
class OrderFigures:
    """An order's money as plain values: its lines' figures and the shipping charged."""

    currency: str
    lines: Mapping[str, LineFigures] = attrs.field(converter=_lines)
    shipping: Money | None = None
    """Shipping charged, its tax included (``None``: nothing)."""

    def __attrs_post_init__(self) -> None:
        for line in self.lines.values():
            for part in (line.price, line.discount, line.tax):
                if part.currency.code != self.currency:
                    rule = f"every amount is in {self.currency}"
                    raise ValidationError("currency", part.currency.code, rule)
        if self.shipping is not None:
            _money("shipping", self.shipping)
            if self.shipping.currency.code != self.currency:
                rule = f"every amount is in {self.currency}"
                raise ValidationError("currency", self.shipping.currency.code, rule)

    @classmethod
    def from_totals(cls, totals: OrderTotals) -> OrderFigures:
        """The figures of an order from its :class:`OrderTotals` (order discounts shared out).

        An order's totals already hold what the constructors check (one currency, one entry
        per line, amounts never negative), so the values are built by writing their slots
        (:func:`_line_figures`, :func:`_order_figures`); a line the checks would refuse still
        goes through the constructor and its error.
        """
        # no order discount, nothing to share out: no allocation over the lines' nets
        shares = totals.order_discount_shares() if totals.discounts else None
        lines: dict[str, LineFigures] = {}
        for line in totals.lines:
            discount = line.discount_total
            if shares is not None:
                discount += shares[line.id]
            line_id = str(line.id)
            lines[line_id] = _line_figures(
                line_id, line.quantity, line.subtotal, discount, line.tax_total
            )
        # no shipping charged nor order discount: nothing to sum, no discount split to work out
        if totals.shipping or totals.discounts:
            shipping = totals.shipping_charged
        else:
            shipping = Money.zero(totals.currency)
        return _order_figures(totals.currency.code, lines, shipping)

    @property
    def units(self) -> int:
        """Units ordered over every line."""
        return sum(line.quantity for line in self.lines.values())

    @property
    def shipping_charged(self) -> Money:
        """Shipping charged with its tax (zero when none)."""
        return self.shipping if self.shipping is not None else Money.zero(self.currency)

    def paid(self, *, with_shipping: bool = True) -> Money:
        """What the customer paid for every line (and, if asked, the shipping)."""
        lines = sum_money((line.paid for line in self.lines.values()), self.currency)
        return lines + self.shipping_charged if with_shipping else lines


_LineFiguresDraft = draft_class(LineFigures)
"""A :class:`LineFigures` being built (kernel.slots.draft_class)."""
_OrderFiguresDraft = draft_class(OrderFigures)
"""An :class:`OrderFigures` being built."""


def _line_figures(
    line_id: str, quantity: int, price: Money, discount: Money, tax: Money
) -> LineFigures:
    """``LineFigures(...)`` of an order line's checked figures, drafted (see ``from_totals``).

    About a fifth of the constructor's instructions; a line of no unit or a discount above
    its price (what an order's figures could still break) goes through the constructor.
    """
    if quantity < 1 or discount > price:
        return LineFigures(line_id, quantity, price, discount, tax)
    draft: Any = _LineFiguresDraft()
    draft.line_id = line_id
    draft.quantity = quantity
    draft.price = price
    draft.discount = discount
    draft.tax = tax
    draft.__class__ = LineFigures
    figures: LineFigures = draft
    return figures


def _order_figures(currency: str, lines: dict[str, LineFigures], shipping: Money) -> OrderFigures:
    """``OrderFigures(currency, lines.values(), shipping=shipping)`` of an order's, drafted.

    ``lines`` are keyed by their own ids; a negative shipping goes through the constructor.
    """
    if shipping.is_negative():
        return OrderFigures(currency, lines.values(), shipping=shipping)
    draft: Any = _OrderFiguresDraft()
    draft.currency = currency
    draft.lines = lines
    draft.shipping = shipping
    draft.__class__ = OrderFigures
    figures: OrderFigures = draft
    return figures


@attrs.frozen
class RefundPolicy:
    """How returns are paid back: whether shipping is refunded, and a restocking fee.

    ``restocking_fee_rate`` (0 to 1) of the returned goods' value (price less discounts) is kept,
    rounded half up to the currency's minor unit, except for the reasons in ``fee_waived_for``
    (the merchant's fault).
    """

    refund_shipping: bool = False
    restocking_fee_rate: Decimal = Decimal(0)
    fee_waived_for: frozenset[ReturnReason] = frozenset(
        {
            ReturnReason.DAMAGED,
            ReturnReason.DEFECTIVE,
            ReturnReason.WRONG_ITEM,
            ReturnReason.NOT_AS_DESCRIBED,
        }
    )

    def __attrs_post_init__(self) -> None:
        rate = self.restocking_fee_rate
        if not isinstance(rate, Decimal) or not Decimal(0) <= rate <= Decimal(1):
            rule = "a restocking fee rate is a Decimal from 0 to 1"
            raise ValidationError("restocking_fee_rate", rate, rule)


@attrs.frozen
class RefundShare:
    """The returned units' exact share of each part of what was paid."""

    price: Money
    discount: Money
    tax: Money
    shipping: Money

    @property
    def goods(self) -> Money:
        """Price less discounts: the goods' value, before tax."""
        return self.price - self.discount

    @property
    def total(self) -> Money:
        """The whole share: price - discount + tax + shipping."""
        return self.goods + self.tax + self.shipping


def _counts(field: str, value: object, figures: OrderFigures) -> dict[str, int]:
    if value.__class__ is not dict and not isinstance(value, Mapping):  # a dict: no ABC check
        raise WrongType(field, value, f"{field} maps an order line id to a number of units")
    counts: dict[str, int] = {}
    for line_id, units in value.items():
        if line_id not in figures.lines:
            raise UnknownReturnLine(line_id, "the order's figures", tuple(figures.lines))
        counts[line_id] = require_quantity(field, units, minimum=0)
    return counts


def refund_breakdown(
    figures: OrderFigures,
    returned_units_so_far: Mapping[str, int],
    units_now: Mapping[str, int],
    policy: RefundPolicy | None = None,
) -> RefundShare:
    """The exact share, part by part, of ``units_now`` after ``returned_units_so_far``.

    Both map an order line id to units (lines left out count 0). More units than the line has
    (so far + now) are refused with :class:`OverReturn`.
    """
    if not isinstance(figures, OrderFigures):
        raise WrongType("figures", figures, "an OrderFigures value")
    rules = RefundPolicy() if policy is None else policy
    before = _counts("returned_units_so_far", returned_units_so_far, figures)
    now = _counts("units_now", units_now, figures)
    zero = Money.zero(figures.currency)
    price = discount = tax = zero
    for line_id, units in now.items():
        line = figures.lines[line_id]
        already = before.get(line_id, 0)
        if already + units > line.quantity:
            rule = f"{line.quantity} ordered less {already} already given back"
            raise OverReturn(line_id, units, max(line.quantity - already, 0), rule)
        price += share_of_more(line.price, already, units, line.quantity)
        discount += share_of_more(line.discount, already, units, line.quantity)
        tax += share_of_more(line.tax, already, units, line.quantity)
    shipping = zero
    if rules.refund_shipping:
        shipping = share_of_more(
            figures.shipping_charged, sum(before.values()), sum(now.values()), figures.units
        )
    return RefundShare(price, discount, tax, shipping)


def refund_share(
    figures: OrderFigures,
    returned_units_so_far: Mapping[str, int],
    units_now: Mapping[str, int],
    policy: RefundPolicy | None = None,
) -> Money:
    """What ``units_now`` are exactly worth of what was paid (see the module doc).

    Refunding every unit of an order this way, in any order and split, sums to exactly what was
    paid for its lines (and its shipping, when ``policy.refund_shipping``).
    """
    return refund_breakdown(figures, returned_units_so_far, units_now, policy).total


def remaining_share(
    figures: OrderFigures,
    returned_units_so_far: Mapping[str, int],
    policy: RefundPolicy | None = None,
) -> Money:
    """What every unit not yet given back is worth: "refund everything that is left"."""
    before = _counts("returned_units_so_far", returned_units_so_far, figures)
    rest = {k: line.quantity - before.get(k, 0) for k, line in figures.lines.items()}
    return refund_share(figures, before, rest, policy)


@attrs.frozen
class RefundQuote:
    """What a return pays back: the exact ``share``, the restocking ``fee`` kept, and ``due``."""

    share: Money
    fee: Money

    @property
    def due(self) -> Money:
        """Share less fee: the most the customer is paid back (refund and credit together)."""
        return self.share - self.fee


def refund_quote(
    figures: OrderFigures,
    returned_units_so_far: Mapping[str, int],
    units_now: Mapping[str, ReturnReasonUnits],
    policy: RefundPolicy | None = None,
) -> RefundQuote:
    """The share of ``units_now`` (line id → (units, reason)) and the restocking fee kept.

    The fee is ``policy.restocking_fee_rate`` of each line's goods share, rounded half up, and
    nothing for a reason in ``policy.fee_waived_for``.
    """
    rules = RefundPolicy() if policy is None else policy
    if units_now.__class__ is not dict and not isinstance(units_now, Mapping):  # no ABC check
        raise WrongType("units_now", units_now, "units_now maps a line id to (units, reason)")
    counts: dict[str, int] = {}
    reasons: dict[str, ReturnReason] = {}
    for line_id, pair in units_now.items():
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[1], ReturnReason):
            raise WrongType("units_now", pair, "each line maps to a (units, ReturnReason) pair")
        counts[line_id], reasons[line_id] = pair
    share = refund_breakdown(figures, returned_units_so_far, counts, rules)
    fee = Money.zero(figures.currency)
    if rules.restocking_fee_rate:
        for line_id, units in counts.items():
            if reasons[line_id] in rules.fee_waived_for:
                continue
            goods = refund_breakdown(figures, returned_units_so_far, {line_id: units}).goods
            fee += goods.multiply(rules.restocking_fee_rate, Rounding.HALF_UP)
    return RefundQuote(share.total, fee)


def settled_quote(
    goods: RefundQuote, notes: Sequence[CreditResult], units: int, *, refund_shipping: bool
) -> RefundQuote:
    """What a resolved return pays back once its ``units`` are credited by ``notes``.

    The goods' exact share (``goods``, taken before the crediting) plus, when the policy
    refunds shipping, the shipping the credit notes credited for the units; but when the notes
    credit every one of the ``units``, what the invoices charged for these very units (the
    notes' total), no more, no less. The fee stays the goods quote's.
    """
    currency = goods.share.currency
    share = goods.share
    if refund_shipping:
        share += sum_money((n.note.shipping.total for n in notes if n.note.shipping), currency)
    if notes and sum(c.quantity for n in notes for c in n.note.lines) == units:
        share = sum_money((n.note.total for n in notes), currency)
    return RefundQuote(share, goods.fee)
