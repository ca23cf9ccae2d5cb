import datetime as dt

import pendulum
import pytest

from ordercore.kernel import clock
from ordercore.kernel.clock import FixedClock, instant, local_date, require_date
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType


def test_refuses_a_naive_datetime_and_says_how_to_fix_it() -> None:
    with pytest.raises(NaiveDatetime, match="has no timezone") as caught:
        instant(dt.datetime(2026, 11, 26, 9, 0), "placed_at")  # noqa: DTZ001 - the point
    assert "placed_at" == caught.value.field


def test_accepts_an_aware_stdlib_datetime_as_the_same_instant() -> None:
    aware = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    assert pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC") == instant(aware)


def test_refuses_something_that_is_no_datetime() -> None:
    with pytest.raises(WrongType):
        instant("2026-11-26T09:00:00Z")


def test_a_date_is_not_an_instant() -> None:
    with pytest.raises(WrongType, match="not an instant"):
        require_date(pendulum.datetime(2026, 11, 26, tz="UTC"))
    assert pendulum.date(2026, 11, 26) == require_date(dt.date(2026, 11, 26))


def test_the_local_date_depends_on_the_merchants_timezone() -> None:
    late_evening_in_london = pendulum.datetime(2026, 1, 31, 23, 30, tz="Europe/London")
    assert pendulum.date(2026, 1, 31) == local_date(late_evening_in_london, "Europe/London")
    assert pendulum.date(2026, 2, 1) == local_date(late_evening_in_london, "Asia/Tokyo")


def test_refuses_an_unknown_timezone() -> None:
    with pytest.raises(ValidationError, match="IANA timezone"):
        local_date(pendulum.datetime(2026, 1, 1, tz="UTC"), "Mars/Olympus_Mons")


def test_a_fixed_clock_moves_only_forward_when_told() -> None:
    clock = FixedClock(pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC"))
    assert pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC") == clock.now()
    clock.advance(hours=2)
    assert pendulum.datetime(2026, 11, 26, 11, 0, tz="UTC") == clock.now()
    with pytest.raises(ValidationError, match="never goes back"):
        clock.set(pendulum.datetime(2026, 11, 26, 10, 0, tz="UTC"))
    with pytest.raises(ValidationError, match="never goes back"):
        clock.advance(days=-1)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Asia/Tokyo"])
@pytest.mark.parametrize("built_in", ["UTC", "Europe/Berlin", "Asia/Tokyo"])
def test_the_local_date_is_the_same_whether_or_not_the_instant_is_in_that_zone(
    zone: str, built_in: str
) -> None:
    at = pendulum.datetime(2026, 1, 31, 23, 30, tz="UTC").in_timezone(built_in)
    assert at.in_timezone(zone).date() == local_date(at, zone)


def test_looks_a_zone_up_once_and_keeps_it_by_name() -> None:
    first = clock.zone("America/Argentina/Ushuaia")
    assert first is clock.zone("America/Argentina/Ushuaia")
    assert "America/Argentina/Ushuaia" == first.name


def test_a_zone_name_the_tz_database_does_not_know_is_refused_and_not_kept() -> None:
    with pytest.raises(ValidationError, match="an IANA timezone name such as 'UTC'"):
        clock.zone("Mars/Olympus")
    assert "Mars/Olympus" not in clock._ZONES


def test_a_zone_given_by_something_other_than_its_name_is_a_type_error() -> None:
    with pytest.raises(WrongType, match="a timezone is given by its IANA name, as text"):
        clock.zone(None)  # type: ignore[arg-type]


def test_the_local_date_in_a_zone_nobody_else_holds_is_the_same_on_every_call() -> None:
    moment = pendulum.datetime(2026, 1, 31, 23, 30, tz="UTC")
    expected = [pendulum.date(2026, 2, 1)] * 3
    assert expected == [local_date(moment, "Pacific/Chatham") for _ in range(3)]


def test_two_instants_of_one_local_day_give_one_shared_date_and_the_next_day_its_own() -> None:
    morning = local_date(pendulum.datetime(2026, 3, 2, 8, tz="UTC"), "Europe/Paris")
    evening = local_date(pendulum.datetime(2026, 3, 2, 20, tz="UTC"), "Europe/Paris")
    midnight = local_date(pendulum.datetime(2026, 3, 2, 23, 30, tz="UTC"), "Europe/Paris")
    assert [pendulum.date(2026, 3, 2)] * 2 + [pendulum.date(2026, 3, 3)] == [
        morning,
        evening,
        midnight,
    ]
    assert (True, pendulum.Date) == (morning is evening, type(midnight))
