import copy
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import ChannelPayloadError, ExternalRef, SyncDecision, SyncLedger
from ordercore.channels.quickbooks import map_credit_memo, map_invoice, map_payment
from ordercore.domain.billing import PaymentTerms
from ordercore.kernel.money import Money
from tests.channels.helpers import load

REALM = "9130357"


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_payment_says_which_invoices_it_pays_and_how_much() -> None:
    payment = map_payment(load("quickbooks", "payment.json"), account=REALM)
    assert [
        (ExternalRef("quickbooks", REALM, "130"), usd("100.00")),
        (ExternalRef("quickbooks", REALM, "131"), usd("40.00")),
    ] == [(a.txn_ref, a.amount) for a in payment.invoices]


def test_a_payment_keeps_what_it_did_not_apply_and_reconciles_it() -> None:
    payment = map_payment(load("quickbooks", "payment.json"), account=REALM)
    assert (usd("10.00"), True, "quickbooks/9130357/212") == (
        payment.unapplied,
        payment.reconciliation.reconciles,
        payment.payment_ref,
    )


def test_the_sync_token_is_the_payment_version() -> None:
    payload = load("quickbooks", "payment.json")
    first = map_payment(payload, account=REALM)
    payload["Payment"]["SyncToken"] = "1"
    second = map_payment(payload, account=REALM)
    ledger = SyncLedger().observe(first.ref, first.version).ledger
    assert [SyncDecision.SAME, SyncDecision.NEWER] == [
        ledger.observe(first.ref, first.version).decision,
        ledger.observe(second.ref, second.version).decision,
    ]


def test_a_credit_memo_used_in_a_payment_adds_to_what_it_can_apply() -> None:
    payload = load("quickbooks", "payment.json")
    payload["Payment"]["Line"].append(
        {"Amount": Decimal("20.00"), "LinkedTxn": [{"TxnId": "140", "TxnType": "CreditMemo"}]}
    )
    payment = map_payment(payload, account=REALM)
    assert (usd("30.00"), ("UnappliedAmt",)) == (
        payment.unapplied,
        payment.reconciliation.mismatched_fields(),
    )


def test_refuses_a_payment_that_applies_more_than_it_brings() -> None:
    payload = load("quickbooks", "payment.json")
    payload["Payment"]["Line"][0]["Amount"] = Decimal("200.00")
    with pytest.raises(ChannelPayloadError) as caught:
        map_payment(payload, account=REALM)
    assert "Payment.Line" == caught.value.path


def test_refuses_a_payment_line_linked_to_a_journal_entry() -> None:
    payload = load("quickbooks", "payment.json")
    payload["Payment"]["Line"][1]["LinkedTxn"][0]["TxnType"] = "JournalEntry"
    with pytest.raises(ChannelPayloadError) as caught:
        map_payment(payload, account=REALM)
    assert "Payment.Line[1].LinkedTxn[0].TxnType" == caught.value.path


@given(
    st.sampled_from(
        [
            ("TotalAmt", 150.0),
            ("TotalAmt", Decimal("-1")),
            ("SyncToken", "v2"),
            ("TxnDate", "2026-11-20T10:00:00Z"),
            ("CurrencyRef", None),
        ]
    )
)
def test_a_malformed_payment_is_refused_naming_the_path_and_left_as_it_was(
    breakage: tuple[str, Any],
) -> None:
    key, value = breakage
    payload = load("quickbooks", "payment.json")
    payload["Payment"][key] = value
    before = copy.deepcopy(payload)
    with pytest.raises(ChannelPayloadError) as caught:
        map_payment(payload, account=REALM)
    assert (f"Payment.{key}", before) == (caught.value.path, payload)


def test_an_invoice_reads_its_lines_terms_dates_and_balance() -> None:
    invoice = map_invoice(load("quickbooks", "invoice.json"), account=REALM)
    assert (
        [("11", "RETRO-CLOCK", 2, usd("49.50")), ("12", "BLUE-VASE", 1, usd("20.00"))],
        PaymentTerms.net(30),
        pendulum.date(2026, 11, 2),
        pendulum.date(2026, 12, 2),
        usd("16.49"),
        True,
    ) == (
        [(x.item_id, x.item_name, x.quantity, x.unit_price) for x in invoice.lines],
        invoice.terms,
        invoice.txn_date,
        invoice.due_date,
        invoice.balance,
        invoice.reconciliation.reconciles,
    )


def test_an_invoice_line_whose_amount_is_not_qty_times_price_is_reported() -> None:
    payload = load("quickbooks", "invoice.json")
    payload["Invoice"]["Line"][0]["Amount"] = Decimal("100.00")
    report = map_invoice(payload, account=REALM).reconciliation
    assert [
        ("Invoice.Line[0].Amount", usd("1.00")),
        ("Invoice.Line[2].Amount", usd("-1.00")),
        ("TotalAmt", usd("-1.00")),
    ] == [(m.field, m.difference) for m in report.mismatches]


def test_refuses_a_fractional_quantity() -> None:
    payload = load("quickbooks", "invoice.json")
    payload["Invoice"]["Line"][0]["SalesItemLineDetail"]["Qty"] = Decimal("1.5")
    with pytest.raises(ChannelPayloadError) as caught:
        map_invoice(payload, account=REALM)
    assert "Invoice.Line[0].SalesItemLineDetail.Qty" == caught.value.path


def test_a_credit_memo_reconciles_its_discounted_line() -> None:
    memo = map_credit_memo(load("quickbooks", "creditmemo.json"), account=REALM)
    assert (usd("19.47"), usd("19.47"), True) == (
        memo.total,
        memo.balance,
        memo.reconciliation.reconciles,
    )
