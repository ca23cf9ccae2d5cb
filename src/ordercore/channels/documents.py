"""Accounting documents for QuickBooks: a document due and an ``Invoice`` in, a QBO body out.

A :class:`~.messages.DocumentDue` and the current ``Invoice`` become a QBO ``Invoice``,
``CreditMemo`` or ``Payment`` message; a refund receipt due (money paid back) becomes a QBO
``RefundReceipt`` message from the event it carries (:func:`refund_receipt_messages`).

The router only says which invoice (or credit note) was issued; the body is built here from the
invoice the host loaded, with the QBO customer id the host knows for the order.
"""

from __future__ import annotations

from typing import Any

from ordercore.domain.billing import Invoice
from ordercore.kernel.errors import NotFound, ValidationError, WrongType

from . import quickbooks
from .messages import ChannelMessage, DocumentDue, DocumentKind, MessageKind, Outbound
from .router import idempotency_key
from .routing import AccountingRoute

__all__ = ["document_messages", "refund_receipt_messages"]


def document_messages(
    due: DocumentDue, invoice: Invoice, *, customer_ref: str, accounting: AccountingRoute
) -> Outbound:
    """The QBO message for ``due``: the issued invoice, a credit note or a payment of it.

    Refused (nothing built) if ``invoice`` is not the one ``due`` names, the credit note or
    payment is not on it, a SKU has no QBO item id in ``accounting.item_refs``, or (a payment)
    the invoice has no QBO id in ``accounting.invoice_ids`` yet: send the invoice first.
    """
    if not isinstance(due, DocumentDue):
        raise WrongType("due", due, "a DocumentDue")
    if not isinstance(invoice, Invoice):
        raise WrongType("invoice", invoice, "an ordercore Invoice")
    if due.kind is DocumentKind.REFUND_RECEIPT:
        raise ValidationError(
            "due", due.kind.value, "a refund receipt names no invoice: refund_receipt_messages"
        )
    if invoice.id != due.invoice_id:
        raise ValidationError(
            "invoice", invoice.id, f"the document due is about {due.invoice_id!r}"
        )
    if due.kind is DocumentKind.INVOICE:
        kind = MessageKind.INVOICE
        target = invoice.id
        body = quickbooks.invoice_body(
            invoice, customer_ref=customer_ref, item_refs=accounting.item_refs
        )
    elif due.kind is DocumentKind.PAYMENT:
        kind = MessageKind.PAYMENT
        target, body = _payment(due, invoice, customer_ref=customer_ref, accounting=accounting)
    else:
        notes = [note for note in invoice.credit_notes if note.id == due.credit_note_id]
        if not notes:
            raise NotFound("credit_note", due.credit_note_id)
        if invoice.timezone is None:
            raise ValidationError("invoice", invoice.id, "a credited invoice has a timezone")
        kind = MessageKind.CREDIT_MEMO
        target = notes[0].id
        body = quickbooks.credit_memo_body(
            notes[0],
            customer_ref=customer_ref,
            item_refs=accounting.item_refs,
            timezone=invoice.timezone,
            tax_mode=invoice.totals.tax_mode,
        )
    message = ChannelMessage(
        channel=accounting.channel,
        account=accounting.account,
        kind=kind,
        target=target,
        idempotency_key=idempotency_key(
            accounting.channel, accounting.account, kind, target, due.source
        ),
        body=body,
        sources=(due.source,),
    )
    return Outbound(messages=(message,))


def refund_receipt_messages(
    due: DocumentDue,
    *,
    customer_ref: str,
    accounting: AccountingRoute,
    deposit_account_ref: str,
    refund_item_ref: str,
    timezone: str,
) -> Outbound:
    """The QBO ``RefundReceipt`` message for a refund paid back (a ``refund_receipt`` due).

    ``deposit_account_ref`` is the QBO account the money was paid back from, ``refund_item_ref``
    the QBO item the receipt's line names, ``timezone`` the merchant's (the receipt's day).
    The message's target is the payment; its key follows the due's source, so a redelivered
    event builds the same key.
    """
    if not isinstance(due, DocumentDue):
        raise WrongType("due", due, "a DocumentDue")
    if due.kind is not DocumentKind.REFUND_RECEIPT or due.refund is None:
        raise ValidationError("due", due.kind.value, "a refund receipt due carries its refund")
    body = quickbooks.refund_receipt_body(
        due.refund,
        customer_ref=customer_ref,
        deposit_account_ref=deposit_account_ref,
        refund_item_ref=refund_item_ref,
        timezone=timezone,
    )
    kind = MessageKind.REFUND_RECEIPT
    target = f"{due.refund.entity_id}/{due.refund.reference}"
    message = ChannelMessage(
        channel=accounting.channel,
        account=accounting.account,
        kind=kind,
        target=target,
        idempotency_key=idempotency_key(
            accounting.channel, accounting.account, kind, target, due.source
        ),
        body=body,
        sources=(due.source,),
    )
    return Outbound(messages=(message,))


def _payment(
    due: DocumentDue, invoice: Invoice, *, customer_ref: str, accounting: AccountingRoute
) -> tuple[str, dict[str, Any]]:
    payments = [p for p in invoice.payments if p.payment_ref == due.payment_ref]
    if not payments:
        raise NotFound("payment", due.payment_ref)
    txn_id = accounting.invoice_ids.get(invoice.id)
    if txn_id is None:
        raise ValidationError(
            "invoice_ids",
            invoice.id,
            "a payment links its QuickBooks invoice: send the invoice first and add its Id",
        )
    if invoice.timezone is None:
        raise ValidationError("invoice", invoice.id, "a paid invoice has a timezone")
    body = quickbooks.payment_body(
        payments[0],
        customer_ref=customer_ref,
        invoice_txn_id=txn_id,
        timezone=invoice.timezone,
        invoice_id=invoice.id,
    )
    return payments[0].payment_ref, body
