"""A shipment copies itself (kernel.copies' protocol): equal, every field, sharing nothing."""

import copy as stdlib_copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.fulfilment import Dimensions, Parcel, Shipment
from ordercore.domain.orders import Address
from ordercore.kernel.copies import copy
from ordercore.kernel.events import attach
from ordercore.testing.strategies_fulfilment import (
    ANCHOR,
    carriers,
    opened_shipments,
    parcel_lists,
    tracking_numbers,
)
from tests.kernel.copy_states import generic_copy, state
from tests.kernel.mutability import mutable_ids

HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
LINES = {"line-1": ("RETRO-CLOCK", 2), "line-2": ("BLUE-VASE", 1)}


def shared(shipment: Shipment, copied: Shipment) -> set[int]:
    """What can change and both hold, but for what their events hold.

    The events are frozen values, shared as the generic copier shares them, though a
    ``ShipmentPacked`` holds the parcels it packed and a parcel's contents are a dict: the
    shipment's own parcels (the same objects) must not be shared, checked on their own below.
    """
    return (mutable_ids(shipment) & mutable_ids(copied)) - mutable_ids(shipment.events)


def a_shipment_with_everything() -> Shipment:
    """Picked, packed into parcels recording their contents, shipped and tracked."""
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH-EAST", LINES, ANCHOR, ship_to=HOME
    )
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pick("line-2", 1, ANCHOR)
    boxes = [
        Parcel(1200, Dimensions(300, 200, 100), "BOX-1", contents={"line-1": 2}),
        Parcel(800, None, "BOX-2", contents={"line-2": 1}),
    ]
    shipment.pack(boxes, ANCHOR)
    shipment.ship("UPS", ["1Z0001"], ANCHOR.add(hours=1), service="express")
    shipment.track("in_transit", ANCHOR.add(hours=2))
    return shipment  # its events not pulled


def test_a_copy_holds_every_field_and_shares_nothing_that_can_change() -> None:
    shipment = a_shipment_with_everything()
    copied = copy(shipment)
    assert (state(shipment), set()) == (
        state(copied),
        shared(shipment, copied),
    )
    assert shipment == copied


def test_parcels_recording_their_contents_are_copied() -> None:
    shipment = a_shipment_with_everything()
    copied = copy(shipment)
    pairs = list(zip(copied.parcels, shipment.parcels, strict=True))
    assert ([False, False], [False, False], [True, True]) == (
        [new is old for new, old in pairs],
        [new.contents is old.contents for new, old in pairs],
        [new == old for new, old in pairs],
    )


def test_parcels_without_contents_are_shared_as_they_are() -> None:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH-EAST", LINES, ANCHOR
    )
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pack([Parcel(500)], ANCHOR)
    assert shipment.parcels is copy(shipment).parcels


def test_the_copy_is_the_one_the_generic_copier_made() -> None:
    shipment = a_shipment_with_everything()
    assert state(generic_copy(shipment)) == state(copy(shipment))


def test_copy_deepcopy_makes_the_same_copy() -> None:
    shipment = a_shipment_with_everything()
    copied = stdlib_copy.deepcopy(shipment)
    assert (state(shipment), set()) == (
        state(copied),
        shared(shipment, copied),
    )


def test_a_copy_has_no_sink_and_its_own_events() -> None:
    shipment = a_shipment_with_everything()
    attach(shipment)
    copied = copy(shipment)
    copied.deliver(ANCHOR.add(hours=3))
    assert (None, 6, 7) == (copied.sink, len(shipment.events), len(copied.events))


@given(st.integers(1, 3))
def test_a_shipment_reached_twice_is_copied_once(times: int) -> None:
    shipment = a_shipment_with_everything()
    copied = copy([shipment] * times)
    assert (times, 1) == (len(copied), len({id(each) for each in copied}))


def _change(shipment: Shipment, carrier: str, numbers: list[str]) -> None:
    """Ship and deliver; then empty what a command never empties (its dict of lines)."""
    shipment.ship(carrier, numbers, ANCHOR)
    shipment.deliver(ANCHOR)
    shipment.pull_events()
    shipment.lines.clear()


@given(opened_shipments(), parcel_lists(), st.booleans(), carriers(), tracking_numbers())
def test_changing_a_copy_never_changes_the_original_nor_the_other_way_round(
    shipment: Shipment, boxes: list[Parcel], contents: bool, carrier: str, numbers: list[str]
) -> None:
    for line_id, line in list(shipment.lines.items()):
        shipment.pick(line_id, line.requested, ANCHOR)
    if contents:  # one box holding every unit picked, scan-verified
        boxes = [Parcel(500, contents=shipment.picked())]
    shipment.pack(boxes, ANCHOR)
    before: Any = state(shipment)
    copied = copy(shipment)
    assert (before, set()) == (state(copied), shared(shipment, copied))
    _change(copied, carrier, numbers)
    assert before == state(shipment)
    again = copy(shipment)
    _change(shipment, carrier, numbers)
    assert before == state(again)
