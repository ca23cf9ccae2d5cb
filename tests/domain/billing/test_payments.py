import copy
import re
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest

from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ConflictingGatewayReference,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.payment_events import (
    DisputeLost,
    PaymentAuthorized,
    PaymentCaptured,
    PaymentEvent,
    PaymentExpired,
    PaymentFailed,
    PaymentRefunded,
    PaymentVoided,
    payment_event,
)
from ordercore.domain.billing.payment_ledger import (
    OperationKind,
    PaymentMethod,
    PaymentOperation,
)
from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import (
    CurrencyMismatch,
    InvalidTransition,
    NaiveDatetime,
    OrdercoreError,
    ValidationError,
    WrongType,
)
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import CurrencyTable, Money

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def card_payment() -> Payment:
    return Payment.start("pay-1", "order-RETRO-CLOCK", PaymentMethod.CARD, "USD")


def authorized(amount: str = "100.00", *, expires_in_days: int | None = None) -> Payment:
    payment = card_payment()
    expires_at = None if expires_in_days is None else T0.add(days=expires_in_days)
    payment.authorize(usd(amount), "auth_1", T0, expires_at=expires_at)
    payment.pull_events()
    return payment


def captured(amount: str = "100.00") -> Payment:
    payment = authorized(amount)
    payment.capture(usd(amount), "cap_1", T0)
    payment.pull_events()
    return payment


def assert_refused_changes_nothing(
    payment: Payment, error: type[Exception], attempt: Callable[[], object]
) -> None:
    before = copy.deepcopy(payment)
    events_before = list(payment.events)
    with pytest.raises(error):
        attempt()
    assert before == payment
    assert events_before == payment.events


# -- starting -------------------------------------------------------------------------------------


def test_starts_pending_at_version_zero_with_an_empty_ledger() -> None:
    payment = card_payment()
    assert (PaymentState.PENDING, 0, ()) == (payment.state, payment.version, payment.operations)
    assert usd("0.00") == payment.authorized == payment.captured == payment.refunded


def test_normalises_the_currency_code_and_the_method_name() -> None:
    payment = Payment.start("pay-1", "order-1", "store_credit", "eur")
    assert ("EUR", PaymentMethod.STORE_CREDIT) == (payment.currency.code, payment.method)


def test_accepts_a_currency_from_a_channel_table() -> None:
    table = CurrencyTable.default().with_currency("HUF", 0)
    assert 0 == Payment.start("pay-1", "order-1", "card", "HUF", table=table).currency.exponent


def test_refuses_an_unknown_payment_method() -> None:
    with pytest.raises(ValidationError, match="method='cheque'"):
        Payment.start("pay-1", "order-1", "cheque", "USD")


def test_refuses_an_empty_payment_id() -> None:
    with pytest.raises(ValidationError, match="id=''"):
        Payment.start("", "order-1", "card", "USD")


# -- authorize and capture ------------------------------------------------------------------------


def test_captures_in_several_parts_while_the_total_stays_within_the_authorization() -> None:
    payment = authorized("100.00")
    payment.capture(usd("30.00"), "cap_1", T0.add(hours=1))
    payment.capture(usd("50.00"), "cap_2", T0.add(hours=2))
    expected = (PaymentState.PARTIALLY_CAPTURED, usd("80.00"), usd("20.00"), 3)
    assert expected == (payment.state, payment.captured, payment.capturable, payment.version)


def test_capturing_the_rest_settles_the_payment_as_captured() -> None:
    payment = authorized("100.00")
    payment.capture(usd("40.00"), "cap_1", T0)
    result = payment.capture(usd("60.00"), "cap_2", T0)
    assert (PaymentState.CAPTURED, usd("0.00")) == (result.state, payment.capturable)


def test_refuses_a_capture_above_what_remains_authorized_saying_by_how_much() -> None:
    payment = authorized("100.00")
    payment.capture(usd("70.00"), "cap_1", T0)
    with pytest.raises(CaptureExceedsAuthorization) as caught:
        payment.capture(usd("30.01"), "cap_2", T0)
    expected = (usd("30.01"), usd("30.00"), usd("0.01"))
    assert expected == (caught.value.requested, caught.value.available, caught.value.overshoot)
    assert "30.01 USD" in str(caught.value)
    assert "30.00 USD" in str(caught.value)
    assert "overshoots by 0.01 USD" in str(caught.value)


