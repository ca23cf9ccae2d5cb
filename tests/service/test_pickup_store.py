"""A pickup order remembers its store: every allocation takes stock only there (issue #17)."""

from __future__ import annotations

import pendulum
import pytest

from ordercore.domain.allocation import PreorderCaps
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import LineNotEditable
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.errors import UnknownLocation
from tests.service.helpers import LOCATIONS, T, an_order, ledger, shop, stock_in

STORES = {**LOCATIONS, "STORE-BERLIN": Location("STORE-BERLIN", priority=5)}


def pickup_shop(clocks: int = 2, **places: int) -> tuple[Engine, MemoryStore]:
    """An Engine with RETRO-CLOCK stocked at ``places`` and order-1 for pickup at Berlin."""
    _, store, _ = shop(clocks=0, vases=0)
    with store.unit_of_work() as uow:
        item = uow.stock.get("RETRO-CLOCK")
        assert isinstance(item, StockItem)
        version = item.version
        for place, units in places.items():
            item.receive(place.replace("_", "-"), units, T)
        uow.stock.save(item, version)
        uow.commit()
    engine = Engine(store, FixedClock(T), STORES)
    engine.place_order(an_order(clocks=clocks, vases=0))
    engine.choose_pickup("order-1", "STORE-BERLIN")
    return engine, store


def held(store: MemoryStore) -> tuple[int, int, int, int]:
    item = stock_in(store, "RETRO-CLOCK")
    line = ledger(store, "line-1")
    return (
        item.reserved("WH-EAST"),
        item.reserved("STORE-BERLIN"),
        line.get("allocated", 0),
        line.get("backordered", 0),
    )


def test_allocating_a_pickup_order_takes_only_its_stores_stock() -> None:
    engine, store = pickup_shop(WH_EAST=9, STORE_BERLIN=1)
    engine.allocate_order("order-1")
    assert (0, 1, 1, 1) == held(store)


def test_a_pickup_orders_backorder_is_filled_only_by_stock_received_at_its_store() -> None:
    engine, store = pickup_shop(STORE_BERLIN=1)
    engine.allocate_order("order-1")
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5, order_ids=["order-1"])
    engine.fill_backorders(["RETRO-CLOCK"], ["order-1"])
    assert (0, 1, 1, 1) == held(store)
    filled = engine.receive_stock("RETRO-CLOCK", "STORE-BERLIN", 1, order_ids=["order-1"])
    assert {("order-1", "line-1"): 1} == filled.filled
    assert (0, 2, 2, 0) == held(store)


def test_a_pickup_order_and_a_shipped_order_are_filled_fairly_from_their_own_places() -> None:
    engine, store = pickup_shop()
    engine.place_order(an_order("order-2", clocks=2, vases=0))
    engine.allocate_order("order-1")
    engine.allocate_order("order-2")
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 2, order_ids=["order-1", "order-2"])
    engine.receive_stock("RETRO-CLOCK", "STORE-BERLIN", 1, order_ids=["order-1", "order-2"])
    assert (2, 1, 1, 1) == held(store)
    assert (2, 0) == (
        ledger(store, "line-1", "order-2").get("allocated", 0),
        ledger(store, "line-1", "order-2").get("backordered", 0),
    )


def test_allocating_at_another_store_than_the_orders_is_refused_by_name() -> None:
    engine, store = pickup_shop(WH_EAST=9, STORE_BERLIN=2)
    before = store.snapshot()
    with pytest.raises(ValidationError, match="collected at STORE-BERLIN"):
        engine.allocate_order("order-1", pickup_at="WH-EAST")
    assert before == store.snapshot()


def test_a_store_cannot_be_chosen_for_an_order_allocated_elsewhere() -> None:
    engine, store = pickup_shop(WH_EAST=9)
    engine.choose_pickup("order-1", None)
    engine.allocate_order("order-1")
    before = store.snapshot()
    with pytest.raises(LineNotEditable, match="release them first"):
        engine.choose_pickup("order-1", "STORE-BERLIN")
    assert before == store.snapshot()


def test_an_unknown_store_is_refused() -> None:
    engine, _ = pickup_shop(WH_EAST=9)
    with pytest.raises(UnknownLocation, match="STORE-NOWHERE"):
        engine.choose_pickup("order-1", "STORE-NOWHERE")


def test_receiving_without_a_location_or_a_default_names_the_parameter() -> None:
    engine, store = pickup_shop(WH_EAST=9)
    before = store.snapshot()
    with pytest.raises(WrongType, match="default_location") as refused:
        engine.receive_stock("RETRO-CLOCK", None, 3)
    assert "location" == refused.value.field
    assert before == store.snapshot()


def test_filling_backorders_takes_of_incoming_supply_only_what_the_preorder_cap_leaves() -> None:
    _, store, _ = shop(clocks=0, vases=0)
    caps = PreorderCaps(per_sku={"RETRO-CLOCK": 2})
    engine = Engine(store, FixedClock(T), STORES, preorders=caps)
    engine.expect_stock("RETRO-CLOCK", "PO-1", "WH-EAST", 50, pendulum.date(2026, 12, 1))
    engine.place_order(an_order(clocks=5, vases=0))
    engine.allocate_order("order-1")
    assert (2, 3) == (ledger(store, "line-1")["allocated"], ledger(store, "line-1")["backordered"])
    assert {} == engine.fill_backorders(["RETRO-CLOCK"], ["order-1"]).filled
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 1, order_ids=["order-1"])
    assert (3, 2) == (ledger(store, "line-1")["allocated"], ledger(store, "line-1")["backordered"])
    assert 2 == sum(stock_in(store, "RETRO-CLOCK").supplies.promised.values())


def test_a_backorder_filled_from_announced_supply_stops_at_the_preorder_cap() -> None:
    _, store, _ = shop(clocks=0, vases=0)
    caps = PreorderCaps(per_sku={"RETRO-CLOCK": 2})
    engine = Engine(store, FixedClock(T), STORES, preorders=caps)
    engine.place_order(an_order(clocks=5, vases=0))
    engine.allocate_order("order-1")
    engine.expect_stock("RETRO-CLOCK", "PO-1", "WH-EAST", 50, pendulum.date(2026, 12, 1))
    filled = engine.fill_backorders(["RETRO-CLOCK"], ["order-1"])
    assert {("order-1", "line-1"): 2} == filled.filled
    assert (2, 3) == (ledger(store, "line-1")["allocated"], ledger(store, "line-1")["backordered"])


def test_a_write_off_at_the_store_backorders_a_pickup_order_instead_of_moving_it() -> None:
    engine, store = pickup_shop(WH_EAST=9, STORE_BERLIN=2)
    engine.allocate_order("order-1")
    result = engine.write_off("RETRO-CLOCK", "STORE-BERLIN", 1, "dropped")
    assert {("order-1", "line-1"): 1} == dict(result.backordered)
    assert (0, 1, 1, 1) == held(store)


def test_a_shipped_order_losing_stock_beside_a_pickup_order_is_still_served_elsewhere() -> None:
    engine, store = pickup_shop(clocks=1, WH_EAST=9, STORE_BERLIN=2)
    engine.place_order(an_order("order-2", clocks=1, vases=0))
    engine.allocate_order("order-1")
    engine.allocate_order("order-2", pickup_at="STORE-BERLIN")  # one-off: this request only
    result = engine.write_off("RETRO-CLOCK", "STORE-BERLIN", 2, "flooded")
    assert {("order-1", "line-1"): 1} == dict(result.backordered)
    assert (1, 0, 0, 1) == held(store)
    assert 1 == ledger(store, "line-1", "order-2")["allocated"]
