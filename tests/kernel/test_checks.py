from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.checks import require_id, require_money, require_quantity
from ordercore.kernel.errors import CurrencyMismatch, OrdercoreError, ValidationError, WrongType
from ordercore.kernel.money import Money


@pytest.mark.parametrize("units", [1, 7, 10**20])
def test_a_quantity_of_at_least_the_minimum_is_returned_as_it_is(units: int) -> None:
    assert units == require_quantity("units", units)


@pytest.mark.parametrize("units", [True, False, 1.0, Decimal(1), "1", None, [1]])
def test_a_quantity_that_is_not_a_whole_int_is_the_wrong_type(units: object) -> None:
    with pytest.raises(WrongType) as refused:
        require_quantity("units", units)
    assert ("units", units) == (refused.value.field, refused.value.value)


def test_a_quantity_below_the_minimum_names_the_minimum() -> None:
    with pytest.raises(ValidationError, match="units=2 was refused: a quantity here is at least 3"):
        require_quantity("units", 2, minimum=3)


def test_a_quantity_without_a_minimum_may_be_negative() -> None:
    assert -4 == require_quantity("delta", -4, minimum=None)


def test_money_is_returned_when_its_currency_and_sign_fit() -> None:
    price = Money.of("19.99", "USD")
    assert price == require_money("price", price, currency="usd", sign="positive")


@pytest.mark.parametrize("amount", [Decimal("19.99"), 19.99, "19.99 USD", None])
def test_an_amount_that_is_not_money_is_the_wrong_type(amount: object) -> None:
    with pytest.raises(WrongType, match="an amount is ordercore Money"):
        require_money("amount", amount)


def test_money_in_another_currency_is_a_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch, match=r"cannot use amount 5\.00 EUR and USD amounts"):
        require_money("amount", Money.of("5", "EUR"), currency="USD")


@pytest.mark.parametrize(
    ("amount", "sign", "rule"),
    [
        ("0", "positive", "an amount here is more than zero"),
        ("-1", "positive", "an amount here is more than zero"),
        ("-1", "not negative", "an amount here cannot be negative"),
    ],
)
def test_money_of_the_wrong_sign_is_refused_naming_the_rule(
    amount: str, sign: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        require_money("amount", Money.of(amount, "USD"), sign=sign)  # type: ignore[arg-type]
    assert rule == refused.value.rule


def test_any_sign_takes_a_negative_amount() -> None:
    assert Money.of("-1", "USD") == require_money("amount", Money.of("-1", "USD"), sign="any")


def test_the_id_check_is_the_kernels_one() -> None:
    with pytest.raises(ValidationError, match="an id is a non-empty string"):
        require_id("sku", "")


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.builds(Money.of, st.integers(-100, 100), st.sampled_from(["USD", "EUR", "JPY"])),
)


@given(ANYTHING)
def test_every_check_returns_the_value_or_refuses_it_typed(value: object) -> None:
    for check in (
        lambda: require_quantity("units", value),
        lambda: require_money("amount", value, currency="USD", sign="positive"),
        lambda: require_id("sku", value),
    ):
        try:
            returned: object = check()
        except OrdercoreError as refused:
            returned = refused
        assert returned is value or isinstance(returned, TypeError | ValueError)