def test_a_refused_capture_changes_nothing() -> None:
    payment = authorized("100.00")
    assert_refused_changes_nothing(
        payment,
        CaptureExceedsAuthorization,
        lambda: payment.capture(usd("100.01"), "cap_1", T0),
    )


def test_refuses_to_capture_before_anything_is_authorized() -> None:
    payment = card_payment()
    with pytest.raises(CaptureExceedsAuthorization) as caught:
        payment.capture(usd("5.00"), "cap_1", T0)
    assert usd("0.00") == caught.value.available


def test_an_incremental_authorization_raises_what_can_be_captured() -> None:
    payment = authorized("100.00")
    payment.capture(usd("60.00"), "cap_1", T0)
    payment.authorize(usd("25.00"), "auth_2", T0.add(hours=1))
    expected = (PaymentState.PARTIALLY_CAPTURED, usd("125.00"), usd("65.00"))
    assert expected == (payment.state, payment.authorized, payment.capturable)


def test_refuses_to_authorize_a_settled_payment() -> None:
    payment = captured()
    assert_refused_changes_nothing(
        payment, InvalidTransition, lambda: payment.authorize(usd("1.00"), "auth_9", T0)
    )


def test_records_a_bank_transfer_as_a_sale_authorized_and_captured_at_once() -> None:
    payment = Payment.start("pay-2", "order-BLUE-VASE", "bank_transfer", "EUR")
    result = payment.record_sale(Money.of("49.90", "EUR"), "sepa_77", T0)
    expected = (PaymentState.CAPTURED, Money.of("49.90", "EUR"), Money.of("49.90", "EUR"))
    assert expected == (result.state, payment.authorized, payment.captured)
    assert [PaymentCaptured] == [type(event) for event in payment.pull_events()]


def test_records_a_declined_first_attempt_as_failed() -> None:
    payment = card_payment()
    result = payment.fail(usd("19.99"), "ch_declined", T0, "insufficient funds")
    assert (PaymentState.FAILED, "insufficient funds") == (result.state, result.operation.note)
    assert usd("0.00") == payment.authorized


def test_refuses_to_fail_an_authorized_payment() -> None:
    payment = authorized()
    assert_refused_changes_nothing(
        payment, InvalidTransition, lambda: payment.fail(usd("1.00"), "ch_x", T0)
    )


# -- void -----------------------------------------------------------------------------------------


def test_voiding_an_untouched_authorization_voids_the_payment() -> None:
    payment = authorized("100.00")
    result = payment.void("void_1", T0)
    expected = (PaymentState.VOIDED, usd("100.00"), usd("0.00"))
    assert expected == (result.state, payment.released, payment.capturable)


def test_voiding_after_a_partial_capture_releases_the_rest_and_keeps_the_capture() -> None:
    payment = authorized("100.00")
    payment.capture(usd("35.00"), "cap_1", T0)
    payment.void("void_1", T0.add(hours=1))
    expected = (PaymentState.CAPTURED, usd("35.00"), usd("65.00"), usd("35.00"))
    assert expected == (payment.state, payment.captured, payment.released, payment.refundable)


def test_refuses_to_void_once_something_is_refunded() -> None:
    payment = captured("100.00")
    payment.refund(usd("10.00"), "re_1", T0)
    assert_refused_changes_nothing(payment, InvalidTransition, lambda: payment.void("void_1", T0))


def test_refuses_to_capture_after_the_rest_was_voided_naming_the_void() -> None:
    payment = authorized("100.00")
    payment.capture(usd("35.00"), "cap_1", T0)
    payment.void("void_1", T0)
    assert_refused_changes_nothing(
        payment, InvalidTransition, lambda: payment.capture(usd("0.01"), "cap_2", T0)
    )
    with pytest.raises(InvalidTransition, match="voided at 2026-11-26T09:00:00"):
        payment.capture(usd("0.01"), "cap_2", T0)


