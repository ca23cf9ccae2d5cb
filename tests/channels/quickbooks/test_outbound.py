import json
from decimal import Decimal

import pendulum
import pytest

from ordercore.channels.quickbooks import (
    credit_memo_body,
    invoice_body,
    map_credit_memo,
    map_invoice,
    qbo_json,
)
from ordercore.domain.billing import Invoice
from ordercore.domain.billing.totals import DocumentLine, Shipping
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money

AT = pendulum.datetime(2026, 11, 26, 3, 30, tz="UTC")
ITEMS = {"RETRO-CLOCK": "11", "BLUE-VASE": "12"}


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def issued_invoice() -> Invoice:
    invoice = Invoice.from_lines(
        "inv-1",
        [
            DocumentLine("RETRO-CLOCK", 2, usd("49.50"), Decimal("0.06"), usd("5.00"), "Clock"),
            DocumentLine("BLUE-VASE", 1, usd("20.00")),
        ],
        at=AT,
        order_id="order-1",
        order_discount=usd("3.00"),
        shipping=Shipping(usd("4.95")),
    )
    invoice.issue("1037", AT, "Net 30", "America/New_York")
    return invoice


def test_an_invoice_becomes_a_qbo_invoice_with_decimal_money_and_local_dates() -> None:
    body = invoice_body(issued_invoice(), customer_ref="58", item_refs=ITEMS)
    assert (
        "2026-11-25",
        "2026-12-25",
        {"name": "Net 30"},
        [Decimal("99.00"), Decimal("20.00"), Decimal("8.00"), Decimal("4.95")],
        Decimal("5.49"),
        Decimal("121.44"),
    ) == (
        body["TxnDate"],
        body["DueDate"],
        body["SalesTermRef"],
        [line["Amount"] for line in body["Line"]],
        body["TxnTaxDetail"]["TotalTax"],
        body["TotalAmt"],
    )


def test_the_qbo_invoice_reads_back_as_a_reconciled_qbo_document() -> None:
    body = invoice_body(issued_invoice(), customer_ref="58", item_refs={**ITEMS})
    text = qbo_json({"Invoice": {**body, "Id": "130", "SyncToken": "0"}})
    document = map_invoice(json.loads(text, parse_float=Decimal), account="9130357")
    assert (True, usd("121.44")) == (document.reconciliation.reconciles, document.total)


def test_qbo_json_writes_amounts_as_exact_json_numbers() -> None:
    assert '{"Amount": 19.90, "Qty": 2, "Note": "1.5"}' == qbo_json(
        {"Amount": Decimal("19.90"), "Qty": Decimal(2), "Note": "1.5"}
    )


def test_refuses_a_sku_without_a_quickbooks_item_id() -> None:
    with pytest.raises(ValidationError) as caught:
        invoice_body(issued_invoice(), customer_ref="58", item_refs={"RETRO-CLOCK": "11"})
    assert "BLUE-VASE" == caught.value.value


def test_refuses_a_draft_invoice() -> None:
    draft = Invoice.from_lines("inv-2", [DocumentLine("BLUE-VASE", 1, usd("20.00"))], at=AT)
    with pytest.raises(ValidationError):
        invoice_body(draft, customer_ref="58", item_refs=ITEMS)


def test_a_credit_note_becomes_a_credit_memo_that_reads_back_reconciled() -> None:
    invoice = issued_invoice()
    note = invoice.issue_credit_note(
        "cn-1", "CN-1", AT.add(days=2), quantities={"BLUE-VASE": 1}, reason="chipped"
    ).note
    body = credit_memo_body(note, customer_ref="58", item_refs=ITEMS, timezone="America/New_York")
    text = qbo_json({"CreditMemo": {**body, "Id": "140", "SyncToken": "0"}})
    memo = map_credit_memo(json.loads(text, parse_float=Decimal), account="9130357")
    assert ("2026-11-27", "credit for invoice 1037: chipped", usd("19.47"), True) == (
        body["TxnDate"],
        body["PrivateNote"],
        memo.total,
        memo.reconciliation.reconciles,
    )
