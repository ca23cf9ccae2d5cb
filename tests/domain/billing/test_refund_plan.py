import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing import (
    Payment,
    PaymentMethod,
    RefundExceedsCaptured,
    RefundPriority,
    RefundSequence,
    plan_refund,
    refundable_now,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def paid(number: int, method: str, amount: str, minutes: int) -> Payment:
    payment = Payment.start(f"order-1/payment-{number}", "order-1", method, "USD")
    payment.record_sale(usd(amount), f"ref-{number}", T0.add(minutes=minutes))
    return payment


def plan(
    payments: list[Payment], amount: str, priority: RefundPriority | None = None
) -> list[tuple[str, str]]:
    return [(p.payment_id, str(p.amount)) for p in plan_refund(payments, usd(amount), priority)]


def test_refunds_the_newest_capture_first_by_default() -> None:
    first, second = paid(1, "card", "30.00", 0), paid(2, "card", "20.00", 5)
    assert [("order-1/payment-2", "20.00 USD"), ("order-1/payment-1", "5.00 USD")] == plan(
        [first, second], "25.00"
    )


def test_refunds_the_oldest_capture_first_when_the_policy_says_so() -> None:
    first, second = paid(1, "card", "30.00", 0), paid(2, "card", "20.00", 5)
    oldest = RefundPriority(sequence=RefundSequence.OLDEST_CAPTURE_FIRST)
    assert [("order-1/payment-1", "25.00 USD")] == plan([first, second], "25.00", oldest)


def test_refunds_the_gift_card_before_the_card() -> None:
    card, gift = paid(1, "card", "80.00", 9), paid(2, "gift_card", "20.00", 0)
    gift_first = RefundPriority(methods=(PaymentMethod.GIFT_CARD, PaymentMethod.CARD))
    assert [("order-1/payment-2", "20.00 USD"), ("order-1/payment-1", "10.00 USD")] == plan(
        [card, gift], "30.00", gift_first
    )


def test_skips_what_was_refunded_already_and_an_open_authorisation() -> None:
    refunded = paid(1, "card", "30.00", 0)
    refunded.refund(usd("30.00"), "rf-1", T0.add(minutes=1))
    open_auth = Payment.start("order-1/payment-2", "order-1", "card", "USD")
    open_auth.authorize(usd("50.00"), "auth-2", T0)
    assert (usd("0.00"), usd("0.00")) == (refundable_now(refunded), refundable_now(open_auth))
    with pytest.raises(RefundExceedsCaptured) as refused:
        plan([refunded, open_auth], "1.00")
    assert usd("0.00") == refused.value.available


def test_refuses_more_than_the_payments_hold_naming_what_they_hold() -> None:
    with pytest.raises(RefundExceedsCaptured) as refused:
        plan([paid(1, "card", "30.00", 0), paid(2, "card", "20.00", 5)], "50.01")
    assert (usd("50.00"), usd("0.01")) == (refused.value.available, refused.value.overshoot)


def test_a_zero_refund_plans_nothing_and_a_negative_one_is_refused() -> None:
    assert [] == plan([paid(1, "card", "30.00", 0)], "0.00")
    with pytest.raises(ValidationError):
        plan([paid(1, "card", "30.00", 0)], "-1.00")


def test_refuses_a_method_named_twice() -> None:
    with pytest.raises(ValidationError):
        RefundPriority(methods=("card", "card"))


@given(
    st.lists(st.tuples(st.sampled_from(list(PaymentMethod)), st.integers(1, 10_000)), max_size=5),
    st.integers(0, 60_000),
    st.permutations(list(PaymentMethod)),
)
def test_a_plan_adds_up_to_the_amount_and_never_takes_more_than_a_payment_holds(
    payments: list[tuple[PaymentMethod, int]], cents: int, methods: list[PaymentMethod]
) -> None:
    built = [
        paid(n, method, str(Money.of(c, "USD") / 100).split()[0], n)
        for n, (method, c) in enumerate(payments, 1)
    ]
    amount = Money.of(cents, "USD") / 100
    holds = {str(p.id): p.refundable for p in built}
    total = sum((p.refundable for p in built), usd("0.00"))
    priority = RefundPriority(methods=methods[:3])
    if amount > total:
        with pytest.raises(RefundExceedsCaptured):
            plan_refund(built, amount, priority)
        return
    parts = plan_refund(built, amount, priority)
    assert amount == sum((p.amount for p in parts), usd("0.00"))
    assert all(p.amount <= holds[p.payment_id] for p in parts)
    assert len({p.payment_id for p in parts}) == len(parts)
