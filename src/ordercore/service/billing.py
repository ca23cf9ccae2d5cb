"""Billing names for the Engine: how an order's payments and invoices are named and found.

New documents are named by a scheme: payments ``"<order>/payment-1"``, ``"<order>/payment-2"``...
(:func:`payment_id`; a payment command names its payment by number), invoices
``"<order>/invoice-1"``... (:func:`invoice_id`). An order's documents are *found* through the
ports' ``for_order`` queries (:meth:`Session.billing_of <ordercore.service.Session.billing_of>`),
never by guessing keys. Each invoice line names the order line it bills in its ``order_line_id``
(never in the free-text ``description``), so credit notes find the line again.

What billing *does* across aggregates -- invoicing an order, applying captured money, crediting
cancelled or returned units -- is rows of the policy table (:mod:`ordercore.service.policies`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ordercore.domain.billing import DocumentLine, Payment
from ordercore.domain.orders import Order
from ordercore.domain.orders.pricing import share_of_units
from ordercore.kernel.money import Money
from ordercore.service.session import Session

__all__ = [
    "EARLIER_CAPTURES",
    "document_lines",
    "invoice_id",
    "payment_id",
    "payments_of",
]


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


EARLIER_CAPTURES = "captured-before-issue"
"""The payment reference (``"captured-before-issue@<invoice id>"``) under which a new invoice
takes the order's money captured before it was issued."""


def _rate(amounts: Money, base: Money) -> Decimal:
    if base.is_zero():
        return Decimal(0)
    return (amounts.amount / base.amount).quantize(Decimal("0.0001"))


def document_lines(order: Order, quantities: Mapping[str, int]) -> list[DocumentLine]:
    """Invoice lines for ``quantities`` of order lines, in the order's line order.

    Each line carries the order line id as its ``order_line_id``, the unit price, the share of
    the line's discounts for those units, and the line's tax as a rate on its net amount.
    """
    lines: list[DocumentLine] = []
    for line in order.lines.values():
        units = quantities.get(str(line.id), 0)
        if units <= 0:
            continue
        discount = line.discount_total
        lines.append(
            DocumentLine(
                line.sku,
                units,
                line.unit_price,
                tax_rate=_rate(line.tax_total, line.net),
                discount=None
                if discount.is_zero()
                else share_of_units(discount, units, line.quantity),
                order_line_id=str(line.id),
            )
        )
    return lines
