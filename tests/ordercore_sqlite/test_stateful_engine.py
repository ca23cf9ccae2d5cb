"""The stateful Engine machine, its retention rules included, on the SQLite store.

The same machine the memory store passes (``tests/service/test_stateful_engine.py``): orders,
stock, money, shipments, the floor, retention; after every step every aggregate replays from
its events and no message is lost. Here it commits through ``ordercore_sqlite`` and reads back
through its repositories; the whole-store view its checks compare is read from the tables.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import closing
from pathlib import Path

from ordercore.memory.store import StoreSnapshot
from ordercore.testing.stateful_engine import EngineMachine
from ordercore_sqlite import SqliteStore
from tests.testing.engine_machines import (
    FromAnAllocatedOrder,
    FromDayOldKeys,
    fewer,
    table_snapshot,
)

STEPS = 30
"""Steps per run, as the memory store's machine takes (the retention machine: 20)."""
EXAMPLES = 30
"""Runs per machine at most (the memory store's machines take the CI profile's 60)."""


def sqlite_snapshot(store: SqliteStore) -> StoreSnapshot:
    """Everything ``store`` holds, decoded as its units of work decode it, in one read."""
    with closing(store.connect()) as connection:
        connection.execute("BEGIN")  # one consistent read of every table
        read = connection.execute
        snapshot = table_snapshot(
            store.codec,
            store.types,
            aggregates=read("SELECT collection, key, body FROM ordercore_aggregates").fetchall(),
            outbox=read(
                "SELECT id, position, body, delivered = 1 FROM ordercore_outbox ORDER BY position"
            ).fetchall(),
            keys=read(
                "SELECT key, fingerprint, result, recorded_at FROM ordercore_idempotency"
            ).fetchall(),
            ledger=read("SELECT sku, body FROM ordercore_ledger ORDER BY sku, seq").fetchall(),
            numbers=read("SELECT name, value FROM ordercore_numbers").fetchall(),
        )
        connection.execute("COMMIT")
    return snapshot


class SqliteEngineMachine(EngineMachine):
    """The Engine machine on a fresh, migrated SQLite file per run."""

    def make_store(self) -> SqliteStore:
        self.directory = tempfile.mkdtemp(prefix="ordercore-machine-")
        store = SqliteStore(str(Path(self.directory) / "shop.db"))
        store.migrate()
        return store

    def close_store(self) -> None:
        if isinstance(self.store, SqliteStore):
            self.store.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def snapshot(self) -> StoreSnapshot:
        assert isinstance(self.store, SqliteStore)
        return sqlite_snapshot(self.store)


class SqliteShippingMachine(SqliteEngineMachine, FromAnAllocatedOrder):
    """From an allocated B2B order, on SQLite."""


class SqliteRetentionMachine(SqliteEngineMachine, FromDayOldKeys):
    """From day-old keys and delivered messages, on SQLite."""


TestTheEngineOnSqliteKeepsOrdersStockAndMoneyConsistent = SqliteEngineMachine.TestCase
TestTheEngineOnSqliteKeepsOrdersStockAndMoneyConsistent.settings = fewer(EXAMPLES, STEPS)
TestShipmentsOnSqliteKeepTheirUnitsInStepWithOrdersAndStock = SqliteShippingMachine.TestCase
TestShipmentsOnSqliteKeepTheirUnitsInStepWithOrdersAndStock.settings = fewer(EXAMPLES, STEPS)
TestRetentionOnSqliteKeepsEveryMessageAndRunsExpiredRetriesAgain = SqliteRetentionMachine.TestCase
TestRetentionOnSqliteKeepsEveryMessageAndRunsExpiredRetriesAgain.settings = fewer(EXAMPLES, 20)
