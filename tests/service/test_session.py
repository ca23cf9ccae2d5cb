from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import pytest

from ordercore.domain.billing import Payment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import InvoicingPolicy
from ordercore.domain.returns import FollowUp, FollowUpPolicy
from ordercore.kernel.errors import NotFound, WrongType
from ordercore.memory import MemoryStore
from ordercore.service import Engine, PaymentOfAnotherOrder, Session
from tests.service.helpers import CLOCK_LINE, LOCATIONS, VASE_LINE, T, an_order, eur, shop


def test_a_session_hands_out_one_object_per_aggregate_and_saves_only_what_changed() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        first, again = session.stock("RETRO-CLOCK"), session.stock("RETRO-CLOCK")
        assert first is again
        session.find_stock("BLUE-VASE")
        first.receive("WH-WEST", 1, T)
        session.flush()
        uow.commit()
    assert (2, 1) == (
        store.version_of("stock", "RETRO-CLOCK"),
        store.version_of("stock", "BLUE-VASE"),
    )


def test_an_orders_follow_up_is_none_until_scheduled_then_the_one_named_after_the_order() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        assert () == session.follow_up_of("order-1")
        scheduled = FollowUp.schedule(
            "FUP-order-1", "order-1", "cust-1", "direct", T, FollowUpPolicy(14), T
        )
        session.add("follow_ups", scheduled.id, scheduled)
        assert (scheduled,) == session.follow_up_of("order-1")


def test_a_session_raises_the_stores_not_found_for_an_unknown_key() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        Session(uow, T, store).order("order-9")


def test_a_session_refuses_an_aggregate_of_another_kind() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow, pytest.raises(WrongType):
        Session(uow, T, store).find("stock", "RETRO-CLOCK", Payment)


def test_refuses_to_record_on_a_payment_that_belongs_to_another_order() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order("order-1"))
    with store.unit_of_work() as uow:
        uow.payments.add(Payment.start("order-1/payment-1", "order-2", "card", "EUR"))
        uow.commit()
    before = store.snapshot()
    with pytest.raises(PaymentOfAnotherOrder) as refused:
        engine.record_authorization("order-1", eur("10.00"), "gw-auth-1")
    assert ("order-1/payment-1", "order-2") == (refused.value.payment_id, refused.value.owner)
    assert before == store.snapshot()


@attrs.define
class _CountingRepository:
    inner: Any
    reads: Counter[tuple[str, str]]
    writes: Counter[tuple[str, str]]
    name: str

    def find(self, key: str) -> Any:
        self.reads[(self.name, key)] += 1
        return self.inner.find(key)

    def get(self, key: str) -> Any:
        self.reads[(self.name, key)] += 1
        return self.inner.get(key)

    def for_order(self, order_id: str) -> list[Any]:
        found: list[Any] = self.inner.for_order(order_id)
        for entity in found:
            self.reads[(self.name, str(entity.id))] += 1
        return found

    def add(self, entity: Any) -> None:
        self.writes[(self.name, str(getattr(entity, self.inner.collection.key)))] += 1
        self.inner.add(entity)

    def save(self, entity: Any, expected_version: int) -> None:
        self.writes[(self.name, str(getattr(entity, self.inner.collection.key)))] += 1
        self.inner.save(entity, expected_version)


@attrs.define
class _CountingUnitOfWork:
    inner: Any
    reads: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    writes: Counter[tuple[str, str]] = attrs.field(factory=Counter)

    def __enter__(self) -> _CountingUnitOfWork:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def repository(self, name: str) -> _CountingRepository:
        return _CountingRepository(self.inner.repository(name), self.reads, self.writes, name)


@attrs.define
class _CountingStore:
    store: MemoryStore
    units: list[_CountingUnitOfWork] = attrs.field(factory=list)

    def unit_of_work(self) -> _CountingUnitOfWork:
        self.units.append(_CountingUnitOfWork(self.store.unit_of_work()))
        return self.units[-1]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_every_command_of_an_order_walk_reads_and_writes_each_aggregate_at_most_once() -> None:
    _, memory, clock = shop(clocks=5, vases=5)
    store = _CountingStore(memory)
    engine = Engine(store, clock, LOCATIONS)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_SHIPMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("40.00"), "gw-cap-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment, CLOCK_LINE, 2)
    engine.pack(shipment)
    engine.ship_shipment(shipment, "DHL", ["TRACK-1"])
    engine.deliver_shipment(shipment)
    engine.ship("order-1", {VASE_LINE: 2})
    engine.record_capture("order-1", eur("70.00"), "gw-cap-2")
    engine.deliver_line("order-1", VASE_LINE, 2)
    engine.request_return("order-1", CLOCK_LINE, 1)
    engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    engine.place_order(an_order("order-2", clocks=1, vases=0))
    engine.allocate_order("order-2")
    engine.cancel_order("order-2", "changed mind")
    assert 18 == len(store.units)
    for unit in store.units:
        assert [] == [key for key, count in unit.reads.items() if count > 1]
        assert [] == [key for key, count in unit.writes.items() if count > 1]


@attrs.define
class _ReadingAhead:
    """A memory unit of work that offers ``read_ahead`` and notes what it was told."""

    inner: Any
    told: list[tuple[str, list[str]]] = attrs.field(factory=list)

    def read_ahead(self, collection: str, keys: Any) -> None:
        self.told.append((collection, list(keys)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_stock_of_tells_a_unit_of_work_that_reads_ahead_which_stock_it_has_not_read_yet() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        reading = _ReadingAhead(uow)
        session = Session(reading, T, store)
        session.stock("BLUE-VASE")
        found = session.stock_of(["RETRO-CLOCK", "BLUE-VASE", "RETRO-CLOCK"])
    assert (["BLUE-VASE", "RETRO-CLOCK"], [("stock", ["RETRO-CLOCK"])]) == (
        sorted(found),
        reading.told,
    )


def on_hand_at(item: Any, location: str) -> int:
    held: int = item.on_hand(location)
    return held


def test_a_session_measures_the_stock_it_holds_as_it_holds_it_else_the_stored_state() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        stored = session.measure("stock", "BLUE-VASE", StockItem, on_hand_at, "WH-WEST")
        missing = session.measure("stock", "GREEN-LAMP", StockItem, on_hand_at, "WH-WEST")
        item = session.stock("RETRO-CLOCK")
        item.receive("WH-WEST", 5, T)
        held = session.measure("stock", "RETRO-CLOCK", StockItem, on_hand_at, "WH-WEST")
        measured = (stored, missing, held)
        read_at = dict(uow.staging.reads)
    assert (1, None, 5) == measured
    assert {("stock", "BLUE-VASE"): 1, ("stock", "RETRO-CLOCK"): 1} == read_at