# -- refusals name the real reason (issue 13, defect 9) -------------------------------------------


def test_capturing_a_voided_authorization_is_refused_as_voided_before_the_amount_is_compared() -> (
    None
):
    payment = authorized("100.00")
    payment.void("void_1", T0)
    with pytest.raises(InvalidTransition) as caught:
        payment.capture(usd("500.00"), "cap_1", T0)
    assert ("voided", "capture") == (caught.value.state, caught.value.trigger)
    assert "voided" in str(caught.value)


def test_capturing_a_failed_payment_is_refused_as_failed() -> None:
    payment = card_payment()
    payment.fail(usd("10.00"), "ch_no", T0)
    with pytest.raises(InvalidTransition, match="'failed'"):
        payment.capture(usd("10.00"), "cap_1", T0)


def test_refunding_a_voided_payment_is_refused_as_voided_before_the_amount_is_compared() -> None:
    payment = authorized("100.00")
    payment.void("void_1", T0)
    assert_refused_changes_nothing(
        payment, InvalidTransition, lambda: payment.refund(usd("5.00"), "re_1", T0)
    )
    with pytest.raises(InvalidTransition) as caught:
        payment.refund(usd("5.00"), "re_1", T0)
    assert ("voided", "refund") == (caught.value.state, caught.value.trigger)
    assert "voided" in str(caught.value)


def test_refunding_an_expired_payment_is_refused_as_expired() -> None:
    payment = authorized("100.00", expires_in_days=1)
    payment.tick(T0.add(days=1))
    with pytest.raises(InvalidTransition, match="'expired'"):
        payment.refund(usd("5.00"), "re_1", T0.add(days=2))


def test_a_refund_of_a_pending_payment_is_still_refused_as_nothing_captured() -> None:
    with pytest.raises(RefundExceedsCaptured):
        card_payment().refund(usd("5.00"), "re_1", T0)


# -- facts in time order (issue 13, defect 8) -----------------------------------------------------


def test_refuses_a_capture_dated_before_its_authorization_naming_both_instants() -> None:
    payment = authorized("100.00")
    early = T0.subtract(minutes=5)
    assert_refused_changes_nothing(
        payment, ValidationError, lambda: payment.capture(usd("10.00"), "cap_1", early)
    )
    with pytest.raises(ValidationError) as caught:
        payment.capture(usd("10.00"), "cap_1", early)
    message = str(caught.value)
    assert ("at", early.isoformat()) == (caught.value.field, caught.value.value)
    assert early.isoformat() in message
    assert T0.isoformat() in message


def test_a_capture_at_the_instant_of_its_authorization_is_in_order() -> None:
    payment = authorized("100.00")
    assert PaymentState.CAPTURED == payment.capture(usd("100.00"), "cap_1", T0).state


def test_refuses_a_capture_dated_before_the_incremental_authorization_it_draws_on() -> None:
    payment = authorized("100.00")
    payment.authorize(usd("50.00"), "auth_2", T0.add(hours=2))
    with pytest.raises(ValidationError, match=re.escape(T0.add(hours=2).isoformat())):
        payment.capture(usd("120.00"), "cap_1", T0.add(hours=1))


def test_refuses_a_refund_dated_before_the_capture_naming_both_instants() -> None:
    payment = authorized("100.00")
    payment.capture(usd("100.00"), "cap_1", T0.add(hours=3))
    early = T0.add(hours=2)
    assert_refused_changes_nothing(
        payment, ValidationError, lambda: payment.refund(usd("10.00"), "re_1", early)
    )
    with pytest.raises(ValidationError) as caught:
        payment.refund(usd("10.00"), "re_1", early)
    assert early.isoformat() in str(caught.value)
    assert T0.add(hours=3).isoformat() in str(caught.value)


def test_refuses_a_void_dated_before_the_capture_it_follows() -> None:
    payment = authorized("100.00")
    payment.capture(usd("30.00"), "cap_1", T0.add(hours=3))
    with pytest.raises(ValidationError, match="before the capture"):
        payment.void("void_1", T0.add(hours=1))


