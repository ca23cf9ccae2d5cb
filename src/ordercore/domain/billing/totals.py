"""A document's totals, computed from its lines so that the parts always sum to the whole.

Rules (see ``docs/invoices.md``):

* A line's *amount* is ``quantity x unit_price`` (exact). Its *line discount* is at most its amount.
* The *order discount* is spread over the lines by largest remainder (the kernel's ``allocate``)
  in proportion to each line's amount after its line discount. **Tie rule:** equal remainders
  give the extra minor unit to the earlier line first (1.00 over three lines of 3.33 is
  0.34/0.33/0.33). Shipping takes no share of it: an order discount that also applies to
  shipping is split between goods and shipping by the order (largest remainder, see
  ``docs/orders.md``) and its shipping part comes here as :class:`DiscountedShipping`, whose
  ``discount`` is the shipping line's order discount. ``Totals.order_discount`` and
  ``discount_total`` then include it.
* Tax is computed **per line** on the discounted line amount and rounded to the currency's minor
  unit with one named :class:`~ordercore.kernel.money.Rounding` (default ``HALF_UP``).

  - Tax-exclusive prices: ``tax = round(net x rate)``, ``total = net + tax``.
  - Tax-inclusive prices: ``tax = round(gross x rate / (1 + rate))``, ``net = gross - tax``, so the
    line's total is exactly the discounted gross the customer saw.
* Shipping is its own line (sku ``"SHIPPING"``, quantity 1) with its own rate; rate 0 means
  non-taxable.
* Document identities, exact to the minor unit: ``total == net_total + tax_total`` always, and
  ``total == subtotal - discount_total + tax_total + shipping_total`` for exclusive prices
  (``... - discount_total + shipping_total`` for inclusive ones, whose tax is already inside the
  prices). :func:`compute_totals` builds every figure from the per-line ones, so they hold by
  construction; :meth:`Totals.verify` proves them (the property tests run it over generated
  documents; a caller may run it over totals it did not compute, such as a stored document's),
  and is not repeated on every computation.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from ordercore.domain.billing.invoice_errors import TotalsMismatch
from ordercore.kernel.checks import require_items
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Currency, Money, Rounding, allocate, sum_money
from ordercore.kernel.slots import draft_class

__all__ = [
    "MAX_TAX_RATE",
    "SHIPPING_SKU",
    "ComputedLine",
    "DiscountedShipping",
    "DocumentLine",
    "Shipping",
    "TaxMode",
    "Totals",
    "compute_line",
    "compute_totals",
    "order_document_line",
    "require_quantity",
    "shipping_discount",
    "tax_rate",
]

MAX_TAX_RATE = Decimal(10)
"""The highest tax rate accepted, as a fraction (10 = 1000%)."""

_NO_RATE = Decimal(0)

SHIPPING_SKU = "SHIPPING"
"""The sku of the computed shipping line."""


class TaxMode(enum.StrEnum):
    """Whether a document's prices exclude tax (B2B, US) or include it (EU retail)."""

    EXCLUSIVE = "exclusive"
    INCLUSIVE = "inclusive"


def tax_rate(value: object, field: str = "tax_rate") -> Decimal:
    """``value`` as a tax rate fraction (``Decimal("0.19")`` for 19%); floats are refused."""
    if value.__class__ is Decimal and value.is_finite() and _NO_RATE <= value <= MAX_TAX_RATE:
        return value  # the usual case, a rate already in range: no copy, no second look
    if isinstance(value, (bool, float)) or not isinstance(value, (int, str, Decimal)):
        raise WrongType(field, value, "a tax rate is exact: an int, str or Decimal fraction")
    try:
        rate = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValidationError(field, value, "a tax rate is a decimal fraction") from None
    if not rate.is_finite() or not _NO_RATE <= rate <= MAX_TAX_RATE:
        raise ValidationError(field, value, f"a tax rate is a fraction from 0 to {MAX_TAX_RATE}")
    return rate


