import copy

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.payment_events import PaymentEvent
from ordercore.domain.billing.payment_ledger import OperationKind
from ordercore.domain.billing.payment_lifecycle import PAYMENT_LIFECYCLE, PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import InvalidTransition, OrdercoreError, ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Currency, Money
from ordercore.ports.codec import Codec
from ordercore.testing.strategies_payments import (
    BASE_INSTANT,
    gateway_references,
    payment_amounts,
    payment_currencies,
    payment_methods,
    payments,
)


def state_from_ledger(payment: Payment) -> PaymentState:
    """An independent reading of the state from the ledger alone (the oracle)."""
    totals = payment.totals
    kinds = {operation.kind for operation in payment.operations}
    if not kinds:
        return PaymentState.PENDING
    if OperationKind.FAIL in kinds:
        return PaymentState.FAILED
    if totals.captured.is_zero():
        released_by = OperationKind.VOID if OperationKind.VOID in kinds else None
        if released_by is None and OperationKind.EXPIRE in kinds:
            return PaymentState.EXPIRED
        return PaymentState.AUTHORIZED if released_by is None else PaymentState.VOIDED
    if not (totals.refunded + totals.disputed).is_zero():
        return given_back_state(payment)
    return PaymentState.PARTIALLY_CAPTURED if totals.capturable else PaymentState.CAPTURED


def given_back_state(payment: Payment) -> PaymentState:
    """The state of a payment that gave something back (refunded or charged back)."""
    totals = payment.totals
    if not totals.open_dispute.is_zero():
        return PaymentState.DISPUTED
    if not totals.net_paid.is_zero():
        return PaymentState.PARTIALLY_REFUNDED
    last = next(
        op.kind
        for op in reversed(payment.operations)
        if op.kind in {OperationKind.REFUND, OperationKind.LOSE}
    )
    return PaymentState.REFUNDED if last is OperationKind.REFUND else PaymentState.CHARGED_BACK


CAPTURING = {OperationKind.CAPTURE, OperationKind.SALE}
SETTLED = {PaymentState.CAPTURED, PaymentState.PARTIALLY_REFUNDED}
CLOSED_BEFORE_ANY_CAPTURE = {PaymentState.VOIDED, PaymentState.EXPIRED, PaymentState.FAILED}


def assert_money_invariants(payment: Payment) -> None:
    zero = Money.zero(payment.currency)
    assert payment.captured <= payment.authorized
    assert payment.refunded <= payment.captured
    assert zero <= payment.capturable
    assert payment.authorized == payment.captured + payment.released + payment.capturable
    assert payment.captured == payment.refunded + payment.disputed + payment.net_paid
    assert state_from_ledger(payment) == payment.state
    assert len(payment.operations) == payment.version


@given(payments())
def test_any_payment_keeps_captures_within_authorizations_and_refunds_within_captures(
    payment: Payment,
) -> None:
    assert_money_invariants(payment)


@given(payments())
def test_any_payment_emits_one_event_per_recorded_operation(payment: Payment) -> None:
    events = payment.pull_events()
    assert list(range(1, payment.version + 1)) == [event.version for event in events]
    assert list(payment.operations) == [
        event.operation for event in events if isinstance(event, PaymentEvent)
    ]


@given(payments(max_operations=10))
def test_replaying_the_events_of_any_payment_rebuilds_it_exactly(payment: Payment) -> None:
    events = payment.pull_events()
    if events:
        assert payment == Payment.replay(events)


@given(payments(), st.integers(1, 10_000))
def test_any_capture_above_what_remains_is_refused_by_exactly_its_overshoot(
    payment: Payment, extra_minor: int
) -> None:
    extra = Money.from_minor(extra_minor, payment.currency)
    asked = payment.capturable + extra
    before = copy.deepcopy(payment)
    with pytest.raises(OrdercoreError) as caught:  # an expired one is refused for that first
        payment.capture(asked, "gw_overshoot", BASE_INSTANT)
    if isinstance(caught.value, CaptureExceedsAuthorization):
        assert (asked, extra) == (caught.value.requested, caught.value.overshoot)
    assert before == payment


@given(payments(), st.integers(1, 10_000))
def test_any_refund_above_what_is_refundable_is_refused_by_exactly_its_overshoot(
    payment: Payment, extra_minor: int
) -> None:
    extra = Money.from_minor(extra_minor, payment.currency)
    asked = payment.refundable + extra
    before = copy.deepcopy(payment)
    if payment.state in CLOSED_BEFORE_ANY_CAPTURE:  # the real reason is named first (issue 13)
        with pytest.raises(InvalidTransition) as refused:
            payment.refund(asked, "gw_overshoot", BASE_INSTANT)
        assert str(payment.state) == refused.value.state
        assert before == payment
        return
    with pytest.raises(RefundExceedsCaptured) as caught:
        payment.refund(asked, "gw_overshoot", BASE_INSTANT)
    error = caught.value
    assert (asked, payment.refundable, extra) == (error.requested, error.available, error.overshoot)
    assert str(asked) in str(error)
    assert str(payment.refundable) in str(error)
    assert before == payment


