"""The stateful Engine machine, its retention rules included, on the PostgreSQL store.

The machine the memory and SQLite stores pass, with fewer runs (each opens a fresh schema and
migrates it): it commits through ``ordercore_postgres``, reads back through its repositories,
and compares the whole-store view read from its tables after every step.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from typing import Any

import pytest

from ordercore.memory.store import StoreSnapshot
from ordercore.testing.stateful_engine import EngineMachine
from ordercore_postgres import PostgresStore
from tests.ordercore_postgres.database import fresh_schema
from tests.testing.engine_machines import (
    FromAnAllocatedOrder,
    FromDayOldKeys,
    fewer,
    table_snapshot,
)

pytestmark = pytest.mark.postgres

STEPS = 20
"""Steps per run (the memory store's machines take 20-30)."""
EXAMPLES = int(os.environ.get("ORDERCORE_PG_MACHINE_EXAMPLES", "10"))
"""Runs per machine at most (a fresh schema and its migrations each); more for a local run."""

_OUTBOX = (
    "SELECT id, (xid::text::numeric * 4294967296 + n)::bigint, body::text, "
    "delivered_at IS NOT NULL FROM ordercore_outbox ORDER BY xid, n"
)
"""The outbox with each message's sequence as ``PostgresStore.message`` computes it."""
_KEYS = (
    "SELECT key, fingerprint, result::text, "
    "(extract(epoch FROM recorded_at) * 1000000)::bigint FROM ordercore_idempotency"
)


def postgres_snapshot(store: PostgresStore) -> StoreSnapshot:
    """Everything ``store`` holds, decoded as its units of work decode it, in one read."""
    with store.connection() as connection, connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

        def read(query: str) -> list[Any]:
            return connection.execute(query).fetchall()

        return table_snapshot(
            store.codec,
            store.types,
            aggregates=read("SELECT collection, key, body::text FROM ordercore_aggregates"),
            outbox=read(_OUTBOX),
            keys=read(_KEYS),
            ledger=read("SELECT sku, body::text FROM ordercore_ledger ORDER BY sku, seq"),
            numbers=read("SELECT name, value FROM ordercore_numbers"),
        )


class PostgresEngineMachine(EngineMachine):
    """The Engine machine on a fresh, migrated PostgreSQL schema per run."""

    def make_store(self) -> PostgresStore:
        self.opened = ExitStack()
        dsn = self.opened.enter_context(fresh_schema())
        store = PostgresStore(dsn, pool_size=1)
        self.opened.callback(store.close)
        store.migrate()
        return store

    def close_store(self) -> None:
        self.opened.close()  # the pool, then the schema

    def snapshot(self) -> StoreSnapshot:
        assert isinstance(self.store, PostgresStore)
        return postgres_snapshot(self.store)


class PostgresShippingMachine(PostgresEngineMachine, FromAnAllocatedOrder):
    """From an allocated B2B order, on PostgreSQL."""


class PostgresRetentionMachine(PostgresEngineMachine, FromDayOldKeys):
    """From day-old keys and delivered messages, on PostgreSQL."""


TestTheEngineOnPostgresKeepsOrdersStockAndMoneyConsistent = PostgresEngineMachine.TestCase
TestTheEngineOnPostgresKeepsOrdersStockAndMoneyConsistent.settings = fewer(EXAMPLES, STEPS)
TestShipmentsOnPostgresKeepTheirUnitsInStepWithOrdersAndStock = PostgresShippingMachine.TestCase
TestShipmentsOnPostgresKeepTheirUnitsInStepWithOrdersAndStock.settings = fewer(EXAMPLES, STEPS)
TestRetentionOnPostgresKeepsEveryMessageAndRunsExpiredRetriesAgain = (
    PostgresRetentionMachine.TestCase
)
TestRetentionOnPostgresKeepsEveryMessageAndRunsExpiredRetriesAgain.settings = fewer(EXAMPLES, STEPS)
