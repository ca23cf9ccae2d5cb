"""Billing names for the Engine: how an order's payments and invoices are named and found.

New documents are named by a scheme: payments ``"<order>/payment-1"``, ``"<order>/payment-2"``...
(:func:`payment_id`; a payment command names its payment by number), invoices
``"<order>/invoice-1"``... (:func:`invoice_id`). An order's documents are *found* through the
ports' ``for_order`` queries (:meth:`Session.billing_of <ordercore.service.Session.billing_of>`),
never by guessing keys. Each invoice line names the order line it bills in its ``order_line_id``
(never in the free-text ``description``), so credit notes find the line again.

Where the shipping is invoiced (:func:`invoice_shipping`): an order invoiced on placement
carries its shipping charges on that whole-order invoice; an order invoiced on shipment carries
them, whole, on its *first shipment's* invoice (the first invoice of the order that is not void
and has no shipping yet takes it; later shipment invoices carry none). A return then credits
the returned units' share of it on that invoice (``Invoice.issue_credit_note(shipping_share=
True)``, over the invoice's units), so returning every unit gives back exactly the shipping
that was invoiced, however the order was split into shipments.

Store credit balances live in the ``store_credits`` collection under
``<customer>/credit-<CUR>`` (:func:`store_credit_of`). Spending store credit on an order records
a payment of method ``store_credit`` on it (:func:`next_payment_number` numbers it), so it is
paid, applied, counted and refunded like any other payment.

What billing *does* across aggregates -- invoicing an order, applying captured money, crediting
cancelled or returned units, giving a store-credit refund back as store credit -- is rows of the
policy table (:mod:`ordercore.service.policies`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ordercore.domain.billing import (
    DocumentLine,
    Invoice,
    InvoiceStatus,
    Payment,
    Shipping,
    StoreCredit,
    store_credit_id,
)
from ordercore.domain.billing.totals import DiscountedShipping, order_document_line
from ordercore.domain.orders import InvoicingPolicy, Order
from ordercore.domain.orders.lines import OrderLine
from ordercore.domain.orders.pricing import value_of_more_units
from ordercore.kernel.money import Money, sum_money
from ordercore.service.session import Session

__all__ = [
    "EARLIER_CAPTURES",
    "STORE_CREDITS",
    "document_lines",
    "invoice_discount",
    "invoice_id",
    "invoice_lines",
    "invoice_shipping",
    "next_payment_number",
    "payment_id",
    "payments_of",
    "store_credit_of",
]

STORE_CREDITS = "store_credits"
"""The collection store credit balances are kept in."""


def payment_id(order_id: str, number: int = 1) -> str:
    """The id of the order's ``number``-th payment: ``"<order>/payment-<number>"``."""
    return f"{order_id}/payment-{number}"


def invoice_id(order_id: str, number: int = 1) -> str:
    """The id of the order's ``number``-th invoice: ``"<order>/invoice-<number>"``."""
    return f"{order_id}/invoice-{number}"


def payments_of(session: Session, order_id: str) -> list[Payment]:
    """The order's payments (the payment port's ``for_order``), by id."""
    payments, _ = session.billing_of(order_id)
    return payments


def next_payment_number(session: Session, order_id: str) -> int:
    """The lowest payment number of the order no payment uses yet (1 for the first)."""
    number = 1
    while session.find_payment(payment_id(order_id, number)) is not None:
        number += 1
    return number


def store_credit_of(session: Session, customer_id: str, currency: str) -> StoreCredit:
    """The customer's store credit in ``currency``; opened (empty, added) if there is none."""
    key = store_credit_id(customer_id, currency)
    found: StoreCredit | None = session.find(STORE_CREDITS, key, StoreCredit)
    if found is None:
        found = StoreCredit.open(customer_id, currency)
        session.add(STORE_CREDITS, key, found)
    return found


EARLIER_CAPTURES = "captured-before-issue"
"""The payment reference (``"captured-before-issue@<invoice id>"``) under which a new invoice
takes the order's money captured before it was issued."""


_NO_TAX = Decimal("0.0000")
"""The rate of an untaxed line on a positive net: what the quotient below gives, without it."""
_RATE_PLACES = Decimal("0.0001")
_ZERO_RATE = Decimal(0)
"""The rate of a line on a zero net (Decimal values never change: one serves every line)."""


def _rate(amounts: Money, base: Money) -> Decimal:
    if base.is_zero():
        return _ZERO_RATE
    if amounts.is_zero() and base.amount > 0:
        return _NO_TAX  # 0 / net, to 4 places (a Decimal division and rounding saved)
    return (amounts.amount / base.amount).quantize(_RATE_PLACES)


