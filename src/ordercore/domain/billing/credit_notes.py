"""Credit notes: documents that mirror some or all of an invoice's lines, to the minor unit.

A credit note is issued through its invoice (``Invoice.issue_credit_note``), so the note and the
invoice's balance change together. This module holds the document and the pure arithmetic.

Mirroring rule (see ``docs/invoices.md``): crediting ``q`` of a line's ``Q`` units, after ``b``
were already credited, credits

* ``unit_price x q`` of amount (exact);
* of every rounded figure ``F`` of the original line (its combined discount ``D``, its tax):
  ``share(b + q) - share(b)``, where ``share(c) = round(F x c / Q)`` with the original
  document's :class:`~ordercore.kernel.money.Rounding`; the line-discount part of a cumulative
  discount share ``d`` is ``round(d x line_discount / D)``, the rest is order discount, so both
  parts are never negative;
* net and total derived as the original did (exclusive: ``net = amount - discount``,
  ``total = net + tax``; inclusive: ``total = amount - discount``, ``net = total - tax``).

The shares telescope: when every unit of a line has been credited, whatever the steps, the credits
sum to exactly the original line, and a full credit note is a copy of the invoice's lines. So a
full credit note's total equals the invoice total and brings its balance to exactly zero.

Shipping is credited in one of two ways:

* **the rest** (``include_shipping``): whatever of the shipping line no earlier note credited,
  once; a full credit includes it;
* **the credited units' share** (``shipping_share``, how a return refunds shipping by policy):
  crediting ``q`` more units when ``b`` units of the invoice (any line) were credited before,
  of ``N`` units invoiced, credits of each shipping figure ``F`` (total, tax, discounts)
  ``part(b + q) - part(b)`` with ``part(m)`` the first part of ``allocate(F, [m, N - m])``
  (largest remainder on minor units, the rule of
  :func:`~ordercore.domain.returns.refunds.refund_share`); amount and net follow from them as
  the invoice derived them. The parts telescope: crediting every unit of the invoice with its
  share, in any steps and any order of lines, credits exactly the shipping line. Units credited
  *without* their share (a partial cancellation) keep their part uncredited until "the rest" is
  asked for. 9.99 of shipping over three units credits 3.33, 3.33, 3.33; 10.00 credits 3.33,
  3.34, 3.33.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs
import pendulum

from ordercore.domain.billing.invoice_errors import CreditExceedsInvoice
from ordercore.domain.billing.totals import ComputedLine, TaxMode, Totals, require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money, Rounding, allocate, sum_money

__all__ = [
    "CreditNote",
    "draft_credit_note",
    "mirror_line",
    "resolve_credit",
    "share_of_shipping",
    "shipping_left",
    "split_credit",
    "wants_shipping_rest",
]


@attrs.frozen
class CreditNote:
    """An issued credit note: which invoice, which lines (mirrored), and what it credits.

    Amounts are positive: they are what is credited. ``line_indexes[i]`` is the index, in the
    invoice's lines, of the line that ``lines[i]`` mirrors.
    """

    id: str
    number: str
    invoice_id: str
    invoice_number: str
    issued_at: pendulum.DateTime
    reason: str
    lines: tuple[ComputedLine, ...]
    line_indexes: tuple[int, ...]
    shipping: ComputedLine | None

    @property
    def all_lines(self) -> tuple[ComputedLine, ...]:
        """The credited lines, then the shipping line if credited."""
        return self.lines if self.shipping is None else (*self.lines, self.shipping)

    @property
    def total(self) -> Money:
        """What this note credits: the sum of its lines' totals."""
        lines = self.all_lines  # once: ``currency`` would build them again
        return sum_money((x.total for x in lines), lines[0].amount.currency)

    @property
    def tax_total(self) -> Money:
        """The tax this note credits."""
        return sum_money((x.tax for x in self.all_lines), self.currency)

    @property
    def net_total(self) -> Money:
        """The net (tax excluded) this note credits."""
        return sum_money((x.net for x in self.all_lines), self.currency)

    @property
    def currency(self) -> str:
        """The note's currency code."""
        return self.all_lines[0].currency.code


def _share(figure: Money, count: int, whole: int, rounding: Rounding) -> Money:
    if count == whole:
        return figure
    if not count or not figure.amount:  # what Money.of makes of it, without the Decimal work
        return Money.zero(figure.currency)
    return Money.of(
        figure.amount * Decimal(count) / Decimal(whole), figure.currency, rounding=rounding
    )


