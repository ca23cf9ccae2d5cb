"""Billing glue for the Engine: payments and invoices of an order, found by their ids.

New documents are named by a scheme: payments ``"<order>/payment-1"``, ``"<order>/payment-2"``...
(:func:`payment_id`; a payment command names its payment by number), invoices
``"<order>/invoice-1"``... (:func:`invoice_id`). An order's documents are *found* through the
ports' ``for_order`` queries, never by guessing keys. Each invoice line names the order line it
bills in its ``order_line_id`` (never in the free-text ``description``), so credit notes find the
line again.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ordercore.domain.billing import CreditResult, DocumentLine, Invoice, Payment, PaymentTerms
from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE
from ordercore.domain.billing.totals import DiscountedShipping, Shipping
from ordercore.domain.orders import LineId, Order
from ordercore.domain.orders.pricing import share_of_units
from ordercore.kernel.money import Money, sum_money
from ordercore.service.session import Session

__all__ = [
    "EARLIER_CAPTURES",
    "apply_capture",
    "credit_line_units",
    "document_lines",
    "invoice_id",
    "invoices_of",
    "issue_invoice",
    "payment_id",
    "payments_of",
    "secured",
    "unapplied_money",
]


def payment_id(order_id: str, number: int = 1) -> str:
    """The id of the order's ``number``-th payment: ``"<order>/payment-<number>"``."""
    return f"{order_id}/payment-{number}"


def invoice_id(order_id: str, number: int = 1) -> str:
    """The id of the order's ``number``-th invoice: ``"<order>/invoice-<number>"``."""
    return f"{order_id}/invoice-{number}"


def payments_of(session: Session, order_id: str) -> list[Payment]:
    """The order's payments (the payment port's ``for_order``), by id."""
    found: list[Payment] = session.for_order("payments", order_id, Payment)
    return found


def _issued(invoice: Invoice) -> tuple[bool, str, str, str]:
    issued = "" if invoice.issued_at is None else invoice.issued_at.isoformat()
    return (invoice.issued_at is None, issued, invoice.number or "", invoice.id)


def invoices_of(session: Session, order_id: str) -> list[Invoice]:
    """The order's invoices (the invoice port's ``for_order``), oldest first.

    Oldest is the earliest issued, then the lowest number (numbers are taken in order).
    """
    found: list[Invoice] = session.for_order("invoices", order_id, Invoice)
    return sorted(found, key=_issued)


def secured(payments: list[Payment], currency: str) -> Money:
    """Money the payments secured: captured plus still capturable (authorised, not released)."""
    return sum_money((p.captured + p.capturable for p in payments), currency)


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


def issue_invoice(
    session: Session,
    order: Order,
    quantities: Mapping[str, int],
    terms: PaymentTerms,
    *,
    whole_order: bool,
) -> Invoice:
    """Draft and issue the order's next invoice for ``quantities``; count them as invoiced.

    A whole-order invoice also carries the order-level discounts and the shipping charges.
    """
    currency = str(order.currency)
    number = len(invoices_of(session, order.id)) + 1
    shipping = None
    if whole_order and order.shipping:
        amount = order.shipping_total
        tax = sum_money((s.tax for s in order.shipping if s.tax), currency)
        off = order.totals.shipping_discount
        shipping = (
            Shipping(amount, _rate(tax, amount))
            if off.is_zero()
            else DiscountedShipping(amount, _rate(tax, amount), discount=off)
        )
    discount = order.totals.goods_discount if whole_order else None
    invoice = Invoice.from_lines(
        invoice_id(order.id, number),
        document_lines(order, quantities),
        at=session.now,
        order_id=order.id,
        order_discount=None if discount is None or discount.is_zero() else discount,
        shipping=shipping,
    )
    invoice.issue(lambda: session.numbers.next("INV"), session.now, terms, session.timezone)
    for line_id, units in quantities.items():
        if units:
            order.record_invoiced(line_id, units, session.now)
    unapplied = unapplied_money(session, order.id, currency)
    session.add("invoices", invoice.id, invoice)
    part = min(unapplied, invoice.balance)
    if part.amount > 0:
        invoice.apply_payment(f"{EARLIER_CAPTURES}@{invoice.id}", part, session.now)
    return invoice


EARLIER_CAPTURES = "captured-before-issue"
"""The payment reference (``"captured-before-issue@<invoice id>"``) under which a new invoice
takes the order's money captured before it was issued."""


def unapplied_money(session: Session, order_id: str, currency: str) -> Money:
    """Money the order's payments hold that no invoice has received yet (never negative).

    Captured minus refunded over the order's payments, minus every payment its invoices
    received. Issuing an invoice applies it (so money captured before an ON_SHIPMENT invoice
    existed pays it); what is applied is received, so it is never applied twice.
    """
    payments = payments_of(session, order_id)
    held = sum_money((p.captured - p.refunded for p in payments), currency)
    received = sum_money((i.amount_received for i in invoices_of(session, order_id)), currency)
    left = held - received
    return Money.zero(currency) if left.is_negative() else left


def _creditable(invoice: Invoice) -> bool:
    return any(
        INVOICE_LIFECYCLE.can(invoice.status, t) for t in ("credit_partly", "credit_in_full")
    )


def credit_line_units(
    session: Session,
    order: Order,
    line_id: str,
    units: int,
    *,
    reason: str,
    include_shipping: bool | None = False,
) -> list[CreditResult]:
    """Issue credit notes for ``units`` of one order line on its invoices, oldest first.

    Returns the credit notes' results; fewer units are credited when fewer were invoiced.
    """
    results: list[CreditResult] = []
    left = units
    for invoice in invoices_of(session, order.id):
        if not left:
            break
        if not _creditable(invoice):
            continue
        for index, line in enumerate(invoice.totals.lines):
            if line.order_line_id != str(LineId(line_id)):
                continue
            room = line.quantity - invoice.credited_quantities[index]
            take = min(left, room)
            if take <= 0:
                continue
            note_id = f"{invoice.id}/credit-{len(invoice.credit_notes) + 1}"
            results.append(
                invoice.issue_credit_note(
                    note_id,
                    session.numbers.next("CN"),
                    session.now,
                    quantities={index: take},
                    include_shipping=include_shipping,
                    reason=reason,
                )
            )
            left -= take
    return results


def apply_capture(session: Session, order_id: str, amount: Money, reference: str) -> Money:
    """Apply captured money to the order's invoices with a balance, oldest first.

    Returns what was applied; the rest stays unapplied (a later invoice may take it).
    """
    left = amount
    applied = Money.zero(amount.currency)
    for invoice in invoices_of(session, order_id):
        if left.is_zero():
            break
        balance = invoice.balance
        if not any(INVOICE_LIFECYCLE.can(invoice.status, t) for t in ("pay_partly", "pay_in_full")):
            continue
        if balance.is_zero() or balance.is_negative():
            continue
        part = min(left, balance)
        invoice.apply_payment(f"{reference}@{invoice.id}", part, session.now)
        left -= part
        applied += part
    return applied
