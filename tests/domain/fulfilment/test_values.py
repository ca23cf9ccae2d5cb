import pytest

from ordercore.domain.fulfilment import Dimensions, Parcel, PickedUnits, ShipmentLine, values
from ordercore.domain.fulfilment.values import picked_units, shipment_line
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


def test_the_built_picks_and_lines_are_what_their_constructors_build() -> None:
    merged = ShipmentLine("line-1", "RETRO-CLOCK", 5, (PickedUnits("WH-EAST", 2, "LOT-A"),))
    expected = [
        PickedUnits("WH-EAST", 2),
        PickedUnits("WH-EAST", 2, "LOT-A"),
        ShipmentLine("line-1", "RETRO-CLOCK", 5),
        ShipmentLine("line-1", "RETRO-CLOCK", 5, (PickedUnits("WH-EAST", 3, "LOT-A"),)),
    ]
    actual = [
        picked_units("WH-EAST", 2),
        picked_units("WH-EAST", 2, "LOT-A"),
        shipment_line("line-1", "RETRO-CLOCK", 5),
        merged.with_pick(picked_units("WH-EAST", 1, "LOT-A")),
    ]
    assert (expected, [hash(v) for v in expected], [repr(v) for v in expected]) == (
        actual,
        [hash(v) for v in actual],
        [repr(v) for v in actual],
    )


@pytest.mark.parametrize(
    ("location", "units", "lot", "field"),
    [
        (" ", 1, None, "location"),
        ("WH-EAST ", 1, None, "location"),
        ("WH-EAST", 0, None, "units"),
        ("WH-EAST", True, None, "units"),
        ("WH-EAST", 1, "", "lot"),
    ],
)
def test_a_built_pick_refuses_what_its_constructor_refuses(
    location: str, units: int, lot: str | None, field: str
) -> None:
    with pytest.raises((ValidationError, WrongType)) as built:
        picked_units(location, units, lot)
    with pytest.raises((ValidationError, WrongType)) as constructed:
        PickedUnits(location, units, lot)
    assert (field, str(constructed.value)) == (built.value.fields["field"], str(built.value))


@pytest.mark.parametrize(
    ("line_id", "sku", "requested", "field"),
    [
        ("", "RETRO-CLOCK", 1, "line_id"),
        ("line-1", " X", 1, "sku"),
        ("line-1", "X", 1.0, "requested"),
    ],
)
def test_a_built_line_refuses_what_its_constructor_refuses(
    line_id: str, sku: str, requested: int, field: str
) -> None:
    with pytest.raises((ValidationError, WrongType)) as built:
        shipment_line(line_id, sku, requested)
    with pytest.raises((ValidationError, WrongType)) as constructed:
        ShipmentLine(line_id, sku, requested)
    assert (field, str(constructed.value)) == (built.value.fields["field"], str(built.value))


def test_picks_of_the_same_place_and_units_are_one_shared_value_alone_in_one_shared_tuple(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(values, "_KNOWN_PICKS", {})  # none known yet, whatever ran before
    first, second = picked_units("WH-WEST", 2), picked_units("WH-WEST", 2)
    lines = [shipment_line(line_id, "RETRO-CLOCK", 3).with_pick(first) for line_id in "ab"]
    built = PickedUnits("WH-WEST", 2)
    assert (built, hash(built), repr(built)) == (second, hash(second), repr(second))
    assert [True, True] == [first is second, lines[0].picks is lines[1].picks]
    assert (built,) == lines[0].picks


def test_keeps_at_most_its_bound_of_shared_picks_and_builds_the_rest_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(values, "_KNOWN_PICKS", {})
    for units in range(1, values._KNOWN_PICKS_MAX + 50):
        picked_units("WH-WEST", units)
    beyond = values._KNOWN_PICKS_MAX + 60
    line = shipment_line("a", "RETRO-CLOCK", beyond).with_pick(picked_units("WH-WEST", beyond))
    assert values._KNOWN_PICKS_MAX == len(values._KNOWN_PICKS)
    assert (PickedUnits("WH-WEST", beyond),) == line.picks