def require_quantity(value: object, field: str = "quantity", *, minimum: int = 1) -> int:
    """``value`` if it is a whole int of at least ``minimum``; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a quantity is a whole int")
    if value < minimum:
        raise ValidationError(field, value, f"a quantity is at least {minimum}")
    return value


def _sku(value: str) -> str:
    return require_id("sku", value)


def _unit_price(value: Money) -> Money:
    return _money("unit_price", value)


def _shipping_amount(value: Money) -> Money:
    return _money("shipping.amount", value)


def _shipping_rate(value: Decimal | int | str) -> Decimal:
    return tax_rate(value, "shipping.tax_rate")


def _line_quantity(value: int) -> int:
    return require_quantity(value)


def _line_rate(value: Decimal | int | str) -> Decimal:
    return tax_rate(value)


def _money(field: str, value: object) -> Money:
    if not isinstance(value, Money):
        raise WrongType(field, value, "an amount is Money")
    if value.is_negative():
        raise ValidationError(field, str(value), "an amount cannot be negative")
    return value


def _order_line_id(value: str | None) -> str | None:
    return None if value is None else require_id("order_line_id", value)


@attrs.frozen
class DocumentLine:
    """A line to total: ``quantity`` of ``sku`` at ``unit_price``, less ``discount``, at a rate.

    ``description`` is text for people; ``order_line_id`` names the order line the document
    line bills (None for a document not made from an order), so that no program has to read an
    id out of the description.
    """

    sku: str = attrs.field(converter=_sku)
    quantity: int = attrs.field(converter=_line_quantity)
    unit_price: Money = attrs.field(converter=_unit_price)
    tax_rate: Decimal = attrs.field(default=Decimal(0), converter=_line_rate)
    discount: Money | None = attrs.field(default=None)
    description: str = ""
    order_line_id: str | None = attrs.field(default=None, converter=_order_line_id)

    def __attrs_post_init__(self) -> None:
        if self.discount is not None:
            _money("discount", self.discount)
            amount = self.unit_price * self.quantity
            if self.discount.currency != amount.currency:
                raise CurrencyMismatch("discount", str(amount), str(self.discount))
            if self.discount > amount:
                raise ValidationError(
                    "discount",
                    str(self.discount),
                    f"a line discount is at most the amount {amount}",
                )

    @property
    def amount(self) -> Money:
        """``quantity x unit_price``."""
        return self.unit_price * self.quantity


@attrs.frozen
class Shipping:
    """A shipping charge, taxed at ``tax_rate`` (0: not taxable), priced like the lines."""

    amount: Money = attrs.field(converter=_shipping_amount)
    tax_rate: Decimal = attrs.field(default=Decimal(0), converter=_shipping_rate)


def _shipping_discount(value: Money) -> Money:
    return _money("shipping.discount", value)


@attrs.frozen
class DiscountedShipping(Shipping):
    """A shipping charge less its part of an order discount (``discount``, at most ``amount``).

    Plain :class:`Shipping` has no discount, as before; its stored documents do not change.
    """

    discount: Money = attrs.field(kw_only=True, converter=_shipping_discount)

    def __attrs_post_init__(self) -> None:
        if self.discount.currency != self.amount.currency:
            raise CurrencyMismatch("shipping.discount", str(self.amount), str(self.discount))
        if self.discount > self.amount:
            raise ValidationError(
                "shipping.discount",
                str(self.discount),
                f"a shipping discount is at most the shipping {self.amount}",
            )


def shipping_discount(shipping: Shipping | None, currency: Currency) -> Money:
    """The order discount on ``shipping`` (zero unless it is :class:`DiscountedShipping`)."""
    if isinstance(shipping, DiscountedShipping):
        return shipping.discount
    return Money.zero(currency)


@attrs.frozen
class ComputedLine:
    """A totalled line: what was priced, the discounts it carries, its net, tax and total."""

    sku: str
    description: str
    quantity: int
    unit_price: Money
    tax_rate: Decimal
    amount: Money
    line_discount: Money
    order_discount: Money
    net: Money
    tax: Money
    total: Money
    order_line_id: str | None = None
    """The order line this line bills, carried over from its :class:`DocumentLine`."""

    @property
    def discount(self) -> Money:
        """The line discount plus this line's share of the order discount."""
        return self.line_discount + self.order_discount

    @property
    def currency(self) -> Currency:
        """The line's currency."""
        return self.amount.currency


