"""What one Engine command writes through the SQLite adapter, early and late in a run (untimed).

``engine.py --store sqlite`` calls :func:`section` after its tables. It runs the workload once
more, at the largest size up to 10,000 orders, on a fresh SQLite file through a
:class:`MeteredStore` and, for every command of the orders in the first and in the last 10% of
the run, counts:

* statements: every SQL statement the command ran (reads, writes, ``BEGIN``/``COMMIT``);
* SQL bytes written: the length of the ``INSERT``/``UPDATE`` statements with their values
  bound (what the adapter hands SQLite to store: documents, ledger rows, outbox messages);
* WAL bytes: what the commit appended to the write-ahead log, pages included (the checkpoint
  is run to ``TRUNCATE`` just before each metered commit, so the log's size after it is that
  commit's own write).

A cost that grows with history shows as a late/early ratio above 1 (issue #14: bytes written
per command independent of how many orders a SKU has served).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine_workload import LOCATION, START, Shop, generate
from ordercore.domain.inventory import Location
from ordercore.kernel.clock import FixedClock
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.service import Engine
from ordercore_sqlite import SqliteStore, SqliteUnitOfWork

_WAL_HEADER = 32
_FRAME_HEADER = 24


class Meter:
    """Counts per command: statements, SQL bytes written, WAL bytes (``None``: not metering)."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.counts: dict[str, list[int]] = {}  # command -> [calls, statements, sql, wal]

    def _row(self) -> list[int] | None:
        if self.command is None:
            return None
        return self.counts.setdefault(self.command, [0, 0, 0, 0])

    def statement(self, sql: str) -> None:
        """A statement ran (the trace callback: ``sql`` with its values bound)."""
        row = self._row()
        if row is None:
            return
        row[1] += 1
        if sql.lstrip()[:6].upper() in {"INSERT", "UPDATE"}:
            row[2] += len(sql.encode())

    def wal(self, written: int) -> None:
        """A commit appended ``written`` bytes to the write-ahead log."""
        row = self._row()
        if row is not None:
            row[3] += written

    @contextmanager
    def metering(self, command: str) -> Iterator[None]:
        """Count what runs inside the block against ``command``."""
        self.command = command
        row = self._row()
        assert row is not None  # noqa: S101 - set just above
        row[0] += 1
        try:
            yield
        finally:
            self.command = None


class MeteredUnitOfWork(SqliteUnitOfWork):
    """A unit of work whose commit, while metering, starts from an empty WAL and measures it."""

    store: MeteredStore

    def commit(self) -> None:
        """Truncate the WAL, commit, and hand the WAL's new size to the meter."""
        meter = self.store.meter
        if meter.command is None or self.connection is None:
            super().commit()
            return
        busy, _, _ = self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:  # pragma: no cover - one process, no reader holds the log
            raise RuntimeError("the WAL could not be truncated: a reader holds it")
        super().commit()
        size = os.path.getsize(self.store.path + "-wal")
        frames = max(0, size - _WAL_HEADER) // (self.store.page_size + _FRAME_HEADER)
        meter.wal(frames * (self.store.page_size + _FRAME_HEADER))


class MeteredStore(SqliteStore):
    """A :class:`SqliteStore` whose connections report their statements to a :class:`Meter`."""

    def __init__(self, path: str, meter: Meter, types: dict[str, type]) -> None:
        super().__init__(path, ORDERCORE_COLLECTIONS, types)
        self.meter = meter
        self.page_size = 4096

    def connect(self) -> sqlite3.Connection:
        """A connection as the adapter opens it, traced into the meter."""
        connection = super().connect()
        self.page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        connection.set_trace_callback(self.trace)
        return connection

    def trace(self, sql: str) -> None:
        """Hand a statement to the meter of the moment."""
        self.meter.statement(sql)

    def unit_of_work(self) -> MeteredUnitOfWork:
        """A metered unit of work."""
        return MeteredUnitOfWork(self)


class MeteredEngine:
    """Calls an :class:`Engine`, each command metered under its name while ``on`` is true."""

    def __init__(self, engine: Engine, meter: Meter) -> None:
        self.engine, self.meter, self.on = engine, meter, False

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method: Callable[..., Any] = getattr(self.engine, name)
        if not self.on:
            return method

        def metered(*args: Any, **kwargs: Any) -> Any:
            with self.meter.metering(name):
                return method(*args, **kwargs)

        return metered


