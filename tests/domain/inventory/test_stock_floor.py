import copy

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    MovementKind,
    OverShipment,
    OverUnpick,
    PositionKey,
    ReservationState,
    StockItem,
    StockShipped,
    StockUnpicked,
)
from ordercore.errors import OrdercoreError
from ordercore.kernel.errors import InvalidTransition, ValidationError
from ordercore.testing.strategies_inventory import LOCATIONS, lot_ids, quantities
from tests.domain.inventory.helpers import T, hard, snapshot, stock


def picked_clocks(east: int = 2, west: int = 2) -> StockItem:
    """RETRO-CLOCK with one reservation holding and having picked ``east`` then ``west`` units."""
    item = stock(WH_EAST=5, WH_WEST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3), Allocation("WH-WEST", 3))
    if east:
        item.pick("R-1", east, T, location="WH-EAST")
    if west:
        item.pick("R-1", west, T, location="WH-WEST")
    item.pull_events()
    return item


def picked_at(item: StockItem) -> list[tuple[str, int, int]]:
    return [(a.location, a.quantity, a.picked) for a in item.reservation("R-1").allocations]


def test_unpicking_puts_units_back_on_the_shelf_still_reserved() -> None:
    item = picked_clocks()
    version = item.version
    state = item.unpick("R-1", 1, T, location="WH-WEST")
    (event,) = item.pull_events()
    assert (ReservationState.PICKED, [("WH-EAST", 3, 2), ("WH-WEST", 3, 1)], 6, 10) == (
        state,
        picked_at(item),
        item.reserved(),
        item.on_hand(),
    )
    assert (
        StockUnpicked(
            entity_id="RETRO-CLOCK",
            version=version + 1,
            occurred_at=T,
            reservation_id="R-1",
            location="WH-WEST",
            lot=None,
            quantity=1,
        )
        == event
    )


def test_unpicking_is_a_pick_movement_with_a_negative_picked_delta_and_reason_unpick() -> None:
    item = picked_clocks()
    item.unpick("R-1", 2, T, location="WH-EAST")
    rows = item.pull_movements()
    last = rows[-1]
    assert (MovementKind.PICK, "WH-EAST", 0, 0, -2, "unpick", "R-1") == (
        last.kind,
        last.location,
        last.on_hand,
        last.reserved,
        last.picked,
        last.reason,
        last.reference,
    )
    assert item.verify(rows).ok


def test_unpicking_the_last_picked_units_makes_the_reservation_allocated_again() -> None:
    item = picked_clocks(east=2, west=0)
    state = item.unpick("R-1", 2, T)
    assert (ReservationState.ALLOCATED, 0) == (state, item.reservation("R-1").picked)
    assert 5 == item.resize("R-1", 5, T).quantity  # allowed again once nothing is picked


def test_unpicking_without_a_place_puts_back_at_the_least_preferred_places_first() -> None:
    item = picked_clocks()
    item.unpick("R-1", 3, T)
    events = item.pull_events()
    assert [("WH-EAST", 3, 1), ("WH-WEST", 3, 0)] == picked_at(item)
    assert [("WH-WEST", 2), ("WH-EAST", 1)] == [
        (e.location, e.quantity) for e in events if isinstance(e, StockUnpicked)
    ]
    assert {item.version} == {e.version for e in events}


def test_refuses_to_unpick_more_than_is_picked_at_the_place() -> None:
    item = picked_clocks(east=2, west=1)
    before = snapshot(item)
    with pytest.raises(OverUnpick) as caught:
        item.unpick("R-1", 2, T, location="WH-WEST")
    assert (
        (
            "units=2 to unpick from reservation 'R-1' at WH-WEST was refused: only 1 units are "
            "picked there; unpick at most what was picked"
        ),
        {"reservation_id": "R-1", "requested": 2, "picked": 1, "where": "WH-WEST"},
        True,
        before,
    ) == (
        str(caught.value),
        dict(caught.value.fields),
        isinstance(caught.value, OrdercoreError) and isinstance(caught.value, ValueError),
        snapshot(item),
    )


