"""A command costs the same on order 1,000 as on order 10: measured in SQL, never in seconds.

The regression these catch: ``for_order`` ran ``WHERE collection = ? AND order_id = ?`` and,
without statistics, SQLite's planner chose the primary key's ``collection`` prefix over the
``(collection, order_id)`` index, so every lookup walked every payment, invoice and shipment
ever stored (4.5x slower per order after 10,000 orders). SQLite's virtual machine steps
(counted by a progress handler) and the statements and bytes a command writes are exact, so
they show growth without a clock.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pendulum
import pytest

from ordercore.domain.fulfilment import Parcel
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.money import Money
from ordercore.ports.errors import DuplicateEntity
from ordercore.service import Engine
from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import SqliteStore

START = pendulum.datetime(2026, 1, 5, 9)
HOME = "WH-1"
SKU = "SKU-ONLY"
SHIP_TO = Address(
    name="Grace Hopper", line1="1 Harbour Street", city="Arlington", postal_code="22201",
    country="US",
)  # fmt: skip


class Meter:
    """What the connections of a :class:`MeteredStore` ran while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.statements: list[str] = []
        self.steps = 0

    def statement(self, sql: str) -> None:
        if self.on:
            self.statements.append(sql)

    def step(self) -> int:
        if self.on:
            self.steps += 1
        return 0

    @property
    def written(self) -> int:
        """Bytes of the INSERT and UPDATE statements, with their values bound."""
        writes = [s for s in self.statements if s.split(None, 1)[0] in {"INSERT", "UPDATE"}]
        return sum(len(s.encode()) for s in writes)


class MeteredStore(SqliteStore):
    def __init__(self, path: str, *args: object) -> None:
        super().__init__(path, *args)  # type: ignore[arg-type]
        self.meter = Meter()

    def connect(self) -> sqlite3.Connection:
        connection = super().connect()
        connection.set_trace_callback(self.trace)
        connection.set_progress_handler(self.step, 1)
        return connection

    def trace(self, sql: str) -> None:
        self.meter.statement(sql)

    def step(self) -> int:
        return self.meter.step()

    @contextmanager
    def metering(self) -> Iterator[Meter]:
        """A fresh meter, on for the block (the connections report to ``self.meter``)."""
        self.meter = Meter()
        self.meter.on = True
        try:
            yield self.meter
        finally:
            self.meter.on = False


def tally_store(path: Path) -> MeteredStore:
    store = MeteredStore(str(path / "tallies.db"), [TALLIES], {"tallies": Tally})
    store.migrate()
    return store


def store_tallies(store: SqliteStore, first: int, last: int) -> None:
    with store.unit_of_work() as uow:
        for n in range(first, last):
            uow.repository("tallies").add(Tally.start(f"T-{n:05d}", order_id=f"O-{n // 2:05d}"))
        uow.commit()


def for_order_cost(store: MeteredStore, order_id: str) -> tuple[list[str], int, int]:
    with store.unit_of_work() as uow, store.metering() as meter:
        found = uow.repository("tallies").for_order(order_id)
    return meter.statements, meter.steps, len(found)


def test_for_order_searches_the_order_index(tmp_path: Path) -> None:
    store = tally_store(tmp_path)
    store_tallies(store, 0, 20)
    (statement,), _, found = for_order_cost(store, "O-00003")
    assert 2 == found
    with sqlite3.connect(store.path) as connection:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}")]
    assert 1 == len(plan)
    assert plan[0].startswith(
        "SEARCH ordercore_aggregates USING INDEX ordercore_aggregates_by_order"
    )


def test_for_order_takes_as_many_sqlite_steps_among_four_hundred_rows_as_among_twenty(
    tmp_path: Path,
) -> None:
    store = tally_store(tmp_path)
    store_tallies(store, 0, 20)
    _, few, found_few = for_order_cost(store, "O-00003")
    store_tallies(store, 20, 400)
    _, many, found_many = for_order_cost(store, "O-00003")
    assert (2, 2) == (found_few, found_many)
    assert few == many


def engine_on(store: SqliteStore) -> tuple[Engine, FixedClock]:
    with store.unit_of_work() as uow:
        item = StockItem(SKU)
        item.receive(HOME, 1_000_000, START)
        uow.repository("stock").add(item)
        uow.commit()
    clock = FixedClock(START)
    return Engine(store, clock, {HOME: Location(HOME, priority=1)}), clock


def one_order(engine: Engine, clock: FixedClock, n: int) -> None:
    now = clock.advance(minutes=1)
    order_id = f"O-{n:06d}"
    order = Order.draft(
        order_id=order_id, number=str(100_000 + n), customer_id=f"C-{n % 7:04d}",
        currency="USD", ship_to=SHIP_TO, now=now,
    )  # fmt: skip
    quantity = 1 + n % 3
    line_id = str(order.add_line(SKU, quantity, Money.from_minor(1_250, "USD"), now).line_id)
    engine.place_order(order)
    engine.record_authorization(order_id, order.total, f"auth-{n:06d}")
    engine.record_capture(order_id, order.total, f"capt-{n:06d}")
    engine.confirm_order(order_id)
    engine.allocate_order(order_id)
    shipment_id = engine.open_shipment(order_id, {line_id: quantity}, HOME)
    engine.pick(shipment_id, line_id, quantity)
    engine.pack(shipment_id, [Parcel(900)])
    engine.ship_shipment(shipment_id, "UPS", [f"1Z{n:08d}"])
    engine.deliver_shipment(shipment_id)


def metered_order(store: MeteredStore, engine: Engine, clock: FixedClock, n: int) -> Meter:
    with store.metering() as meter:
        one_order(engine, clock, n)
    return meter


def test_an_order_on_one_sku_costs_the_same_after_a_hundred_orders_of_it(tmp_path: Path) -> None:
    store = MeteredStore(str(tmp_path / "shop.db"))
    store.migrate()
    engine, clock = engine_on(store)
    for n in range(1, 10):
        one_order(engine, clock, n)
    early = metered_order(store, engine, clock, 10)
    for n in range(11, 120):
        one_order(engine, clock, n)
    late = metered_order(store, engine, clock, 120)
    assert len(early.statements) == len(late.statements)
    assert [s.split(None, 1)[0] for s in early.statements] == [
        s.split(None, 1)[0] for s in late.statements
    ]
    # equal work: the stock item's version and ledger seq grow by a digit or two, nothing else
    assert abs(late.written - early.written) <= 64
    assert abs(late.steps - early.steps) <= early.steps // 50


def test_adding_a_key_read_missing_needs_no_second_look_and_a_rival_add_still_fails_it(
    tmp_path: Path,
) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as uow:
        assert uow.repository("tallies").find("T-9") is None
        with store.metering() as meter:
            uow.repository("tallies").add(Tally.start("T-9", label="mine"))
        with store.unit_of_work() as rival:
            rival.repository("tallies").add(Tally.start("T-9", label="rival"))
            rival.commit()
        with pytest.raises(DuplicateEntity):
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.repository("tallies").get("T-9")
    assert ([], "rival") == (meter.statements, stored.label)