def _tax(gross: Money, rate: Decimal, mode: TaxMode, rounding: Rounding) -> Money:
    if not rate:
        return Money.zero(gross.currency)  # untaxed: nothing to multiply or round, either mode
    if mode is TaxMode.EXCLUSIVE:
        return gross.multiply(rate, rounding)
    return Money.of(gross.amount * rate / (1 + rate), gross.currency, rounding=rounding)


def compute_line(
    line: DocumentLine,
    order_discount: Money,
    mode: TaxMode,
    rounding: Rounding,
) -> ComputedLine:
    """One line's figures, given its share of the order discount."""
    unit_price, quantity, rate = line.unit_price, line.quantity, line.tax_rate
    discount = line.discount
    amount = unit_price * quantity  # line.amount, without the property's call
    zero = Money.zero(amount.currency)  # asked once, for every zero figure of the line
    line_discount = zero if discount is None else discount
    if line_discount is zero and order_discount is zero:  # identity: the currency's shared zero
        after = amount  # nothing off the line (the usual): no subtraction to call
    else:
        after = amount - line_discount - order_discount
    if rate:
        tax = _tax(after, rate, mode, rounding)
        net = after if mode is TaxMode.EXCLUSIVE else after - tax
        total = net + tax
    else:  # untaxed (the usual rate 0): no tax to work out, the net is the total (either mode)
        tax, net, total = zero, after, after
    # ComputedLine(...) of these figures, drafted (no field has a converter or validator): a
    # plain slot store per field, not the generated __init__'s object.__setattr__ each
    draft: Any = _LineDraft()
    draft.sku = line.sku
    draft.description = line.description
    draft.quantity = quantity
    draft.unit_price = unit_price
    draft.tax_rate = rate
    draft.amount = amount
    draft.line_discount = line_discount
    draft.order_discount = order_discount
    draft.net = net
    draft.tax = tax
    draft.total = total
    draft.order_line_id = line.order_line_id
    draft.__class__ = ComputedLine
    computed: ComputedLine = draft
    return computed


@attrs.frozen
class Totals:
    """A document's computed lines, shipping line and totals, built by :func:`compute_totals`."""

    currency: Currency
    tax_mode: TaxMode
    rounding: Rounding
    lines: tuple[ComputedLine, ...]
    shipping: ComputedLine | None
    order_discount: Money
    subtotal: Money
    discount_total: Money
    shipping_total: Money
    net_total: Money
    tax_total: Money
    total: Money

    @property
    def all_lines(self) -> tuple[ComputedLine, ...]:
        """The lines, then the shipping line if there is one."""
        return self.lines if self.shipping is None else (*self.lines, self.shipping)

    def verify(self) -> None:
        """Prove that every part sums to its whole, exactly; :class:`TotalsMismatch` if not."""
        cur = self.currency
        checks: list[tuple[str, Money, Money]] = []
        for index, line in enumerate(self.all_lines):
            gross = line.amount - line.discount
            checks += [
                (f"lines[{index}].amount == quantity x unit_price",
                 line.unit_price * line.quantity, line.amount),
                (f"lines[{index}].total == net + tax", line.net + line.tax, line.total),
                (f"lines[{index}].total == amount - discount"
                 + (" + tax" if self.tax_mode is TaxMode.EXCLUSIVE else ""),
                 gross + line.tax if self.tax_mode is TaxMode.EXCLUSIVE else gross, line.total),
            ]  # fmt: skip
        extra = self.tax_total if self.tax_mode is TaxMode.EXCLUSIVE else Money.zero(cur)
        checks += [
            ("order_discount == Σ shares",
             sum_money((x.order_discount for x in self.all_lines), cur), self.order_discount),
            ("subtotal == Σ line amounts", sum_money((x.amount for x in self.lines), cur),
             self.subtotal),
            ("discount_total == Σ line discounts",
             sum_money((x.discount for x in self.all_lines), cur), self.discount_total),
            ("net_total == Σ nets", sum_money((x.net for x in self.all_lines), cur),
             self.net_total),
            ("tax_total == Σ taxes", sum_money((x.tax for x in self.all_lines), cur),
             self.tax_total),
            ("total == Σ line totals", sum_money((x.total for x in self.all_lines), cur),
             self.total),
            ("total == net_total + tax_total", self.net_total + self.tax_total, self.total),
            ("total == subtotal - discounts + tax + shipping",
             self.subtotal - self.discount_total + extra + self.shipping_total, self.total),
        ]  # fmt: skip
        for identity, expected, actual in checks:
            if expected != actual:
                raise TotalsMismatch(identity, str(expected), str(actual))


