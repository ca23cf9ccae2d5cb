"""Copies of the SQLite adapter, each broken in one way an adapter author might break theirs.

The contract kit must reject every one of them (tests/testing/test_kit_rejects_mutants.py).
"""

import contextlib
import itertools
import sqlite3
import threading
from typing import Any

from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.sequences import format_number
from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import SqliteNumbers, SqliteRepository, SqliteStore, SqliteUnitOfWork
from ordercore_sqlite.staging import outbox_rows


class MutantStore(SqliteStore):
    """A SQLite store of tallies whose units of work are of ``uow_class`` (one mutant each)."""

    def __init__(self, path: str, uow_class: type[SqliteUnitOfWork] = SqliteUnitOfWork) -> None:
        super().__init__(path, [TALLIES], {"tallies": Tally})
        self.uow_class = uow_class
        self.cache: dict[tuple[str, str], Any] = {}
        self.counter = itertools.count(1)

    def unit_of_work(self) -> SqliteUnitOfWork:
        return self.uow_class(self)


class NoTransactionUnitOfWork(SqliteUnitOfWork):
    """Writes every statement on its own (autocommit): a failure half-way keeps the first half."""

    def commit(self) -> None:
        connection = self.db("commit")
        try:
            self.staging.check_saved({})
            self.write(connection)
        finally:
            self.rollback()


class VersionBlindUnitOfWork(SqliteUnitOfWork):
    """Last writer wins: saves and updates ignore the version they were read at."""

    def repository(self, name: str) -> SqliteRepository:
        return VersionBlindRepository(self, self.store.collection(name))

    def _write_rows(self, connection: sqlite3.Connection) -> None:
        for (name, key), staged in self.staging.rows.items():
            connection.execute(
                "INSERT OR REPLACE INTO ordercore_aggregates "
                "(collection, key, version, order_id, body) VALUES (?, ?, ?, ?, ?)",
                (name, key, staged.version, staged.order_id, staged.body),
            )


class VersionBlindRepository(SqliteRepository):
    def save(self, entity: Any, expected_version: int) -> None:
        current = self.uow.stored_version(self.collection.name, str(entity.id))
        super().save(entity, expected_version if current is None else current)


class WritesWhenStagedUnitOfWork(SqliteUnitOfWork):
    """Writes each add/save at once, so leaving without commit leaves it behind."""

    def repository(self, name: str) -> SqliteRepository:
        return WritesWhenStagedRepository(self, self.store.collection(name))


class WritesWhenStagedRepository(SqliteRepository):
    def add(self, entity: Any) -> None:
        super().add(entity)
        self._flush()

    def save(self, entity: Any, expected_version: int) -> None:
        super().save(entity, expected_version)
        self._flush()

    def _flush(self) -> None:
        connection = self.uow.db("flush")
        self.uow.write(connection)
        self.uow.staging.rows.clear()
        self.uow.staging.events.clear()


class SharedObjectsUnitOfWork(SqliteUnitOfWork):
    def repository(self, name: str) -> SqliteRepository:
        return SharedObjectsRepository(self, self.store.collection(name))


class SharedObjectsRepository(SqliteRepository):
    def find(self, key: str) -> Any | None:
        store: Any = self.uow.store
        cache: dict[tuple[str, str], Any] = store.cache
        slot = (self.collection.name, key)
        if slot in cache and slot not in self.uow.staging.rows:
            entity = cache[slot]
            self.uow.staging.read(self.collection.name, key, entity.version)
            self.uow.staging.hand_out(self.collection.name, key, entity)
            return entity
        found = super().find(key)
        if found is not None:
            cache[slot] = found
        return found


class OutboxOrderedAtSaveUnitOfWork(SqliteUnitOfWork):
    def __init__(self, store: SqliteStore) -> None:
        super().__init__(store)
        self.positions: list[int] = []

    def repository(self, name: str) -> SqliteRepository:
        return OutboxOrderedAtSaveRepository(self, self.store.collection(name))

    def write_outbox(self, connection: sqlite3.Connection) -> None:
        rows = outbox_rows(self.store.codec, self.staging.events)
        for position, (new_id, body) in zip(self.positions, rows, strict=False):
            connection.execute(
                "INSERT INTO ordercore_outbox (position, id, body) VALUES (?, ?, ?)",
                (position, new_id, body),
            )


class OutboxOrderedAtSaveRepository(SqliteRepository):
    def save(self, entity: Any, expected_version: int) -> None:
        before = len(self.uow.staging.events)
        super().save(entity, expected_version)
        uow: Any = self.uow
        counter = uow.store.counter
        uow.positions.extend(next(counter) for _ in range(len(uow.staging.events) - before))

    def add(self, entity: Any) -> None:
        before = len(self.uow.staging.events)
        super().add(entity)
        uow: Any = self.uow
        counter = uow.store.counter
        uow.positions.extend(next(counter) for _ in range(len(uow.staging.events) - before))


class ForOrderIgnoresStagedUnitOfWork(SqliteUnitOfWork):
    """``for_order`` reads committed rows only: a command misses what it just added."""

    def repository(self, name: str) -> SqliteRepository:
        return ForOrderIgnoresStagedRepository(self, self.store.collection(name))


