import pytest

from ordercore.domain.inventory import Allocation, Location, PositionKey, quantity
from ordercore.kernel.errors import ValidationError, WrongType


def test_a_quantity_is_a_whole_number_of_units() -> None:
    assert 3 == quantity("units", 3)


@pytest.mark.parametrize("bad", [True, 2.0, "3", None])
def test_refuses_a_quantity_that_is_not_an_int(bad: object) -> None:
    with pytest.raises(WrongType) as caught:
        quantity("units", bad)
    assert "units" == caught.value.field


def test_refuses_a_negative_quantity_naming_the_rule() -> None:
    with pytest.raises(ValidationError) as caught:
        quantity("units", -1, minimum=0)
    assert "a quantity here is at least 0" == caught.value.rule


def test_a_position_key_without_a_lot_is_labelled_by_its_location() -> None:
    assert "WH-EAST" == PositionKey("WH-EAST").label()
    assert "WH-EAST/LOT-A" == PositionKey("WH-EAST", "LOT-A").label()


def test_an_allocation_knows_its_position() -> None:
    assert PositionKey("WH-EAST", "LOT-A") == Allocation("WH-EAST", 2, "LOT-A").key


def test_a_location_prefers_lower_priority_numbers_and_defaults_to_no_bins() -> None:
    east = Location("WH-EAST", priority=1, region="EU", bins=("A-01",))
    assert (1, "EU", None, ("A-01",)) == (
        east.priority,
        east.region,
        east.coordinates,
        east.bins,
    )