_LineDraft = draft_class(ComputedLine)
"""A :class:`ComputedLine` being built (by :func:`compute_line`; kernel.slots)."""
_TotalsDraft = draft_class(Totals)
"""A :class:`Totals` being built (by :func:`_summed`)."""
_DocumentLineDraft = draft_class(DocumentLine)
"""A :class:`DocumentLine` being built (by :func:`order_document_line`)."""


def order_document_line(
    sku: str, quantity: int, unit_price: Money, rate: Decimal, discount: Money | None, line_id: str
) -> DocumentLine:
    """``DocumentLine(sku, quantity, unit_price, rate, discount, "", line_id)`` for an order line.

    ``sku``, ``unit_price`` (Money >= 0) and ``line_id`` are an order line's own, checked when
    it was made; the quantity (a whole int >= 1) and the rate (a Decimal from 0 to
    :data:`MAX_TAX_RATE`) are checked here. Such a line without a discount is drafted
    (kernel.slots.draft_class): a plain slot store per field, not the generated ``__init__``
    and its five converters. Anything else goes through ``__init__``, which builds or refuses
    it as it always has.
    """
    if (
        discount is None
        and quantity.__class__ is int
        and quantity >= 1
        and rate.__class__ is Decimal
        and _NO_RATE <= rate <= MAX_TAX_RATE
    ):
        draft: Any = _DocumentLineDraft()
        draft.sku = sku
        draft.quantity = quantity
        draft.unit_price = unit_price
        draft.tax_rate = rate
        draft.discount = None
        draft.description = ""
        draft.order_line_id = line_id
        draft.__class__ = DocumentLine
        line: DocumentLine = draft
        return line
    return DocumentLine(sku, quantity, unit_price, rate, discount, "", line_id)


def _shares(items: tuple[DocumentLine, ...], discount: Money, currency: Currency) -> list[Money]:
    """``discount`` spread over ``items`` by their amounts after line discounts.

    Refused when larger than they are; nothing to spread (or exceed) without an order discount.
    """
    if not discount:
        return [discount] * len(items)
    weights = [
        (item.amount - (item.discount or Money.zero(currency))).minor_units for item in items
    ]
    if discount.minor_units > sum(weights):
        raise ValidationError(
            "order_discount",
            str(discount),
            f"an order discount is at most the lines' amount after line discounts "
            f"({Money.from_minor(sum(weights), currency)})",
        )
    return allocate(discount, weights)