@given(payments(max_operations=10))
def test_recording_any_recorded_operation_again_is_a_no_op(payment: Payment) -> None:
    payment.pull_events()
    before = copy.deepcopy(payment)
    for operation in payment.operations:
        if not operation.reference:
            continue
        result = record(payment, operation.kind, operation.amount, operation.reference)
        assert result
    assert before == payment
    assert [] == payment.events


def record(payment: Payment, kind: OperationKind, amount: Money, reference: str) -> bool:
    """Record ``kind`` again and say whether it was reported as a duplicate."""
    at = BASE_INSTANT
    match kind:
        case OperationKind.AUTHORIZE:
            result = payment.authorize(amount, reference, at)
        case OperationKind.SALE:
            result = payment.record_sale(amount, reference, at)
        case OperationKind.CAPTURE:
            result = payment.capture(amount, reference, at)
        case OperationKind.VOID:
            result = payment.void(reference, at)
        case OperationKind.EXPIRE:
            result = payment.expire(reference, at)
        case OperationKind.REFUND:
            result = payment.refund(amount, reference, at)
        case OperationKind.FAIL:
            result = payment.fail(amount, reference, at)
        case OperationKind.CHARGEBACK:
            result = payment.charge_back(amount, reference, at)
        case OperationKind.EVIDENCE:
            result = payment.submit_evidence(reference, at)
        case OperationKind.WIN:
            result = payment.win_dispute(reference, at)
        case OperationKind.LOSE:
            result = payment.lose_dispute(reference, at)
    return result.duplicate


def test_every_payment_state_has_a_documented_place_in_the_lifecycle() -> None:
    assert set(PaymentState) == set(PAYMENT_LIFECYCLE.states)
    assert "payment" == PAYMENT_LIFECYCLE.name
    assert {
        PaymentState.REFUNDED,
        PaymentState.VOIDED,
        PaymentState.EXPIRED,
        PaymentState.FAILED,
        PaymentState.CHARGED_BACK,
    } == set(PAYMENT_LIFECYCLE.terminal)


class PaymentMachine(RuleBasedStateMachine):
    """Random gateway reports, valid and invalid, against one payment and a simple oracle."""

    payment: Payment
    currency: Currency
    now: pendulum.DateTime
    history: list[DomainEvent]

    @initialize(currency=payment_currencies(), method=payment_methods())
    def start(self, currency: Currency, method: str) -> None:
        self.currency = currency
        self.payment = Payment.start("pay-1", "order-RETRO-CLOCK", method, currency)
        self.now = BASE_INSTANT
        self.history = []

    def attempt(self, kind: OperationKind, command: object) -> None:
        before = copy.deepcopy(self.payment)
        try:
            result = command()  # type: ignore[operator]
        except OrdercoreError:
            assert before == self.payment, f"a refused {kind} changed the payment"
            assert [] == self.payment.events
            return
        new = self.payment.pull_events()
        if result is None or result.duplicate:
            assert before == self.payment
            assert [] == new
        else:
            assert 1 == len(new)
            assert before.version + 1 == self.payment.version == new[0].version
            assert (*before.operations, result.operation) == self.payment.operations
        self.history.extend(new)

    @rule(seconds=st.integers(0, 3 * 86_400))
    def time_passes(self, seconds: int) -> None:
        self.now = self.now.add(seconds=seconds)

    @rule(
        data=st.data(),
        reference=gateway_references(),
        expiry=st.none() | st.integers(1, 5 * 86_400),
    )
    def authorize(self, data: st.DataObject, reference: str, expiry: int | None) -> None:
        amount = data.draw(payment_amounts(self.currency))
        expires_at = None if expiry is None else self.now.add(seconds=expiry)
        self.attempt(
            OperationKind.AUTHORIZE,
            lambda: self.payment.authorize(amount, reference, self.now, expires_at=expires_at),
        )

    @rule(data=st.data(), reference=gateway_references())
    def sell(self, data: st.DataObject, reference: str) -> None:
        amount = data.draw(payment_amounts(self.currency))
        self.attempt(
            OperationKind.SALE, lambda: self.payment.record_sale(amount, reference, self.now)
        )

    def near(self, data: st.DataObject, limit: Money) -> Money:
        """An amount that is often within ``limit``, sometimes exactly it, sometimes just above."""
        units = limit.minor_units
        drawn = data.draw(
            st.one_of(
                st.just(units),
                st.integers(1, max(1, units)),
                st.integers(units + 1, units + 3),
                st.integers(1, 10_000),
            )
        )
        return Money.from_minor(max(1, drawn), self.currency)

    def rarely(self, data: st.DataObject) -> bool:
        """True one time in four: for the commands that end a payment early."""
        return data.draw(st.integers(0, 3)) == 0

    @rule(data=st.data(), reference=gateway_references())
    def capture(self, data: st.DataObject, reference: str) -> None:
        amount = self.near(data, self.payment.capturable)
        self.attempt(
            OperationKind.CAPTURE, lambda: self.payment.capture(amount, reference, self.now)
        )

    @rule(data=st.data(), reference=gateway_references())
    def refund(self, data: st.DataObject, reference: str) -> None:
        amount = self.near(data, self.payment.refundable)
        self.attempt(OperationKind.REFUND, lambda: self.payment.refund(amount, reference, self.now))

    @rule(data=st.data(), reference=gateway_references())
    def void(self, data: st.DataObject, reference: str) -> None:
        if self.rarely(data):
            self.attempt(OperationKind.VOID, lambda: self.payment.void(reference, self.now))

    @rule(data=st.data(), reference=gateway_references())
    def gateway_expires(self, data: st.DataObject, reference: str) -> None:
        if self.rarely(data):
            self.attempt(OperationKind.EXPIRE, lambda: self.payment.expire(reference, self.now))

    @rule(data=st.data(), reference=gateway_references())
    def fail(self, data: st.DataObject, reference: str) -> None:
        amount = data.draw(payment_amounts(self.currency))
        if self.rarely(data):
            self.attempt(
                OperationKind.FAIL,
                lambda: self.payment.fail(amount, reference, self.now, "declined"),
            )

    @rule()
    def tick(self) -> None:
        self.attempt(OperationKind.EXPIRE, lambda: self.payment.tick(self.now))

    @precondition(lambda self: bool(self.payment.operations))
    @rule(data=st.data())
    def webhook_arrives_again(self, data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(self.payment.operations))
        if operation.reference:
            before = copy.deepcopy(self.payment)
            assert record(self.payment, operation.kind, operation.amount, operation.reference)
            assert before == self.payment

    @invariant()
    def money_is_conserved(self) -> None:
        assert_money_invariants(self.payment)

    @invariant()
    def replay_rebuilds_the_payment(self) -> None:
        if self.history:
            assert self.payment == Payment.replay(self.history)


