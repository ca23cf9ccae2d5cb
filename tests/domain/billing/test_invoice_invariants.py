"""A stored invoice with amounts no command could produce is corrupt."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from ordercore.domain.billing.invoices import Invoice
from ordercore.ports import Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.strategies_invoices import issued_invoices, worked_invoices

CODEC = Codec()


def refusal(document: dict[str, Any]) -> CorruptDocument:
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(Invoice, json.dumps(document))
    return refused.value


@given(worked_invoices())
def test_every_invoice_the_strategies_build_passes_its_invariants_and_round_trips(
    invoice: Invoice,
) -> None:
    invoice.check_invariants()
    assert invoice == CODEC.loads(Invoice, CODEC.dumps(invoice))


@given(issued_invoices())
def test_a_stored_invoice_with_a_negative_payment_is_corrupt(invoice: Invoice) -> None:
    document = json.loads(CODEC.dumps(invoice))
    document["amount_paid"]["amount"] = "-5"
    assert "an amount of an invoice is >= 0" in str(refusal(document))


@given(issued_invoices())
def test_a_stored_invoice_paid_beyond_its_total_is_corrupt(invoice: Invoice) -> None:
    document = json.loads(CODEC.dumps(invoice))
    document["amount_paid"]["amount"] = str(invoice.total.amount + 1)
    assert "never exceed the total" in str(refusal(document))


@given(issued_invoices())
def test_a_stored_invoice_with_a_negative_version_is_corrupt(invoice: Invoice) -> None:
    document = json.loads(CODEC.dumps(invoice))
    document["version"] = -1
    assert "version" in str(refusal(document))