def mirror_line(
    original: ComputedLine, already: int, quantity: int, mode: TaxMode, rounding: Rounding
) -> ComputedLine:
    """The credit for ``quantity`` more units of ``original`` when ``already`` were credited."""
    whole = original.quantity
    before, after = already, already + quantity
    combined = original.discount

    def line_part(cumulative: Money) -> Money:
        # the line discount's part of a cumulative combined discount, rounded the same way
        if cumulative == combined:  # also covers a line without any discount
            return original.line_discount
        ratio = original.line_discount.amount / combined.amount
        return Money.of(cumulative.amount * ratio, cumulative.currency, rounding=rounding)

    # each cumulative discount share once: the discount and its line part both take them
    discount_after = _share(combined, after, whole, rounding)
    discount_before = _share(combined, before, whole, rounding)
    discount = discount_after - discount_before
    line_discount = line_part(discount_after) - line_part(discount_before)
    tax = _share(original.tax, after, whole, rounding) - _share(
        original.tax, before, whole, rounding
    )
    amount = original.unit_price * quantity
    if mode is TaxMode.EXCLUSIVE:
        net = amount - discount
        total = net + tax
    else:
        total = amount - discount
        net = total - tax
    # the constructor, field by field: attrs.evolve reads every field back by name first
    return ComputedLine(
        original.sku,
        original.description,
        quantity,
        original.unit_price,
        original.tax_rate,
        amount,
        line_discount,
        discount - line_discount,
        net,
        tax,
        total,
        original.order_line_id,
    )


def _line_index(key: object, totals: Totals) -> int:
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise WrongType("quantities", key, "credit quantities are keyed by line index or sku")
    if isinstance(key, int):
        if not 0 <= key < len(totals.lines):
            raise ValidationError(
                "quantities", key, f"a line index is from 0 to {len(totals.lines) - 1}"
            )
        return key
    found = [i for i, line in enumerate(totals.lines) if line.sku == key]
    if len(found) != 1:
        rule = "no line has this sku" if not found else "several lines have it; use the index"
        raise ValidationError("quantities", key, rule)
    return found[0]


def resolve_credit(
    invoice_id: str,
    totals: Totals,
    credited: tuple[int, ...],
    shipping_credited: bool,
    quantities: Mapping[int, int] | Mapping[str, int] | None,
    include_shipping: bool | None,
) -> tuple[dict[int, int], bool]:
    """Check a credit request and return ``({line index: quantity}, credit shipping?)``.

    ``quantities=None`` asks for everything still creditable (and the shipping, unless
    ``include_shipping`` is False); otherwise each key is a line index or a unique sku. The
    request must credit something, and never more than is left.
    """
    if quantities is None:
        wanted = {
            i: line.quantity - credited[i]
            for i, line in enumerate(totals.lines)
            if line.quantity > credited[i]
        }
        ship = include_shipping is not False
    else:
        if quantities.__class__ is not dict and not isinstance(quantities, Mapping):  # ABC last
            raise WrongType("quantities", quantities, "quantities map line index or sku to int")
        wanted = {}
        for key, value in quantities.items():
            index = _line_index(key, totals)
            wanted[index] = wanted.get(index, 0) + require_quantity(value, f"quantities[{key!r}]")
        ship = bool(include_shipping)
    for index, quantity in wanted.items():
        left = totals.lines[index].quantity - credited[index]
        if quantity > left:
            raise CreditExceedsInvoice(invoice_id, totals.lines[index].sku, quantity, left)
    has_shipping = totals.shipping is not None and not shipping_credited
    if ship and not has_shipping and (quantities is not None or include_shipping is True):
        raise CreditExceedsInvoice(invoice_id, "SHIPPING", 1, 0)
    ship = ship and has_shipping
    if not wanted and not ship:
        raise ValidationError(
            "quantities", quantities, f"invoice {invoice_id!r} has nothing left to credit"
        )
    return dict(sorted(wanted.items())), ship


def _part(figure: Money, units: int, whole: int) -> Money:
    """The first part of ``allocate(figure, [units, whole - units])``: ``units``' share."""
    if units >= whole:
        return figure
    if units <= 0 or figure.is_zero():
        return Money.zero(figure.currency)
    return allocate(figure, [units, whole - units])[0]


def _minus(line: ComputedLine, earlier: Sequence[ComputedLine]) -> ComputedLine:
    if not earlier:
        return line
    currency = line.currency.code

    def left(field: str) -> Money:
        done = sum_money((getattr(x, field) for x in earlier), currency)
        return getattr(line, field) - done  # type: ignore[no-any-return]

    amount = left("amount")
    return attrs.evolve(
        line,
        quantity=1,
        unit_price=amount,
        amount=amount,
        line_discount=left("line_discount"),
        order_discount=left("order_discount"),
        net=left("net"),
        tax=left("tax"),
        total=left("total"),
    )


