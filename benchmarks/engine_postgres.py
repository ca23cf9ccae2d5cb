"""``engine.py --store postgres``: the Engine's whole flow on PostgreSQL, 1, 2 and 4 processes.

Each worker process opens its own :class:`ordercore_postgres.PostgresStore` (a pool of one
connection) and its own ``Engine(..., retries=0)``, and runs every command of its orders (the
flow of ``engine.one_order``) through ``run_with_retries(..., on_conflict=...)``: conflicts are
counted there, and a command still in conflict after the last attempt "gave up" (its order is
abandoned, the rest of the run goes on). Attempts default to the Engine's own default (3
retries, so 4 attempts), with ``run_with_retries``' backoff and seeded jitter.

Two scenarios, each on a fresh schema: **disjoint** SKUs (each worker its own catalogue, so
workers never touch the same stock row) and **hot** SKUs (every order draws from the same 3
SKUs). The same number of orders runs at every worker count, split evenly, and is timed in wall
seconds from a barrier to the last worker's end (workers run in parallel: CPU time of one
process would hide the others).

Every run ends with a census: no SKU holds a negative quantity on hand or available, and the units
on hand equal those stocked minus those shipped plus those returned (as the workers counted
them); otherwise no table is printed.

The floor (:func:`run_floor`) uses psycopg alone: the same number of transactions as the
one-worker disjoint run committed, writing the same number of rows (inserts plus updates, read
from ``pg_stat_user_tables`` for that run's schema), spread evenly over the transactions, each
row an upsert of a small ``jsonb`` document keyed by order; it runs right after each disjoint
run with as many processes (each on its own keys), so the Engine's scaling is judged beside
what psycopg alone gets from the same cores in the same minute.

Bytes written per command are the server's WAL bytes per command in each tenth of the
one-worker runs: as the hot SKUs serve more orders, a command must not write more.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar

import attrs
import psycopg
from psycopg import sql

from engine_workload import CURRENCY, LOCATION, START, STOCK_PER_SKU, Line, ShopOrder, generate
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.kernel.money import Money
from ordercore.service import Engine

T = TypeVar("T")

WORKER_COUNTS = (1, 2, 4)
"""The worker counts a run measures (those up to ``--workers``, and ``--workers`` itself)."""
HOT_SKUS = 3
"""SKUs every order of the hot scenario draws from."""
SKUS_PER_WORKER = 10
"""SKUs of each worker's own catalogue in the disjoint scenario."""
DEFAULT_ATTEMPTS = (attrs.fields(Engine).retries.default or 0) + 1
"""Attempts per command: the Engine's default retries (3) plus the first try."""
SHIP_TO = Address(
    name="Grace Hopper", line1="1 Harbour Street", city="Arlington", postal_code="22201",
    country="US",
)  # fmt: skip
PARCEL = Parcel(900)


# -- schemas -------------------------------------------------------------------------------------


@contextmanager
def fresh_schema(dsn: str) -> Iterator[tuple[str, str]]:
    """A new, empty schema on ``dsn`` (dropped afterwards): its name and a DSN that uses it."""
    name = f"ordercore_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield name, psycopg.conninfo.make_conninfo(dsn, options=f"-csearch_path={name}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


def rows_written(dsn: str, schema: str) -> int:
    """Rows inserted, updated and deleted so far in ``schema``'s tables (the server's counters).

    The counters of a backend reach the shared statistics when it ends (or idles a second), so
    this polls until two reads a second apart agree.
    """
    query = (
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint "
        "FROM pg_stat_user_tables WHERE schemaname = %s"
    )
    last = -1
    with psycopg.connect(dsn, autocommit=True) as connection:
        for _ in range(15):
            connection.execute("SELECT pg_stat_clear_snapshot()")
            row = connection.execute(query, (schema,)).fetchone()
            now = int(row[0]) if row else 0
            if now == last:
                return now
            last = now
            time.sleep(1.0)
    return last


# -- the workload of one scenario ----------------------------------------------------------------