TestPaymentMachine = PaymentMachine.TestCase


@given(payments(max_operations=10), st.integers(1, 5))
def test_webhooks_arriving_again_never_grow_the_stored_payment(
    payment: Payment, times: int
) -> None:
    payment.pull_events()
    stored = Codec().dumps(payment)
    for _ in range(times):
        for operation in payment.operations:
            if operation.reference:
                record(payment, operation.kind, operation.amount, operation.reference)
    assert stored == Codec().dumps(payment)


@given(payments(max_operations=10))
def test_a_stored_payment_holds_one_ledger_entry_per_event_and_nothing_else_that_grows(
    payment: Payment,
) -> None:
    events = payment.pull_events()
    stored = Codec().encode(payment)
    assert isinstance(stored, dict)
    ledger = stored["ledger"]
    assert isinstance(ledger, dict)
    assert len(events) == len(payment.operations) == len(ledger["operations"])  # type: ignore[arg-type]
    assert {
        "__type__",
        "id",
        "order_id",
        "method",
        "currency",
        "state",
        "version",
        "ledger",
    } == set(stored)


@given(payments(max_operations=10), st.integers(1, 86_400))
def test_any_refund_dated_before_the_latest_capture_is_refused_naming_both_instants(
    payment: Payment, seconds: int
) -> None:
    captures = [op for op in payment.operations if op.kind in CAPTURING]
    if not captures or payment.refundable.is_zero():
        return
    latest = captures[-1].at
    early = latest.subtract(seconds=seconds)
    before = copy.deepcopy(payment)
    with pytest.raises(OrdercoreError) as caught:
        payment.refund(payment.refundable, "gw_early", early)
    if payment.state in SETTLED:
        assert isinstance(caught.value, ValidationError)
        assert early.isoformat() in str(caught.value)
        assert latest.isoformat() in str(caught.value)
    assert before == payment


@given(payments(max_operations=10), st.integers(1, 86_400))
def test_any_capture_dated_before_the_latest_authorization_is_refused_and_changes_nothing(
    payment: Payment, seconds: int
) -> None:
    authorizations = [op for op in payment.operations if op.kind is OperationKind.AUTHORIZE]
    if not authorizations or payment.capturable.is_zero():
        return
    latest = authorizations[-1].at
    early = latest.subtract(seconds=seconds)
    before = copy.deepcopy(payment)
    with pytest.raises(OrdercoreError) as caught:
        payment.capture(payment.capturable, "gw_early", early)
    if not isinstance(caught.value, AuthorizationExpired):
        assert isinstance(caught.value, ValidationError)
        assert (early.isoformat(), True) == (
            caught.value.value,
            latest.isoformat() in str(caught.value),
        )
    assert before == payment