def document_lines(
    order: Order, quantities: Mapping[str, int], invoiced: Mapping[str, int] | None = None
) -> list[DocumentLine]:
    """Invoice lines for ``quantities`` of order lines, in the order's line order.

    Each line carries the order line id as its ``order_line_id``, the unit price, the share of
    the line's discounts for those units, and the line's tax as a rate on its net amount.
    ``invoiced`` (line id → units already invoiced; ``None``: none) makes the discount share
    that of the units *after* those (largest remainder), so the invoice that takes a line's last
    units takes the rest of its discounts: a line invoiced in parts is discounted exactly whole.
    """
    lines: list[DocumentLine] = []
    for line in order.lines.values():
        key = str(line.id)
        units = quantities.get(key, 0)
        if units <= 0:
            continue
        price = line.unit_price
        if not line.discounts and not line.tax_lines:
            # neither discounted nor taxed (the usual line): its rate is what _rate gives an
            # untaxed net, positive when price and quantity are (never negative): no Money
            # figure is worked out to get there (about ten calls a line)
            rate = _NO_TAX if price.amount and line.quantity else _ZERO_RATE
            lines.append(order_document_line(line.sku, units, price, rate, None, key))
            continue
        discount = line.discount_total
        already = 0 if invoiced is None else invoiced.get(key, 0)
        # the line's net as ``line.net`` works it out, from the discounts summed once here
        net = line.subtotal - discount
        lines.append(
            order_document_line(  # DocumentLine(...) of the order line's checked parts
                line.sku,
                units,
                price,
                _rate(line.tax_total, net),
                None
                if discount.is_zero()
                else value_of_more_units(discount, already, units, line.quantity),
                key,  # order_line_id
            )
        )
    return lines


def shipping_line(order: Order) -> Shipping | None:
    """The order's shipping charges as one invoice shipping line (``None``: it has none).

    The charges before tax, their tax as a rate (4 places) on them, and the order discounts'
    shipping part as the line's discount.
    """
    if not order.shipping:
        return None
    currency = str(order.currency)
    amount = order.shipping_total
    tax = sum_money([s.tax for s in order.shipping if s.tax], currency)
    off = order.totals.shipping_discount
    rate = Decimal(0) if amount.is_zero() else (tax.amount / amount.amount)
    rate = rate.quantize(Decimal("0.0001"))
    if off.is_zero():
        return Shipping(amount, rate)
    return DiscountedShipping(amount, rate, discount=off)


def invoice_shipping(
    order: Order, invoices: list[Invoice], *, whole_order: bool
) -> Shipping | None:
    """The shipping line the order's next invoice carries (``None``: none).

    A whole-order invoice (invoiced on placement) carries the order's shipping. An order
    invoiced on shipment carries it, whole, on its first shipment's invoice: the next invoice
    takes it when no invoice of the order (``invoices``) that is not void carries shipping
    yet. Any other invoice (later shipments, units added by an edit) carries none.
    """
    if whole_order:
        return shipping_line(order)
    if order.invoicing_policy is not InvoicingPolicy.ON_SHIPMENT:
        return None
    if any(i.totals.shipping is not None and i.status is not InvoiceStatus.VOID for i in invoices):
        return None
    return shipping_line(order)


def invoice_lines(
    order: Order, quantities: Mapping[str, int], invoices: list[Invoice], *, whole_order: bool
) -> tuple[list[DocumentLine], Shipping | None]:
    """The next invoice's lines and shipping line, in one call.

    The lines for ``quantities`` (:func:`document_lines`) and the shipping the invoice carries
    (:func:`invoice_shipping`).
    """
    shipping = invoice_shipping(order, invoices, whole_order=whole_order)
    return document_lines(order, quantities, _invoiced_before(order, whole_order)), shipping


def _invoiced_before(order: Order, whole_order: bool) -> dict[str, int] | None:
    """Units already invoiced per line, for a shipment invoice (``None`` for any other)."""
    if whole_order or order.invoicing_policy is not InvoicingPolicy.ON_SHIPMENT:
        return None
    return {str(line.id): line.ledger.invoiced for line in order.lines.values()}


def invoice_discount(
    order: Order, quantities: Mapping[str, int], *, whole_order: bool
) -> Money | None:
    """The order discount (goods part) the next invoice carries (``None``: none).

    A whole-order invoice carries the goods part of the order discounts whole. A shipment
    invoice of an order invoiced on shipment carries, for each line, the value of its shipped
    units after those already invoiced of the line's share of it (:meth:`OrderTotals.
    order_discount_shares`, by largest remainder over the line's net), so the shipment that
    takes a line's last units takes the rest of its share, and the order's invoices together
    carry the whole discount whatever the split. (The shipping part of a discount rides on the
    shipping line, :func:`shipping_line`.) Computed before the units are counted as invoiced.
    """
    if not order.discounts:  # no order discount (the usual): none to carry, no totals worked out
        return None
    if whole_order:
        discount = order.totals.goods_discount
    else:
        invoiced = _invoiced_before(order, whole_order)
        if invoiced is None:
            return None
        shares = order.order_discount_shares()
        discount = Money.zero(str(order.currency))
        for line in order.lines.values():
            key = str(line.id)
            units = quantities.get(key, 0)
            share = shares.get(line.id)
            if units > 0 and share is not None and not share.is_zero():
                discount += _share_of_net(line, share, invoiced[key], units)
    return None if discount.is_zero() else discount


def _share_of_net(line: OrderLine, share: Money, already: int, units: int) -> Money:
    """The part of the line's order-discount ``share`` that ``units`` more units carry.

    Spread by largest remainder over the line's net (after its own discounts, themselves spread
    over the units): the units' part is the value of their net after the net already invoiced.
    With no line discount that is the value of ``units`` after ``already`` of the line's units;
    with one it never exceeds the units' net (a unit's order part cannot exceed what is left of
    its price), and the line's last units take the rest.
    """
    own = line.discount_total
    price = line.unit_price

    def net_of(count: int) -> int:
        off = value_of_more_units(own, 0, count, line.quantity)
        return (price * count - off).minor_units

    whole = line.net.minor_units
    before, after = net_of(already), net_of(already + units)
    return value_of_more_units(share, before, after - before, whole)