def plan(scenario: str, orders: int, workers: int, seed: int = 20261206) -> list[list[ShopOrder]]:
    """Each worker's orders: ``orders`` in all, split evenly; SKUs disjoint or 3 hot ones."""
    each = orders // workers
    plans: list[list[ShopOrder]] = []
    for who in range(workers):
        if scenario == "hot":
            shop = generate(each, HOT_SKUS, seed=seed + who)
            prefix = ""
        else:
            shop = generate(each, SKUS_PER_WORKER, seed=seed + who)
            prefix = f"W{who}-"
        plans.append(
            [
                ShopOrder(
                    order.n,
                    f"W{who}-{order.order_id}",
                    tuple(
                        Line(prefix + line.sku, line.quantity, line.cents) for line in order.lines
                    ),
                    order.returns,
                )
                for order in shop.orders
            ]
        )
    return plans


def catalogue(plans: list[list[ShopOrder]]) -> list[str]:
    """Every SKU the plans order, sorted."""
    return sorted({line.sku for orders in plans for order in orders for line in order.lines})


def stock_up(dsn: str, skus: list[str]) -> None:
    """Put ``STOCK_PER_SKU`` units of each SKU at ``LOCATION`` (untimed)."""
    from ordercore_postgres import PostgresStore  # noqa: PLC0415 - psycopg is an optional extra

    store = PostgresStore(dsn, pool_size=1)
    try:
        store.migrate()
        with store.unit_of_work() as uow:
            for sku in skus:
                item = StockItem(sku)
                item.receive(LOCATION, STOCK_PER_SKU, START)
                uow.repository("stock").add(item)
            uow.commit()
    finally:
        store.close()


class Report(NamedTuple):
    """What one worker did: its wall-clock span, and its counts."""

    started: float
    ended: float
    orders_completed: int
    commands: int
    conflicts: int
    gave_up: int
    units_shipped: int
    units_returned: int
    wal: tuple[tuple[int, int], ...]
    """(commands run, the server's WAL insert position in bytes) at the start and after each
    tenth of the worker's orders: bytes written per command as the SKUs' histories grow."""
    by_command: tuple[tuple[str, int, int, float], ...] = ()
    """Per Engine command: (name, commands run, conflicts retried, wall seconds in it)."""