# -- refund ---------------------------------------------------------------------------------------


def test_refuses_a_refund_of_one_cent_more_than_captured_with_both_amounts_in_the_message() -> None:
    payment = captured("100.00")
    with pytest.raises(RefundExceedsCaptured) as caught:
        payment.refund(usd("100.01"), "re_1", T0)
    message = str(caught.value)
    assert "100.01 USD" in message
    assert "100.00 USD" in message
    assert usd("0.01") == caught.value.overshoot


def test_refunds_in_several_parts_until_everything_is_refunded() -> None:
    payment = captured("100.00")
    assert PaymentState.PARTIALLY_REFUNDED == payment.refund(usd("40.00"), "re_1", T0).state
    assert PaymentState.PARTIALLY_REFUNDED == payment.refund(usd("50.00"), "re_2", T0).state
    assert PaymentState.REFUNDED == payment.refund(usd("10.00"), "re_3", T0).state
    assert (usd("100.00"), usd("0.00")) == (payment.refunded, payment.refundable)


def test_refuses_a_second_refund_beyond_what_is_left_to_refund() -> None:
    payment = captured("100.00")
    payment.refund(usd("60.00"), "re_1", T0)
    with pytest.raises(RefundExceedsCaptured) as caught:
        payment.refund(usd("45.00"), "re_2", T0)
    assert (usd("40.00"), usd("5.00")) == (caught.value.available, caught.value.overshoot)


def test_refuses_a_refund_while_part_of_the_authorization_is_still_open() -> None:
    payment = authorized("100.00")
    payment.capture(usd("30.00"), "cap_1", T0)
    payment.pull_events()
    assert_refused_changes_nothing(
        payment, RefundBeforeSettlement, lambda: payment.refund(usd("10.00"), "re_1", T0)
    )


# -- expiry ---------------------------------------------------------------------------------------


def test_tick_before_the_expiry_does_nothing() -> None:
    payment = authorized(expires_in_days=7)
    assert payment.tick(T0.add(days=7).subtract(microseconds=1)) is None
    assert (PaymentState.AUTHORIZED, 1) == (payment.state, payment.version)


def test_tick_at_the_boundary_instant_expires_the_open_authorization() -> None:
    payment = authorized("100.00", expires_in_days=7)
    result = payment.tick(T0.add(days=7))
    assert result is not None
    expected = (PaymentState.EXPIRED, usd("100.00"), T0.add(days=7))
    assert expected == (result.state, payment.released, result.operation.at)
    assert [PaymentExpired] == [type(event) for event in payment.pull_events()]


def test_tick_after_a_partial_capture_releases_the_rest_and_keeps_the_capture() -> None:
    payment = authorized("100.00", expires_in_days=7)
    payment.capture(usd("20.00"), "cap_1", T0.add(days=1))
    payment.tick(T0.add(days=8))
    expected = (PaymentState.CAPTURED, usd("20.00"), usd("80.00"))
    assert expected == (payment.state, payment.captured, payment.released)


def test_refuses_a_capture_dated_at_the_expiry_instant() -> None:
    payment = authorized("100.00", expires_in_days=7)
    with pytest.raises(AuthorizationExpired) as caught:
        payment.capture(usd("1.00"), "cap_1", T0.add(days=7))
    assert T0.add(days=7) == caught.value.expires_at


def test_refuses_a_capture_after_the_authorization_expired() -> None:
    payment = authorized("100.00", expires_in_days=7)
    payment.tick(T0.add(days=9))
    payment.pull_events()
    assert_refused_changes_nothing(
        payment, AuthorizationExpired, lambda: payment.capture(usd("1.00"), "cap_1", T0)
    )


def test_records_an_expiry_the_gateway_reports() -> None:
    payment = authorized("100.00")
    result = payment.expire("exp_1", T0.add(days=30))
    assert (PaymentState.EXPIRED, "exp_1") == (result.state, result.operation.reference)


def test_refuses_an_authorization_that_expires_before_it_was_made() -> None:
    payment = card_payment()
    assert_refused_changes_nothing(
        payment,
        ValidationError,
        lambda: payment.authorize(usd("1.00"), "auth_1", T0, expires_at=T0),
    )


