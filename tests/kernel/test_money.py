from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.errors import (
    CurrencyMismatch,
    UnknownCurrency,
    ValidationError,
    WrongType,
)
from ordercore.kernel.money import (
    Currency,
    CurrencyTable,
    Money,
    Rounding,
    allocate,
    allocate_units,
    sum_money,
)
from ordercore.testing.strategies_kernel import currencies, money, weights

TABLE = CurrencyTable.default()


def test_normalises_currency_codes_to_upper_case() -> None:
    assert Money.of("1.50", "USD") == Money.of("1.50", "usd")


def test_accepts_trailing_zeros_beyond_the_exponent() -> None:
    assert Money.of("1.50", "USD") == Money.of("1.500", "USD")


def test_refuses_real_excess_precision_without_a_rounding_mode() -> None:
    with pytest.raises(ValidationError, match="2 decimal places") as caught:
        Money.of("1.005", "USD")
    assert "amount" == caught.value.field
    assert "1.005" == caught.value.value


def test_rounds_excess_precision_with_a_named_mode() -> None:
    assert Money.of("1.00", "USD") == Money.of("1.005", "USD", rounding=Rounding.HALF_EVEN)
    assert Money.of("1.01", "USD") == Money.of("1.005", "USD", rounding=Rounding.HALF_UP)


def test_jpy_has_no_minor_unit() -> None:
    assert "500 JPY" == str(Money.of(500, "JPY"))
    with pytest.raises(ValidationError):
        Money.of("500.5", "JPY")


def test_kwd_has_three_decimal_places() -> None:
    assert 1234 == Money.of("1.234", "KWD").minor_units


@pytest.mark.parametrize("bad", [1.5, 0.1, True])
def test_refuses_floats_and_bools(bad: object) -> None:
    with pytest.raises(WrongType, match="never a float"):
        Money.of(bad, "USD")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", Decimal("NaN")])
def test_refuses_nan_and_infinity(bad: object) -> None:
    with pytest.raises(ValidationError, match="finite"):
        Money.of(bad, "USD")  # type: ignore[arg-type]


def test_refuses_text_that_is_no_number() -> None:
    with pytest.raises(ValidationError, match="not a decimal number"):
        Money.of("twelve", "USD")


def test_refuses_an_unknown_currency_and_says_how_to_add_it() -> None:
    with pytest.raises(UnknownCurrency, match="with_currency"):
        Money.of(1, "XXY")


def test_a_channel_table_can_override_an_exponent_without_touching_the_default() -> None:
    whole_forints = CurrencyTable.default().with_currency("HUF", 0)
    assert "120 HUF" == str(Money.of(120, "HUF", table=whole_forints))
    assert 2 == CurrencyTable.default().get("HUF").exponent


def test_adding_different_currencies_raises_a_mismatch_naming_both() -> None:
    with pytest.raises(CurrencyMismatch, match=r"1\.00 USD and 1\.00 EUR"):
        Money.of(1, "USD") + Money.of(1, "EUR")


def test_comparing_different_currencies_raises_a_mismatch() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money.of(1, "USD") < Money.of(2, "EUR")


def test_multiplying_by_a_rate_needs_a_rounding_mode() -> None:
    price = Money.of("19.99", "USD")
    assert Money.of("1.60", "USD") == price.multiply(Decimal("0.08"), Rounding.HALF_UP)


def test_multiplying_money_by_a_float_is_refused() -> None:
    with pytest.raises(WrongType):
        Money.of(1, "USD") * 1.5  # type: ignore[operator]


def test_negative_zero_never_appears() -> None:
    assert "0.00 USD" == str(-Money.zero("USD"))
    assert "0.00 USD" == str(Money.of("-0.00", "USD"))


def test_money_built_directly_must_already_be_at_the_exponent() -> None:
    with pytest.raises(ValidationError, match="exactly 2 decimal places"):
        Money(Decimal("1.5"), TABLE.get("USD"))


def test_a_one_dollar_discount_over_three_equal_lines_splits_earliest_first() -> None:
    parts = allocate(Money.of("1.00", "USD"), [Money.of("3.33", "USD").minor_units] * 3)
    assert ["0.34 USD", "0.33 USD", "0.33 USD"] == [str(p) for p in parts]


def test_a_zero_weight_gets_nothing() -> None:
    assert [0, 10, 0] == allocate_units(10, [0, 5, 0])


def test_allocation_refuses_all_zero_or_negative_weights() -> None:
    with pytest.raises(ValidationError, match="positive"):
        allocate_units(10, [0, 0])
    with pytest.raises(ValidationError, match="negative"):
        allocate_units(10, [1, -1])


def test_sum_money_of_nothing_is_zero() -> None:
    assert Money.zero("EUR") == sum_money([], "EUR")


@given(money(), weights())
def test_allocation_always_sums_to_the_whole(amount: Money, ws: list[int]) -> None:
    parts = allocate(amount, ws)
    assert amount == sum_money(parts, amount.currency)
    assert len(ws) == len(parts)


@given(st.integers(0, 10**12), weights())
def test_allocation_of_a_positive_amount_is_never_negative(total: int, ws: list[int]) -> None:
    parts = allocate_units(total, ws)
    assert all(part >= 0 for part in parts)
    assert all(part == 0 for part, w in zip(parts, ws, strict=True) if w == 0)


@given(st.integers(0, 10**9), weights())
def test_each_part_is_within_one_unit_of_its_exact_share(total: int, ws: list[int]) -> None:
    parts = allocate_units(total, ws)
    weight_sum = sum(ws)
    for part, w in zip(parts, ws, strict=True):
        assert abs(Decimal(part) - Decimal(total) * w / weight_sum) < 1


@given(currencies().flatmap(lambda c: st.tuples(money(c), money(c))))
def test_arithmetic_never_changes_the_currency(pair: tuple[Money, Money]) -> None:
    left, right = pair
    for result in (left + right, left - right, -left, left * 3, abs(left)):
        assert left.currency == result.currency


@given(money())
def test_a_round_trip_through_str_is_exact(amount: Money) -> None:
    assert amount == Money.parse(str(amount))


@given(money())
def test_a_round_trip_through_minor_units_is_exact(amount: Money) -> None:
    assert amount == Money.from_minor(amount.minor_units, amount.currency)


@given(st.floats(allow_nan=True, allow_infinity=True), currencies())
def test_floats_are_always_refused(value: float, currency: Currency) -> None:
    with pytest.raises(WrongType):
        Money.of(value, currency)  # type: ignore[arg-type]


def test_equal_amounts_of_equal_but_distinct_currency_values_are_equal_and_hash_alike() -> None:
    shared = Money.of("1.50", "USD")
    own = Money(Decimal("1.50"), Currency("USD", 2))
    assert (True, hash(shared)) == (shared == own, hash(own))


def test_money_differs_from_the_same_amount_in_another_currency_or_a_text() -> None:
    usd = Money.of("1.50", "USD")
    assert (False, False, True) == (usd == Money.of("1.50", "EUR"), usd == "1.50 USD", usd != 1)


@given(money(), money())
def test_money_is_equal_exactly_when_amount_and_currency_are(a: Money, b: Money) -> None:
    same = (a.amount, a.currency) == (b.amount, b.currency)
    assert (same, same) == (a == b, a == b and hash(a) == hash(b))