def work(  # noqa: PLR0915 - one order's flow, counted, with its WAL samples
    dsn: str, who: int, orders: list[ShopOrder], attempts: int, barrier: Any, out: Any
) -> None:
    """One worker process: its own store and Engine, every order's flow, counted (spawnable)."""
    from ordercore_postgres import PostgresStore, run_with_retries  # noqa: PLC0415

    store = PostgresStore(dsn, pool_size=1)
    clock = FixedClock(START)
    engine = Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)}, retries=0)
    jitter = random.Random(who)
    counts = {"commands": 0, "conflicts": 0, "gave_up": 0, "shipped": 0, "returned": 0, "done": 0}
    by_command: dict[str, list[float]] = {}
    """name -> [commands, conflicts, wall seconds]"""
    current = [""]

    def counted(_: ConcurrencyConflict) -> None:
        counts["conflicts"] += 1
        by_command[current[0]][1] += 1

    def run(name: str, fn: Callable[[], T]) -> T:
        current[0] = name
        tally = by_command.setdefault(name, [0, 0, 0.0])
        began = time.perf_counter()
        try:
            result = run_with_retries(fn, attempts=attempts, rng=jitter, on_conflict=counted)
        finally:
            tally[2] += time.perf_counter() - began
        counts["commands"] += 1
        tally[0] += 1
        return result

    def one_order(order: ShopOrder) -> None:
        n, order_id = order.n, order.order_id
        now = clock.advance(minutes=1)
        draft = Order.draft(
            order_id=order_id, number=order_id, customer_id=f"C-{n % 5_000:04d}",
            currency=CURRENCY, ship_to=SHIP_TO, now=now,
        )  # fmt: skip
        wanted: dict[str, int] = {}
        for sku, qty, cents in order.lines:
            added = draft.add_line(sku, qty, Money.from_minor(cents, CURRENCY), now)
            wanted[str(added.line_id)] = qty
        total = draft.total
        run("place_order", lambda: engine.place_order(draft))
        run(
            "record_authorization",
            lambda: engine.record_authorization(order_id, total, f"auth-{order_id}"),
        )
        run("record_capture", lambda: engine.record_capture(order_id, total, f"capture-{order_id}"))
        run("confirm_order", lambda: engine.confirm_order(order_id))
        run("allocate_order", lambda: engine.allocate_order(order_id))
        shipment_id = run("open_shipment", lambda: engine.open_shipment(order_id, wanted, LOCATION))
        for line_id, qty in wanted.items():
            run("pick", lambda line_id=line_id, qty=qty: engine.pick(shipment_id, line_id, qty))  # type: ignore[misc]
        run("pack", lambda: engine.pack(shipment_id, [PARCEL]))
        run("ship_shipment", lambda: engine.ship_shipment(shipment_id, "UPS", [f"1Z-{order_id}"]))
        counts["shipped"] += sum(wanted.values())
        run("deliver_shipment", lambda: engine.deliver_shipment(shipment_id))
        if order.returns:
            first = next(iter(wanted))
            rma = run("request_return", lambda: engine.request_return(order_id, first, 1))
            outcome = run(
                "receive_return",
                lambda: engine.receive_return(order_id, first, 1, LOCATION, reference=rma),
            )
            counts["returned"] += 1
            run(
                "record_refund",
                lambda: engine.record_refund(order_id, outcome.refund, f"refund-{order_id}"),
            )
        counts["done"] += 1

    def wal_position() -> tuple[int, int]:
        with store.connection() as connection:
            row = connection.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
        high, _, low = (row[0] if row else "0/0").partition("/")
        return counts["commands"], (int(high, 16) << 32) + int(low, 16)

    tenth = max(1, len(orders) // 10)
    wal = [wal_position()]
    barrier.wait()
    started = time.perf_counter()
    for n, order in enumerate(orders, start=1):
        try:
            one_order(order)
        except ConcurrencyConflict:
            counts["gave_up"] += 1
        if n % tenth == 0:
            wal.append(wal_position())
    ended = time.perf_counter()
    store.close()
    out.put(
        Report(
            started,
            ended,
            counts["done"],
            counts["commands"],
            counts["conflicts"],
            counts["gave_up"],
            counts["shipped"],
            counts["returned"],
            tuple(wal),
            tuple((name, int(n), int(c), t) for name, (n, c, t) in by_command.items()),
        )
    )


class Run(NamedTuple):
    """One scenario at one worker count: orders, wall seconds, counts, census, rows written."""

    scenario: str
    workers: int
    orders: int
    seconds: float
    commands: int
    conflicts: int
    gave_up: int
    oversold: int
    conserved: bool
    rows: int
    wal: tuple[tuple[int, int], ...]
    """The one worker's WAL positions (see :class:`Report`); empty with several workers."""
    by_command: tuple[tuple[str, int, int, float], ...] = ()
    """Per Engine command, summed over the workers: (name, run, conflicts, wall seconds)."""

    @property
    def per_second(self) -> float:
        """Orders completed per wall second."""
        return self.orders / self.seconds


def census(dsn: str, skus: list[str], shipped: int, returned: int) -> tuple[int, bool]:
    """SKUs with a negative quantity (oversold), and whether the units are all accounted for."""
    from ordercore_postgres import PostgresStore  # noqa: PLC0415

    store = PostgresStore(dsn, pool_size=1)
    oversold = on_hand = 0
    try:
        with store.unit_of_work() as uow:
            for sku in skus:
                item: StockItem = uow.repository("stock").get(sku)
                oversold += item.on_hand() < 0 or item.available() < 0
                on_hand += item.on_hand()
    finally:
        store.close()
    return oversold, on_hand == len(skus) * STOCK_PER_SKU - shipped + returned


def run_scenario(
    server: str, scenario: str, orders: int, workers: int, attempts: int = DEFAULT_ATTEMPTS
) -> Run:
    """Run ``scenario`` with ``workers`` processes on a fresh schema; count, census, rows."""
    plans = plan(scenario, orders, workers)
    skus = catalogue(plans)
    with fresh_schema(server) as (schema, dsn):
        stock_up(dsn, skus)
        before = rows_written(server, schema)
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(workers)
        out = context.Queue()
        processes = [
            context.Process(target=work, args=(dsn, who, plans[who], attempts, barrier, out))
            for who in range(workers)
        ]
        for process in processes:
            process.start()
        reports: list[Report] = []
        while len(reports) < workers:
            try:
                reports.append(out.get(timeout=1))
            except queue.Empty:
                if not any(process.is_alive() for process in processes) and out.empty():
                    break
        for process in processes:
            process.join(timeout=60)
        if len(reports) < workers or any(process.exitcode != 0 for process in processes):
            raise SystemExit(f"a {scenario} worker of {workers} failed")
        rows = rows_written(server, schema) - before
        shipped = sum(r.units_shipped for r in reports)
        returned = sum(r.units_returned for r in reports)
        oversold, conserved = census(dsn, skus, shipped, returned)
    return Run(
        scenario, workers, sum(r.orders_completed for r in reports),
        max(r.ended for r in reports) - min(r.started for r in reports),
        sum(r.commands for r in reports), sum(r.conflicts for r in reports),
        sum(r.gave_up for r in reports), oversold, conserved, rows,
        reports[0].wal if workers == 1 else (), merge_commands(reports),
    )  # fmt: skip


def merge_commands(reports: list[Report]) -> tuple[tuple[str, int, int, float], ...]:
    """The workers' per-command counts summed, in the order the flow runs the commands."""
    merged: dict[str, list[float]] = {}
    for report in reports:
        for name, n, conflicts, seconds in report.by_command:
            tally = merged.setdefault(name, [0, 0, 0.0])
            tally[0] += n
            tally[1] += conflicts
            tally[2] += seconds
    return tuple((name, int(n), int(c), t) for name, (n, c, t) in merged.items())


# -- the psycopg floor ---------------------------------------------------------------------------


FLOOR_SCHEMA = """
CREATE TABLE floor_rows (key text PRIMARY KEY, version integer NOT NULL, body jsonb NOT NULL);
CREATE TABLE floor_hot (sku text PRIMARY KEY, n bigint NOT NULL);
"""


PAD = "".join(f"{(n * 2654435761) % 4294967296:08x}" for n in range(1, 2_049))
"""Filler for the bodies of the same-bytes floor (hex digits, no long repeats)."""


def floor_work(
    dsn: str,
    who: int,
    orders: int,
    transactions: int,
    rows: int,
    barrier: Any,
    out: Any,
    pad: int = 0,
    hot: int = 0,
) -> None:
    """One floor process: ``transactions`` transactions writing ``rows`` rows (spawnable).

    Transactions are spread evenly over ``orders`` orders and rows evenly over transactions;
    each row is an upsert (insert the first time a key is seen, then update with a new version)
    of a small ``jsonb`` document keyed by worker and order, each transaction ``BEGIN``/``COMMIT``.
    ``pad`` characters of filler in each document make its rows as large as the Engine's.
    ``hot`` > 0: each transaction first updates one of ``hot`` shared rows (taking turns through
    them), so every worker's transactions queue on the same few row locks, as hot SKUs do.
    """
    filler = (PAD * (1 + pad // len(PAD)))[:pad]
    upsert = (
        "INSERT INTO floor_rows (key, version, body) VALUES (%s, 1, %s::jsonb) "
        "ON CONFLICT (key) DO UPDATE SET version = floor_rows.version + 1, body = excluded.body"
    )
    bump = "UPDATE floor_hot SET n = n + 1 WHERE sku = %s"
    with psycopg.connect(dsn, autocommit=True) as connection:
        barrier.wait()
        started = time.perf_counter()
        written = 0
        for t in range(transactions):
            order = t * orders // transactions
            upto = (t + 1) * rows // transactions
            with connection.transaction():
                if hot:
                    connection.execute(bump, (f"HOT-{(t + who) % hot}",))
                for r in range(upto - written):
                    body = (
                        f'{{"order": {order}, "step": {t}, "row": {r}, "status": "ok", '
                        f'"pad": "{filler}"}}'
                    )
                    connection.execute(upsert, (f"W{who}-O-{order}-{r % 4}", body))
            written = upto
        out.put((started, time.perf_counter()))


class Floor(NamedTuple):
    """One floor run: its wall seconds and the WAL bytes it wrote."""

    seconds: float
    wal_bytes: int


def wal_lsn(dsn: str) -> int:
    """The server's WAL insert position, in bytes."""
    with psycopg.connect(dsn, autocommit=True) as connection:
        row = connection.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
    high, _, low = (row[0] if row else "0/0").partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def run_floor(
    server: str,
    orders: int,
    transactions: int,
    rows: int,
    workers: int = 1,
    pad: int = 0,
    hot: int = 0,
) -> Floor:
    """Wall seconds for ``transactions`` transactions writing ``rows`` rows, psycopg alone.

    ``workers`` processes share the work evenly, each on its own keys (the floor of the
    disjoint scenario), timed like the Engine's workers: from a barrier to the last one's end.
    ``pad`` characters of filler in each row's document (see :func:`same_bytes_pad`); ``hot``
    shared rows each transaction first updates (the floor of the hot scenario, see
    :func:`floor_work`).
    """
    context = multiprocessing.get_context("spawn")
    with fresh_schema(server) as (_, dsn):
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(FLOOR_SCHEMA)
            connection.execute(
                "INSERT INTO floor_hot (sku, n) "
                "SELECT 'HOT-' || i, 0 FROM generate_series(0, %s) AS i",
                (max(0, hot - 1),),
            )
        before = wal_lsn(dsn)
        barrier = context.Barrier(workers)
        out = context.Queue()
        processes = [
            context.Process(
                target=floor_work,
                args=(
                    dsn,
                    who,
                    orders // workers,
                    transactions // workers,
                    rows // workers,
                    barrier,
                    out,
                    pad,
                    hot,
                ),
            )
            for who in range(workers)
        ]
        for process in processes:
            process.start()
        spans: list[tuple[float, float]] = [out.get(timeout=600) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        wal = wal_lsn(dsn) - before
    return Floor(max(end for _, end in spans) - min(start for start, _ in spans), wal)


def wal_bytes(run: Run) -> int:
    """The WAL bytes a one-worker run wrote between its first and last sample."""
    return run.wal[-1][1] - run.wal[0][1] if len(run.wal) >= 2 else 0


def same_bytes_pad(run: Run, floor: Floor) -> int:
    """Filler per floor row that makes the floor write as many WAL bytes per row as ``run``.

    The first floor's rows are small documents; each character of filler adds about one
    byte of WAL per row (documents below PostgreSQL's 2 kB compression threshold are stored
    as they are), so the filler is the difference per row, measured.
    """
    rows = max(1, run.rows)
    return max(0, round((wal_bytes(run) - floor.wal_bytes) / rows))


def wal_per_command(wal: tuple[tuple[int, int], ...]) -> list[float]:
    """WAL bytes written per command in each tenth of a one-worker run."""
    return [
        (b_bytes - a_bytes) / max(1, b_commands - a_commands)
        for (a_commands, a_bytes), (b_commands, b_bytes) in itertools.pairwise(wal)
    ]


# -- the report ----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    """``PASS`` or ``FAIL``."""
    return "PASS" if ok else "FAIL"


def counts_for(most: int) -> list[int]:
    """The worker counts to measure: 1, 2 and 4 up to ``most``, and ``most`` itself."""
    return sorted({*(w for w in WORKER_COUNTS if w <= most), most})


def measure(server: str, orders: int, most: int, attempts: int = DEFAULT_ATTEMPTS) -> list[str]:
    """Run both scenarios at every worker count and the floor; the report's lines (no table if a
    census fails: then a ``SystemExit`` says what).

    The floor runs right after each disjoint run, at the same worker count, with the
    transactions and rows of the one-worker disjoint run: each ratio compares runs made under
    the same load (the machine's other work moves both alike).
    """
    runs: dict[tuple[str, int], Run] = {}
    floors: dict[int, float] = {}
    hot_floors: dict[int, float] = {}
    wal: dict[str, Floor] = {}
    workers = counts_for(most)
    for scenario in ("disjoint", "hot"):
        for count in workers:
            done = run_scenario(server, scenario, orders, count, attempts)
            if done.oversold or not done.conserved:
                raise SystemExit(
                    f"{scenario} with {count} workers: {done.oversold} SKUs oversold, units "
                    f"{'conserved' if done.conserved else 'NOT conserved'}. No table."
                )
            runs[(scenario, count)] = done
            print(
                f"measured postgres {scenario} x{count}: {done.per_second:,.1f} orders/s "
                f"({done.seconds:,.1f} s, {done.conflicts} conflicts, {done.gave_up} gave up)",
                file=sys.stderr,
            )
            if scenario == "disjoint":
                one = runs[("disjoint", 1)]
                floor = run_floor(server, one.orders, one.commands, one.rows, count)
                floors[count] = one.orders / floor.seconds
                print(
                    f"measured psycopg floor x{count}: {floors[count]:,.1f} orders/s",
                    file=sys.stderr,
                )
                if count == 1:
                    wal["small"] = floor
                    pad = same_bytes_pad(one, floor)
                    wal["same"] = run_floor(server, one.orders, one.commands, one.rows, 1, pad)
                    print(
                        f"measured same-bytes psycopg floor x1 ({pad} characters of filler per "
                        f"row): {one.orders / wal['same'].seconds:,.1f} orders/s",
                        file=sys.stderr,
                    )
            else:
                one = runs[("disjoint", 1)]
                floor = run_floor(server, one.orders, one.commands, one.rows, count, hot=HOT_SKUS)
                hot_floors[count] = one.orders / floor.seconds
                print(
                    f"measured hot psycopg floor x{count}: {hot_floors[count]:,.1f} orders/s",
                    file=sys.stderr,
                )
    return report(runs, floors, orders, attempts, wal, hot_floors)


def report(
    runs: dict[tuple[str, int], Run],
    floors: dict[int, float],
    orders: int,
    attempts: int,
    wal: dict[str, Floor] | None = None,
    hot_floors: dict[int, float] | None = None,
) -> list[str]:
    """The tables and verdicts of one measurement (``wal``: the small and same-bytes floors;
    ``hot_floors``: the hot floor's orders/s by worker count)."""
    one, floor_rate = runs[("disjoint", 1)], floors[1]
    out = [
        (
            f"## Engine on PostgreSQL ({orders:,} orders per run split over the workers; "
            f"disjoint: {SKUS_PER_WORKER} SKUs per worker; hot: {HOT_SKUS} SKUs shared; "
            f"{attempts} attempts per command; wall time)"
        ),
        "",
        (
            "| SKUs | workers | orders | wall s | orders/s | x 1 worker | floor orders/s "
            "| floor x 1 worker | x floor | commands | conflicts retried | commands gave up "
            "| SKUs oversold | units conserved | rows written |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    hot_floors = hot_floors or {}
    for (scenario, count), done in runs.items():
        base = runs[(scenario, 1)].per_second
        floor = floors.get(count) if scenario == "disjoint" else hot_floors.get(count)
        floor_rate = floors[1] if scenario == "disjoint" else hot_floors.get(1, 0.0)
        floor_cells = (
            f"{floor:,.1f} | {floor / floor_rate:.2f} | {done.per_second / floor:.0%}"
            if floor
            else "- | - | -"
        )
        out.append(
            f"| {scenario} | {count} | {done.orders:,} | {done.seconds:,.2f} "
            f"| {done.per_second:,.1f} | {done.per_second / base:.2f} | {floor_cells} "
            f"| {done.commands:,} | {done.conflicts:,} | {done.gave_up:,} | {done.oversold} "
            f"| {'yes' if done.conserved else 'NO'} | {done.rows:,} |"
        )
    out += [
        "",
        (
            f"psycopg floor: {one.commands:,} transactions writing {one.rows:,} rows for "
            f"{one.orders:,} orders ({one.commands / one.orders:.2f} transactions and "
            f"{one.rows / one.orders:.2f} rows per order, as the one-worker disjoint run "
            f"wrote), split over the floor's workers, each on its own keys"
        ),
        "",
        (
            "hot floor: the same, but each transaction first updates one of "
            f"{HOT_SKUS} shared rows (taking turns through them), so every transaction of "
            "every worker queues on those row locks until it commits"
        ),
        "",
        *command_lines(runs),
        "",
        "WAL bytes per command in each tenth of the one-worker runs (the SKUs' histories grow):",
        "",
    ]
    growth: list[float] = []
    for scenario in ("disjoint", "hot"):
        tenths = wal_per_command(runs[(scenario, 1)].wal)
        if len(tenths) >= 2 and tenths[0] > 0:
            growth.append(tenths[-1] / tenths[0])
        out.append(f"- {scenario}: " + ", ".join(f"{b:,.0f}" for b in tenths))
    floor_rate = floors[1]
    share = one.per_second / floor_rate
    same_line: list[str] = []
    if wal and "small" in wal and "same" in wal:
        small, same = wal["small"], wal["same"]
        rows, engine_wal = max(1, one.rows), wal_bytes(one)
        same_rate = one.orders / same.seconds
        out += [
            "",
            (
                f"WAL bytes per row written: the Engine {engine_wal / rows:,.0f}, the psycopg "
                f"floor {small.wal_bytes / rows:,.0f} ({floor_rate:,.1f} orders/s), the "
                f"same-bytes floor (the same transactions and rows, each document padded to "
                f"the Engine's size) {same.wal_bytes / rows:,.0f} ({same_rate:,.1f} orders/s)"
            ),
        ]
        same_share = one.per_second / same_rate
        same_line = [
            (
                f"| one worker >= 50% of the same-bytes psycopg floor | {same_share:.0%} "
                f"| {verdict(same_share >= 0.5)} |"
            )
        ]
    out += [
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| one worker >= 50% of the psycopg floor | {share:.0%} | {verdict(share >= 0.5)} |",
        *same_line,
    ]
    if ("disjoint", 2) in runs and 2 in floors:
        two = runs[("disjoint", 2)].per_second / one.per_second
        floor_two = floors[2] / floor_rate
        out += [
            f"| disjoint: 2 workers >= 1.6x one | {two:.2f}x | {verdict(two >= 1.6)} |",
            (
                f"| disjoint: 2 workers scale >= 80% as well as the floor's 2 workers "
                f"(floor {floor_two:.2f}x) | {two / floor_two:.0%} "
                f"| {verdict(two >= 0.8 * floor_two)} |"
            ),
        ]
    hot = [runs[("hot", count)] for count in sorted({c for _, c in runs})]
    rates = " -> ".join(f"{r.per_second:,.1f}" for r in hot)
    steady = all(b.per_second >= a.per_second for a, b in itertools.pairwise(hot))
    gave_up = sum(r.gave_up for r in hot)
    worst = max(growth, default=0.0)
    out += [
        f"| hot: orders/s does not fall as workers are added | {rates} | {verdict(steady)} |",
        *hot_floor_lines(hot, hot_floors),
        f"| hot: no command gives up | {gave_up} | {verdict(gave_up == 0)} |",
        (
            f"| 0 oversells, units conserved (every run) | {sum(r.oversold for r in runs.values())}"
            f" oversold | {verdict(all(r.conserved and not r.oversold for r in runs.values()))} |"
        ),
        (
            f"| bytes written per command independent of history (last tenth / first tenth "
            f"<= 1.25) | {worst:.2f} | {verdict(0 < worst <= 1.25)} |"
        ),
    ]
    return out


def command_lines(runs: dict[tuple[str, int], Run]) -> list[str]:
    """Conflicts retried per command and wall ms per command, by Engine command and run."""
    keys = [key for key in runs if runs[key].by_command]
    if not keys:
        return []
    names = list(dict.fromkeys(name for key in keys for name, *_ in runs[key].by_command))
    head = " | ".join(f"{scenario} x{count}" for scenario, count in keys)
    out = [
        (
            "Conflicts retried per command / wall ms per command (retries included), by Engine "
            "command:"
        ),
        "",
        f"| command | {head} |",
        "|---|" + "---:|" * len(keys),
    ]
    for name in names:
        cells = []
        for key in keys:
            found = {n: (c, k, t) for n, c, k, t in runs[key].by_command}.get(name)
            cells.append(
                "-"
                if not found
                else f"{found[1] / found[0]:.2f} / {1000 * found[2] / found[0]:.1f}"
            )
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return out


def hot_floor_lines(hot: list[Run], hot_floors: dict[int, float]) -> list[str]:
    """The hot floor's 1 -> 2 -> 4 beside the Engine's, and whether the Engine keeps up with it.

    On a machine with fewer cores than workers plus the server, adding workers can lower the
    throughput of hot rows for psycopg alone (a worker holding a hot row's lock loses its core
    to the others); the restated target is that the Engine loses no more, from each worker
    count to the next, than the hot floor does in the same run.
    """
    counts = sorted(hot_floors)
    if len(counts) < 2 or len(hot) != len(counts):
        return []
    rates = " -> ".join(f"{hot_floors[count]:,.1f}" for count in counts)
    floor_steady = all(hot_floors[b] >= hot_floors[a] for a, b in itertools.pairwise(counts))
    keeps_up = all(
        b.per_second / a.per_second >= hot_floors[d] / hot_floors[c]
        for (a, b), (c, d) in zip(itertools.pairwise(hot), itertools.pairwise(counts), strict=True)
    )
    steps = ", ".join(
        f"{c}->{d}: {b.per_second / a.per_second:.2f}x "
        f"vs floor {hot_floors[d] / hot_floors[c]:.2f}x"
        for (a, b), (c, d) in zip(itertools.pairwise(hot), itertools.pairwise(counts), strict=True)
    )
    return [
        (
            f"| hot psycopg floor: orders/s does not fall as workers are added | {rates} "
            f"| {verdict(floor_steady)} |"
        ),
        (
            f"| hot: each step from one worker count to the next keeps at least the hot floor's "
            f"ratio | {steps} | {verdict(keeps_up)} |"
        ),
    ]
