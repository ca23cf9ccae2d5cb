import pendulum
import pytest

from ordercore.domain.returns import ReturnWindow
from ordercore.kernel.errors import ValidationError, WrongType

DELIVERED = pendulum.datetime(2026, 11, 2, 15, tz="UTC")


def test_a_window_counts_its_days_from_the_delivery_instant() -> None:
    assert DELIVERED.add(days=30) == ReturnWindow(30).closes_at(DELIVERED, "shopify", "CLOCK")


def test_a_sku_override_beats_a_channel_override_which_beats_the_default() -> None:
    window = ReturnWindow(30, per_channel={"amazon": 60}, per_sku={"FINAL-SALE-MUG": 0})
    assert 30 == window.days_for("shopify", "RETRO-CLOCK")
    assert 60 == window.days_for("amazon", "RETRO-CLOCK")
    assert 0 == window.days_for("amazon", "FINAL-SALE-MUG")


def test_the_instant_the_window_closes_is_already_too_late() -> None:
    window = ReturnWindow(30)
    closes = DELIVERED.add(days=30)
    assert window.is_open(DELIVERED, "shopify", "CLOCK", closes.subtract(microseconds=1))
    assert not window.is_open(DELIVERED, "shopify", "CLOCK", closes)


def test_a_window_counts_in_utc_whatever_zone_the_delivery_is_given_in() -> None:
    local = DELIVERED.in_timezone("America/New_York")
    assert DELIVERED.add(days=30) == ReturnWindow(30).closes_at(local, "shopify", "CLOCK")


def test_refuses_a_negative_number_of_days() -> None:
    with pytest.raises(ValidationError):
        ReturnWindow(30, per_channel={"amazon": -1})


def test_refuses_overrides_that_are_not_a_mapping() -> None:
    with pytest.raises(WrongType):
        ReturnWindow(30, per_sku=[("CLOCK", 3)])
