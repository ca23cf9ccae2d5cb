import contextlib
import copy

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.fulfilment import Shipment, ShipmentStatus
from ordercore.kernel.errors import OrdercoreError
from ordercore.ports.codec import Codec
from ordercore.testing.strategies_fulfilment import (
    ANCHOR,
    carriers,
    opened_shipments,
    parcel_lists,
    tracking_numbers,
)


def _attempts() -> st.SearchStrategy[list[tuple[str, int]]]:
    return st.lists(st.tuples(st.sampled_from(["line-1", "line-2", "line-3"]), st.integers(-1, 4)))


def _pick_all_you_can(shipment: Shipment, attempts: list[tuple[str, int]]) -> None:
    for line_id, units in attempts:
        with contextlib.suppress(OrdercoreError):
            shipment.pick(line_id, units, ANCHOR)


@given(opened_shipments(), _attempts())
def test_never_picks_more_of_a_line_than_it_asks_for(
    shipment: Shipment, attempts: list[tuple[str, int]]
) -> None:
    _pick_all_you_can(shipment, attempts)
    for line in shipment.lines.values():
        assert line.picked <= line.requested
        assert line.picked == sum(pick.units for pick in line.picks)


@given(opened_shipments(), _attempts())
def test_is_picked_exactly_when_every_unit_asked_for_is_picked(
    shipment: Shipment, attempts: list[tuple[str, int]]
) -> None:
    _pick_all_you_can(shipment, attempts)
    complete = all(line.remaining == 0 for line in shipment.lines.values())
    assert complete == (shipment.status is ShipmentStatus.PICKED)


@given(opened_shipments(), _attempts(), parcel_lists(), carriers(), tracking_numbers())
def test_packs_and_ships_exactly_what_was_picked(
    shipment: Shipment,
    attempts: list[tuple[str, int]],
    parcels: list[object],
    carrier: str,
    tracking: list[str],
) -> None:
    _pick_all_you_can(shipment, attempts)
    picked = shipment.picked()
    if not picked:
        return
    assert picked == shipment.pack(parcels, ANCHOR)  # type: ignore[arg-type]
    assert picked == shipment.ship(carrier, tracking, ANCHOR)
    assert picked == shipment.deliver(ANCHOR)


@given(opened_shipments(), _attempts())
def test_adds_one_version_and_one_event_per_accepted_command(
    shipment: Shipment, attempts: list[tuple[str, int]]
) -> None:
    accepted = 0
    for line_id, units in attempts:
        try:
            shipment.pick(line_id, units, ANCHOR)
            accepted += 1
        except OrdercoreError:
            pass
    events = shipment.pull_events()
    assert 1 + accepted == shipment.version
    assert list(range(2, 2 + accepted)) == [event.version for event in events]


_COMMANDS = st.sampled_from(["pick", "pack", "ship", "deliver", "cancel"])


def _run(shipment: Shipment, command: str, line_id: str, units: int, tracking: list[str]) -> None:
    if command == "pick":
        shipment.pick(line_id, units, ANCHOR)
    elif command == "pack":
        shipment.pack([], ANCHOR)
    elif command == "ship":
        shipment.ship("DHL", tracking, ANCHOR)
    elif command == "deliver":
        shipment.deliver(ANCHOR)
    else:
        shipment.cancel("" if units < 0 else "changed mind", ANCHOR)


@given(
    opened_shipments(),
    st.lists(st.tuples(_COMMANDS, st.sampled_from(["line-1", "line-2", "x"]), st.integers(-1, 4))),
    st.sampled_from([["JD1"], ["JD1", "JD1"], [""]]),
)
def test_a_rejected_command_changes_nothing(
    shipment: Shipment, commands: list[tuple[str, str, int]], tracking: list[str]
) -> None:
    for command, line_id, units in commands:
        before = copy.deepcopy(shipment)
        before_fields = attrs.asdict(shipment)
        try:
            _run(shipment, command, line_id, units, tracking)
        except OrdercoreError:
            assert before == shipment
            assert before_fields == attrs.asdict(shipment)
            assert before.events == shipment.events


@given(st.integers(1, 40))
def test_picking_unit_by_unit_from_one_place_stores_no_more_than_picking_at_once(
    units: int,
) -> None:
    lines = {"line-1": ("RETRO-CLOCK", units)}
    one_by_one = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR)
    at_once = copy.deepcopy(one_by_one)
    for _ in range(units):
        one_by_one.pick("line-1", 1, ANCHOR, lot="LOT-A")
    at_once.pick("line-1", units, ANCHOR, lot="LOT-A")
    same_version = attrs.evolve(one_by_one, version=at_once.version)
    assert Codec().dumps(at_once) == Codec().dumps(same_version)
