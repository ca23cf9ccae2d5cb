import json
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels.quickbooks import (
    credit_memo_body,
    invoice_body,
    map_credit_memo,
    map_invoice,
    map_payment,
    payment_body,
    qbo_json,
)
from ordercore.domain.billing import Invoice
from ordercore.domain.billing.invoice_results import AppliedPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping
from ordercore.kernel.errors import ValidationError, WrongType
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


def paid_in_part(amount: str, ref: str = "CHK-4471") -> AppliedPayment:
    invoice = issued_invoice()
    return invoice.apply_payment(ref, usd(amount), AT.add(days=3)).payment


def test_a_payment_becomes_a_qbo_payment_linked_to_the_qbo_invoice() -> None:
    body = payment_body(
        paid_in_part("50.00"), customer_ref="58", invoice_txn_id="130", timezone="America/New_York"
    )
    assert {
        "CustomerRef": {"value": "58"},
        "CurrencyRef": {"value": "USD"},
        "TotalAmt": Decimal("50.00"),
        "TxnDate": "2026-11-28",
        "PaymentRefNum": "CHK-4471",
        "Line": [
            {"Amount": Decimal("50.00"), "LinkedTxn": [{"TxnId": "130", "TxnType": "Invoice"}]}
        ],
        "PrivateNote": "ordercore payment CHK-4471",
    } == body


def test_an_overpayment_pays_the_balance_and_leaves_the_rest_unapplied_in_quickbooks() -> None:
    body = payment_body(
        paid_in_part("150.00"), customer_ref="58", invoice_txn_id="130", timezone="UTC"
    )
    text = qbo_json({"Payment": {**body, "Id": "212", "SyncToken": "0"}})
    read = map_payment(json.loads(text, parse_float=Decimal), account="9130357")
    assert (usd("150.00"), [usd("121.44")], usd("28.56")) == (
        read.total,
        [applied.amount for applied in read.invoices],
        read.unapplied,
    )


def test_refuses_a_payment_without_the_qbo_invoice_id() -> None:
    with pytest.raises(ValidationError) as caught:
        payment_body(paid_in_part("10.00"), customer_ref="58", invoice_txn_id=" ", timezone="UTC")
    assert "invoice_txn_id" == caught.value.field


def test_refuses_something_that_is_not_an_applied_payment() -> None:
    with pytest.raises(WrongType):
        payment_body(usd("10.00"), customer_ref="58", invoice_txn_id="130", timezone="UTC")  # type: ignore[arg-type]


@given(st.integers(1, 30_000))
def test_any_payment_reads_back_as_received_applied_and_kept_as_credit(cents: int) -> None:
    payment = paid_in_part(f"{cents // 100}.{cents % 100:02d}")
    body = payment_body(payment, customer_ref="58", invoice_txn_id="130", timezone="UTC")
    text = qbo_json({"Payment": {**body, "Id": "212", "SyncToken": "0"}})
    read = map_payment(json.loads(text, parse_float=Decimal), account="9130357")
    assert (payment.received, [payment.applied], payment.credit) == (
        read.total,
        [applied.amount for applied in read.invoices],
        read.unapplied,
    )


def test_an_invoice_body_without_an_item_map_is_refused_by_name() -> None:
    with pytest.raises(WrongType, match="item_refs"):
        invoice_body(issued_invoice(), customer_ref="58", item_refs=None)  # type: ignore[arg-type]
