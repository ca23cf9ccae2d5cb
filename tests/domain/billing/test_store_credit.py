import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing import (
    InsufficientStoreCredit,
    StoreCredit,
    StoreCreditEvent,
    StoreCreditGranted,
    StoreCreditRedeemed,
    store_credit_id,
)
from ordercore.kernel.errors import CurrencyMismatch, ValidationError
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
from ordercore.ports.errors import CorruptDocument

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_new_store_credit_is_empty_and_named_after_the_customer_and_currency() -> None:
    credit = StoreCredit.open("cust-7", "usd")
    assert ("cust-7/credit-USD", usd("0.00"), 0) == (credit.id, credit.balance, credit.version)
    assert "cust-7/credit-USD" == store_credit_id("cust-7", "USD")


def test_granting_and_redeeming_move_the_balance_and_emit_one_event_each() -> None:
    credit = StoreCredit.open("cust-7", "USD")
    assert usd("25.00") == credit.grant(usd("25.00"), "RMA-000001", T0, order_id="order-1")
    assert usd("15.00") == credit.redeem(usd("10.00"), "order-9", T0)
    events = [e for e in credit.pull_events() if isinstance(e, StoreCreditEvent)]
    assert [StoreCreditGranted, StoreCreditRedeemed] == [type(e) for e in events]
    assert [usd("25.00"), usd("15.00")] == [e.balance for e in events]
    assert (2, usd("25.00"), usd("10.00")) == (credit.version, credit.granted, credit.redeemed)


def test_redeeming_more_than_the_balance_is_refused_naming_the_shortfall_and_changes_nothing() -> (
    None
):
    credit = StoreCredit.open("cust-7", "USD")
    credit.grant(usd("5.00"), "goodwill", T0)
    before = (credit.balance, credit.version, list(credit.events))
    with pytest.raises(InsufficientStoreCredit) as refused:
        credit.redeem(usd("7.50"), "order-9", T0)
    assert usd("2.50") == refused.value.overshoot
    assert "holds only 5.00 USD" in str(refused.value)
    assert before == (credit.balance, credit.version, list(credit.events))


@pytest.mark.parametrize("amount", [Money.of("0.00", "USD"), Money.of("-1.00", "USD")])
def test_refuses_an_amount_that_is_not_positive(amount: Money) -> None:
    with pytest.raises(ValidationError):
        StoreCredit.open("cust-7", "USD").grant(amount, "goodwill", T0)


def test_refuses_credit_in_another_currency() -> None:
    with pytest.raises(CurrencyMismatch):
        StoreCredit.open("cust-7", "USD").grant(Money.of("5.00", "EUR"), "goodwill", T0)


def test_replaying_the_events_rebuilds_the_balance() -> None:
    credit = StoreCredit.open("cust-7", "USD")
    credit.grant(usd("25.00"), "RMA-1", T0)
    credit.redeem(usd("10.00"), "order-9", T0)
    events = [e for e in credit.pull_events() if isinstance(e, StoreCreditEvent)]
    assert credit == StoreCredit.replay("cust-7", "USD", events)


def test_a_stored_balance_that_is_not_granted_minus_redeemed_is_corrupt() -> None:
    credit = StoreCredit.open("cust-7", "USD")
    credit.grant(usd("25.00"), "RMA-1", T0)
    codec = Codec()
    text = codec.dumps(credit).replace('"amount":"25.00"', '"amount":"99.00"', 1)
    with pytest.raises(CorruptDocument):
        codec.loads(StoreCredit, text)
    assert credit == codec.loads(StoreCredit, codec.dumps(credit))


@given(st.lists(st.tuples(st.booleans(), st.integers(1, 5_000)), max_size=30))
def test_the_balance_is_never_negative_and_always_granted_minus_redeemed(
    steps: list[tuple[bool, int]],
) -> None:
    credit = StoreCredit.open("cust-7", "USD")
    for grant, cents in steps:
        amount = Money.of(cents, "USD") / 100
        try:
            if grant:
                credit.grant(amount, "g", T0)
            else:
                credit.redeem(amount, "r", T0)
        except InsufficientStoreCredit:
            pass
        assert not credit.balance.is_negative()
        assert credit.granted - credit.redeemed == credit.balance
    credit.check_invariants()