def shipping_left(shipping: ComputedLine, earlier: Sequence[ComputedLine]) -> ComputedLine:
    """What of the ``shipping`` line the ``earlier`` credited parts of it leave: "the rest"."""
    return _minus(shipping, earlier)


def share_of_shipping(
    shipping: ComputedLine, before: int, units: int, whole: int, mode: TaxMode
) -> ComputedLine | None:
    """The share of ``shipping`` of ``units`` more units after ``before``, of ``whole`` invoiced.

    Total, tax and discounts are each shared by largest remainder over the units (see the
    module doc); amount and net follow. ``None`` when the share is zero.
    """
    if whole <= 0 or units <= 0:
        return None
    after = before + units

    def part(figure: Money) -> Money:
        return _part(figure, after, whole) - _part(figure, before, whole)

    total, tax = part(shipping.total), part(shipping.tax)
    line_discount, order_discount = part(shipping.line_discount), part(shipping.order_discount)
    if total.is_zero() and tax.is_zero() and (line_discount + order_discount).is_zero():
        return None
    net = total - tax
    discount = line_discount + order_discount
    # the amount the invoice derived: net plus discount (exclusive), total plus it (inclusive)
    amount = (net if mode is TaxMode.EXCLUSIVE else total) + discount
    return attrs.evolve(
        shipping,
        quantity=1,
        unit_price=amount,
        amount=amount,
        line_discount=line_discount,
        order_discount=order_discount,
        net=net,
        tax=tax,
        total=total,
    )


def wants_shipping_rest(
    quantities: Mapping[int, int] | Mapping[str, int] | None, include_shipping: bool | None
) -> bool:
    """Whether a credit request asks for the rest of the shipping (see :func:`resolve_credit`)."""
    return include_shipping is True or (quantities is None and include_shipping is None)


def split_credit(total: Money, balance: Money, discount_taken: Money) -> tuple[Money, Money, Money]:
    """Where a credit of ``total`` goes: ``(to the balance, discount given back, excess)``.

    First the open ``balance``, then a granted early-payment discount, the rest is owed to the
    customer.
    """
    to_balance = min(total, balance)
    given_back = min(total - to_balance, discount_taken)
    return to_balance, given_back, total - to_balance - given_back


def draft_credit_note(
    credit_note_id: str,
    number: str,
    invoice: tuple[str, str, Totals],
    credited: tuple[tuple[int, ...], bool],
    issued_at: pendulum.DateTime,
    reason: str,
    quantities: Mapping[int, int] | Mapping[str, int] | None,
    include_shipping: bool | None,
    *,
    shipping_share: bool = False,
    shipping_before: Sequence[ComputedLine] = (),
) -> tuple[CreditNote, dict[int, int]]:
    """The credit note a request makes, checked, and the ``{line index: quantity}`` it credits.

    ``invoice`` is ``(id, number, totals)``, ``credited`` the quantities already credited per
    line and whether the shipping was (in full); see :func:`resolve_credit` for the request's
    rules. ``shipping_before`` are the shipping parts earlier notes credited; with
    ``shipping_share`` (and no rest of the shipping asked for) the note credits the credited
    units' share of the shipping (see the module doc).
    """
    invoice_id, invoice_number, totals = invoice
    done, shipping_credited = credited
    wanted, ship = resolve_credit(
        invoice_id, totals, done, shipping_credited, quantities, include_shipping
    )
    mode, rounding = totals.tax_mode, totals.rounding
    shipping: ComputedLine | None = None
    if totals.shipping is not None and ship:
        shipping = shipping_left(totals.shipping, shipping_before)
    elif totals.shipping is not None and shipping_share and not shipping_credited:
        whole = sum(line.quantity for line in totals.lines)
        shipping = share_of_shipping(totals.shipping, sum(done), sum(wanted.values()), whole, mode)
        rest = shipping_left(totals.shipping, shipping_before)
        if shipping is not None and shipping.total > rest.total:  # never more than is left
            shipping = rest
    note = CreditNote(
        id=credit_note_id,
        number=number,
        invoice_id=invoice_id,
        invoice_number=invoice_number,
        issued_at=issued_at,
        reason=reason,
        lines=tuple(
            mirror_line(totals.lines[i], done[i], q, mode, rounding) for i, q in wanted.items()
        ),
        line_indexes=tuple(wanted),
        shipping=shipping,
    )
    return note, wanted