def test_tick_leaves_a_payment_without_expiry_alone() -> None:
    payment = authorized()
    assert payment.tick(T0.add(years=5)) is None


# -- idempotency ----------------------------------------------------------------------------------


def test_recording_the_same_gateway_reference_twice_is_a_no_op_that_says_so() -> None:
    payment = authorized("100.00")
    first = payment.capture(usd("30.00"), "cap_1", T0)
    payment.pull_events()
    before = copy.deepcopy(payment)
    again = payment.capture(usd("30.00"), "cap_1", T0.add(minutes=5))
    assert (False, True) == (first.duplicate, again.duplicate)
    assert first.operation == again.operation
    assert before == payment
    assert [] == payment.events


def test_refuses_the_same_gateway_reference_with_another_amount() -> None:
    payment = authorized("100.00")
    payment.capture(usd("30.00"), "cap_1", T0)
    payment.pull_events()
    assert_refused_changes_nothing(
        payment,
        ConflictingGatewayReference,
        lambda: payment.capture(usd("31.00"), "cap_1", T0),
    )


def test_a_repeated_void_webhook_after_voiding_is_a_no_op() -> None:
    payment = authorized()
    payment.void("void_1", T0)
    assert payment.void("void_1", T0.add(minutes=1)).duplicate


def test_the_same_reference_may_name_operations_of_different_kinds() -> None:
    payment = authorized("100.00")
    payment.capture(usd("100.00"), "ch_1", T0)
    assert not payment.refund(usd("1.00"), "ch_1", T0).duplicate


# -- refused input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (Money.of("5.00", "EUR"), CurrencyMismatch),
        (usd("0.00"), ValidationError),
        (usd("-1.00"), ValidationError),
        ("5.00", WrongType),
    ],
)
def test_refuses_an_amount_that_is_not_positive_money_in_the_payments_currency(
    amount: Money, error: type[Exception]
) -> None:
    payment = card_payment()
    assert_refused_changes_nothing(payment, error, lambda: payment.authorize(amount, "a_1", T0))


@pytest.mark.parametrize("reference", ["", " auth_1", 42])
def test_refuses_a_gateway_reference_that_is_not_a_clean_string(reference: str) -> None:
    payment = card_payment()
    assert_refused_changes_nothing(
        payment, ValidationError, lambda: payment.authorize(usd("1.00"), reference, T0)
    )


def test_refuses_a_naive_datetime() -> None:
    payment = card_payment()
    naive = pendulum.naive(2026, 11, 26, 9)
    assert_refused_changes_nothing(
        payment, NaiveDatetime, lambda: payment.authorize(usd("1.00"), "a_1", naive)
    )


def test_every_refusal_is_an_ordercore_error_and_a_value_error() -> None:
    payment = captured()
    with pytest.raises(OrdercoreError) as caught:
        payment.refund(usd("100.01"), "re_1", T0)
    assert isinstance(caught.value, ValueError)


# -- events and replay ----------------------------------------------------------------------------


def test_each_change_emits_one_event_carrying_the_new_version() -> None:
    payment = card_payment()
    payment.authorize(usd("100.00"), "auth_1", T0)
    payment.capture(usd("100.00"), "cap_1", T0)
    payment.refund(usd("10.00"), "re_1", T0)
    events = payment.pull_events()
    expected = [(PaymentAuthorized, 1), (PaymentCaptured, 2), (PaymentRefunded, 3)]
    assert expected == [(type(event), event.version) for event in events]
    assert {"payment"} == {event.entity_kind for event in events}
    assert [] == payment.pull_events()


def test_events_name_the_order_the_state_and_the_operation() -> None:
    payment = authorized()
    payment.void("void_1", T0)
    (event,) = payment.pull_events()
    assert isinstance(event, PaymentVoided)
    expected = ("order-RETRO-CLOCK", PaymentState.VOIDED, OperationKind.VOID, usd("100.00"))
    assert expected == (event.order_id, event.state, event.operation.kind, event.amount)