def test_refuses_to_unpick_more_than_the_reservation_has_picked() -> None:
    item = picked_clocks(east=1, west=1)
    before = snapshot(item)
    with pytest.raises(OverUnpick) as caught:
        item.unpick("R-1", 3, T)
    assert ("the reservation", 2, before) == (
        caught.value.where,
        caught.value.picked,
        snapshot(item),
    )


def test_refuses_to_unpick_where_the_reservation_holds_nothing() -> None:
    item = picked_clocks()
    item.receive("STORE-SOHO", 2, T)
    before = snapshot(item)
    with pytest.raises(ValidationError) as caught:
        item.unpick("R-1", 1, T, location="STORE-SOHO")
    assert ("location", before) == (caught.value.field, snapshot(item))


def test_refuses_a_lot_without_its_location() -> None:
    item = picked_clocks()
    before = snapshot(item)
    with pytest.raises(ValidationError) as caught:
        item.unpick("R-1", 1, T, lot="LOT-A")
    with pytest.raises(ValidationError):
        item.ship("R-1", 1, T, lot="LOT-A")
    assert ("lot", before) == (caught.value.field, snapshot(item))


def test_refuses_to_unpick_a_reservation_that_picked_nothing_yet() -> None:
    item = picked_clocks(east=0, west=0)
    before = snapshot(item)
    with pytest.raises(InvalidTransition):
        item.unpick("R-1", 1, T)
    assert before == snapshot(item)


def test_unpicks_and_ships_the_lot_it_is_told_to() -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 2, T, lot="LOT-A")
    item.receive("WH-EAST", 2, T, lot="LOT-B")
    hard(item, "R-1", Allocation("WH-EAST", 2, "LOT-A"), Allocation("WH-EAST", 2, "LOT-B"))
    item.pick("R-1", 2, T, location="WH-EAST", lot="LOT-A")
    item.pick("R-1", 2, T, location="WH-EAST", lot="LOT-B")
    item.unpick("R-1", 1, T, location="WH-EAST", lot="LOT-A")
    item.ship("R-1", 2, T, location="WH-EAST", lot="LOT-B")
    assert ([("LOT-A", 2, 1)], 2, 0) == (
        [(a.lot, a.quantity, a.picked) for a in item.reservation("R-1").allocations],
        item.on_hand("WH-EAST", "LOT-A"),
        item.on_hand("WH-EAST", "LOT-B"),
    )


def test_ships_exactly_from_the_place_it_is_told_to() -> None:
    item = picked_clocks()
    item.ship("R-1", 2, T, location="WH-WEST")
    (event,) = item.pull_events()
    assert ([("WH-EAST", 3, 2), ("WH-WEST", 1, 0)], 5, 3) == (
        picked_at(item),
        item.on_hand("WH-EAST"),
        item.on_hand("WH-WEST"),
    )
    assert isinstance(event, StockShipped)
    assert ("WH-WEST", None, 2) == (event.location, event.lot, event.quantity)


def test_shipping_without_a_place_still_takes_the_preferred_places_first() -> None:
    item = picked_clocks()
    item.ship("R-1", 3, T)
    (event,) = item.pull_events()
    assert ([("WH-EAST", 1, 0), ("WH-WEST", 2, 1)], None) == (
        [(a.location, a.quantity, a.picked) for a in item.reservation("R-1").allocations],
        event.location if isinstance(event, StockShipped) else "not shipped",
    )


def test_refuses_to_ship_from_a_place_more_than_was_picked_there() -> None:
    item = picked_clocks(east=2, west=1)
    before = snapshot(item)
    with pytest.raises(OverShipment) as caught:
        item.ship("R-1", 2, T, location="WH-WEST")
    assert (1, "only units picked at WH-WEST ship from there; pick first", before) == (
        caught.value.allowed,
        caught.value.rule,
        snapshot(item),
    )


def test_refuses_to_ship_from_a_place_the_reservation_does_not_hold() -> None:
    item = picked_clocks()
    before = snapshot(item)
    with pytest.raises(ValidationError) as caught:
        item.ship("R-1", 1, T, location="STORE-SOHO")
    assert ("location", before) == (caught.value.field, snapshot(item))


