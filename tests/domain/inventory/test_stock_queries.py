import attrs
import pendulum
import pytest
from hypothesis import given

from ordercore.domain.inventory import (
    Allocation,
    Location,
    Lot,
    Position,
    PositionKey,
    StockItem,
    SupplyRow,
)
from ordercore.kernel.errors import NotFound
from ordercore.testing.strategies_inventory import locations, lots
from tests.domain.inventory.helpers import T, hard, soft, stock


def test_positions_show_counters_and_what_is_free_per_place() -> None:
    item = stock(WH_EAST=10, WH_WEST=2)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    assert [
        Position(PositionKey("WH-EAST"), 10, 3, 0, 7),
        Position(PositionKey("WH-WEST"), 2, 0, 0, 2),
    ] == item.positions()


def test_an_emptied_position_disappears_from_the_positions() -> None:
    item = stock(WH_EAST=2)
    item.scrap("WH-EAST", 2, T)
    assert [] == item.positions()


def test_the_snapshot_gives_the_allocator_lot_dates_and_incoming_arrivals() -> None:
    item = StockItem("BLUE-VASE")
    lot = Lot("LOT-A", pendulum.date(2027, 1, 31), T)
    item.receive("WH-EAST", 5, T, lot=lot)
    item.set_safety_stock("WH-EAST", 1, T)
    item.add_incoming("PO-1", "WH-WEST", 8, pendulum.date(2026, 12, 1), T)
    assert [
        SupplyRow("WH-EAST", "LOT-A", 4, 5, lot.expires_on, lot.received_at),
        SupplyRow("WH-WEST", None, 8, 0, supply="PO-1", expected_on=pendulum.date(2026, 12, 1)),
    ] == item.supply_rows()


def test_a_fully_received_supply_leaves_the_snapshot() -> None:
    item = StockItem("BLUE-VASE")
    item.add_incoming("PO-1", "WH-WEST", 8, pendulum.date(2026, 12, 1), T)
    item.receive_incoming("PO-1", 8, T)
    assert [False] == [row.is_incoming for row in item.supply_rows()]


def test_reserved_counts_holds_and_allocations_alike() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    soft(item, "R-2", Allocation("WH-EAST", 2))
    assert (5, 5) == (item.reserved(), item.reserved("WH-EAST"))


def test_unknown_reservations_and_supplies_are_not_found() -> None:
    item = stock(WH_EAST=1)
    with pytest.raises(NotFound):
        item.reservation("R-404")
    with pytest.raises(NotFound):
        item.incoming("PO-404")


def test_refuses_a_stock_item_without_a_sku() -> None:
    with pytest.raises(ValueError, match="sku"):
        StockItem(" ")


@given(lots())
def test_receiving_any_lot_registers_it_for_the_snapshot(lot: Lot) -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 1, T, lot=lot)
    (row,) = item.supply_rows()
    assert (lot.id, lot.expires_on, lot.received_at) == (row.lot, row.expires_on, row.received_at)


@given(locations())
def test_generated_locations_are_values_an_allocator_can_rank(location: Location) -> None:
    assert (True, location) == (location.priority >= 0, attrs.evolve(location))
