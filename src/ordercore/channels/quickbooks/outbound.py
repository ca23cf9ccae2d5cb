"""Outbound QuickBooks Online bodies: ordercore invoices and credit notes as QBO documents.

An ordercore ``Invoice`` becomes a QBO ``Invoice``, a ``CreditNote`` a QBO ``CreditMemo``, a
payment applied to an invoice (``AppliedPayment``) a QBO ``Payment`` linked to the QBO invoice,
and money paid back to the customer (a ``PaymentRefunded`` event) a QBO ``RefundReceipt``.

**Money is written as ``Decimal``** in the dicts, never as ``float`` or ``str``: QBO wants JSON
numbers, a ``Decimal`` keeps the exact amount (``Decimal('199.00')``) for the host and the tests,
and :func:`qbo_json` writes it as a JSON number digit for digit (``json.dumps`` alone cannot).
**Dates are dates**: ``TxnDate`` and ``DueDate`` are ``YYYY-MM-DD`` (QBO's date-only fields),
computed in the merchant's timezone from the issuing instant.

QBO knows customers and items by its own ids: the host passes ``customer_ref`` and a mapping of
SKU → QBO item id (``item_refs``); a SKU without an id is refused, naming the SKU. Lines are
``SalesItemLineDetail`` (``Amount`` = ``Qty`` x ``UnitPrice``), discounts one
``DiscountLineDetail`` line, shipping a line on QBO's ``SHIPPING_ITEM_ID``, and tax the
``TxnTaxDetail.TotalTax``; ``TotalAmt`` is ordercore's total, for the host to compare with QBO's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ordercore.domain.billing import CreditNote, Invoice, InvoiceStatus
from ordercore.domain.billing.invoice_results import AppliedPayment
from ordercore.domain.billing.payment_events import PaymentRefunded
from ordercore.domain.billing.totals import ComputedLine, TaxMode
from ordercore.kernel.clock import local_date
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money, sum_money

__all__ = [
    "SHIPPING_ITEM_ID",
    "credit_memo_body",
    "invoice_body",
    "payment_body",
    "qbo_json",
    "refund_receipt_body",
]

SHIPPING_ITEM_ID = "SHIPPING_ITEM_ID"
"""QBO's item id for shipping charges (when shipping is enabled in the company's settings)."""

_NUMBER = re.compile(r'"\\u0000([-+0-9.Ee]+)\\u0000"')


def _mark(value: object) -> object:
    if isinstance(value, Decimal):
        return f"\x00{value}\x00"
    if isinstance(value, Mapping):
        return {key: _mark(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark(item) for item in value]
    return value


def qbo_json(body: Mapping[str, Any]) -> str:
    """``body`` as JSON text, with every ``Decimal`` written as an exact JSON number.

    A body JSON cannot write (a key that is not a str, a value that is not JSON, NaN) is refused
    with ``WrongType`` naming ``body``.
    """
    if not isinstance(body, Mapping):
        raise WrongType("body", body, "a QuickBooks body is a mapping")
    try:
        text = json.dumps(_mark(body), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as error:
        raise WrongType("body", body, f"a QuickBooks body is JSON: {error}") from None
    return _NUMBER.sub(r"\1", text)


def _item(sku: str, item_refs: Mapping[str, str]) -> dict[str, str]:
    if sku not in item_refs:
        raise ValidationError(
            "item_refs", sku, "every SKU needs its QuickBooks item id in item_refs"
        )
    return {"value": item_refs[sku], "name": sku}


def _lines(
    lines: tuple[ComputedLine, ...],
    shipping: ComputedLine | None,
    item_refs: Mapping[str, str],
) -> list[dict[str, Any]]:
    if not isinstance(item_refs, Mapping):
        raise WrongType("item_refs", item_refs, "item_refs maps each SKU to its QuickBooks item id")
    body: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        body.append(
            {
                "LineNum": number,
                "Description": line.description or line.sku,
                "Amount": line.amount.amount,
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": _item(line.sku, item_refs),
                    "Qty": Decimal(line.quantity),
                    "UnitPrice": line.unit_price.amount,
                },
            }
        )
    currency = lines[0].currency
    discount = sum_money((line.discount for line in lines), currency)
    if discount:
        body.append(
            {
                "Amount": discount.amount,
                "DetailType": "DiscountLineDetail",
                "DiscountLineDetail": {"PercentBased": False},
            }
        )
    if shipping is not None:
        body.append(
            {
                "Description": "Shipping",
                "Amount": shipping.amount.amount,
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": {"value": SHIPPING_ITEM_ID},
                    "Qty": Decimal(1),
                    "UnitPrice": shipping.unit_price.amount,
                },
            }
        )
    return body


def _common(
    lines: list[dict[str, Any]],
    *,
    number: str,
    customer_ref: str,
    currency: str,
    tax: Money,
    total: Money,
    mode: TaxMode,
) -> dict[str, Any]:
    if not isinstance(customer_ref, str) or not customer_ref.strip():
        raise ValidationError("customer_ref", customer_ref, "the QuickBooks customer id")
    return {
        "DocNumber": number,
        "CustomerRef": {"value": customer_ref},
        "CurrencyRef": {"value": currency},
        "GlobalTaxCalculation": "TaxInclusive" if mode is TaxMode.INCLUSIVE else "TaxExcluded",
        "Line": lines,
        "TxnTaxDetail": {"TotalTax": tax.amount},
        "TotalAmt": total.amount,
    }


def invoice_body(
    invoice: Invoice, *, customer_ref: str, item_refs: Mapping[str, str]
) -> dict[str, Any]:
    """The QBO ``Invoice`` for an issued ordercore invoice (a draft has no number or date)."""
    if not isinstance(invoice, Invoice):
        raise WrongType("invoice", invoice, "an ordercore Invoice")
    if invoice.status is InvoiceStatus.DRAFT or invoice.number is None:
        raise ValidationError("invoice", invoice.id, "only an issued invoice goes to QuickBooks")
    assert invoice.issued_at is not None  # noqa: S101 - issued invoices carry their instant
    assert invoice.timezone is not None  # noqa: S101
    totals = invoice.totals
    body = _common(
        _lines(totals.lines, totals.shipping, item_refs),
        number=invoice.number,
        customer_ref=customer_ref,
        currency=totals.currency.code,
        tax=totals.tax_total,
        total=totals.total,
        mode=totals.tax_mode,
    )
    body["TxnDate"] = local_date(invoice.issued_at, invoice.timezone).isoformat()
    if invoice.schedule:
        body["DueDate"] = invoice.schedule[-1].due_on.isoformat()
    if invoice.terms is not None:
        body["SalesTermRef"] = {"name": str(invoice.terms)}
    if invoice.order_id is not None:
        body["PrivateNote"] = f"ordercore order {invoice.order_id}, invoice {invoice.id}"
    return body


def credit_memo_body(
    note: CreditNote,
    *,
    customer_ref: str,
    item_refs: Mapping[str, str],
    timezone: str,
    tax_mode: TaxMode = TaxMode.EXCLUSIVE,
) -> dict[str, Any]:
    """The QBO ``CreditMemo`` for an ordercore credit note (amounts positive, as QBO wants)."""
    if not isinstance(note, CreditNote):
        raise WrongType("note", note, "an ordercore CreditNote")
    currency = note.all_lines[0].currency
    body = _common(
        _lines(note.lines, note.shipping, item_refs),
        number=note.number,
        customer_ref=customer_ref,
        currency=currency.code,
        tax=note.tax_total,
        total=note.total,
        mode=tax_mode,
    )
    body["TxnDate"] = local_date(note.issued_at, timezone).isoformat()
    reason = f": {note.reason}" if note.reason else ""
    body["PrivateNote"] = f"credit for invoice {note.invoice_number}{reason}"
    return body


def payment_body(
    payment: AppliedPayment,
    *,
    customer_ref: str,
    invoice_txn_id: str,
    timezone: str,
    invoice_id: str | None = None,
) -> dict[str, Any]:
    """The QBO ``Payment`` for a payment ordercore applied to an invoice.

    ``TotalAmt`` is what was received; one line of the ``applied`` amount links the QBO invoice
    ``invoice_txn_id`` (``LinkedTxn`` of ``TxnType`` ``Invoice``), so QBO keeps the rest (the
    customer's credit) as ``UnappliedAmt``. A payment that applied nothing has no line.
    ``TxnDate`` is the day it was received in ``timezone``; ``PaymentRefNum`` is ordercore's
    payment reference. An early-payment discount is not a QBO payment field: it is named in
    ``PrivateNote`` for the accountant (see ``docs/channels.md``).
    """
    if not isinstance(payment, AppliedPayment):
        raise WrongType("payment", payment, "an ordercore AppliedPayment (from Invoice.payments)")
    for field, value in (("customer_ref", customer_ref), ("invoice_txn_id", invoice_txn_id)):
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(field, value, "a QuickBooks id is a non-blank string")
    lines: list[dict[str, Any]] = []
    if payment.applied:
        lines.append(
            {
                "Amount": payment.applied.amount,
                "LinkedTxn": [{"TxnId": invoice_txn_id, "TxnType": "Invoice"}],
            }
        )
    note = f"ordercore payment {payment.payment_ref}"
    if invoice_id is not None:
        note += f" on invoice {invoice_id}"
    if payment.discount:
        note += f"; early-payment discount {payment.discount} granted"
    return {
        "CustomerRef": {"value": customer_ref},
        "CurrencyRef": {"value": payment.received.currency.code},
        "TotalAmt": payment.received.amount,
        "TxnDate": local_date(payment.at, timezone).isoformat(),
        "PaymentRefNum": payment.payment_ref,
        "Line": lines,
        "PrivateNote": note,
    }


def refund_receipt_body(
    refund: PaymentRefunded,
    *,
    customer_ref: str,
    deposit_account_ref: str,
    refund_item_ref: str,
    timezone: str,
) -> dict[str, Any]:
    """The QBO ``RefundReceipt`` for money ordercore recorded as paid back (``PaymentRefunded``).

    QBO requires ``DepositToAccountRef`` (the bank or other-current-asset account the money was
    paid back from) and at least one ``SalesItemLineDetail`` line: the refund is one line of
    ``Amount`` = ``TotalAmt`` = the refunded amount on the QBO item ``refund_item_ref`` (``Qty``
    1). ``TxnDate`` is the day of the refund in ``timezone``; ``PaymentRefNum`` is the gateway's
    refund reference; ``CurrencyRef`` the payment's currency; ``PrivateNote`` cites the source
    (order, payment and event version) for the accountant. Field names follow Intuit's QBO
    Accounting API reference for the RefundReceipt entity.
    """
    if not isinstance(refund, PaymentRefunded):
        raise WrongType("refund", refund, "an ordercore PaymentRefunded event")
    refs = (
        ("customer_ref", customer_ref),
        ("deposit_account_ref", deposit_account_ref),
        ("refund_item_ref", refund_item_ref),
    )
    for field, value in refs:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(field, value, "a QuickBooks id is a non-blank string")
    amount = refund.amount
    return {
        "CustomerRef": {"value": customer_ref},
        "DepositToAccountRef": {"value": deposit_account_ref},
        "CurrencyRef": {"value": amount.currency.code},
        "TxnDate": local_date(refund.occurred_at, timezone).isoformat(),
        "PaymentRefNum": refund.reference,
        "Line": [
            {
                "LineNum": 1,
                "Description": f"Refund on order {refund.order_id}",
                "Amount": amount.amount,
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": {"value": refund_item_ref},
                    "Qty": Decimal(1),
                    "UnitPrice": amount.amount,
                },
            }
        ],
        "TotalAmt": amount.amount,
        "PrivateNote": (
            f"ordercore refund {refund.reference} of payment {refund.entity_id} "
            f"(order {refund.order_id}, event {refund.version})"
        ),
    }