def test_a_failure_event_is_past_tense_and_names_the_reference() -> None:
    payment = card_payment()
    payment.fail(usd("5.00"), "ch_no", T0)
    (event,) = payment.pull_events()
    assert isinstance(event, PaymentFailed)
    assert "ch_no" == event.reference


def test_replay_rebuilds_the_payment_exactly() -> None:
    payment = authorized("100.00", expires_in_days=3)
    payment.capture(usd("30.00"), "cap_1", T0)
    payment.tick(T0.add(days=3))
    payment.refund(usd("5.00"), "re_1", T0.add(days=4))
    original = card_payment()
    original.authorize(usd("100.00"), "auth_1", T0, expires_at=T0.add(days=3))
    original.capture(usd("30.00"), "cap_1", T0)
    original.tick(T0.add(days=3))
    original.refund(usd("5.00"), "re_1", T0.add(days=4))
    assert payment == Payment.replay(original.pull_events())


def test_replay_refuses_events_with_a_gap_in_versions() -> None:
    payment = captured()
    payment.refund(usd("1.00"), "re_1", T0)
    payment.refund(usd("2.00"), "re_2", T0)
    gap = payment.pull_events()[1:]
    history = [*authorized_and_captured_events(), *gap]
    with pytest.raises(ValidationError, match="events\\[2\\]"):
        Payment.replay(history)


def authorized_and_captured_events() -> list[DomainEvent]:
    payment = card_payment()
    payment.authorize(usd("100.00"), "auth_1", T0)
    payment.capture(usd("100.00"), "cap_1", T0.add(hours=1))
    return payment.pull_events()


def test_replay_refuses_events_that_are_not_payment_events() -> None:
    with pytest.raises(WrongType):
        Payment.replay([DomainEvent(entity_id="pay-1", version=1, occurred_at=T0)])


def test_replay_refuses_an_empty_history() -> None:
    with pytest.raises(ValidationError):
        Payment.replay([])


def test_replay_refuses_a_capture_event_beyond_the_authorization() -> None:
    events = authorized_and_captured_events()
    captured_event = events[1]
    assert isinstance(captured_event, PaymentCaptured)
    forged = attrs.evolve(
        captured_event, operation=attrs.evolve(captured_event.operation, amount=usd("100.01"))
    )
    with pytest.raises(CaptureExceedsAuthorization):
        Payment.replay([events[0], forged])


def test_replay_refuses_an_event_whose_state_the_lifecycle_does_not_reach() -> None:
    events = authorized_and_captured_events()
    captured_event = events[1]
    assert isinstance(captured_event, PaymentCaptured)
    forged = attrs.evolve(captured_event, state=PaymentState.PARTIALLY_CAPTURED)
    with pytest.raises(ValidationError, match="state="):
        Payment.replay([events[0], forged])


def test_replay_refuses_the_same_operation_twice() -> None:
    events = authorized_and_captured_events()
    again = attrs.evolve(events[0], version=2)
    with pytest.raises(ValidationError, match="recorded once"):
        Payment.replay([events[0], again])


def test_commands_and_replay_change_a_payment_through_the_same_apply() -> None:
    payment = authorized("100.00")
    twin = copy.deepcopy(payment)
    payment.capture(usd("40.00"), "cap_1", T0)
    (event,) = payment.pull_events()
    assert isinstance(event, PaymentCaptured)
    twin.apply(event)
    assert payment == twin


def test_apply_refuses_an_event_out_of_version_order_and_changes_nothing() -> None:
    payment = authorized("100.00")
    twin = copy.deepcopy(payment)
    payment.capture(usd("40.00"), "cap_1", T0)
    (event,) = payment.pull_events()
    assert isinstance(event, PaymentCaptured)
    assert_refused_changes_nothing(
        twin, ValidationError, lambda: twin.apply(attrs.evolve(event, version=5))
    )


def test_a_payment_is_composed_of_its_ledger_not_a_mixin() -> None:
    payment = authorized("100.00")
    assert (Payment.__mro__[1], payment.operations) == (object, payment.ledger.operations)


