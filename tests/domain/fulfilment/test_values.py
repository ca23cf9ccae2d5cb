import pytest

from ordercore.domain.fulfilment import Dimensions, Parcel, PickedUnits, ShipmentLine
from ordercore.kernel.errors import ValidationError, WrongType


def test_weighs_a_parcel_in_whole_grams() -> None:
    expected = 1200
    actual = Parcel(1200, Dimensions(300, 200, 100), label="BOX-1").weight_grams
    assert expected == actual


@pytest.mark.parametrize("weight", [1.5, True, "12"])
def test_refuses_a_weight_that_is_not_a_whole_int(weight: object) -> None:
    with pytest.raises(WrongType):
        Parcel(weight)  # type: ignore[arg-type]


def test_refuses_a_parcel_that_weighs_nothing() -> None:
    with pytest.raises(ValidationError) as caught:
        Parcel(0)
    assert "weight_grams" == caught.value.field


def test_refuses_a_blank_label() -> None:
    with pytest.raises(ValidationError):
        Parcel(100, label="  ")


def test_refuses_dimensions_that_are_not_dimensions() -> None:
    with pytest.raises(WrongType):
        Parcel(100, dimensions=(1, 2, 3))  # type: ignore[arg-type]


def test_merges_two_picks_of_the_same_lot() -> None:
    line = ShipmentLine("line-1", "RETRO-CLOCK", 5)
    line = line.with_pick(PickedUnits("WH-EAST", 2, "LOT-A"))
    line = line.with_pick(PickedUnits("WH-EAST", 1, "LOT-B"))
    line = line.with_pick(PickedUnits("WH-EAST", 1, "LOT-A"))
    expected = (PickedUnits("WH-EAST", 3, "LOT-A"), PickedUnits("WH-EAST", 1, "LOT-B"))
    assert expected == line.picks
    assert (4, 1) == (line.picked, line.remaining)


def test_refuses_a_line_of_no_units() -> None:
    with pytest.raises(ValidationError):
        ShipmentLine("line-1", "RETRO-CLOCK", 0)


def test_refuses_a_pick_at_a_blank_location() -> None:
    with pytest.raises(ValidationError):
        PickedUnits(" ", 1)
