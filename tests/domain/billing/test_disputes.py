import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.billing.payment_errors import ChargebackExceedsCaptured
from ordercore.domain.billing.payment_events import (
    DisputeEvidenceSubmitted,
    DisputeLost,
    DisputeWon,
    PaymentChargedBack,
)
from ordercore.domain.billing.payment_ledger import PaymentMethod
from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import InvalidTransition, ValidationError, WrongType
from ordercore.kernel.money import Money

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def captured(amount: str = "100.00") -> Payment:
    payment = Payment.start("pay-1", "order-RETRO-CLOCK", PaymentMethod.CARD, "USD")
    payment.record_sale(usd(amount), "ch_1", T0)
    return payment


def test_a_chargeback_withdraws_its_amount_and_opens_a_dispute() -> None:
    payment = captured()
    result = payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5), "fraudulent")
    assert PaymentState.DISPUTED == result.state
    assert usd("30.00") == payment.open_dispute
    assert usd("70.00") == payment.net_paid
    assert usd("70.00") == payment.refundable


def test_a_won_dispute_reinstates_the_amount() -> None:
    payment = captured()
    payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    payment.submit_evidence("ev_1", T0.add(days=6), "tracking shows delivery")
    result = payment.win_dispute("dp_1-won", T0.add(days=40))
    assert PaymentState.CAPTURED == result.state
    assert usd("100.00") == payment.net_paid
    assert usd("0.00") == payment.disputed


def test_a_lost_dispute_keeps_the_amount_withdrawn_and_the_rest_refundable() -> None:
    payment = captured()
    payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    result = payment.lose_dispute("dp_1-lost", T0.add(days=40))
    assert PaymentState.PARTIALLY_REFUNDED == result.state
    assert usd("70.00") == payment.net_paid
    payment.refund(usd("70.00"), "re_1", T0.add(days=41))
    assert PaymentState.REFUNDED == payment.state


def test_losing_a_dispute_over_everything_kept_ends_charged_back() -> None:
    payment = captured()
    payment.refund(usd("40.00"), "re_1", T0.add(days=1))
    payment.charge_back(usd("60.00"), "dp_1", T0.add(days=5))
    result = payment.lose_dispute("dp_1-lost", T0.add(days=40))
    assert PaymentState.CHARGED_BACK == result.state
    assert usd("0.00") == payment.net_paid


def test_winning_after_a_refund_returns_to_partially_refunded() -> None:
    payment = captured()
    payment.refund(usd("40.00"), "re_1", T0.add(days=1))
    payment.charge_back(usd("60.00"), "dp_1", T0.add(days=5))
    assert PaymentState.PARTIALLY_REFUNDED == payment.win_dispute("w", T0.add(days=9)).state


def test_a_chargeback_above_what_is_kept_is_refused_naming_the_amounts() -> None:
    payment = captured()
    payment.refund(usd("80.00"), "re_1", T0.add(days=1))
    with pytest.raises(ChargebackExceedsCaptured) as caught:
        payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    message = str(caught.value)
    assert "30.00" in message
    assert "20.00" in message
    assert "10.00" in message
    assert 2 == payment.version


def test_a_chargeback_dated_before_the_capture_is_refused_naming_both_instants() -> None:
    payment = captured()
    with pytest.raises(ValidationError) as caught:
        payment.charge_back(usd("30.00"), "dp_1", T0.subtract(hours=1))
    message = str(caught.value)
    assert T0.subtract(hours=1).isoformat() in message
    assert T0.isoformat() in message
    assert PaymentState.CAPTURED == payment.state


def test_no_refund_and_no_second_chargeback_while_a_dispute_is_open() -> None:
    payment = captured()
    payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    with pytest.raises(InvalidTransition):
        payment.refund(usd("10.00"), "re_1", T0.add(days=6))
    with pytest.raises(InvalidTransition):
        payment.charge_back(usd("10.00"), "dp_2", T0.add(days=6))
    assert usd("30.00") == payment.open_dispute


def test_deciding_without_an_open_dispute_is_refused() -> None:
    payment = captured()
    with pytest.raises(InvalidTransition, match="no dispute is open"):
        payment.win_dispute("w", T0.add(days=1))


def test_a_repeated_chargeback_webhook_changes_nothing() -> None:
    payment = captured()
    payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    assert payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5)).duplicate
    assert 2 == payment.version


def test_each_dispute_step_emits_its_event_and_replays_to_the_same_payment() -> None:
    payment = captured()
    payment.charge_back(usd("30.00"), "dp_1", T0.add(days=5))
    payment.submit_evidence("ev_1", T0.add(days=6))
    payment.lose_dispute("lost", T0.add(days=9))
    payment.charge_back(usd("10.00"), "dp_2", T0.add(days=10))
    payment.win_dispute("won", T0.add(days=20))
    events = payment.pull_events()
    expected = [PaymentChargedBack, DisputeEvidenceSubmitted, DisputeLost, PaymentChargedBack]
    assert [*expected, DisputeWon] == [type(event) for event in events[1:]]
    assert payment == Payment.replay(events)


@settings(deadline=None)
@given(
    st.integers(1, 100_00),
    st.lists(
        st.tuples(
            st.sampled_from(["refund", "dispute_won", "dispute_lost"]), st.integers(1, 100_00)
        ),
        max_size=8,
    ),
)
def test_money_is_conserved_through_refunds_and_disputes(
    sale: int, steps: list[tuple[str, int]]
) -> None:
    payment = captured(str(Money.from_minor(sale, "USD").amount))
    at = T0
    for index, (step, cents) in enumerate(steps):
        amount = min(Money.from_minor(cents, "USD"), payment.refundable)
        at = at.add(days=1)
        if not amount.amount > 0:
            break
        if step == "refund":
            payment.refund(amount, f"re_{index}", at)
            continue
        payment.charge_back(amount, f"dp_{index}", at)
        if step == "dispute_won":
            payment.win_dispute(f"won_{index}", at)
        else:
            payment.lose_dispute(f"lost_{index}", at)
    totals = payment.totals
    lost = totals.lost if totals.lost is not None else Money.zero(payment.currency)
    assert payment.captured == payment.refunded + lost + payment.net_paid
    assert not payment.net_paid.is_negative()
    assert payment == Payment.replay(payment.pull_events())


@pytest.mark.parametrize("command", ["charge_back", "fail"])
def test_a_reason_that_is_not_text_is_refused_under_its_own_name(command: str) -> None:
    if command == "fail":
        payment = Payment.start("pay-1", "order-RETRO-CLOCK", PaymentMethod.CARD, "USD")
    else:
        payment = captured()
    before = payment.net_paid, payment.state
    with pytest.raises(WrongType) as refused:
        getattr(payment, command)(usd("30.00"), "dp_1", T0.add(days=5), reason=404)
    assert ("reason", 404) == (refused.value.fields["field"], refused.value.fields["value"])
    assert before == (payment.net_paid, payment.state)