def test_a_payment_is_an_attrs_class_whose_events_are_not_part_of_its_equality() -> None:
    payment = authorized()
    twin = copy.deepcopy(payment)
    payment.void("void_1", T0)
    twin.void("void_1", T0)
    twin.pull_events()
    assert payment == twin
    assert attrs.has(Payment)


def test_replay_refuses_an_event_naming_another_order() -> None:
    events = authorized_and_captured_events()
    captured_event = events[1]
    assert isinstance(captured_event, PaymentCaptured)
    stranger = attrs.evolve(captured_event, order_id="order-BLUE-VASE")
    with pytest.raises(ValidationError, match="order_id"):
        Payment.replay([events[0], stranger])


def test_records_operations_events_results_ledger_and_totals_as_their_constructors_build_them() -> (
    None
):
    payment = card_payment()
    results = [
        payment.authorize(usd("100.00"), "auth-1", T0),
        payment.capture(usd("60.00"), "cap-1", T0.add(minutes=1)),
        payment.capture(usd("40.00"), "cap-2", T0.add(minutes=2)),
        payment.refund(usd("10.00"), "ref-1", T0.add(minutes=3)),
        payment.charge_back(usd("5.00"), "cb-1", T0.add(minutes=4), "fraud"),
        payment.submit_evidence("ev-1", T0.add(minutes=5), "receipt"),
        payment.win_dispute("won-1", T0.add(minutes=6)),
    ]
    events = payment.pull_events()
    made: list[Any] = [*results, *(r.operation for r in results), *events, payment.ledger]
    made.append(payment.totals)

    rebuilt = [attrs.evolve(value) for value in made]  # through the generated __init__
    assert [(x, hash(x), repr(x)) for x in rebuilt] == [(x, hash(x), repr(x)) for x in made]


@attrs.frozen(kw_only=True)
class Flagged(PaymentAuthorized):
    """A payment event kind defined outside the module (no draft of its own)."""


@pytest.mark.parametrize(
    "kind", [PaymentVoided, PaymentExpired, PaymentFailed, DisputeLost, Flagged]
)
def test_a_payment_event_of_any_kind_is_the_one_its_constructor_builds(
    kind: type[PaymentEvent],
) -> None:
    operation = PaymentOperation(kind="void", amount=usd("5.00"), reference="void-1", at=T0)
    built = kind(
        entity_id="pay-1",
        version=3,
        occurred_at=T0,
        order_id="order-1",
        method=PaymentMethod.CARD,
        operation=operation,
        state=PaymentState.VOIDED,
    )

    made = payment_event(
        kind, "pay-1", 3, "order-1", PaymentMethod.CARD, operation, PaymentState.VOIDED
    )

    assert (kind, built, hash(built), repr(built)) == (type(made), made, hash(made), repr(made))


def test_a_new_payment_starts_with_the_empty_ledger_its_constructor_builds() -> None:
    started = card_payment().ledger

    built = attrs.evolve(started)  # through the generated __init__

    assert (built, hash(built), repr(built)) == (started, hash(started), repr(started))
    assert () == started.operations


@pytest.mark.parametrize("method", [PaymentMethod.CARD, "card", "store_credit"])
def test_a_started_payment_is_the_one_its_constructor_builds(method: PaymentMethod | str) -> None:
    started = Payment.start("pay-1", "order-1", method, "USD")
    built = Payment("pay-1", "order-1", method, CurrencyTable.default().get("USD"))
    expected = (built, repr(built), built.events, built.sink, built.totals)
    assert expected == (started, repr(started), started.events, started.sink, started.totals)


def test_starting_a_payment_refuses_an_unknown_method_by_name() -> None:
    with pytest.raises(ValidationError, match="method='cheque'"):
        Payment.start("pay-1", "order-1", "cheque", "USD")


def test_a_payment_subclass_is_started_through_its_own_constructor() -> None:
    @attrs.define
    class Tagged(Payment):
        tag: str = "tagged"

    started = Tagged.start("pay-1", "order-1", "card", "USD")
    assert (Tagged, "tagged", "card") == (
        type(started),
        getattr(started, "tag", None),
        started.method,
    )
