"""Money divided, split, rounded and on the right of + and -; everything else refused by name."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.errors import (
    CurrencyMismatch,
    OrdercoreError,
    ValidationError,
    WrongType,
)
from ordercore.kernel.money import (
    Currency,
    CurrencyTable,
    Money,
    Rounding,
    exact_money,
    sum_money,
)
from ordercore.testing.strategies_kernel import money


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_dividing_by_an_int_is_allowed_where_the_quotient_is_exact() -> None:
    assert usd("0.25") == usd("1.00") / 4


def test_dividing_by_a_decimal_is_allowed_where_the_quotient_is_exact() -> None:
    assert usd("20.00") == usd("10.00") / Decimal("0.5")


def test_an_inexact_slash_is_refused_and_points_to_divide_and_split() -> None:
    with pytest.raises(ValidationError, match=r"\.divide\(divisor, rounding\)") as caught:
        usd("1.00") / 3
    assert ("divisor", 3) == (caught.value.field, caught.value.value)


def test_divide_rounds_the_exact_quotient_once_with_the_named_mode() -> None:
    assert usd("0.33") == usd("1.00").divide(3, Rounding.HALF_EVEN)
    assert usd("0.34") == usd("1.00").divide(3, Rounding.UP)
    assert usd("-0.02") == usd("-0.05").divide(2, Rounding.HALF_EVEN)
    assert usd("-0.03") == usd("-0.05").divide(2, Rounding.HALF_UP)
    assert usd("-0.03") == usd("-0.05").divide(2, Rounding.FLOOR)
    assert usd("-0.02") == usd("-0.05").divide(2, Rounding.CEILING)
    assert Money.of(334, "JPY") == Money.of(1000, "JPY").divide(3, Rounding.CEILING)


def test_divide_needs_a_named_rounding_mode() -> None:
    with pytest.raises(WrongType) as caught:
        usd("1.00").divide(3, "half_even")  # type: ignore[arg-type]
    assert "rounding" == caught.value.field


@pytest.mark.parametrize("bad", [0, Decimal(0), Decimal("-0.00")])
def test_dividing_by_zero_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match="divided by zero") as caught:
        usd("1.00") / bad  # type: ignore[operator]
    assert "divisor" == caught.value.field


@pytest.mark.parametrize("bad", [1.5, True, "2", usd("1.00"), Decimal("NaN")])
def test_dividing_by_anything_but_an_int_or_a_finite_decimal_is_refused(bad: object) -> None:
    with pytest.raises(OrdercoreError) as caught:
        usd("1.00").divide(bad, Rounding.HALF_UP)  # type: ignore[arg-type]
    assert isinstance(caught.value, (TypeError, ValueError))
    assert "divisor" == caught.value.fields["field"]


def test_splitting_three_ways_gives_the_extra_cent_to_the_first_part() -> None:
    assert [usd("0.34"), usd("0.33"), usd("0.33")] == usd("1.00").split(3)


def test_split_refuses_zero_parts() -> None:
    with pytest.raises(ValidationError) as caught:
        usd("1.00").split(0)
    assert "parts" == caught.value.field


def test_allocate_as_a_method_splits_by_ratios() -> None:
    assert [usd("33.33"), usd("66.67")] == usd("100.00").allocate([1, 2])


def test_zero_minus_a_price_is_its_negation() -> None:
    assert usd("-19.99") == 0 - usd("19.99")


def test_sum_starts_from_the_int_zero() -> None:
    assert usd("3.50") == sum([usd("1.00"), usd("2.50")])


def test_sum_still_refuses_mixed_currencies() -> None:
    with pytest.raises(CurrencyMismatch):
        sum([usd("1.00"), Money.of("1.00", "EUR")])


@pytest.mark.parametrize("left", [1, Decimal(0), True, False, 0.0])
def test_only_the_int_zero_may_stand_on_the_left(left: object) -> None:
    with pytest.raises(WrongType, match="only the int 0") as caught:
        left - usd("1.00")  # type: ignore[operator]
    assert ("left", left) == (caught.value.field, caught.value.value)
    with pytest.raises(WrongType, match="only the int 0"):
        left + usd("1.00")  # type: ignore[operator]


def test_rounding_to_no_places_gives_whole_units() -> None:
    assert usd("1235.00") == usd("1234.56").round(0, Rounding.HALF_UP)
    assert usd("1234.00") == usd("1234.50").round(0, Rounding.HALF_EVEN)


def test_rounding_to_minus_two_places_gives_hundreds() -> None:
    assert usd("1200.00") == usd("1234.56").round(-2, Rounding.HALF_UP)
    assert usd("1300.00") == usd("1250.00").round(-2, Rounding.HALF_UP)
    assert usd("1200.00") == usd("1250.00").round(-2, Rounding.HALF_EVEN)
    assert Money.of(2000, "JPY") == Money.of(1999, "JPY").round(-3, Rounding.UP)


def test_rounding_to_the_exponent_or_beyond_changes_nothing() -> None:
    assert usd("1.23") == usd("1.23").round(2, Rounding.UP)
    assert usd("1.23") == usd("1.23").round(5, Rounding.UP)


def test_rounding_names_the_places_when_they_are_not_an_int() -> None:
    with pytest.raises(WrongType) as caught:
        usd("1.23").round(1.0, Rounding.UP)  # type: ignore[arg-type]
    assert "places" == caught.value.field


def test_rounding_that_outgrows_the_precision_is_refused_by_places() -> None:
    with pytest.raises(ValidationError) as caught:
        usd("0.01").round(-40, Rounding.UP)
    assert "places" == caught.value.field


@pytest.mark.parametrize(
    "operation",
    [
        lambda m: m // 2,
        lambda m: 2 // m,
        lambda m: m % 2,
        lambda m: 2 % m,
        lambda m: divmod(m, 2),
        lambda m: m**2,
        lambda m: 2**m,
        lambda m: 2 / m,
        round,
        lambda m: round(m, 1),
        lambda m: m + 1,
        lambda m: m * 1.5,
    ],
)
def test_every_other_operation_is_refused_with_a_typed_error(operation: object) -> None:
    with pytest.raises(WrongType) as caught:
        operation(usd("1.00"))  # type: ignore[operator]
    assert isinstance(caught.value, TypeError)
    assert caught.value.fields["rule"]


@given(money(), st.integers(1, 50))
def test_split_parts_always_sum_to_the_whole(amount: Money, parts: int) -> None:
    assert amount == sum(amount.split(parts))


@given(money(), st.integers(1, 50))
def test_split_parts_differ_by_at_most_one_minor_unit(amount: Money, parts: int) -> None:
    units = [part.minor_units for part in amount.split(parts)]
    assert max(units) - min(units) <= 1


@given(
    money(),
    st.one_of(
        st.integers(1, 1000),
        st.decimals(Decimal("0.001"), Decimal("1000"), places=3),
    ),
    st.sampled_from(list(Rounding)),
)
def test_division_then_multiplication_is_within_one_minor_unit_of_the_exact_quotient(
    amount: Money, divisor: int | Decimal, rounding: Rounding
) -> None:
    quotient = amount.divide(divisor, rounding)
    exact = amount.amount / Decimal(divisor)
    assert abs(quotient.amount - exact) < amount.currency.quantum
    assert abs(quotient.amount * divisor - amount.amount) < amount.currency.quantum * divisor


@given(money(), st.integers(1, 1000))
def test_multiplying_then_dividing_by_an_int_is_exact(amount: Money, factor: int) -> None:
    assert amount == (amount * factor) / factor


@given(money())
def test_reflected_subtraction_equals_negation(amount: Money) -> None:
    assert -amount == 0 - amount


@given(money(), st.integers(-6, 3), st.sampled_from(list(Rounding)))
def test_rounding_lands_on_a_multiple_of_the_place_within_one_place(
    amount: Money, places: int, rounding: Rounding
) -> None:
    rounded = amount.round(places, rounding)
    step = Decimal(1).scaleb(-places)
    assert amount.currency == rounded.currency
    assert 0 == rounded.amount % step
    assert abs(rounded.amount - amount.amount) < step


@given(st.lists(money("USD"), max_size=6))
def test_sum_money_equals_adding_one_amount_at_a_time(amounts: list[Money]) -> None:
    expected = Money.zero("USD")
    for amount in amounts:
        expected = expected + amount
    assert expected == sum_money(amounts, "USD")


def test_sum_money_refuses_what_adding_one_at_a_time_refuses() -> None:
    dollars = [Money.of("1.00", "USD"), Money.of("2.00", "USD")]
    with pytest.raises(CurrencyMismatch) as mixed:
        sum_money([*dollars, Money.of("1.00", "EUR")], "USD")
    with pytest.raises(WrongType) as odd:
        sum_money([*dollars, 3], "USD")  # type: ignore[list-item]
    assert "cannot add 3.00 USD and 1.00 EUR" in str(mixed.value)
    assert "can only add Money with Money" in str(odd.value)


def test_sum_money_refuses_a_total_beyond_28_digits_like_money_does() -> None:
    huge = Money.of("9" * 26 + ".00", "USD")
    with pytest.raises(ValidationError) as refused:
        sum_money([huge] * 20, "USD")
    assert "exactly 2 decimal places" in str(refused.value)


def test_a_currency_has_one_zero_and_a_table_one_currency_per_code() -> None:
    table = CurrencyTable.default()
    assert Money.zero("usd") is Money.zero("USD")
    assert table.get("usd") is table.get("usd")
    assert Money.of("0", "USD") == Money.zero("USD")


@given(money("USD"), money("USD"), st.integers(-1000, 1000))
def test_arithmetic_builds_money_equal_to_the_checked_constructor(
    left: Money, right: Money, factor: int
) -> None:
    made = [left + right, left - right, left * factor, factor * left]
    checked = [
        Money(left.amount + right.amount, left.currency),
        Money(left.amount - right.amount, left.currency),
        Money(left.amount * factor, left.currency),
        Money(left.amount * factor, left.currency),
    ]
    assert checked == made
    assert [hash(m) for m in checked] == [hash(m) for m in made]
    assert [Money] * 4 == [type(m) for m in made]


def test_adding_subtracting_or_multiplying_beyond_28_digits_is_refused_like_money_does() -> None:
    huge = Money.of("9" * 26 + ".00", "USD")
    operations: list[Callable[[], Money]] = [
        lambda: huge + huge,
        lambda: -huge - huge,
        lambda: huge * 20,
    ]
    refused = []
    for operation in operations:
        with pytest.raises(ValidationError) as error:
            operation()
        refused.append("exactly 2 decimal places" in str(error.value))
    assert [True, True, True] == refused


def test_a_bool_factor_is_still_refused() -> None:
    with pytest.raises(WrongType):
        usd("1.00") * True


def test_adding_or_taking_away_nothing_gives_back_the_same_value() -> None:
    price = Money.of("19.99", "USD")
    nothing = Money.zero("USD")
    assert (price, price) == (price + nothing, price - nothing)
    assert (price + nothing) is price
    assert (price - nothing) is price


def test_nothing_plus_a_value_and_one_of_a_value_give_back_that_same_value() -> None:
    price = Money.of("19.99", "USD")
    nothing = Money.zero("USD")
    assert (price, price, price) == (nothing + price, price * 1, 1 * price)
    assert [True, True, True] == [made is price for made in (nothing + price, price * 1, 1 * price)]


def test_arithmetic_that_lands_on_zero_is_the_currencys_shared_zero_never_minus_zero() -> None:
    price = Money.of("19.99", "USD")
    landed = (price - price, price * 0, Money.of("-19.99", "USD") + price)
    assert [Money.zero("USD")] * 3 == list(landed)
    assert all(amount is Money.zero("USD") for amount in landed)
    assert ["0.00 USD"] * 3 == [str(amount) for amount in landed]


def test_a_sum_of_one_amount_is_that_amount() -> None:
    price = Money.of("19.99", "USD")
    assert sum_money([price], "USD") is price


def test_the_zero_of_a_code_is_the_default_tables_even_after_a_wider_currency_of_that_code() -> (
    None
):
    wider = Currency("USD", 3)
    assert "0.000 USD" == str(Money.zero(wider))
    assert ("0.00 USD", "0.00 USD") == (str(Money.zero("USD")), str(sum_money([], "USD")))
    assert "0.000 USD" == str(Money.zero(wider))


def test_the_shared_zero_is_in_the_tables_own_currency_whichever_equal_value_asked_first() -> None:
    Money.zero(Currency("MNT", 2))  # an equal value, not the table's own, asks first
    price = Money.of("5.00", "MNT")
    assert (price + Money.zero("MNT")) is price


@given(money("USD"), st.integers(-1000, 1000))
def test_exact_money_is_the_money_the_checked_constructor_builds(left: Money, factor: int) -> None:
    amount = left.amount * factor + left.amount
    made = exact_money(amount, left.currency)
    checked = Money(amount, left.currency)
    assert (Money, checked, hash(checked), repr(checked)) == (
        type(made),
        made,
        hash(made),
        repr(made),
    )


def test_exact_money_refuses_an_amount_off_the_exponent_as_the_constructor_does() -> None:
    usd = Money.zero("USD").currency
    with pytest.raises(ValidationError) as refused:
        Money(Decimal("1.005"), usd)
    with pytest.raises(ValidationError) as caught:
        exact_money(Decimal("1.005"), usd)
    assert (refused.value.field, str(refused.value)) == (caught.value.field, str(caught.value))
