"""Click and collect: allocated from the store only, made ready, then collected."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from ordercore.domain.billing import PaymentTerms
from ordercore.domain.inventory import Location, StockItem
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine, Session
from ordercore.service.pickup import PickupStatus, collect, pickup_status, ready_for_pickup
from ordercore.service.requests import allocate_request
from tests.service.helpers import LOCATIONS, T, an_order, order_in, stock_in

R = TypeVar("R")
STORES = {**LOCATIONS, "STORE-BERLIN": Location("STORE-BERLIN", priority=5)}


def run(store: MemoryStore, command: Callable[[Session], R]) -> R:
    with store.unit_of_work() as uow:
        session = Session(uow, T, store, locations=STORES)
        result = command(session)
        session.flush()
        uow.commit()
    return result


def a_pickup_shop(at_store: int = 2, in_warehouse: int = 9) -> MemoryStore:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        item = StockItem("RETRO-CLOCK")
        item.receive("STORE-BERLIN", at_store, T)
        item.receive("WH-EAST", in_warehouse, T)
        uow.stock.add(item)
        uow.commit()
    engine = Engine(store, FixedClock(T), STORES, payment_first=False)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    return store


def test_a_pickup_order_never_takes_stock_from_the_warehouse() -> None:
    store = a_pickup_shop(at_store=1)
    run(store, lambda s: allocate_request(s, "order-1", pickup_at="STORE-BERLIN"))
    item = stock_in(store, "RETRO-CLOCK")
    assert (0, 1) == (item.reserved("WH-EAST"), item.reserved("STORE-BERLIN"))


def test_a_pickup_is_made_ready_then_collected() -> None:
    store = a_pickup_shop()
    run(store, lambda s: allocate_request(s, "order-1", pickup_at="STORE-BERLIN"))
    statuses = [pickup_status(order_in(store))]
    shipment_id = run(store, lambda s: ready_for_pickup(s, "order-1", "STORE-BERLIN"))
    statuses.append(pickup_status(order_in(store)))
    run(store, lambda s: collect(s, shipment_id, PaymentTerms.net(30)))
    statuses.append(pickup_status(order_in(store)))
    assert [
        PickupStatus.WAITING,
        PickupStatus.READY_FOR_PICKUP,
        PickupStatus.COLLECTED,
    ] == statuses
    item = stock_in(store, "RETRO-CLOCK")
    assert (0, 0, 9) == (item.on_hand("STORE-BERLIN"), item.reserved(), item.on_hand("WH-EAST"))


def test_nothing_reserved_at_the_store_is_nothing_to_make_ready() -> None:
    store = a_pickup_shop()
    with pytest.raises(ValidationError, match="STORE-BERLIN"):
        run(store, lambda s: ready_for_pickup(s, "order-1", "STORE-BERLIN"))