class ForOrderIgnoresStagedRepository(SqliteRepository):
    def for_order(self, order_id: str) -> list[Any]:
        rows = (
            self.uow.db("where")
            .execute(
                "SELECT key, version, body FROM ordercore_aggregates "
                "WHERE collection = ? AND order_id = ? ORDER BY key",
                (self.collection.name, order_id),
            )
            .fetchall()
        )
        return [self._decode(key, body, int(version)) for key, version, body in rows]


class ForOrderForgetsTheOrderUnitOfWork(SqliteUnitOfWork):
    """``for_order`` returns the whole collection (a forgotten WHERE)."""

    def repository(self, name: str) -> SqliteRepository:
        return ForOrderForgetsTheOrderRepository(self, self.store.collection(name))


class ForOrderForgetsTheOrderRepository(SqliteRepository):
    def for_order(self, order_id: str) -> list[Any]:
        rows = (
            self.uow.db("where")
            .execute(
                "SELECT key, version, body FROM ordercore_aggregates "
                "WHERE collection = ? ORDER BY key",
                (self.collection.name,),
            )
            .fetchall()
        )
        return [self._decode(key, body, int(version)) for key, version, body in rows]


class DuplicateKeyOnRaceUnitOfWork(SqliteUnitOfWork):
    """The loser of an idempotency-key race gets DuplicateEntity instead of a retryable conflict."""

    def _write_keys(self, connection: sqlite3.Connection) -> None:
        for key in self.staging.keys:
            row = connection.execute(
                "SELECT 1 FROM ordercore_idempotency WHERE key = ?", (key,)
            ).fetchone()
            if row is not None:
                raise DuplicateEntity("idempotency key", key)
        super()._write_keys(connection)


class UncheckedNumbersUnitOfWork(SqliteUnitOfWork):
    """Writes the numbers it drew over whatever the counter holds: two commits, one number."""

    def _write_numbers(self, connection: sqlite3.Connection) -> None:
        for name, (base, drawn) in self.staging.numbers.items():
            connection.execute(
                "INSERT OR REPLACE INTO ordercore_numbers (name, value) VALUES (?, ?)",
                (name, base + drawn),
            )


class EagerNumbersUnitOfWork(SqliteUnitOfWork):
    """Takes each number in its own transaction at once: a rolled-back command leaves a gap."""

    @property
    def numbers(self) -> SqliteNumbers:
        return EagerNumbers(self)


class EagerNumbers(SqliteNumbers):
    def next(self, name: str) -> str:
        return self.uow.store.next(name)


class NoReadCheckUnitOfWork(SqliteUnitOfWork):
    """Checks the versions of what it writes only: write skew goes through."""

    def _check_reads(self, connection: sqlite3.Connection) -> None:
        return None


class RepeatingNumbersStore(MutantStore):
    """Reads the counter, then writes it back + 1 in another transaction: racing threads repeat.

    Each of the kit's racing threads waits, after its first read, until all of them have read
    (``racers``): the lost update then happens on every run, however busy the machine. Left to
    the scheduler, one thread could draw all its numbers in one time slice and the kit's race
    would pass by luck (it did once, on a 2-core machine running six test suites).
    """

    racers = 4
    """The contract kit's ``threads()``: how many threads meet after their first read."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.first_reads = threading.Barrier(self.racers, timeout=30)
        self.waited: set[int] = set()

    def next(self, name: str) -> str:
        with self.transaction() as connection:
            row = connection.execute(
                "SELECT value FROM ordercore_numbers WHERE name = ?", (name,)
            ).fetchone()
        me = threading.get_ident()
        if len(self.waited) < self.racers and me not in self.waited:  # a racer's first read
            self.waited.add(me)
            # fewer racers than expected break the barrier: they race as they come
            with contextlib.suppress(threading.BrokenBarrierError):
                self.first_reads.wait()
        value = (0 if row is None else int(row[0])) + 1
        with self.transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO ordercore_numbers (name, value) VALUES (?, ?)",
                (name, value),
            )
        return format_number(name, value)


class PrunesUndeliveredStore(MutantStore):
    """Retention that forgets to ask whether a message was delivered: it prunes what waits."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        with self.transaction() as connection:
            deleted = connection.execute(
                "DELETE FROM ordercore_outbox WHERE position <= ?",
                (2**62 if up_to is None else up_to,),
            )
            return int(deleted.rowcount)


class ExpiresEveryKeyStore(MutantStore):
    """Key expiry that ignores the instant: every key goes, the fresh ones too."""

    def expire_idempotency_keys(self, before: Any) -> int:
        with self.transaction() as connection:
            return int(connection.execute("DELETE FROM ordercore_idempotency").rowcount)


class KeysWithoutInstantUnitOfWork(SqliteUnitOfWork):
    """Stores idempotency keys without the instant they were recorded (so any expiry drops them)."""

    def _write_keys(self, connection: sqlite3.Connection) -> None:
        for key, record in self.staging.keys.items():
            connection.execute(
                "INSERT INTO ordercore_idempotency (key, fingerprint, result) VALUES (?, ?, ?)",
                (key, record.fingerprint, self.store.codec.dumps(record.result)),
            )
