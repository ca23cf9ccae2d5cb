"""Bins' units promised to open pick lists: no two lists are sent to the same units (#15)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.warehouse import Bin, BinShort, BinStock, PickList, PickListStatus, Slotting
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import LOCATIONS, T, an_order

NEAR, FAR, BACK = Bin("WH-EAST", "A", 1, 3), Bin("WH-EAST", "A", 2, 8), Bin("WH-EAST", "B", 1, 1)
SLOTS = Slotting({("WH-EAST", "RETRO-CLOCK"): NEAR})


def a_floor(near: int = 3, far: int = 3, back: int = 0) -> tuple[Engine, MemoryStore]:
    """WH-EAST counts clocks in bins: ``near``, ``far`` and ``back`` units put away."""
    store = MemoryStore()
    engine = Engine(store, FixedClock(T), LOCATIONS, slotting=SLOTS, bin_locations={"WH-EAST"})
    if near + far + back:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", near + far + back)
    for place, units in ((NEAR, near), (FAR, far), (BACK, back)):
        if units:
            engine.put_away("RETRO-CLOCK", place, units)
    return engine, store


def a_shipment(engine: Engine, clocks: int, order_id: str) -> str:
    engine.place_order(an_order(order_id, clocks=clocks, vases=0))
    engine.confirm_order(order_id)
    engine.allocate_order(order_id)
    return engine.open_shipment(order_id, {"line-1": clocks}, "WH-EAST")


def bins_in(store: MemoryStore) -> BinStock:
    found = store.read("bin_stock", "WH-EAST/RETRO-CLOCK")
    assert isinstance(found, BinStock)
    return found


def promised(store: MemoryStore) -> dict[str, int]:
    return {shelf.bin.code: shelf.units for shelf in bins_in(store).promised}


def stops(store: MemoryStore, pick_list_id: str) -> list[tuple[str, int]]:
    pick_list = store.read("pick_lists", pick_list_id)
    assert isinstance(pick_list, PickList)
    return [(line.bin.code, line.units) for line in pick_list.walk()]


def test_a_pick_list_made_later_is_sent_to_units_no_open_list_was_promised() -> None:
    engine, store = a_floor(near=3, far=3)
    engine.create_pick_lists([a_shipment(engine, 3, "order-1")])
    engine.create_pick_lists([a_shipment(engine, 3, "order-2")])
    assert ([(NEAR.code, 3)], [(FAR.code, 3)]) == (
        stops(store, "PL-000001"),
        stops(store, "PL-000002"),
    )
    assert {NEAR.code: 3, FAR.code: 3} == promised(store)


def test_picking_a_line_ends_its_promise_and_the_units_leave_the_bin() -> None:
    engine, store = a_floor(near=3, far=0)
    engine.create_pick_lists([a_shipment(engine, 3, "order-1")])
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 2)
    assert ({NEAR.code: 1}, 1) == (promised(store), bins_in(store).units(NEAR))


def test_a_short_pick_ends_the_promise_of_the_units_not_found() -> None:
    engine, store = a_floor(near=3, far=0)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 5)
    engine.create_pick_lists([a_shipment(engine, 3, "order-1")])
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 1, short=True)
    assert {} == promised(store)


def test_a_cancelled_list_gives_its_units_back_to_the_next_list() -> None:
    engine, store = a_floor(near=3, far=3)
    engine.create_pick_lists([a_shipment(engine, 3, "order-1")])
    engine.cancel_pick_list("PL-000001", "picker called in sick")
    assert {} == promised(store)
    engine.create_pick_lists([a_shipment(engine, 3, "order-2")])
    assert [(NEAR.code, 3)] == stops(store, "PL-000002")


def test_units_promised_to_an_open_list_stay_in_their_bin() -> None:
    engine, store = a_floor(near=3, far=3)
    engine.create_pick_lists([a_shipment(engine, 2, "order-1")])
    before = store.snapshot()
    with pytest.raises(BinShort) as refused:
        engine.move_between_bins("RETRO-CLOCK", NEAR, BACK, 2)
    assert "bin WH-EAST/A-01-03-1 (unpromised to open pick lists) holds 1 units" in str(
        refused.value
    )
    assert before == store.snapshot()
    assert {NEAR.code: 2, BACK.code: 1} == engine.move_between_bins("RETRO-CLOCK", NEAR, BACK, 1)


def test_a_pick_outside_any_list_takes_units_no_list_was_promised() -> None:
    engine, store = a_floor(near=2, far=2)
    engine.create_pick_lists([a_shipment(engine, 2, "order-1")])
    outside = a_shipment(engine, 2, "order-2")
    engine.pick(outside, "line-1", 2)
    assert ({NEAR.code: 2}, 2, 0) == (
        promised(store),
        bins_in(store).units(NEAR),
        bins_in(store).units(FAR),
    )


def take_a_step(
    engine: Engine, store: MemoryStore, lists: list[str], step: str, pick: int, units: int, n: int
) -> None:
    """Make a list of a new shipment, or confirm (in part, or short) or cancel one of ``lists``."""
    if step == "create":
        lists += engine.create_pick_lists([a_shipment(engine, units, f"order-{n}")])
        return
    if not lists:
        return
    pick_list_id = lists[pick % len(lists)]
    if step == "cancel":
        engine.cancel_pick_list(pick_list_id, "re-planned")
        return
    pick_list = store.read("pick_lists", pick_list_id)
    assert isinstance(pick_list, PickList)
    if pick_list.status is PickListStatus.OPEN:
        engine.release_pick_list(pick_list_id)
    line = pick_list.walk()[pick % len(pick_list.walk())]
    picked = min(units, line.open) if step == "confirm" else 0
    engine.confirm_pick(pick_list_id, line.line_id, picked, short=step == "short")


def claims_of_open_lists(store: MemoryStore, lists: list[str]) -> dict[tuple[str, str | None], int]:
    """Units still to pick per (bin code, lot) over the lists not cancelled."""
    claimed: dict[tuple[str, str | None], int] = {}
    for pick_list_id in lists:
        pick_list = store.read("pick_lists", pick_list_id)
        assert isinstance(pick_list, PickList)
        if pick_list.status is PickListStatus.CANCELLED:
            continue
        for line in pick_list.walk():
            key = (line.bin.code, line.lot)
            claimed[key] = claimed.get(key, 0) + line.open
    return claimed


@settings(max_examples=40, deadline=None)
@given(
    shelves=st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
    steps=st.lists(
        st.tuples(
            st.sampled_from(["create", "create", "confirm", "short", "cancel"]),
            st.integers(0, 5),
            st.integers(1, 3),
        ),
        min_size=2,
        max_size=14,
    ),
)
def test_the_units_promised_in_a_bin_never_exceed_what_it_holds(
    shelves: tuple[int, int, int], steps: list[tuple[str, int, int]]
) -> None:
    near, far, back = shelves
    engine, store = a_floor(near, far, back)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 20)  # short picks re-allocate from here
    lists: list[str] = []
    for n, (step, pick, units) in enumerate(steps):
        with contextlib.suppress(OrdercoreError):
            take_a_step(engine, store, lists, step, pick, units, n)
        stock = store.read("bin_stock", "WH-EAST/RETRO-CLOCK")
        if not isinstance(stock, BinStock):
            continue
        open_units = claims_of_open_lists(store, lists)
        for (code, lot), claimed in open_units.items():  # no two pickers sent to one unit
            assert claimed <= sum(
                s.units for s in stock.shelves if (s.bin.code, s.lot) == (code, lot)
            )
        for shelf in stock.promised:
            assert shelf.units <= stock.units(shelf.bin, shelf.lot)
            assert shelf.units <= open_units.get((shelf.bin.code, shelf.lot), 0)
        if not any(open_units.values()):
            assert () == stock.promised
