"""A stored payment whose ledger moves more money than it may is corrupt."""

from __future__ import annotations

import json
from typing import Any

import pendulum
import pytest
from hypothesis import given

from ordercore.domain.billing.payments import Payment
from ordercore.kernel.money import Money
from ordercore.ports import Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.strategies_payments import payments

CODEC = Codec()
AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")


def captured_payment() -> dict[str, Any]:
    """A card payment of order-1: 40 USD authorized, 25 captured."""
    payment = Payment.start("pay-1", "order-1", "card", "USD")
    payment.authorize(Money.of("40.00", "USD"), "gw_auth", AT)
    payment.capture(Money.of("25.00", "USD"), "gw_cap", AT.add(minutes=5))
    payment.pull_events()
    document: dict[str, Any] = json.loads(CODEC.dumps(payment))
    return document


def refusal(document: dict[str, Any]) -> CorruptDocument:
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(Payment, json.dumps(document))
    return refused.value


@given(payments())
def test_every_payment_the_strategies_build_passes_its_invariants_and_round_trips(
    payment: Payment,
) -> None:
    payment.check_invariants()
    assert payment == CODEC.loads(Payment, CODEC.dumps(payment))


def test_a_sound_stored_payment_decodes() -> None:
    payment = CODEC.loads(Payment, json.dumps(captured_payment()))
    assert Money.of("25.00", "USD") == payment.captured


def test_a_stored_payment_capturing_more_than_was_authorized_is_corrupt() -> None:
    document = captured_payment()
    document["ledger"]["operations"][1]["amount"]["amount"] = "45.00"
    assert "never exceed the authorized 40.00 USD" in str(refusal(document))


def test_a_stored_payment_refunding_more_than_was_captured_is_corrupt() -> None:
    document = captured_payment()
    refund = dict(document["ledger"]["operations"][1], kind="refund", reference="gw_ref")
    refund["amount"] = dict(refund["amount"], amount="30.00")
    document["ledger"]["operations"].append(refund)
    assert "refunds never exceed the captured 25.00 USD" in str(refusal(document))


def test_a_stored_payment_with_a_negative_version_is_corrupt() -> None:
    document = captured_payment()
    document["version"] = -3
    assert "version" in str(refusal(document))
