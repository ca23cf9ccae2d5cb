"""Processes racing for the last units of a few SKUs through the Engine (spawn-importable).

Each round stocks ``SKUS`` SKUs with ``UNITS`` units each; then every process places an order
for one unit of each SKU and allocates it, all at once (a barrier). Afterwards no SKU may have
more reserved than it holds, and the orders' allocated units must add up to what is reserved.
Run through ``run_race(kind, where, rounds, processes)`` with ``kind`` "sqlite" (``where`` a
file) or "postgres" (``where`` a DSN).
"""

import multiprocessing
import random
from typing import Any

import pendulum

from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.kernel.money import Money
from ordercore.service import Engine
from ordercore_sqlite import SqliteStore, run_with_retries

AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
SKUS = 3
UNITS = 2
HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
LOCATIONS = {"WH-EAST": Location("WH-EAST", priority=1)}


def open_store(kind: str, where: str) -> Any:
    if kind == "postgres":
        from ordercore_postgres import PostgresStore  # noqa: PLC0415 - only when asked for

        return PostgresStore(where, pool_size=2)
    return SqliteStore(where)


def skus(round_: int) -> list[str]:
    return [f"R{round_:04d}-LAST-CLOCK-{k}" for k in range(SKUS)]


def stock_rounds(store: Any, rounds: int) -> None:
    with store.unit_of_work() as uow:
        for round_ in range(rounds):
            for sku in skus(round_):
                item = StockItem(sku)
                item.receive("WH-EAST", UNITS, AT)
                uow.stock.add(item)
        uow.commit()


def an_order(round_: int, who: int) -> Order:
    order = Order.draft(
        order_id=f"R{round_:04d}-P{who}",
        number=f"R{round_:04d}-P{who}",
        customer_id=f"customer-{who}",
        currency="EUR",
        ship_to=HOME,
        now=AT,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
    )
    for sku in skus(round_):
        order.add_line(sku, 1, Money.of("20.00", "EUR"), AT)
    return order


def race(kind: str, where: str, who: int, rounds: int, barrier: Any, results: Any) -> None:
    """One racing process: each round, place and allocate its order as the others do."""
    store = open_store(kind, where)
    # no retries inside the Engine: every conflict surfaces here, to be counted and retried
    engine = Engine(store, FixedClock(AT), LOCATIONS, retries=0)
    jitter = random.Random(who)  # noqa: S311 - seeded jitter
    conflicts = gave_up = 0

    def counted(_: ConcurrencyConflict) -> None:
        nonlocal conflicts
        conflicts += 1

    for round_ in range(rounds):
        barrier.wait()
        order_id = f"R{round_:04d}-P{who}"
        order = an_order(round_, who)

        def place(order: Order = order) -> object:
            return engine.place_order(order)

        def allocate(order_id: str = order_id) -> object:
            return engine.allocate_order(order_id)

        try:
            run_with_retries(place, attempts=20, rng=jitter, on_conflict=counted)
            run_with_retries(allocate, attempts=20, rng=jitter, on_conflict=counted)
        except ConcurrencyConflict:
            gave_up += 1
    close = getattr(store, "close", None)
    if callable(close):
        close()
    results.put((who, conflicts, gave_up))


def run_race(kind: str, where: str, rounds: int, processes: int = 4) -> dict[str, int]:
    """Race ``processes`` processes for ``rounds`` rounds; return the tallies the test checks."""
    store = open_store(kind, where)
    stock_rounds(store, rounds)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [
        context.Process(target=race, args=(kind, where, who, rounds, barrier, results))
        for who in range(processes)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=1800) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    oversold = short = mismatched = 0
    with store.unit_of_work() as uow:
        for round_ in range(rounds):
            orders = [uow.orders.get(f"R{round_:04d}-P{who}") for who in range(processes)]
            for sku in skus(round_):
                item = uow.stock.get(sku)
                oversold += item.reserved() > UNITS or item.available() < 0
                short += item.reserved() != min(UNITS, processes)
                allocated = sum(
                    line.ledger.allocated
                    for order in orders
                    for line in order.lines.values()
                    if line.sku == sku
                )
                mismatched += allocated != item.reserved()
    close = getattr(store, "close", None)
    if callable(close):
        close()
    return {
        "exit codes not 0": sum(worker.exitcode != 0 for worker in workers),
        "oversold": oversold,
        "stock left unsold": short,
        "allocations not matching reservations": mismatched,
        "gave up": sum(report[2] for report in reports),
        "conflicts retried": sum(report[1] for report in reports),
        "rounds": rounds,
    }
