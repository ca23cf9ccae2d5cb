"""The per-location backorder switch (``Location.backorders``) on every allocation path."""

from __future__ import annotations

import pytest

from ordercore.domain.allocation import RequestPolicy, ShortRequest
from ordercore.domain.inventory import Location
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.allocating import may_backorder
from tests.service.helpers import T, an_order, order_in, stock_in

NO_WAITING = {
    "WH-EAST": Location("WH-EAST", priority=1, backorders=False),
    "WH-WEST": Location("WH-WEST", priority=2, backorders=False),
    "STORE-BERLIN": Location("STORE-BERLIN", priority=5, backorders=False),
}
MIXED = {**NO_WAITING, "WH-WEST": Location("WH-WEST", priority=2)}


def a_shop(locations: dict[str, Location], clocks: int) -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    engine = Engine(store, FixedClock(T), locations)
    if clocks:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", clocks)
    engine.place_order(an_order(clocks=3, vases=0))
    return engine, store


def test_an_order_may_backorder_when_any_of_its_places_allows_it() -> None:
    assert (True, False, True, False, True) == (
        may_backorder(MIXED),
        may_backorder(NO_WAITING),
        may_backorder({}),
        may_backorder(MIXED, "STORE-BERLIN"),
        may_backorder(MIXED, "WH-WEST"),
    )


def test_a_shop_whose_locations_may_not_backorder_refuses_a_short_order_whole() -> None:
    engine, store = a_shop(NO_WAITING, clocks=2)
    before = store.snapshot()
    with pytest.raises(ShortRequest, match="RETRO-CLOCK asked 3, 2 free"):
        engine.allocate_order("order-1")
    assert before == store.snapshot()


def test_the_switch_holds_whatever_the_request_policy_says() -> None:
    engine, store = a_shop(NO_WAITING, clocks=2)
    with pytest.raises(ShortRequest, match="asked 3, 2 free"):
        engine.allocate_order("order-1", request_policy=RequestPolicy.ALLOCATE_AND_BACKORDER)
    assert 0 == stock_in(store, "RETRO-CLOCK").reserved()


def test_an_order_that_fits_is_allocated_where_no_location_may_backorder() -> None:
    engine, store = a_shop(NO_WAITING, clocks=5)
    applied = engine.allocate_order("order-1")
    assert ({"line-1": 3}, {}) == (dict(applied.reserved), dict(applied.backordered))
    assert 3 == order_in(store).lines["line-1"].ledger.allocated  # type: ignore[index]


def test_one_location_that_allows_backorders_lets_a_short_order_wait() -> None:
    engine, _ = a_shop(MIXED, clocks=2)
    applied = engine.allocate_order("order-1")
    assert ({"line-1": 2}, {"line-1": 1}) == (dict(applied.reserved), dict(applied.backordered))


def test_a_pickup_order_at_a_store_that_may_not_backorder_is_refused_on_the_plain_path() -> None:
    engine, store = a_shop(MIXED, clocks=0)
    engine.receive_stock("RETRO-CLOCK", "STORE-BERLIN", 1)
    engine.choose_pickup("order-1", "STORE-BERLIN")
    before = store.snapshot()
    with pytest.raises(ShortRequest, match="asked 3, 1 free"):
        engine.allocate_order("order-1")
    assert before == store.snapshot()


def test_an_edit_that_cannot_be_served_where_no_one_may_wait_is_refused() -> None:
    engine, store = a_shop(NO_WAITING, clocks=3)
    engine.allocate_order("order-1")
    before = store.snapshot()
    with pytest.raises(ShortRequest, match="RETRO-CLOCK asked 2, 0 free"):
        engine.change_line_quantity("order-1", "line-1", 5)
    assert before == store.snapshot()
    assert 3 == stock_in(store, "RETRO-CLOCK").reserved()
