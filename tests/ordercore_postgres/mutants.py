"""Copies of the PostgreSQL adapter, each broken in a way only a real server shows."""

from typing import Any

import psycopg

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.testing.contract import TALLIES, Tally
from ordercore_postgres import PostgresStore, PostgresUnitOfWork
from ordercore_postgres.store import Connection
from ordercore_sqlite.staging import outbox_rows


class MutantStore(PostgresStore):
    """A PostgreSQL store of tallies whose units of work are of ``uow_class``."""

    def __init__(self, dsn: str, uow_class: type[PostgresUnitOfWork]) -> None:
        super().__init__(dsn, [TALLIES], {"tallies": Tally})
        self.uow_class = uow_class

    def unit_of_work(self) -> PostgresUnitOfWork:
        return self.uow_class(self)


class UnsortedWritesUnitOfWork(PostgresUnitOfWork):
    """Writes rows in the order they were saved: two commits can lock A, B and B, A."""

    def _write_rows(self, connection: Connection) -> None:
        for slot, staged in self.staging.rows.items():
            updated = connection.execute(
                "UPDATE ordercore_aggregates SET version = %s, body = %s::jsonb "
                "WHERE collection = %s AND key = %s AND version = %s",
                (staged.version, staged.body, *slot, staged.base),
            )
            if staged.base is None:
                connection.execute(
                    "INSERT INTO ordercore_aggregates (collection, key, version, order_id, body) "
                    "VALUES (%s, %s, %s, %s, %s::jsonb)",
                    (*slot, staged.version, staged.order_id, staged.body),
                )
            elif updated.rowcount != 1:
                raise ConcurrencyConflict("tally", slot[1], staged.base, -1)


class UniqueViolationKeysUnitOfWork(PostgresUnitOfWork):
    """Inserts keys plainly and looks the winner up after the unique violation, no savepoint."""

    def _write_keys(self, connection: Connection) -> None:
        for key, record in self.staging.keys.items():
            try:
                connection.execute(
                    "INSERT INTO ordercore_idempotency (key, fingerprint, result) "
                    "VALUES (%s, %s, %s::jsonb)",
                    (key, record.fingerprint, self.store.codec.dumps(record.result)),
                )
            except psycopg.errors.UniqueViolation:
                row: Any = connection.execute(
                    "SELECT fingerprint FROM ordercore_idempotency WHERE key = %s", (key,)
                ).fetchone()
                if row[0] != record.fingerprint:
                    raise IdempotencyKeyReused(key, row[0], record.fingerprint) from None
                raise ConcurrencyConflict("idempotency key", key, 0, 1) from None


class BigserialOutboxUnitOfWork(PostgresUnitOfWork):
    """Numbers outbox rows from a sequence at INSERT, first thing in the commit (a bigserial)."""

    def write(self, connection: Connection) -> None:
        connection.execute("CREATE SEQUENCE IF NOT EXISTS mutant_outbox_position")
        for new_id, body in outbox_rows(self.store.codec, self.staging.events):
            connection.execute(
                "INSERT INTO ordercore_outbox (position, id, body) "
                "VALUES (nextval('mutant_outbox_position'), %s, %s::jsonb)",
                (new_id, body),
            )
        self.staging.events.clear()
        super().write(connection)
