import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, ReservationRequest
from ordercore.domain.inventory.slots import slot_setter
from tests.domain.inventory.helpers import T

places = st.sampled_from(["WH-EAST", "WH-WEST", "STORE-1"])
lots = st.none() | st.sampled_from(["LOT-1", "LOT-2"])
supplies = st.none() | st.sampled_from(["PO-1", "PO-2"])


@attrs.frozen
class Box:
    sku: str
    units: int


def test_a_slot_setter_fills_a_new_frozen_object_equal_to_one_made_by_the_class() -> None:
    box = object.__new__(Box)
    slot_setter(Box, "sku")(box, "BLUE-VASE")
    slot_setter(Box, "units")(box, 2)
    assert Box("BLUE-VASE", 2) == box


@given(places, st.integers(1, 9), lots, supplies, st.integers(0, 9))
def test_an_allocation_holds_exactly_the_fields_it_was_given(
    where: str, units: int, lot: str | None, supply: str | None, picked: int
) -> None:
    allocation = Allocation(where, units, lot=lot, supply=supply, picked=picked)
    expected = {"location": where, "quantity": units, "lot": lot, "supply": supply}
    assert {**expected, "picked": picked} == allocation._asdict()
    assert allocation == Allocation(where, units + 1, lot, supply, picked)._replace(quantity=units)


def test_an_allocation_defaults_to_no_lot_no_supply_and_nothing_picked() -> None:
    allocation = Allocation("WH-EAST", 3)
    assert (None, None, 0) == (allocation.lot, allocation.supply, allocation.picked)


def test_an_allocation_is_frozen() -> None:
    allocation = Allocation("WH-EAST", 3)
    with pytest.raises(AttributeError):
        allocation.quantity = 4  # type: ignore[misc]


@given(st.integers(1, 9), st.booleans())
def test_a_reservation_request_holds_exactly_the_fields_it_was_given(
    priority: int, hard: bool
) -> None:
    picks = (Allocation("WH-EAST", 2),)
    request = ReservationRequest("R-1", "O-1", "L-1", picks, priority=priority, hard=hard)
    expected: dict[str, object] = {
        "reservation_id": "R-1",
        "order_ref": "O-1",
        "line_ref": "L-1",
        "allocations": picks,
        "priority": priority,
        "placed_at": None,
        "ttl": None,
        "expires_at": None,
        "hard": hard,
    }
    assert expected == request._asdict()
    assert request == request._replace(placed_at=T)._replace(placed_at=None)


def test_a_reservation_request_is_frozen() -> None:
    request = ReservationRequest("R-1", "O-1", "L-1", (Allocation("WH-EAST", 2),), hard=True)
    with pytest.raises(AttributeError):
        request.priority = 1  # type: ignore[misc]
