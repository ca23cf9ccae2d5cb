"""Benchmark the whole workflow through ``ordercore.service.Engine`` against a plain-Python floor.

Run ``python benchmarks/engine.py`` (1k and 10k orders; ``--big`` adds 100k, ``--quick`` is a
smoke run of a few hundred orders). Per order, through the Engine on a store: ``Order.draft`` and
its lines, ``place_order``, ``record_authorization``, ``record_capture``, ``confirm_order``,
``allocate_order``, ``open_shipment``, ``pick`` per line, ``pack``, ``ship_shipment``,
``deliver_shipment``; every 10th order ``request_return``, ``receive_return``, ``record_refund``.
1,000 SKUs at one location, seeded data, a clock that advances one minute per order.

The floor (``engine_floor.py``) does the same steps with dicts, counters and one list append per
event; it is cheap and noisy, so it is timed three times and its fastest run is the one compared
(every run must reach the same tally). At the end both must agree on units on hand, cents refunded
and orders completed, or the benchmark prints no table and exits 1. Peak memory is measured with
``tracemalloc`` in a separate, untimed pass. ``--store sqlite`` runs the SQLite adapter beside
the memory store; ``--store postgres --dsn DSN --workers N`` runs ``engine_postgres.py``
instead: the same flow in 1, 2 and 4 (up to N) worker processes on disjoint and on hot SKUs, in
wall time, against a psycopg floor (its docstring says how).

Nothing in the default run delivers the outbox, so the store keeps every event of the run.
``--relay N`` (100 is a fair choice) adds, beside each store's row, a separate, labelled run on a
fresh store whose host runs a relay: every ``N`` orders it hands each pending outbox message to
a no-op ``send`` (as a relay hands them to a broker) and prunes what it delivered
(:class:`HostRelay`: the memory store through ``pending()`` / ``mark_delivered()`` /
``prune_delivered()``, SQLite through its ``Relay(store, prune=True)``). The relay's time counts
in ordercore's (it is the host's work), and so does its memory in the tracemalloc pass. The floor
of the main table is unchanged (it keeps its list of events); a second floor that delivers and
clears its list every ``N`` orders the same way is measured too, and a relay table prints both
ratios. The default rows and their verdicts are the same with or without ``--relay``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple, cast

import engine_gc
from engine_floor import run_floor
from engine_gc import (
    HOST_GC,
    HOST_HEAP,
    GcMeter,
    freeze_now,
    gc_verdicts,
    host_heap,
    tenth,
    unfreeze,
    without_gc,
)
from engine_guarded import run_guarded
from engine_workload import (
    CURRENCY,
    LOCATION,
    START,
    STOCK_PER_SKU,
    Shop,
    Tally,
    generate,
    timed_orders,
)
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, Order, OrderStatus
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.ports import Codec, Retention
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.documents import ORDERCORE_TYPES as TYPES
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.unit_of_work import Store
from ordercore.service import Engine

SHIP_TO = Address(
    name="Grace Hopper", line1="1 Harbour Street", city="Arlington", postal_code="22201",
    country="US",
)  # fmt: skip
PARCEL = Parcel(900)
EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "sqlite_store.py"


# -- stores: how each --store choice is built ----------------------------------------------------


def sqlite_module() -> ModuleType:
    """The SQLite adapter: the ``ordercore_sqlite`` package when installed, else the example."""
    try:
        return importlib.import_module("ordercore_sqlite")
    except ImportError:
        name = "ordercore_docs_sqlite_store"
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, EXAMPLE)
        if spec is None or spec.loader is None:  # pragma: no cover - the example is in the repo
            raise
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module


def memory_store(_: Path, __: argparse.Namespace) -> Store:
    """The in-memory store."""
    return MemoryStore()


def sqlite_store(directory: Path, _: argparse.Namespace) -> Store:
    """A fresh SQLite database file in ``directory``."""
    module = sqlite_module()
    directory.mkdir(parents=True, exist_ok=True)
    store = module.SqliteStore(str(directory / "engine.db"), ORDERCORE_COLLECTIONS, TYPES)
    # the package applies versioned migrations; the example creates its schema in one step
    prepare = getattr(store, "migrate", None) or store.create_schema
    prepare()
    return store  # type: ignore[no-any-return]


def postgres_store(_: Path, args: argparse.Namespace) -> Store:
    """A PostgreSQL store at ``--dsn`` on a fresh schema's worth of tables (``engine_postgres``).

    ``--store postgres`` does not come through here: it runs :func:`engine_postgres.measure`,
    worker processes each with its own store. This factory is for a single-process caller.
    """
    from ordercore_postgres import PostgresStore  # noqa: PLC0415 - psycopg is an optional extra

    store = PostgresStore(args.dsn, pool_size=1)
    store.migrate()
    return store


STORES: dict[str, Callable[[Path, argparse.Namespace], Store]] = {
    "memory": memory_store,
    "sqlite": sqlite_store,
    "postgres": postgres_store,
}
"""``--store`` name → a factory of an empty store (the hook for other adapters)."""


TIMERS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
"""``--timer``: CPU time of this process (the default), or wall time."""


def chunk(orders: int) -> int:
    """Orders per timed chunk: a hundredth of the run, so the timer's own cost stays out of it."""
    return max(1, orders // 100)


# -- the host's relay: deliver the outbox, prune what was delivered -------------------------------


RELAY_BATCH = 100
"""Messages per batch the host's relay reads and marks (the relays' own default)."""


def send(message: OutboxMessage) -> None:
    """The relay hands each message here: a no-op, as a broker's client would be (untested I/O)."""


class HostRelay:
    """The host's relay on one store: each call delivers every pending message, then prunes.

    On a SQLite store it is the adapter's ``Relay(store, prune=True)``, called until a batch comes
    back empty (each batch prunes up to its last message). On any other store (the memory store)
    it reads ``pending()`` a batch at a time, sends each batch and marks it with
    ``mark_delivered()``, and ends with ``prune_delivered()``. ``sent`` and ``pruned`` count what
    it did over the run.
    """

    def __init__(self, store: Store, batch: int = RELAY_BATCH) -> None:
        self.store = store
        self.batch = batch
        self.sent = 0
        self.pruned = 0
        module = sqlite_module()
        self._relay = (
            module.Relay(store, prune=True)
            if isinstance(store, module.SqliteStore) and hasattr(module, "Relay")
            else None
        )

    def __call__(self) -> None:
        """Deliver every message pending now, in commit order, and prune the delivered ones."""
        if self._relay is not None:
            before = self.sent
            while sent := self._relay.deliver(send, self.batch):
                self.sent += sent
            self.pruned += self.sent - before  # the adapter's relay prunes all it sent
            return
        store = self.store
        while messages := store.pending(self.batch):
            for message in messages:
                send(message)
            store.mark_delivered([message.id for message in messages])
            self.sent += len(messages)
        self.pruned += cast("Retention", store).prune_delivered()


# -- ordercore through the Engine ----------------------------------------------------------------


def stock_up(store: Store, shop: Shop) -> None:
    """Put ``STOCK_PER_SKU`` units of every SKU on the shelf at ``LOCATION`` (untimed)."""
    with store.unit_of_work() as uow:
        for sku in shop.skus:
            item = StockItem(sku)
            item.receive(LOCATION, STOCK_PER_SKU, START)
            uow.repository("stock").add(item)
        uow.commit()


def one_order(
    engine: Engine, clock: FixedClock, n: int, order_id: str, lines: Any, returns: bool
) -> None:
    """Run one order of the workload through ``engine``, from draft to delivered (and returned)."""
    now = clock.advance(minutes=1)
    order = Order.draft(
        order_id=order_id, number=str(100_000 + n), customer_id=f"C-{n % 5_000:04d}",
        currency=CURRENCY, ship_to=SHIP_TO, now=now,
    )  # fmt: skip
    wanted: dict[str, int] = {}
    for sku, qty, cents in lines:
        added = order.add_line(sku, qty, Money.from_minor(cents, CURRENCY), now)
        wanted[str(added.line_id)] = qty
    total = order.total
    engine.place_order(order)
    engine.record_authorization(order_id, total, f"auth-{n}")
    engine.record_capture(order_id, total, f"capture-{n}")
    engine.confirm_order(order_id)
    engine.allocate_order(order_id)
    shipment_id = engine.open_shipment(order_id, wanted, LOCATION)
    for line_id, qty in wanted.items():
        engine.pick(shipment_id, line_id, qty)
    engine.pack(shipment_id, [PARCEL])
    engine.ship_shipment(shipment_id, "UPS", [f"1Z{n:08d}"])
    engine.deliver_shipment(shipment_id)
    if returns:
        first = next(iter(wanted))
        rma = engine.request_return(order_id, first, 1)
        outcome = engine.receive_return(order_id, first, 1, LOCATION, reference=rma)
        engine.record_refund(order_id, outcome.refund, f"refund-{n}")


def run_ordercore(
    store: Store,
    shop: Shop,
    timer: Callable[[], float] = time.process_time,
    mark: Callable[[], None] | None = None,
    tune: Callable[[], None] | None = None,
    relay: Callable[[], object] | None = None,
    every: int = 0,
) -> list[float]:
    """Run every order of ``shop`` through an Engine on ``store``: seconds per chunk of orders.

    ``mark`` (a :class:`GcMeter`'s) is called untimed at the end of every chunk. ``tune`` is the
    host's garbage-collector tuning (the host-tuned row only): called after the stock-up and,
    timed, after every tenth of the run. ``relay`` (a :class:`HostRelay`, the ``--relay`` rows
    only) is called, timed, after every ``every`` orders.
    """
    stock_up(store, shop)
    clock = FixedClock(START)
    engine = Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)})
    size = chunk(len(shop.orders))
    every_tenth = max(1, len(shop.orders) // 10)
    if tune is not None:
        tune()

    def step(n: int, order_id: str, lines: Any, returns: bool) -> None:
        one_order(engine, clock, n, order_id, lines, returns)
        if tune is not None and (n + 1) % every_tenth == 0:
            tune()

    return timed_orders(shop, step, size, timer, mark, every=every, after=relay)


class Census(NamedTuple):
    """What the store holds at the end: the tally, and the stored sizes that matter."""

    tally: Tally
    largest_stock_bytes: int
    average_order_bytes: float


def census(store: Store, shop: Shop, *, sample: int = 1_000) -> Census:
    """Read the store back (untimed): the tally, the largest StockItem, an average Order."""
    codec = Codec()
    on_hand = refunded = completed = 0
    largest = 0
    order_bytes: list[int] = []
    every = max(1, len(shop.orders) // sample)
    with store.unit_of_work() as uow:
        stock, orders, payments = (uow.repository(n) for n in ("stock", "orders", "payments"))
        for sku in shop.skus:
            item: StockItem = stock.get(sku)
            on_hand += item.on_hand()
            largest = max(largest, len(codec.dumps(item).encode()))
        for n, order_id, _, _ in shop.orders:
            order: Order = orders.get(order_id)
            completed += order.status is OrderStatus.COMPLETED
            if n % every == 0:
                order_bytes.append(len(codec.dumps(order).encode()))
            refunded += sum(p.refunded.minor_units for p in payments.for_order(order_id))  # type: ignore[attr-defined]
    return Census(Tally(on_hand, refunded, completed), largest, sum(order_bytes) / len(order_bytes))


def peak_bytes(run: Callable[[], object]) -> int:
    """Peak bytes traced while ``run()`` runs (a separate, untimed pass)."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- measuring and reporting ---------------------------------------------------------------------


class Measured(NamedTuple):
    """One approach at one size: seconds per chunk of orders, peak bytes, (ordercore) census.

    ``collected`` and ``full`` are, per chunk, the seconds the garbage collector took inside it
    and the full (generation 2) collections it ran (:class:`GcMeter`; empty if not metered).
    ``relayed`` is how many outbox messages the host's relay delivered and pruned (``--relay``
    rows; 0 otherwise).
    """

    took: list[float]
    orders: int
    peak: int | None
    census: Census | None
    collected: list[float] = []  # noqa: RUF012 - a NamedTuple default, never mutated
    full: list[int] = []  # noqa: RUF012
    relayed: int = 0

    @property
    def net(self) -> list[float]:
        """Seconds per chunk less the collector's time in it (as they are if unmetered)."""
        return without_gc(self.took, self.collected) if self.collected else list(self.took)

    @property
    def per_order(self) -> float:
        """Mean seconds per order over the whole run."""
        return sum(self.took) / (len(self.took) * chunk(self.orders))

    def tenth(self, *, last: bool) -> float:
        """Mean seconds per order over the first (or last) 10% of the run."""
        k = max(1, len(self.took) // 10)
        part = self.took[-k:] if last else self.took[:k]
        return sum(part) / (k * chunk(self.orders))

    @property
    def growth(self) -> float:
        """Last 10% over first 10%: 1.0 is flat."""
        return self.tenth(last=True) / self.tenth(last=False)

    def net_tenth(self, *, last: bool) -> float:
        """Mean seconds per order over the first (or last) 10%, the collector's time left out."""
        part = tenth(self.net, last=last)
        return sum(part) / (len(part) * chunk(self.orders))

    @property
    def net_per_order(self) -> float:
        """Mean seconds per order over the whole run, the collector's time left out."""
        return sum(self.net) / (len(self.took) * chunk(self.orders))

    def gc_in_tenth(self, *, last: bool) -> tuple[float, int]:
        """Collector seconds and full collections in the first (or last) 10% of the run."""
        return sum(tenth(self.collected, last=last)), sum(tenth(self.full, last=last))


def measure_store(
    kind: str,
    shop: Shop,
    args: argparse.Namespace,
    directory: Path,
    *,
    memory: bool,
    relay: int = 0,
) -> Measured:
    """Time ``shop`` through the Engine on a fresh ``kind`` store, census it, maybe trace it.

    ``relay``: if above 0, the host's relay (:class:`HostRelay`) delivers and prunes the outbox
    every ``relay`` orders, in the timed run and in the traced one.
    """
    factory = STORES[kind]
    name = f"{kind}-relay" if relay else kind
    store = factory(directory / f"{name}-timed", args)
    timer = TIMERS[args.timer]
    host = HostRelay(store) if relay else None
    with GcMeter(timer) as meter:
        took = run_ordercore(store, shop, timer, meter.mark, relay=host, every=relay)
    found = census(store, shop)
    del store
    peak = None
    if memory:

        def traced() -> None:
            again = factory(directory / f"{name}-traced", args)
            run_ordercore(again, shop, relay=HostRelay(again) if relay else None, every=relay)

        peak = peak_bytes(traced)
    collected, full = [s for s, _ in meter.chunks], [f for _, f in meter.chunks]
    relayed = 0 if host is None else host.sent
    return Measured(took, len(shop.orders), peak, found, collected, full, relayed)


def measure_host_gc(shop: Shop, args: argparse.Namespace, directory: Path) -> Measured:
    """The memory store as a host that tunes the collector would run it (:data:`HOST_GC`).

    A separate pass on a fresh store, never the default measurement; the heap is unfrozen after.
    """
    store = STORES["memory"](directory / "memory-host-gc", args)
    timer = TIMERS[args.timer]
    try:
        with GcMeter(timer) as meter:
            took = run_ordercore(store, shop, timer, meter.mark, freeze_now)
        found = census(store, shop)
    finally:
        del store
        unfreeze()
    collected, full = [s for s, _ in meter.chunks], [f for _, f in meter.chunks]
    return Measured(took, len(shop.orders), None, found, collected, full)


FLOOR_RUNS = 3
"""The floor is timed this many times and its fastest run kept: a 25-50 us loop moves by 2x
between runs on a loaded machine (GC pauses, cache contention), and it costs well under a second."""


def measure_floor(
    shop: Shop,
    timer: Callable[[], float],
    *,
    memory: bool,
    runs: int = FLOOR_RUNS,
    relay: int = 0,
) -> tuple[Measured, Tally]:
    """Time the floor on ``shop`` best-of-``runs``, maybe trace it; its tally.

    Every run must reach the same tally (the floor is deterministic); the fastest run's chunks
    are kept, so the ``x floor`` ratio is against the floor at its steadiest. ``relay``: the
    floor that delivers and clears its event list every ``relay`` orders (``--relay``).
    """
    size = chunk(len(shop.orders))
    with GcMeter(timer) as meter:
        took, tally = run_floor(shop, size, timer, meter.mark, relay)
    chunks = meter.chunks
    for _ in range(runs - 1):
        with GcMeter(timer) as meter:
            again, same = run_floor(shop, size, timer, meter.mark, relay)
        if same != tally:  # pragma: no cover - the floor is deterministic
            raise AssertionError(f"the floor reached {same} and then {tally} on one shop")
        if sum(again) < sum(took):
            took, chunks = again, meter.chunks
    peak = peak_bytes(lambda: run_floor(shop, size, timer, relay=relay)) if memory else None
    collected, full = [s for s, _ in chunks], [f for _, f in chunks]
    return Measured(took, len(shop.orders), peak, None, collected, full), tally


def measure_guarded(
    shop: Shop, timer: Callable[[], float], runs: int = FLOOR_RUNS
) -> tuple[Measured, Tally]:
    """Time the guarded floor (``engine_guarded.py``) on ``shop`` best-of-``runs``; its tally."""
    size = chunk(len(shop.orders))
    best: list[float] | None = None
    tally: Tally | None = None
    for _ in range(runs):
        took, same = run_guarded(shop, size, timer)
        if tally is not None and same != tally:  # pragma: no cover - it is deterministic
            raise AssertionError(f"the guarded floor reached {same} and then {tally}")
        tally = same
        if best is None or sum(took) < sum(best):
            best = took
    assert best is not None  # noqa: S101 - runs >= 1
    assert tally is not None  # noqa: S101
    return Measured(best, len(shop.orders), None, None), tally


GUARDED_HEADER = [
    (
        "| orders | floor us/order | guarded floor us/order | guarded / floor "
        "| ordercore us/order | x floor | x guarded floor |"
    ),
    "|---:|---:|---:|---:|---:|---:|---:|",
]
"""The two floors side by side: what the store's guarantees cost in plain Python (issue #11)."""


def guarded_section(
    results: dict[tuple[str, int], Measured],
    floors: dict[int, Measured],
    guarded: dict[int, Measured],
) -> list[str]:
    """The floors table: the plain floor, the guarded floor and the memory store's Engine."""
    out = [
        "",
        (
            "The guarded floor (engine_guarded.py): the same steps as the floor, as twelve "
            "transactions per order on a store that isolates reads (a copy per record read), "
            "checks versions at commit, writes all or nothing, gives every event an outbox "
            "message id and every stock movement a ledger row; no input checks, as the floor."
        ),
        "",
        *GUARDED_HEADER,
    ]
    for orders, guard in guarded.items():
        ours, floor = results[("memory", orders)], floors[orders]
        out.append(
            f"| {orders:,} | {floor.per_order * 1e6:,.1f} | {guard.per_order * 1e6:,.1f} "
            f"| {guard.per_order / floor.per_order:,.1f} | {ours.per_order * 1e6:,.0f} "
            f"| {ours.per_order / floor.per_order:,.0f} "
            f"| {ours.per_order / guard.per_order:,.1f} |"
        )
    return out


def verdict(ok: bool) -> str:
    """``PASS`` or ``FAIL``."""
    return "PASS" if ok else "FAIL"


def per_10k_mib(peak: int | None, orders: int) -> float | None:
    """Peak bytes scaled to 10,000 orders, in MiB."""
    return None if peak is None else peak * 10_000 / orders / 2**20


def row(kind: str, orders: int, ours: Measured, floor: Measured, *, judged: bool) -> str:
    """One table row; ``judged`` rows (10k orders and more) carry the size-bound verdicts."""
    census_ = ours.census
    assert census_ is not None  # noqa: S101 - ordercore rows always have one
    times_floor = ours.per_order / floor.per_order
    mem, floor_mem = per_10k_mib(ours.peak, orders), per_10k_mib(floor.peak, orders)
    mem_ratio = None if mem is None or floor_mem is None else mem / floor_mem
    speed = verdict(times_floor <= 150) if judged else "-"
    flat = verdict(ours.growth <= 1.25) if judged else "-"
    memory = "-" if mem_ratio is None else verdict(mem_ratio <= 10)
    first, last = ours.tenth(last=False) * 1e6, ours.tenth(last=True) * 1e6
    return (
        f"| {kind} | {orders:,} | {1 / ours.per_order:,.1f} | {1 / floor.per_order:,.0f} "
        f"| {times_floor:,.0f} | {first:,.0f} | {last:,.0f} "
        f"| {ours.growth:.2f} | {'-' if mem is None else f'{mem:,.1f}'} "
        f"| {'-' if floor_mem is None else f'{floor_mem:,.2f}'} "
        f"| {'-' if mem_ratio is None else f'{mem_ratio:,.1f}'} "
        f"| {census_.largest_stock_bytes:,} | {census_.average_order_bytes:,.0f} "
        f"| {speed} | {flat} | {memory} |"
    )


HEADER = [
    (
        "| store | orders | orders/s | floor orders/s | x floor | first 10% us/order "
        "| last 10% us/order | last/first | peak MiB per 10k orders | floor peak MiB per 10k "
        "| mem x floor | largest StockItem bytes | average Order bytes "
        "| <= 150x floor (10k+) | last/first <= 1.25 (10k+) | mem <= 10x floor |"
    ),
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
]


GC_HEADER = [
    (
        "| run | orders | orders/s | x floor | GC share of time | full GCs first / last 10% "
        "| GC s first / last 10% "
        "| first 10% us/order w/o GC | last 10% us/order w/o GC | x floor w/o GC (both) "
        "| last/first | last/first w/o GC | last/first GC spread | floor's last/first w/o GC "
        "| w/o GC / floor's | last/first <= 1.25 (10k+) "
        "| last/first w/o GC <= 1.25 (10k+) | GC spread <= 1.25 (10k+) "
        "| w/o GC / floor's <= 1.25 (10k+) |"
    ),
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
]
"""The collector's table: each run's tenths with and without the garbage collector's time."""


def gc_row(label: str, orders: int, ours: Measured, floor: Measured, *, judged: bool) -> str:
    """One row of the collector's table (``judged``: 10k orders and more carry verdicts)."""
    share = sum(ours.collected) / sum(ours.took) if sum(ours.took) else 0.0
    (gc_first, full_first), (gc_last, full_last) = (
        ours.gc_in_tenth(last=False),
        ours.gc_in_tenth(last=True),
    )
    growth, net_growth, flat, net_flat = gc_verdicts(ours.took, ours.collected)
    floor_net = floor_growth(floor)
    own = net_growth / floor_net
    spread = engine_gc.growth(engine_gc.spread_gc(ours.took, ours.collected))
    return (
        f"| {label} | {orders:,} | {1 / ours.per_order:,.1f} "
        f"| {ours.per_order / floor.per_order:,.0f} | {share:.0%} | {full_first} / {full_last} "
        f"| {gc_first:.2f} / {gc_last:.2f} | {ours.net_tenth(last=False) * 1e6:,.0f} "
        f"| {ours.net_tenth(last=True) * 1e6:,.0f} "
        f"| {ours.net_per_order / floor.net_per_order:,.0f} | {growth:.2f} | {net_growth:.2f} "
        f"| {spread:.2f} | {floor_net:.2f} | {own:.2f} "
        f"| {verdict(flat) if judged else '-'} | {verdict(net_flat) if judged else '-'} "
        f"| {verdict(spread <= FLAT) if judged else '-'} "
        f"| {verdict(own <= FLAT) if judged else '-'} |"
    )


FLAT = 1.25
"""The flatness target: last 10% / first 10% of the cost per order (issue #11)."""


def floor_growth(floor: Measured) -> float:
    """The floor's own last/first without the collector: what the host's memory adds alone.

    The floor keeps every order too (dicts and one list append per event), so its cost per
    order grows with the heap as well (cache and TLB misses, the allocator reaching further);
    ordercore's last/first without GC divided by it is the growth that is ordercore's own.
    """
    return engine_gc.growth(floor.net)


def gc_section(
    results: dict[tuple[str, int], Measured],
    tuned: dict[int, Measured],
    floors: dict[int, Measured],
    judged_from: int,
    relayed: dict[tuple[str, int], Measured] | None = None,
    relay_floors: dict[int, Measured] | None = None,
    every: int = 0,
) -> list[str]:
    """The collector's table: every store's rows, the host-tuned rows (if any), the floor's.

    With ``--relay``, ``relayed`` (each store with the host's relay) and ``relay_floors`` (the
    floor that clears its events the same way) add labelled rows; the relayed rows are judged
    against the default floor, as every other row is.
    """
    relayed, relay_floors = relayed or {}, relay_floors or {}
    out = [
        "",
        (
            "Garbage collector (gc.callbacks, same timer): each tenth with and without the "
            "collector's time; a full (generation 2) collection walks every live object, and the "
            "memory store keeps every order alive, so where full collections land moves last/first."
        ),
        "",
        *GC_HEADER,
    ]
    for (kind, orders), measured in results.items():
        judged = orders >= judged_from
        out.append(gc_row(f"{kind} store", orders, measured, floors[orders], judged=judged))
    for orders, host in tuned.items():
        label = "memory store, host-tuned GC (*)"
        out.append(gc_row(label, orders, host, floors[orders], judged=orders >= judged_from))
    for (kind, orders), measured in relayed.items():
        label = f"{kind} store, relay every {every}"
        out.append(gc_row(label, orders, measured, floors[orders], judged=orders >= judged_from))
    for orders, floor in floors.items():
        out.append(gc_row("floor (best run)", orders, floor, floor, judged=False))
    for orders, floor in relay_floors.items():
        label = "floor clearing its events with the relay (best run)"
        out.append(gc_row(label, orders, floor, floor, judged=False))
    if tuned:
        out += [
            "",
            (
                f"(*) a separate pass, not the default measurement: {HOST_GC}, as a host that "
                "keeps a big in-memory store may do (a documented recommendation; ordercore "
                "never does it)."
            ),
        ]
    return out


RELAY_HEADER = [
    (
        "| run | orders | messages delivered and pruned | orders/s | x floor (keeps its events) "
        "| x floor clearing its events | peak MiB per 10k orders | mem x floor (keeps) "
        "| mem x floor clearing | last/first | last/first w/o GC | w/o GC / floor's (keeps) "
        "| w/o GC / floor's (clearing) |"
    ),
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
"""The relay's table: each store with and without the host's relay, against both floors."""


def relay_row(label: str, orders: int, ours: Measured, keeps: Measured, clears: Measured) -> str:
    """One row of the relay table: ``ours`` against the floor that ``keeps`` and that ``clears``."""
    mem = per_10k_mib(ours.peak, orders)
    keeps_mem, clears_mem = per_10k_mib(keeps.peak, orders), per_10k_mib(clears.peak, orders)

    def ratio(a: float | None, b: float | None) -> str:
        return "-" if a is None or b is None else f"{a / b:,.1f}"

    _, net_growth, _, _ = gc_verdicts(ours.took, ours.collected)
    return (
        f"| {label} | {orders:,} | {f'{ours.relayed:,}' if ours.relayed else '-'} "
        f"| {1 / ours.per_order:,.1f} "
        f"| {ours.per_order / keeps.per_order:,.0f} | {ours.per_order / clears.per_order:,.0f} "
        f"| {'-' if mem is None else f'{mem:,.1f}'} | {ratio(mem, keeps_mem)} "
        f"| {ratio(mem, clears_mem)} | {ours.growth:.2f} | {net_growth:.2f} "
        f"| {net_growth / floor_growth(keeps):.2f} | {net_growth / floor_growth(clears):.2f} |"
    )


def relay_section(
    results: dict[tuple[str, int], Measured],
    relayed: dict[tuple[str, int], Measured],
    floors: dict[int, Measured],
    relay_floors: dict[int, Measured],
    every: int,
) -> list[str]:
    """The relay table (``--relay``): every store without and with the relay, and both floors."""
    out = [
        "",
        (
            f"Relay (--relay {every}): every {every} orders the host delivers each pending outbox "
            "message to a no-op send and prunes what it delivered; that time counts in "
            "ordercore's. The floor of the tables above is unchanged (it keeps its list of "
            f"events); the floor clearing its events hands its list to a no-op send every {every} "
            "orders and clears it. Both ratios are printed."
        ),
        "",
        *RELAY_HEADER,
    ]
    for (kind, orders), measured in relayed.items():
        keeps, clears = floors[orders], relay_floors[orders]
        out.append(relay_row(f"{kind}, no relay", orders, results[(kind, orders)], keeps, clears))
        out.append(relay_row(f"{kind}, relay every {every}", orders, measured, keeps, clears))
    for orders, clears in relay_floors.items():
        keeps = floors[orders]
        out.append(relay_row("floor clearing its events", orders, clears, keeps, clears))
    return out


def main_postgres(args: argparse.Namespace, orders: int) -> int:
    """``--store postgres``: both scenarios at 1, 2, 4 workers and the floor; 1 without a DSN."""
    if not args.dsn:
        print("--store postgres needs --dsn or ORDERCORE_PG_DSN", file=sys.stderr)
        return 1
    import engine_postgres  # noqa: PLC0415 - psycopg is an optional extra

    print("\n".join(engine_postgres.measure(args.dsn, orders, args.workers)))
    return 0


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0911, PLR0912, PLR0915 - one report, in order
    """Measure every size, check the floor agrees, print the tables; 1 if they disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few hundred orders")
    parser.add_argument("--big", action="store_true", help="add the 100k-order size")
    parser.add_argument("--store", choices=sorted(STORES), default="memory")
    parser.add_argument(
        "--dsn",
        default=os.environ.get("ORDERCORE_PG_DSN"),
        help="--store postgres: the server (default $ORDERCORE_PG_DSN); each run a fresh schema",
    )
    parser.add_argument(
        "--workers", type=int, default=4, help="--store postgres: 1, 2 and 4 processes up to N"
    )
    parser.add_argument(
        "--timer",
        choices=sorted(TIMERS),
        default="cpu",
        help="cpu: this process's CPU time (default: steady on a shared machine); wall: elapsed",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    parser.add_argument("--sizes", default=None, help="comma-separated order counts (override)")
    parser.add_argument("--skus", type=int, default=None, help="SKUs in the catalogue (1,000)")
    parser.add_argument(
        "--host-gc",
        action="store_true",
        help=f"add a separate, labelled memory-store row tuned as a host might: {HOST_GC}",
    )
    parser.add_argument(
        "--relay",
        type=int,
        default=0,
        metavar="N",
        help=(
            "add a labelled row per store whose host delivers and prunes the outbox every N "
            "orders (suggested: 100), and a floor that clears its events the same way"
        ),
    )
    parser.add_argument(
        "--host-heap",
        type=int,
        default=HOST_HEAP,
        metavar="N",
        help=(
            "hold N long-lived objects through every pass, floor and ordercore alike, as the "
            f"heap of a host process (default {HOST_HEAP:,}; 0 measures in a nearly empty "
            "process, where the floor spends about half its time collecting); see "
            "engine_gc.host_heap"
        ),
    )
    args = parser.parse_args(argv)
    if args.relay < 0:
        parser.error("--relay N needs N >= 1 (0, the default, runs no relay)")
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    elif args.quick:
        sizes = [100, 300]
    else:
        sizes = [1_000, 10_000, *([100_000] if args.big else [])]
    if args.store == "postgres":
        return main_postgres(args, sizes[0] if args.sizes else (40 if args.quick else 240))
    skus = args.skus or (50 if args.quick else 1_000)
    kinds = ["memory"] if args.store == "memory" else ["memory", args.store]

    results: dict[tuple[str, int], Measured] = {}
    tuned: dict[int, Measured] = {}
    floors: dict[int, Measured] = {}
    guarded: dict[int, Measured] = {}
    relayed: dict[tuple[str, int], Measured] = {}
    relay_floors: dict[int, Measured] = {}
    heap = host_heap(args.host_heap)  # held until main returns: every pass runs beside it
    with tempfile.TemporaryDirectory(prefix="ordercore-engine-bench-") as tmp:
        for orders in sizes:
            shop = generate(orders, skus)
            floor, expected = measure_floor(shop, TIMERS[args.timer], memory=not args.no_memory)
            floors[orders] = floor
            guarded[orders], guarded_tally = measure_guarded(shop, TIMERS[args.timer])
            if guarded_tally != expected:  # pragma: no cover - both floors do the same steps
                print(f"the two floors disagree at {orders:,} orders", file=sys.stderr)
                return 1
            if args.relay:
                relay_floors[orders], clearing = measure_floor(
                    shop, TIMERS[args.timer], memory=not args.no_memory, relay=args.relay
                )
                if clearing != expected:  # pragma: no cover - clearing the list counts nothing
                    print(f"the clearing floor disagrees at {orders:,} orders", file=sys.stderr)
                    return 1
            for kind in kinds:
                directory = Path(tmp) / f"{orders}"
                directory.mkdir(exist_ok=True)
                measured = measure_store(kind, shop, args, directory, memory=not args.no_memory)
                found = measured.census
                assert found is not None  # noqa: S101 - measure_store always takes one
                if found.tally != expected:
                    print(
                        f"ordercore on the {kind} store and the floor disagree after {orders:,} "
                        f"orders: ordercore {found.tally}, floor {expected}. No table: the "
                        "floor does not do the same work.",
                        file=sys.stderr,
                    )
                    return 1
                results[(kind, orders)] = measured
                print(
                    f"measured {kind} at {orders:,} orders: {1 / measured.per_order:,.1f} "
                    f"orders/s ({sum(measured.took):,.1f} s)",
                    file=sys.stderr,
                )
                if args.relay:
                    relay = measure_store(
                        kind, shop, args, directory, memory=not args.no_memory, relay=args.relay
                    )
                    relay_census = relay.census
                    assert relay_census is not None  # noqa: S101 - measure_store takes one
                    if relay_census.tally != expected:
                        print(
                            f"ordercore on the {kind} store with a relay and the floor disagree "
                            f"after {orders:,} orders: ordercore {relay_census.tally}, floor "
                            f"{expected}. No table.",
                            file=sys.stderr,
                        )
                        return 1
                    relayed[(kind, orders)] = relay
                    print(
                        f"measured {kind} with a relay every {args.relay} at {orders:,} orders: "
                        f"{1 / relay.per_order:,.1f} orders/s ({sum(relay.took):,.1f} s)",
                        file=sys.stderr,
                    )
            if args.host_gc:
                host = measure_host_gc(shop, args, Path(tmp) / f"{orders}")
                host_census = host.census
                assert host_census is not None  # noqa: S101 - measure_host_gc always takes one
                if host_census.tally != expected:  # pragma: no cover - the same Engine run
                    print(f"the host-tuned run disagrees at {orders:,} orders", file=sys.stderr)
                    return 1
                tuned[orders] = host

    out = [
        (
            f"## Engine benchmark ({skus:,} SKUs at one location, seeded; Python "
            f"{sys.version.split()[0]}; floor and ordercore agree on units on hand, cents "
            f"refunded and orders completed at every size; the floor is the best of "
            f"{FLOOR_RUNS} timed runs, ordercore one run"
            + (
                f"; every pass beside a host heap of {len(heap):,} long-lived objects)"
                if heap
                else ")"
            )
        ),
        "",
        *HEADER,
    ]
    judged_from = 10_000 if not args.quick else sizes[-1]
    for (kind, orders), measured in results.items():
        out.append(row(kind, orders, measured, floors[orders], judged=orders >= judged_from))
    for (kind, orders), measured in relayed.items():
        label = f"{kind}, relay every {args.relay}"
        out.append(row(label, orders, measured, floors[orders], judged=orders >= judged_from))
    if relayed:
        out += [
            "",
            (
                f'Rows "relay every {args.relay}": a separate run on a fresh store whose host '
                f"delivers and prunes the outbox every {args.relay} orders (its time and memory "
                "count in ordercore's); the floor is unchanged, it keeps its list of events (the "
                "floor clearing its events is in the relay table below)."
            ),
        ]
    out += guarded_section(results, floors, guarded)
    out += gc_section(results, tuned, floors, judged_from, relayed, relay_floors, args.relay)
    smallest, largest = sizes[0], sizes[-1]
    first = results[("memory", smallest)].census
    last = results[("memory", largest)].census
    assert first is not None  # noqa: S101 - ordercore rows always have one
    assert last is not None  # noqa: S101
    growth = last.largest_stock_bytes / first.largest_stock_bytes
    judged = largest >= 100_000 and smallest <= 1_000
    out += [
        "",
        (
            f"Largest stored StockItem after {largest:,} orders / after {smallest:,} orders: "
            f"{last.largest_stock_bytes:,} / {first.largest_stock_bytes:,} bytes = {growth:.2f}x "
            "(target: after 100k orders <= 2x after 1k): "
            + (verdict(growth <= 2) if judged else "not judged at these sizes (run with --big)")
        ),
    ]
    if len(kinds) > 1:
        other = kinds[1]
        out += [
            "",
            (
                f"| orders | {other} orders/s | memory orders/s | {other} / memory "
                f"| {other} last/first | >= 1/5 of memory | last/first <= 1.25 (10k+) |"
            ),
            "|---:|---:|---:|---:|---:|---|---|",
        ]
        for orders in sizes:
            theirs, ours = results[(other, orders)], results[("memory", orders)]
            share = ours.per_order / theirs.per_order
            out.append(
                f"| {orders:,} | {1 / theirs.per_order:,.1f} | {1 / ours.per_order:,.1f} "
                f"| {share:.2f} | {theirs.growth:.2f} | {verdict(share >= 0.2)} "
                f"| {verdict(theirs.growth <= 1.25) if orders >= judged_from else '-'} |"
            )
    if relayed:
        out += relay_section(results, relayed, floors, relay_floors, args.relay)
    if args.store == "sqlite":  # bytes written per command, early vs late (engine_sqlite.py)
        import engine_sqlite  # noqa: PLC0415 - only the SQLite run meters its writes

        out += engine_sqlite.section(sizes, skus, TYPES, one_order, stock_up)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
