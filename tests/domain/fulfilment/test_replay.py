import contextlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.fulfilment import Parcel, Shipment, replay_shipment
from ordercore.kernel.errors import InvalidTransition, OrdercoreError, ValidationError, WrongType
from ordercore.testing.strategies_fulfilment import (
    ANCHOR,
    carriers,
    parcel_lists,
    shipment_lines,
    tracking_numbers,
)


def _story(shipment: Shipment, steps: list[tuple[str, str, int]], parcels: list[Parcel]) -> None:
    for command, line_id, units in steps:
        with contextlib.suppress(OrdercoreError):
            if command == "pick":
                shipment.pick(line_id, units, ANCHOR.add(minutes=units), lot=f"LOT-{units % 2}")
            elif command == "pack":
                shipment.pack(parcels, ANCHOR)
            elif command == "ship":
                shipment.ship("DHL", [f"JD{units}"], ANCHOR, service="express")
            elif command == "deliver":
                shipment.deliver(ANCHOR.add(days=1))
            else:
                shipment.cancel("changed mind", ANCHOR)


@given(
    shipment_lines(),
    st.lists(
        st.tuples(
            st.sampled_from(["pick", "pick", "pack", "ship", "deliver", "cancel"]),
            st.sampled_from(["line-1", "line-2", "line-3"]),
            st.integers(1, 3),
        ),
        max_size=12,
    ),
    parcel_lists(),
)
def test_replaying_the_events_rebuilds_the_shipment(
    lines: dict[str, tuple[str, int]], steps: list[tuple[str, str, int]], parcels: list[Parcel]
) -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR)
    _story(shipment, steps, parcels)
    events = shipment.pull_events()
    assert shipment == replay_shipment(events)


@given(carriers(), tracking_numbers())
def test_replays_a_shipped_shipment_with_its_carrier_and_tracking(
    carrier: str, tracking: list[str]
) -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 1)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([Parcel(900)], ANCHOR)
    shipment.ship(carrier, tracking, ANCHOR)
    rebuilt = replay_shipment(shipment.pull_events())
    assert (carrier, tuple(tracking)) == (rebuilt.carrier, rebuilt.tracking)


def test_refuses_a_log_that_does_not_start_with_the_opening() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    events = shipment.pull_events()
    with pytest.raises(ValidationError):
        replay_shipment(events[1:])
    with pytest.raises(ValidationError):
        replay_shipment([])


def test_refuses_a_log_with_a_missing_version() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    opened, _, second = shipment.pull_events()
    with pytest.raises(ValidationError) as caught:
        replay_shipment([opened, second])
    assert "version" == caught.value.field


def test_refuses_an_event_of_another_kind_of_entity() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    opened = shipment.pull_events()[0]
    with pytest.raises(WrongType):
        replay_shipment([opened, opened])


def test_refuses_a_log_the_lifecycle_forbids() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 1)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([Parcel(900)], ANCHOR)
    shipment.ship("DHL", ["JD1"], ANCHOR)
    opened, picked, _packed, sent = shipment.pull_events()
    early_shipping = attrs.evolve(sent, version=3)
    with pytest.raises(InvalidTransition):
        replay_shipment([opened, picked, early_shipping])


def test_the_replay_entry_point_is_the_shipments_own_replay() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR, lot="LOT-1")
    events = shipment.pull_events()
    assert Shipment.replay(events) == replay_shipment(events) == shipment


def test_refuses_another_shipments_event_naming_this_shipment() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    opened, picked = shipment.pull_events()
    with pytest.raises(ValidationError, match="every event is of shipment 'SHP-1'"):
        replay_shipment([opened, attrs.evolve(picked, entity_id="SHP-2")])


def test_a_live_command_records_the_event_it_applied_once() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    shipment.pick("line-1", 1, ANCHOR)
    assert [1, 2] == [event.version for event in shipment.pull_events()]
    assert ([], 2) == (shipment.pull_events(), shipment.version)