def compute_totals(
    lines: Iterable[DocumentLine],
    *,
    order_discount: Money | None = None,
    shipping: Shipping | None = None,
    tax_mode: TaxMode = TaxMode.EXCLUSIVE,
    rounding: Rounding = Rounding.HALF_UP,
) -> Totals:
    """The totals of ``lines`` (at least one, one currency) under the module's rules.

    ``order_discount`` is spread over the lines; a :class:`DiscountedShipping` brings the
    shipping's part of an order discount, so ``Totals.order_discount`` is their sum.
    """
    items = require_items("lines", lines)
    if not items:
        raise ValidationError("lines", items, "a document needs at least one line")
    for index, item in enumerate(items):
        if not isinstance(item, DocumentLine):
            raise WrongType(f"lines[{index}]", item, "each line is a DocumentLine")
    if not isinstance(tax_mode, TaxMode):
        raise WrongType("tax_mode", tax_mode, "tax_mode is a TaxMode")
    if not isinstance(rounding, Rounding):
        raise WrongType("rounding", rounding, "rounding is a named Rounding mode")
    if shipping is not None and not isinstance(shipping, Shipping):
        raise WrongType("shipping", shipping, "shipping is a Shipping charge or None")
    currency = items[0].unit_price.currency
    first = items[0].unit_price  # written out (str) only in a refusal: formatting costs
    # each currency compared by identity first (amounts of one currency share its value): the
    # usual case without a call to Currency.__ne__
    for item in items[1:]:
        other = item.unit_price.currency
        if other is not currency and other != currency:
            raise CurrencyMismatch("total", str(first), str(item.unit_price))
    discount = Money.zero(currency) if order_discount is None else order_discount
    _money("order_discount", discount)
    charge = None if shipping is None else shipping.amount
    if charge is not None and charge.currency is not currency and charge.currency != currency:
        raise CurrencyMismatch("total", str(first), str(charge))
    if discount.currency is not currency and discount.currency != currency:
        raise CurrencyMismatch("total", str(first), str(discount))
    shares = _shares(items, discount, currency)
    lines_computed: list[ComputedLine] = []
    for item, share in zip(items, shares, strict=True):  # a plain loop: no generator to resume
        lines_computed.append(compute_line(item, share, tax_mode, rounding))
    computed = tuple(lines_computed)
    ship = None
    if shipping is not None:
        ship = compute_line(
            DocumentLine(SHIPPING_SKU, 1, shipping.amount, shipping.tax_rate, None, "Shipping"),
            shipping_discount(shipping, currency),
            tax_mode,
            rounding,
        )
    return _summed(currency, tax_mode, rounding, computed, ship)


def _summed(
    currency: Currency,
    tax_mode: TaxMode,
    rounding: Rounding,
    computed: tuple[ComputedLine, ...],
    ship: ComputedLine | None,
) -> Totals:
    """The document's totals: each figure the sum of the lines' own, in one pass over them.

    The identities hold by construction; :meth:`Totals.verify` proves them on demand. The
    figures but the subtotal are summed as ``Decimal`` amounts and each becomes ``Money`` once
    (a ``Money`` addition per line and figure cost several times a ``Decimal`` one); the
    subtotal, the one figure that is never usually zero or another's, is the ``Money`` sum of
    the lines' amounts. A zero figure is the currency's zero, and a net (total) equal to the
    subtotal (net) is that same value.
    """
    zero = Money.zero(currency)
    order_part = discounts = net_total = tax_total = total = zero.amount
    # the subtotal as Money sums of the lines' amounts: a document has a few lines, and a
    # Money addition costs less than building Money() of a Decimal sum (with its checks)
    sub = computed[0].amount if computed else zero
    for line in computed[1:]:
        sub += line.amount
    for line in computed if ship is None else (*computed, ship):
        order_part += line.order_discount.amount
        discounts += line.line_discount.amount + line.order_discount.amount
        net_total += line.net.amount
        tax_total += line.tax.amount
        total += line.total.amount
    # each figure through _figure only when it is not zero, or not the figure it usually equals
    # (a call saved per zero figure: an undiscounted, untaxed document has three)
    net = sub if net_total == sub.amount else _figure(net_total, zero, sub)
    # Totals(...) of these figures, drafted (no converter, no validator), as compute_line
    # builds its lines
    draft: Any = _TotalsDraft()
    draft.currency = currency
    draft.tax_mode = tax_mode
    draft.rounding = rounding
    draft.lines = computed
    draft.shipping = ship
    draft.order_discount = _figure(order_part, zero, zero) if order_part else zero
    draft.subtotal = sub
    draft.discount_total = _figure(discounts, zero, zero) if discounts else zero
    draft.shipping_total = zero if ship is None else ship.amount
    draft.net_total = net
    draft.tax_total = _figure(tax_total, zero, zero) if tax_total else zero
    draft.total = net if total == net.amount else _figure(total, zero, net)
    draft.__class__ = Totals
    totals: Totals = draft
    return totals


def _figure(amount: Decimal, zero: Money, like: Money) -> Money:
    """``amount`` (a sum of amounts in ``zero``'s currency) as Money; ``like`` if it is equal."""
    if not amount:
        return zero  # the shared zero, as Money arithmetic gives (never a "-0.00")
    if amount == like.amount:
        return like  # the same figure (untaxed, undiscounted): one value, not two equal ones
    return Money(amount, zero.currency)  # checks the exponent, as Money addition does