def test_the_last_units_shipped_from_a_place_consume_the_reservation() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    hard(item, "R-1", Allocation("WH-EAST", 1), Allocation("WH-WEST", 2))
    item.pick("R-1", 2, T, location="WH-WEST")
    item.ship("R-1", 2, T, location="WH-WEST")
    item.pick("R-1", 1, T, location="WH-EAST")
    assert ReservationState.CONSUMED == item.ship("R-1", 1, T, location="WH-EAST")
    assert (7, 0) == (item.on_hand(), item.reserved())


# ---------------------------------------------------------------- properties

PLACES = [PositionKey(location, lot) for location in LOCATIONS[:2] for lot in (None, "LOT-A")]

commands = st.lists(
    st.tuples(
        st.sampled_from(
            ["pick", "pick", "pick", "unpick", "ship", "unpick_anywhere", "ship_anywhere"]
        ),
        st.sampled_from(PLACES),
        quantities(0, 4),
    ),
    max_size=25,
)


def fresh_item(sizes: list[int]) -> StockItem:
    item = StockItem("RETRO-CLOCK")
    for key in PLACES:
        item.receive(key.location, 6, T, lot=key.lot)
    allocations = [
        Allocation(key.location, size, key.lot) for key, size in zip(PLACES, sizes, strict=True)
    ]
    hard(item, "R-1", *[a for a in allocations if a.quantity])
    hard(item, "R-2", Allocation("WH-EAST", 1), Allocation("WH-WEST", 1, "LOT-A"))
    item.pull_events()
    return item


def counters(item: StockItem) -> dict[str, dict[object, int]]:
    """Every counter of the item, without the zeros."""
    live = {
        **attrs.asdict(item.counters, recurse=False),
        "expected": item.supplies.expected,
        "promised": item.supplies.promised,
    }
    return {
        name: {key: value for key, value in live[name].items() if value}
        for name in ("on_hand", "reserved", "picked", "expected", "promised")
    }


def run(item: StockItem, command: str, key: PositionKey, units: int) -> None:
    if command == "pick":
        item.pick("R-1", units, T, location=key.location, lot=key.lot)
    elif command == "unpick":
        item.unpick("R-1", units, T, location=key.location, lot=key.lot)
    elif command == "ship":
        item.ship("R-1", units, T, location=key.location, lot=key.lot)
    elif command == "unpick_anywhere":
        item.unpick("R-1", units, T)
    else:
        item.ship("R-1", units, T)


@given(
    sizes=st.lists(quantities(0, 4), min_size=len(PLACES), max_size=len(PLACES)).filter(any),
    steps=commands,
)
def test_any_picks_unpicks_and_ships_at_places_keep_the_ledger_and_counters_true(
    sizes: list[int], steps: list[tuple[str, PositionKey, int]]
) -> None:
    item = fresh_item(sizes)
    for command, key, units in steps:
        before = snapshot(item)
        try:
            run(item, command, key, units)
        except OrdercoreError:
            assert before == snapshot(item)
        report = item.verify()
        assert (True, ()) == (report.ok, report.drifts)
        picked: dict[PositionKey, int] = {}
        for reservation in item.reservations.values():
            for a in reservation.allocations if reservation.is_active else ():
                picked[a.key] = picked.get(a.key, 0) + a.picked
        assert {k: v for k, v in picked.items() if v} == counters(item)["picked"]
        reservation = item.reservation("R-1")
        if reservation.state is ReservationState.ALLOCATED:
            assert 0 == reservation.picked
        if command.startswith("unpick") and before != snapshot(item):
            assert (ReservationState.ALLOCATED == reservation.state) == (0 == reservation.picked)


@given(location=st.sampled_from(LOCATIONS[:2]), lot=lot_ids(), units=quantities(1, 3))
def test_unpicking_what_was_just_picked_restores_every_counter(
    location: str, lot: str | None, units: int
) -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive(location, 5, T, lot=lot)
    hard(item, "R-1", Allocation(location, 3, lot))
    before = (counters(item), copy.deepcopy(item.reservation("R-1")))
    item.pick("R-1", units, T, location=location, lot=lot)
    item.unpick("R-1", units, T, location=location, lot=lot)
    assert before == (counters(item), item.reservation("R-1"))
