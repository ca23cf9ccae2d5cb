import pendulum
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.money import Money
from ordercore.testing.strategies_kernel import ANCHOR, CURRENCY_CODES, amounts, instants

ZONES = ("UTC", "Asia/Tokyo")


@given(st.sampled_from(CURRENCY_CODES), st.integers(0, 5), st.data())
def test_amounts_stay_between_their_minor_unit_bounds(
    code: str, low: int, data: st.DataObject
) -> None:
    amount = data.draw(amounts(code, 500, min_minor=low))
    assert (code, True) == (amount.currency.code, low <= amount.minor_units <= 500)


@given(amounts("JPY", 0))
def test_amounts_up_to_zero_are_zero(amount: Money) -> None:
    assert Money.zero("JPY") == amount


@given(instants(max_days=3))
def test_instants_are_aware_and_count_from_the_anchor(moment: pendulum.DateTime) -> None:
    assert (True, "UTC") == (ANCHOR <= moment <= ANCHOR.add(days=3), moment.timezone_name)


@given(instants(ANCHOR, 2, min_days=-2, step_seconds=60, zones=ZONES))
def test_instants_may_reach_back_step_by_minutes_and_show_a_zone(moment: pendulum.DateTime) -> None:
    in_range = ANCHOR.subtract(days=2) <= moment <= ANCHOR.add(days=2)
    expected = (True, 0, True)
    assert expected == (in_range, moment.second, moment.timezone_name in ZONES)
