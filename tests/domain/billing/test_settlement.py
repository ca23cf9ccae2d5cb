import copy

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.settlement import PaymentSummary
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.money import Currency, Money, sum_money
from ordercore.testing.strategies_payments import PAYMENT_CURRENCIES, payments

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
ORDER = "order-RETRO-CLOCK"


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def card(amount: str, captured: str = "0.00", payment_id: str = "pay-card") -> Payment:
    payment = Payment.start(payment_id, ORDER, "card", "USD")
    payment.authorize(usd(amount), "auth_1", T0)
    if usd(captured):
        payment.capture(usd(captured), "cap_1", T0)
    return payment


def store_credit(amount: str) -> Payment:
    payment = Payment.start("pay-credit", ORDER, "store_credit", "USD")
    payment.record_sale(usd(amount), "credit_1", T0)
    return payment


def test_an_order_without_payments_owes_all_that_is_due() -> None:
    summary = PaymentSummary.of(ORDER, usd("120.00"), [])
    expected = (0, usd("0.00"), usd("120.00"), usd("120.00"))
    assert expected == (
        summary.payment_count,
        summary.net_paid,
        summary.balance_owed,
        summary.uncovered,
    )
    assert not summary.is_paid


def test_sums_a_card_and_store_credit_paying_one_order() -> None:
    summary = PaymentSummary.of(ORDER, usd("120.00"), [card("100.00", "60.00"), store_credit("20")])
    assert usd("120.00") == summary.authorized
    assert usd("80.00") == summary.captured
    assert usd("80.00") == summary.net_paid
    assert usd("40.00") == summary.remaining_to_capture
    assert usd("40.00") == summary.balance_owed
    assert usd("0.00") == summary.uncovered


def test_refundable_counts_only_payments_whose_authorization_is_settled() -> None:
    open_card = card("100.00", "60.00")
    summary = PaymentSummary.of(ORDER, usd("120.00"), [open_card, store_credit("20.00")])
    assert usd("20.00") == summary.refundable


def test_a_refund_lowers_what_was_paid_and_raises_what_is_owed() -> None:
    credit = store_credit("50.00")
    credit.refund(usd("15.00"), "re_1", T0)
    summary = PaymentSummary.of(ORDER, usd("50.00"), [credit])
    expected = (usd("15.00"), usd("35.00"), usd("15.00"), usd("35.00"))
    assert expected == (
        summary.refunded,
        summary.net_paid,
        summary.balance_owed,
        summary.refundable,
    )


def test_a_negative_balance_is_owed_to_the_customer() -> None:
    summary = PaymentSummary.of(ORDER, usd("30.00"), [store_credit("45.00")])
    assert usd("-15.00") == summary.balance_owed
    assert summary.is_overpaid
    assert summary.is_paid


def test_released_authorizations_are_not_counted_as_remaining() -> None:
    payment = card("100.00", "25.00")
    payment.void("void_1", T0)
    summary = PaymentSummary.of(ORDER, usd("25.00"), [payment])
    expected = (usd("75.00"), usd("0.00"), usd("0.00"))
    assert expected == (summary.released, summary.remaining_to_capture, summary.balance_owed)
    assert (PaymentState.CAPTURED, True) == (payment.state, summary.is_paid)


def test_refuses_a_payment_in_another_currency() -> None:
    euro = Payment.start("pay-eur", ORDER, "card", "EUR")
    with pytest.raises(CurrencyMismatch, match="pay-eur"):
        PaymentSummary.of(ORDER, usd("10.00"), [euro])


def test_refuses_a_payment_of_another_order() -> None:
    other = Payment.start("pay-9", "order-BLUE-VASE", "card", "USD")
    with pytest.raises(ValidationError, match=r"payments\[0\]\.order_id"):
        PaymentSummary.of(ORDER, usd("10.00"), [other])


def test_refuses_the_same_payment_twice() -> None:
    payment = card("10.00")
    with pytest.raises(ValidationError, match=r"payments\[1\]\.id"):
        PaymentSummary.of(ORDER, usd("10.00"), [payment, payment])


def test_refuses_a_negative_amount_due() -> None:
    with pytest.raises(ValidationError, match="amount_due"):
        PaymentSummary.of(ORDER, usd("-0.01"), [])


def test_refuses_an_amount_due_that_is_not_money() -> None:
    with pytest.raises(WrongType):
        PaymentSummary.of(ORDER, "10.00", [])  # type: ignore[arg-type]


@given(
    st.sampled_from(PAYMENT_CURRENCIES).flatmap(
        lambda currency: st.tuples(
            st.just(currency),
            st.lists(
                payments(order_id=ORDER, currency=currency), max_size=4, unique_by=lambda p: p.id
            ),
            st.integers(0, 50_000),
        )
    )
)
def test_any_summary_adds_up_exactly(case: tuple[Currency, list[Payment], int]) -> None:
    currency, unique, due_minor = case
    due = Money.from_minor(due_minor, currency)
    before = copy.deepcopy(unique)
    summary = PaymentSummary.of(ORDER, due, unique)
    cur = due.currency
    assert sum_money((p.captured for p in unique), cur) == summary.captured
    assert summary.captured <= summary.authorized
    assert summary.refunded <= summary.captured
    assert summary.captured - summary.refunded == summary.net_paid
    assert due - summary.net_paid == summary.balance_owed
    assert summary.balance_owed - summary.remaining_to_capture == summary.uncovered
    assert summary.authorized == (
        summary.captured + summary.released + summary.remaining_to_capture
    )
    assert summary.refundable <= summary.net_paid
    assert before == unique
