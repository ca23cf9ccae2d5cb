"""The stateful Engine machine, its retention rules included, on the SQLite store.

The same machine the memory store passes (``tests/service/test_stateful_engine.py``): orders,
stock, money, shipments, the floor, retention; after every step every aggregate replays from
its events and no message is lost. Here it commits through ``ordercore_sqlite`` and reads back
through its repositories; the whole-store view its checks compare is read from the tables.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.events import DomainEvent
from ordercore.memory.store import StoreSnapshot
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.retention import recorded_instant
from ordercore.testing.stateful_engine import EngineMachine, order_lines
from ordercore_sqlite import SqliteStore

STEPS = 30
"""Steps per run, as the memory store's machine takes (the retention machine: 20)."""
EXAMPLES = 30
"""Runs per machine at most (the memory store's machines take the CI profile's 60)."""


def sqlite_snapshot(store: SqliteStore) -> StoreSnapshot:
    """Everything ``store`` holds, decoded as its units of work decode it, in one read."""
    codec = store.codec
    with closing(store.connect()) as connection:
        connection.execute("BEGIN")  # one consistent read of every table
        rows = connection.execute(
            "SELECT collection, key, body FROM ordercore_aggregates"
        ).fetchall()
        outbox = connection.execute(
            "SELECT id, position, body, delivered FROM ordercore_outbox ORDER BY position"
        ).fetchall()
        keys = connection.execute(
            "SELECT key, fingerprint, result, recorded_at FROM ordercore_idempotency"
        ).fetchall()
        ledger = connection.execute(
            "SELECT sku, body FROM ordercore_ledger ORDER BY sku, seq"
        ).fetchall()
        numbers = connection.execute("SELECT name, value FROM ordercore_numbers").fetchall()
        connection.execute("COMMIT")
    movements: dict[str, list[Movement]] = {}
    for sku, body in ledger:
        movements.setdefault(sku, []).append(codec.decode(Movement, json.loads(body)))
    return StoreSnapshot(
        rows={(name, key): codec.loads(store.types[name], body) for name, key, body in rows},
        outbox=tuple(
            OutboxMessage(id=id_, sequence=int(position), event=codec.loads(DomainEvent, body))
            for id_, position, body, _ in outbox
        ),
        delivered=frozenset(id_ for id_, _, _, delivered in outbox if delivered),
        idempotency={
            key: IdempotencyRecord(
                key=key,
                fingerprint=fingerprint,
                result=json.loads(result),
                recorded_at=recorded_instant(at),
            )
            for key, fingerprint, result, at in keys
        },
        ledger={sku: tuple(rows) for sku, rows in movements.items()},
        numbers={name: int(value) for name, value in numbers},
    )


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


class SqliteShippingMachine(SqliteEngineMachine):
    """From an allocated B2B order, so shipments, pick lists and packings get going early."""

    @initialize(lines=order_lines())
    def an_allocated_order(self, lines: list[tuple[str, int]]) -> None:
        self.place_order(lines, False, 1)  # noqa: FBT003 - the rule's own argument
        self.confirm(0)
        self.allocate(0)


class SqliteRetentionMachine(SqliteEngineMachine):
    """From keyed authorisations a day old and messages delivered: prunes and expiries bite."""

    @initialize(lines=order_lines(), mask=st.integers(0, 2**12 - 1))
    def day_old_keys_and_delivered_messages(self, lines: list[tuple[str, int]], mask: int) -> None:
        self.place_order(lines, True, 1)  # noqa: FBT003 - the rule's own argument
        self.authorise_with_a_key(0, Decimal("0.5"))
        self.capture(0, Decimal("0.5"))
        self.time_passes(24)
        self.everything_adds_up()  # the check records the messages so far: the model's history
        self.deliver_messages(12, mask, False)  # noqa: FBT003 - the rule's own argument


def _settings(steps: int) -> settings:
    return settings(
        settings(), max_examples=min(EXAMPLES, settings().max_examples), stateful_step_count=steps
    )


TestTheEngineOnSqliteKeepsOrdersStockAndMoneyConsistent = SqliteEngineMachine.TestCase
TestTheEngineOnSqliteKeepsOrdersStockAndMoneyConsistent.settings = _settings(STEPS)
TestShipmentsOnSqliteKeepTheirUnitsInStepWithOrdersAndStock = SqliteShippingMachine.TestCase
TestShipmentsOnSqliteKeepTheirUnitsInStepWithOrdersAndStock.settings = _settings(STEPS)
TestRetentionOnSqliteKeepsEveryMessageAndRunsExpiredRetriesAgain = SqliteRetentionMachine.TestCase
TestRetentionOnSqliteKeepsEveryMessageAndRunsExpiredRetriesAgain.settings = _settings(20)
