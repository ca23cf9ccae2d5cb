"""When stock shrinks under reservations, lost units are served again from free stock elsewhere."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    ReservationLoss,
    ReservationMove,
    ReservationRefilled,
    StockCounted,
    StockItem,
)
from tests.domain.inventory.helpers import T, hard, later, stock


def test_a_damaged_unit_is_re_served_from_another_warehouse_before_it_is_backordered() -> None:
    item = stock(WH_EAST=2, WH_WEST=3)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    change = item.scrap("WH-EAST", 1, later(1), reason="dropped", reserve_elsewhere=True)
    assert (
        ReservationMove("R-1", "O-R-1", "L-1", "WH-EAST", None, "WH-WEST", None, 1),
    ) == change.moves
    assert ((), 2, 1, 1) == (
        change.unserved,
        item.reservation("R-1").quantity,
        item.reserved("WH-WEST"),
        item.reserved("WH-EAST"),
    )


def test_without_reserve_elsewhere_the_shrink_rule_only_takes() -> None:
    item = stock(WH_EAST=2, WH_WEST=3)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    change = item.scrap("WH-EAST", 1, later(1), reason="dropped")
    assert ((), 1) == (change.moves, item.reservation("R-1").quantity)


def test_what_no_other_place_can_give_is_left_unserved() -> None:
    item = stock(WH_EAST=4, WH_WEST=1)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    change = item.count("WH-EAST", 1, later(1), reserve_elsewhere=True)
    assert (3, 1) == (change.lost, sum(m.quantity for m in change.moves))
    assert (ReservationLoss("R-1", "O-R-1", "L-1", "WH-EAST", None, 2),) == change.unserved


def test_the_most_important_reservation_is_re_served_first() -> None:
    item = stock(WH_EAST=2, WH_WEST=1)
    hard(item, "R-LOW", Allocation("WH-EAST", 1), priority=9)
    hard(item, "R-HIGH", Allocation("WH-EAST", 1), priority=1)
    change = item.count("WH-EAST", 0, later(1), reserve_elsewhere=True)
    assert ["R-HIGH"] == [m.reservation_id for m in change.moves]
    assert ("R-LOW",) == tuple(loss.reservation_id for loss in change.unserved)


def test_another_lot_at_the_same_location_is_preferred() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 2, T, lot="LOT-A")
    item.receive("WH-EAST", 1, T, lot="LOT-B")
    item.receive("WH-WEST", 9, T)
    hard(item, "R-1", Allocation("WH-EAST", 2, "LOT-A"))
    change = item.adjust("WH-EAST", -1, "damaged", later(1), lot="LOT-A", reserve_elsewhere=True)
    assert [("WH-EAST", "LOT-B", 1)] == [(m.location, m.lot, m.quantity) for m in change.moves]


def test_safety_stock_is_never_used_to_re_serve() -> None:
    item = stock(WH_EAST=2, WH_WEST=3)
    item.set_safety_stock("WH-WEST", 3, T)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    change = item.scrap("WH-EAST", 2, later(1), reserve_elsewhere=True)
    assert ((), 2) == (change.moves, sum(loss.quantity for loss in change.unserved))


def test_re_serving_is_one_command_that_replays_and_verifies() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 2, T)
    item.receive("WH-WEST", 3, T)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    before = item.version
    item.count("WH-EAST", 0, later(1), reserve_elsewhere=True)
    events = item.pull_events()
    assert [StockCounted, ReservationRefilled] == [type(e) for e in events[-2:]]
    assert {before + 1} == {e.version for e in events[-2:]}
    assert item.verify(item.pull_movements()).ok
    assert item == StockItem.replay(events)


@given(
    reserved=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=3),
    counted=st.integers(min_value=0, max_value=10),
    west=st.integers(min_value=1, max_value=6),
)
def test_re_serving_conserves_units_and_never_oversells(
    reserved: list[int], counted: int, west: int
) -> None:
    item = stock(WH_EAST=10, WH_WEST=west)
    for n, units in enumerate(reserved):
        hard(item, f"R-{n}", Allocation("WH-EAST", units), priority=n)
    held = item.reserved()
    change = item.count("WH-EAST", counted, later(1), reserve_elsewhere=True)
    moved = sum(m.quantity for m in change.moves)
    unserved = sum(loss.quantity for loss in change.unserved)
    assert change.lost == moved + unserved
    assert held - unserved == item.reserved()
    assert all(p.reserved <= p.on_hand for p in item.positions())
    assert item.verify().ok
