import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ConflictingGatewayReference,
    PaymentOvershoot,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.testing.strategies_payments import (
    PAYMENT_CURRENCIES,
    payment_amounts,
    payment_currencies,
)

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


@pytest.mark.parametrize(
    "error",
    [
        CaptureExceedsAuthorization("pay-1", usd("10.01"), usd("10.00")),
        RefundExceedsCaptured("pay-1", usd("10.01"), usd("10.00")),
        RefundBeforeSettlement("pay-1", usd("1.00"), usd("5.00")),
        AuthorizationExpired("pay-1", "capture", T0, T0),
        ConflictingGatewayReference("pay-1", "capture", "cap_1", usd("1.00"), usd("2.00")),
    ],
)
def test_every_payment_error_is_an_ordercore_error_and_a_value_error(
    error: OrdercoreError,
) -> None:
    assert isinstance(error, ValueError)
    assert "pay-1" == error.fields["payment_id"]
    assert "'pay-1'" in str(error)


def test_a_refund_overshoot_names_what_was_asked_what_was_captured_and_the_difference() -> None:
    error = RefundExceedsCaptured("pay-1", usd("100.01"), usd("100.00"))
    expected = (
        "payment 'pay-1' cannot refund 100.01 USD: only 100.00 USD is captured and not yet "
        "refunded, so the request overshoots by 0.01 USD"
    )
    assert expected == str(error)


def test_a_capture_overshoot_carries_its_amounts_as_fields() -> None:
    error = CaptureExceedsAuthorization("pay-1", usd("12.00"), usd("10.00"))
    expected = {
        "payment_id": "pay-1",
        "requested": usd("12.00"),
        "available": usd("10.00"),
        "overshoot": usd("2.00"),
    }
    assert expected == dict(error.fields)


def test_a_conflicting_reference_names_both_amounts() -> None:
    error = ConflictingGatewayReference("pay-1", "refund", "re_1", usd("1.00"), usd("2.00"))
    assert "1.00 USD" in str(error)
    assert "2.00 USD" in str(error)


def test_an_expiry_names_the_boundary_instant() -> None:
    error = AuthorizationExpired("pay-1", "capture", T0.add(days=1), T0)
    assert T0.isoformat() in str(error)


@given(
    payment_currencies().flatmap(
        lambda currency: st.tuples(payment_amounts(currency), payment_amounts(currency))
    )
)
def test_any_overshoot_is_requested_minus_available(amounts: tuple[Money, Money]) -> None:
    available, extra = amounts
    requested = available + extra
    for kind in (CaptureExceedsAuthorization, RefundExceedsCaptured):
        error: PaymentOvershoot = kind("pay-1", requested, available)
        assert (requested, available, extra) == (error.requested, error.available, error.overshoot)
        assert str(extra) in str(error)


def test_currencies_of_the_strategies_differ_in_their_minor_units() -> None:
    assert {0, 2, 3} == {currency.exponent for currency in PAYMENT_CURRENCIES}
