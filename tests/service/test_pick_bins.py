"""Stock counted in bins through the Engine: receipts, put-away, picks, short picks, bin counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import Lot, StockItem
from ordercore.domain.warehouse import Bin, BinShort, BinStock, PickList, Slotting
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError, ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.bins import on_shelf
from tests.service.helpers import LOCATIONS, T, an_order, ledger

RECEIVING = Bin("WH-EAST", "RECEIVING", 1, 1)
NEAR, FAR, BACK = Bin("WH-EAST", "A", 1, 3), Bin("WH-EAST", "A", 2, 8), Bin("WH-EAST", "B", 1, 1)
SLOTS = Slotting({("WH-EAST", "RETRO-CLOCK"): NEAR})


def binned_floor() -> tuple[Engine, MemoryStore]:
    """A shop whose WH-EAST counts stock in bins; WH-WEST does not."""
    store = MemoryStore()
    engine = Engine(store, FixedClock(T), LOCATIONS, slotting=SLOTS, bin_locations={"WH-EAST"})
    return engine, store


def bins_of(store: MemoryStore, sku: str = "RETRO-CLOCK") -> dict[tuple[str, str | None], int]:
    found = store.read("bin_stock", f"WH-EAST/{sku}")
    assert isinstance(found, BinStock)
    return {(shelf.bin.code, shelf.lot): shelf.units for shelf in found.shelves}


def assert_bins_hold_the_shelf(store: MemoryStore, sku: str = "RETRO-CLOCK") -> None:
    item = store.read("stock", sku)
    assert isinstance(item, StockItem)
    by_lot: dict[str | None, int] = {}
    for (_code, lot), units in bins_of(store, sku).items():
        by_lot[lot] = by_lot.get(lot, 0) + units
    assert on_shelf(item, "WH-EAST") == by_lot


def a_shipment(engine: Engine, clocks: int, order_id: str = "order-1") -> str:
    engine.place_order(an_order(order_id, clocks=clocks, vases=0))
    engine.confirm_order(order_id)
    engine.allocate_order(order_id)
    return engine.open_shipment(order_id, {"line-1": clocks}, "WH-EAST")


def test_a_receipt_waits_in_the_receiving_bin_until_it_is_put_away() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5)
    assert {(RECEIVING.code, None): 5} == bins_of(store)
    assert {RECEIVING.code: 2, NEAR.code: 3} == engine.put_away("RETRO-CLOCK", NEAR, 3)
    assert {(RECEIVING.code, None): 2, (NEAR.code, None): 3} == bins_of(store)
    assert_bins_hold_the_shelf(store)


def test_a_receipt_goes_into_the_bin_the_host_names() -> None:
    engine, store = binned_floor()
    engine.receive_into_bin("RETRO-CLOCK", FAR, 4, lot=Lot("LOT-1"))
    assert {(FAR.code, "LOT-1"): 4} == bins_of(store)
    assert_bins_hold_the_shelf(store)


def test_a_location_without_bins_keeps_no_bin_stock() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 5)
    assert [] == [key for key in store.snapshot().rows if key[0] == "bin_stock"]
    with pytest.raises(ValidationError):
        engine.put_away("RETRO-CLOCK", Bin("WH-WEST", "A", 1, 1), 1)


def test_moving_more_than_a_bin_holds_is_refused_and_changes_nothing() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 2)
    before = store.snapshot()
    with pytest.raises(BinShort) as refused:
        engine.move_between_bins("RETRO-CLOCK", RECEIVING, NEAR, 3)
    assert "holds 2 units of RETRO-CLOCK" in str(refused.value)
    assert before == store.snapshot()


def test_a_pick_list_goes_to_the_bins_that_hold_the_units_in_walk_order() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 6)
    engine.put_away("RETRO-CLOCK", FAR, 3)
    engine.put_away("RETRO-CLOCK", NEAR, 2)
    engine.create_pick_lists([a_shipment(engine, 5)])
    pick_list = store.read("pick_lists", "PL-000001")
    assert isinstance(pick_list, PickList)
    stops = [(stop.bin.code, stop.units) for stop in pick_list.walk()]
    assert [(NEAR.code, 2), (FAR.code, 3)] == stops


def test_confirming_a_pick_takes_the_units_out_of_the_lines_bin() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 4)
    engine.put_away("RETRO-CLOCK", NEAR, 4)
    engine.create_pick_lists([a_shipment(engine, 3)])
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 2)
    assert {(NEAR.code, None): 2} == bins_of(store)
    assert {"allocated": 1, "picked": 2} == ledger(store, "line-1")
    assert_bins_hold_the_shelf(store)


def test_a_short_pick_takes_the_units_not_found_out_of_the_lines_bin() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5)
    engine.put_away("RETRO-CLOCK", NEAR, 3)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 5)
    engine.create_pick_lists([a_shipment(engine, 3)])
    engine.release_pick_list("PL-000001")
    confirmed = engine.confirm_pick("PL-000001", "1", 1, short=True)
    assert (("WH-WEST", 2),) == confirmed.short[0].reallocated
    assert {(RECEIVING.code, None): 2} == bins_of(store)
    assert_bins_hold_the_shelf(store)


def test_a_bin_count_writes_the_difference_through_the_count_path() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 5)
    engine.put_away("RETRO-CLOCK", NEAR, 3)
    a_shipment(engine, 4)  # reserves all 4 at WH-EAST... of the 5 there
    result = engine.count_bin("RETRO-CLOCK", NEAR, 1)
    assert (-2, 3) == (result.change.delta, result.change.on_hand)
    assert [("order-1", "line-1", "WH-WEST", 1)] == [
        (m.order_ref, m.line_ref, m.location, m.quantity) for m in result.change.moves
    ]
    assert {(RECEIVING.code, None): 2, (NEAR.code, None): 1} == bins_of(store)
    assert_bins_hold_the_shelf(store)


def test_a_bin_count_that_finds_more_puts_them_on_hand() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1)
    result = engine.count_bin("RETRO-CLOCK", BACK, 2)
    assert (2, 3) == (result.change.delta, result.change.on_hand)
    assert {(RECEIVING.code, None): 1, (BACK.code, None): 2} == bins_of(store)
    assert_bins_hold_the_shelf(store)


def test_a_cancelled_shipment_puts_its_picked_units_back_in_the_receiving_bin() -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3)
    engine.put_away("RETRO-CLOCK", NEAR, 3)
    shipment = a_shipment(engine, 2)
    engine.pick(shipment, "line-1", 2)
    assert {(NEAR.code, None): 1} == bins_of(store)
    engine.cancel_shipment(shipment, "customer called")
    assert {(NEAR.code, None): 1, (RECEIVING.code, None): 2} == bins_of(store)
    assert_bins_hold_the_shelf(store)


_SKUS = ("RETRO-CLOCK", "BLUE-VASE")
_BINS = (RECEIVING, NEAR, FAR, BACK)
commands = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "receive",
                "receive_into_bin",
                "move",
                "count_bin",
                "write_off",
                "count_stock",
                "sell",
                "confirm",
                "cancel_shipment",
            ]
        ),
        st.sampled_from(_SKUS),
        st.sampled_from(_BINS),
        st.sampled_from(_BINS),
        st.integers(0, 4),
        st.booleans(),
    ),
    max_size=25,
)


def _run(engine: Engine, store: MemoryStore, step: tuple[str, str, Bin, Bin, int, bool]) -> None:
    kind, sku, first, second, units, flag = step
    sold = sum(1 for key in store.snapshot().rows if key[0] == "orders")
    if kind == "receive":
        engine.receive_stock(sku, "WH-EAST" if flag else "WH-WEST", units or 1)
    elif kind == "receive_into_bin":
        engine.receive_into_bin(sku, first, units or 1)
    elif kind == "move":
        engine.move_between_bins(sku, None if flag else first, second, units or 1)
    elif kind == "count_bin":
        engine.count_bin(sku, first, units)
    elif kind == "write_off":
        engine.write_off(sku, "WH-EAST", units or 1, "damaged")
    elif kind == "count_stock":
        engine.count_stock(sku, "WH-EAST", units)
    elif kind == "sell":
        order_id = f"order-{sold + 1}"
        clocks, vases = (units or 1, 0) if sku == "RETRO-CLOCK" else (0, units or 1)
        engine.place_order(an_order(order_id, clocks=clocks, vases=vases))
        engine.confirm_order(order_id)
        engine.allocate_order(order_id)
        shipment = engine.open_shipment(order_id, {"line-1": units or 1}, "WH-EAST")
        (made,) = engine.create_pick_lists([shipment])
        engine.release_pick_list(made)
    elif kind == "confirm":
        lists = [store.read("pick_lists", key) for key in pick_lists_of(store)]
        going = [p for p in lists if isinstance(p, PickList) and p.open_units]
        if going:
            pick_list = going[units % len(going)]
            stop = next(line for line in pick_list.walk() if line.open)
            engine.confirm_pick(pick_list.id, stop.line_id, stop.open - int(flag), short=flag)
    else:
        shipments = sorted(key for name, key in store.snapshot().rows if name == "shipments")
        if shipments:
            engine.cancel_shipment(shipments[units % len(shipments)], "customer called")


def pick_lists_of(store: MemoryStore) -> list[str]:
    return sorted(key for name, key in store.snapshot().rows if name == "pick_lists")


@given(steps=commands)
def test_the_bins_of_a_binned_location_always_hold_its_shelf_per_lot(
    steps: list[tuple[str, str, Bin, Bin, int, bool]],
) -> None:
    engine, store = binned_floor()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3)
    engine.receive_stock("BLUE-VASE", "WH-EAST", 3)
    for step in steps:
        before = store.snapshot()
        try:
            _run(engine, store, step)
        except OrdercoreError:
            if step[0] != "sell":  # one command each; a sale is five (each its own commit)
                assert before.rows == store.snapshot().rows
        for sku in _SKUS:
            assert_bins_hold_the_shelf(store, sku)
    assert [] == [
        key for key in store.snapshot().rows if key == ("bin_stock", "WH-WEST/RETRO-CLOCK")
    ]