def measure(
    shop: Shop,
    directory: Path,
    types: dict[str, type],
    one_order: Callable[..., None],
    stock_up: Callable[[Any, Shop], None],
) -> tuple[Meter, Meter]:
    """Run ``shop`` on a fresh metered store: the meters of the first and the last 10% orders."""
    directory.mkdir(parents=True, exist_ok=True)
    early, late = Meter(), Meter()
    store = MeteredStore(str(directory / "metered.db"), early, types)
    store.migrate()
    stock_up(store, shop)
    clock = FixedClock(START)
    engine = MeteredEngine(Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)}), early)
    orders = len(shop.orders)
    tenth = max(1, orders // 10)
    for index, (n, order_id, lines, returns) in enumerate(shop.orders):
        meter = early if index < tenth else late
        store.meter = engine.meter = meter
        engine.on = index < tenth or index >= orders - tenth
        one_order(engine, clock, n, order_id, lines, returns)
    store.close()
    return early, late


def _ratio(late: float, early: float) -> str:
    return "-" if early == 0 else f"{late / early:.2f}"


def report(
    shop: Shop,
    directory: Path,
    types: dict[str, type],
    one_order: Callable[..., None],
    stock_up: Callable[[Any, Shop], None],
) -> list[str]:
    """The table: per command, statements, SQL bytes and WAL bytes, early vs late, and a verdict."""
    early, late = measure(shop, directory, types, one_order, stock_up)
    orders = len(shop.orders)
    lines = [
        "",
        (
            f"SQLite: what each command writes, orders 1-{max(1, orders // 10):,} (early) vs the "
            f"last {max(1, orders // 10):,} of {orders:,} (late); means per call"
        ),
        "",
        (
            "| command | calls early | statements early | statements late "
            "| SQL bytes written early | late | late/early "
            "| WAL bytes early | late | late/early |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    worst = 0.0
    totals = [[0, 0, 0, 0], [0, 0, 0, 0]]
    for command in early.counts:
        a = early.counts[command]
        b = late.counts.get(command, [0, 0, 0, 0])
        if not a[0] or not b[0]:
            continue
        for total, counted in zip(totals, (a, b), strict=True):
            for i in range(4):
                total[i] += counted[i]
        ea, la = [x / a[0] for x in a[1:]], [x / b[0] for x in b[1:]]
        worst = max(worst, *(la[i] / ea[i] for i in (1, 2) if ea[i]))
        lines.append(
            f"| {command} | {a[0]:,} | {ea[0]:.1f} | {la[0]:.1f} | {ea[1]:,.0f} | {la[1]:,.0f} "
            f"| {_ratio(la[1], ea[1])} | {ea[2]:,.0f} | {la[2]:,.0f} | {_ratio(la[2], ea[2])} |"
        )
    per_order = [[x / max(1, orders // 10) for x in total[1:]] for total in totals]
    (es, eb, ew), (ls, lb, lw) = per_order
    lines += [
        (
            f"| **per order** | | {es:.1f} | {ls:.1f} | {eb:,.0f} | {lb:,.0f} | {_ratio(lb, eb)} "
            f"| {ew:,.0f} | {lw:,.0f} | {_ratio(lw, ew)} |"
        ),
        "",
        (
            f"Bytes written per command, late / early, worst command: {worst:.2f} "
            f"(target #14: independent of history, <= 1.25): {'PASS' if worst <= 1.25 else 'FAIL'}"
        ),
    ]
    return lines


def section(
    sizes: list[int],
    skus: int,
    types: dict[str, type],
    one_order: Callable[..., None],
    stock_up: Callable[[Any, Shop], None],
) -> list[str]:
    """:func:`report` at the largest size up to 10,000 orders, on a fresh temporary file."""
    orders = max((size for size in sizes if size <= 10_000), default=min(sizes))
    with tempfile.TemporaryDirectory(prefix="ordercore-engine-sqlite-") as tmp:
        return report(generate(orders, skus), Path(tmp), types, one_order, stock_up)
