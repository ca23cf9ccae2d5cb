"""The stateful Engine machine, its retention rules included, on the SQLite store.

The same machine the memory store passes (``tests/service/test_stateful_engine.py``): orders,
stock, money, shipments, the floor, retention; after every step every aggregate replays from
its events and no message is lost. Here it commits through ``ordercore_sqlite`` and reads back
through its repositories; the whole-store view its checks compare is read from the tables.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from ordercore.memory.store import StoreSnapshot
from ordercore.testing.stateful_engine import EngineMachine
from ordercore_sqlite import SqliteStore, SqliteUnitOfWork
from tests.testing.engine_machines import (
    FromAnAllocatedOrder,
    FromDayOldKeys,
    fewer,
    table_snapshot,
)

STEPS = 30
"""Steps per run, as the memory store's machine takes (the retention machine: 20)."""
EXAMPLES = int(os.environ.get("ORDERCORE_MACHINE_EXAMPLES", "30"))
"""Runs per machine at most (the memory store's machines take the CI profile's 60; set
``ORDERCORE_MACHINE_EXAMPLES`` and a bigger hypothesis profile for a long local run)."""


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

    store_class: type[SqliteStore] = SqliteStore
    """The store class it opens (a test below hands it broken ones)."""

    def make_store(self) -> SqliteStore:
        self.directory = tempfile.mkdtemp(prefix="ordercore-machine-")
        store = self.store_class(str(Path(self.directory) / "shop.db"))
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


# -- the run can fail: the same machine on SQLite stores broken on purpose -------------------

_PREFIX_THEN_GAPS = 0b101010100111
"""A delivery mask: the first three messages in order, then every other one (out of order)."""


class OverPruningStore(SqliteStore):
    """Prunes the delivered messages and the newest undelivered one (counting only the former)."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        dropped = super().prune_delivered(up_to)
        with self.transaction() as connection:
            connection.execute(
                "DELETE FROM ordercore_outbox WHERE position = "
                "(SELECT MAX(position) FROM ordercore_outbox WHERE delivered = 0)"
            )
        return dropped


class KeyHoardingStore(SqliteStore):
    """Never lets go of an idempotency key."""

    def expire_idempotency_keys(self, before: pendulum.DateTime) -> int:
        return 0


class PaymentDroppingUnitOfWork(SqliteUnitOfWork):
    """Skips the update of a payment in a commit that writes several rows (not atomic)."""

    def write(self, connection: sqlite3.Connection) -> None:
        rows = self.staging.rows
        if len(rows) > 1:
            for slot in [s for s in rows if s[0] == "payments" and rows[s].base is not None]:
                del rows[slot]
        super().write(connection)


class PaymentDroppingStore(SqliteStore):
    """Commits through :class:`PaymentDroppingUnitOfWork`."""

    def unit_of_work(self) -> SqliteUnitOfWork:
        return PaymentDroppingUnitOfWork(self)


class OverPruningMachine(SqliteEngineMachine):
    store_class = OverPruningStore


class KeyHoardingMachine(SqliteEngineMachine):
    store_class = KeyHoardingStore


class PaymentDroppingMachine(SqliteEngineMachine):
    store_class = PaymentDroppingStore


def a_day_old(machine: SqliteEngineMachine) -> SqliteEngineMachine:
    """``machine`` after a paid order, a keyed authorisation and capture, and a day."""
    machine.place_order([("RETRO-CLOCK", 2), ("BLUE-VASE", 1)], True, 1)  # noqa: FBT003
    machine.authorise_with_a_key(0, Decimal("0.5"))
    machine.capture(0, Decimal("0.5"))
    machine.time_passes(24)
    machine.everything_adds_up()
    return machine


def test_the_sqlite_machine_passes_a_day_old_run_on_the_real_store() -> None:
    machine = a_day_old(SqliteEngineMachine())
    try:
        machine.deliver_messages(12, _PREFIX_THEN_GAPS, True)  # noqa: FBT003
        machine.prune_delivered(True, 0)  # noqa: FBT003 - a full prune
        machine.expire_keys(1)
        machine.everything_adds_up()
        assert 2 == len(machine.expired)
    finally:
        machine.teardown()


def test_the_sqlite_machine_fails_on_a_store_whose_prune_drops_an_undelivered_message() -> None:
    machine = a_day_old(OverPruningMachine())
    try:
        machine.deliver_messages(12, _PREFIX_THEN_GAPS, False)  # noqa: FBT003
        with pytest.raises(AssertionError, match="pending"):
            machine.prune_delivered(True, 0)  # noqa: FBT003 - a full prune
    finally:
        machine.teardown()


def test_the_sqlite_machine_fails_on_a_store_that_never_expires_a_key() -> None:
    machine = a_day_old(KeyHoardingMachine())
    try:
        with pytest.raises(AssertionError, match="kept: True"):
            machine.expire_keys(1)
    finally:
        machine.teardown()


def test_the_sqlite_machine_fails_on_a_commit_that_skips_a_row() -> None:
    machine = PaymentDroppingMachine()
    try:
        with pytest.raises(AssertionError, match="captured"):
            a_day_old(machine)
    finally:
        machine.teardown()
