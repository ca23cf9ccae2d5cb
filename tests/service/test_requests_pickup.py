"""Pickup orders, stores that may not backorder, and preorder caps through a session."""

from __future__ import annotations

import pendulum
import pytest

from ordercore.domain.allocation import PreorderCaps, ShortRequest
from ordercore.domain.inventory import Location, StockItem
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.service import Engine, Session
from ordercore.service.requests import allocate_request
from tests.service.helpers import LOCATIONS, T, an_order, order_in, shop, stock_in

STORES = {
    **LOCATIONS,
    "STORE-BERLIN": Location("STORE-BERLIN", priority=5),
    "STORE-PARIS": Location("STORE-PARIS", priority=6, backorders=False),
}


def run_at_stores(store: MemoryStore, order_id: str, **options: object) -> object:
    with store.unit_of_work() as uow:
        session = Session(uow, T, store, locations=STORES)
        result = allocate_request(session, order_id, **options)  # type: ignore[arg-type]
        session.flush()
        uow.commit()
    return result


def place(store: MemoryStore, clocks: int) -> None:
    Engine(store, FixedClock(T), STORES).place_order(an_order(clocks=clocks, vases=0))


def stocked(**places: int) -> MemoryStore:
    _, store, _ = shop(clocks=0, vases=0)
    with store.unit_of_work() as uow:
        item = uow.stock.get("RETRO-CLOCK")
        assert isinstance(item, StockItem)
        version = item.version
        for place, units in places.items():
            item.receive(place.replace("_", "-"), units, T)
        uow.stock.save(item, version)
        uow.commit()
    return store


def test_a_pickup_order_allocates_only_from_its_store() -> None:
    store = stocked(WH_EAST=9, STORE_BERLIN=1)
    place(store, clocks=2)
    run_at_stores(store, "order-1", pickup_at="STORE-BERLIN")
    item = stock_in(store, "RETRO-CLOCK")
    line = order_in(store).lines["line-1"]  # type: ignore[index]
    assert (0, 1, 1, 1) == (
        item.reserved("WH-EAST"),
        item.reserved("STORE-BERLIN"),
        line.ledger.allocated,
        line.ledger.backordered,
    )


def test_a_store_that_may_not_backorder_refuses_a_short_pickup_whole() -> None:
    store = stocked(WH_EAST=9, STORE_PARIS=1)
    place(store, clocks=2)
    before = store.snapshot()
    with pytest.raises(ShortRequest, match="RETRO-CLOCK asked 2, 1 free"):
        run_at_stores(store, "order-1", pickup_at="STORE-PARIS")
    assert before == store.snapshot()


def test_preorders_stop_at_the_cap() -> None:
    store = stocked(WH_EAST=1)
    with store.unit_of_work() as uow:
        item = uow.stock.get("RETRO-CLOCK")
        assert isinstance(item, StockItem)
        version = item.version
        item.add_incoming("PO-1", "WH-EAST", 50, pendulum.date(2026, 12, 1), T)
        uow.stock.save(item, version)
        uow.commit()
    place(store, clocks=10)
    run_at_stores(store, "order-1", preorders=PreorderCaps(per_sku={"RETRO-CLOCK": 4}))
    line = order_in(store).lines["line-1"]  # type: ignore[index]
    assert (5, 5) == (line.ledger.allocated, line.ledger.backordered)
    assert 4 == sum(stock_in(store, "RETRO-CLOCK").supplies.promised.values())
