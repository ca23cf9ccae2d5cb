import pytest

from ordercore.domain.billing import PaymentState
from ordercore.domain.billing.payment_errors import ChargebackExceedsCaptured
from ordercore.domain.orders import InvoicingPolicy
from ordercore.memory import MemoryStore
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.service import Engine
from tests.service.helpers import an_order, eur, payment_in, shop


def captured_shop() -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("110.00"), "gw-cap-1")
    return engine, store


def test_a_chargeback_through_the_engine_withdraws_money_until_the_dispute_is_won() -> None:
    engine, store = captured_shop()
    engine.record_chargeback("order-1", eur("40.00"), "dp-1", reason="not received")
    assert (PaymentState.DISPUTED, eur("70.00")) == (
        payment_in(store).state,
        payment_in(store).net_paid,
    )
    engine.record_dispute_evidence("order-1", "ev-1", note="signed delivery")
    engine.record_dispute_won("order-1", "dp-1-won")
    assert (PaymentState.CAPTURED, eur("110.00")) == (
        payment_in(store).state,
        payment_in(store).net_paid,
    )


def test_a_lost_dispute_through_the_engine_keeps_the_money_withdrawn() -> None:
    engine, store = captured_shop()
    engine.record_chargeback("order-1", eur("110.00"), "dp-1")
    engine.record_dispute_lost("order-1", "dp-1-lost")
    assert (PaymentState.CHARGED_BACK, eur("0.00")) == (
        payment_in(store).state,
        payment_in(store).net_paid,
    )


def test_a_chargeback_above_the_capture_is_refused_and_writes_nothing() -> None:
    engine, store = captured_shop()
    before = store.snapshot()
    with pytest.raises(ChargebackExceedsCaptured, match=r"110\.01"):
        engine.record_chargeback("order-1", eur("110.01"), "dp-1")
    assert before == store.snapshot()


def test_a_dispute_step_retried_with_its_key_is_recalled_and_another_note_is_refused() -> None:
    engine, store = captured_shop()
    engine.record_chargeback("order-1", eur("40.00"), "dp-1", idempotency_key="cb")
    first = engine.record_dispute_evidence("order-1", "ev-1", note="tracking", idempotency_key="k")
    before = store.snapshot()
    assert first == engine.record_dispute_evidence(
        "order-1", "ev-1", note="tracking", idempotency_key="k"
    )
    assert before == store.snapshot()
    with pytest.raises(IdempotencyKeyReused):
        engine.record_dispute_evidence("order-1", "ev-1", note="photos", idempotency_key="k")
