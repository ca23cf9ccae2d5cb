"""Copies of the PostgreSQL adapter, each broken in a way only a real server shows."""

from functools import partial

from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.staging import outbox_rows, sort_key
from ordercore.testing.contract import TALLIES, Tally
from ordercore_postgres import PostgresStore, PostgresUnitOfWork
from ordercore_postgres.store import Connection


class MutantStore(PostgresStore):
    """A PostgreSQL store of tallies whose units of work are of ``uow_class``."""

    def __init__(
        self, dsn: str, uow_class: type[PostgresUnitOfWork], lock_wait: float = 0.25
    ) -> None:
        super().__init__(dsn, [TALLIES], {"tallies": Tally}, lock_wait=lock_wait)
        self.uow_class = uow_class

    def unit_of_work(self) -> PostgresUnitOfWork:
        return self.uow_class(self)


class UnsortedWritesUnitOfWork(PostgresUnitOfWork):
    """Writes rows in the order they were saved: two commits can lock A, B and B, A."""

    def _write_rows(self, connection: Connection) -> None:
        for slot, staged in self.staging.rows.items():
            if staged.base is None:
                self.writing.run(
                    "INSERT INTO ordercore_aggregates (collection, key, version, order_id, body) "
                    "VALUES (%s, %s, %s, %s, %s::jsonb)",
                    (*slot, staged.version, staged.order_id, staged.body),
                )
                continue
            self.writing.expect(
                "UPDATE ordercore_aggregates SET version = %s, body = %s::jsonb "
                "WHERE collection = %s AND key = %s AND version = %s",
                (staged.version, staged.body, *slot, staged.base),
                1,
                partial(self._conflict, slot, staged.base),
            )


class UniqueViolationKeysUnitOfWork(PostgresUnitOfWork):
    """Inserts keys plainly, trusting the earlier lookup: a racing twin is a UniqueViolation
    that aborts the transaction and escapes (no ``ON CONFLICT``, no savepoint)."""

    def _write_keys(self, connection: Connection) -> None:
        for key, record in self.staging.keys.items():
            self.writing.run(
                "INSERT INTO ordercore_idempotency (key, fingerprint, result) "
                "VALUES (%s, %s, %s::jsonb)",
                (key, record.fingerprint, self.store.codec.dumps(record.result)),
            )


class SequenceOutboxUnitOfWork(PostgresUnitOfWork):
    """Numbers outbox rows from a sequence at INSERT, first thing in the commit (a bigserial),
    and stores that number where the transaction id belongs."""

    def write(self, connection: Connection) -> None:
        self.writing.run("CREATE SEQUENCE IF NOT EXISTS mutant_outbox_position")
        for n, (new_id, body) in enumerate(outbox_rows(self.store.codec, self.staging.events)):
            self.writing.run(
                "INSERT INTO ordercore_outbox (xid, n, id, body) "
                "VALUES (nextval('mutant_outbox_position')::text::xid8, %s, %s, %s::jsonb)",
                (n, new_id, body),
            )
        self.staging.events.clear()
        # the rest of a real transaction's writes (and a round trip or two) come between taking
        # the number and committing; without them the window is a few microseconds and the
        # kit's race would catch this adapter only now and then
        self.writing.run("SELECT pg_sleep(0.003)")
        super().write(connection)


class NoHorizonStore(MutantStore):
    """Orders the outbox by transaction id but offers every committed message at once: one
    whose transaction began first and committed last appears behind those already read."""

    PENDING = (
        "SELECT id, xid::text, n, body::text FROM ordercore_outbox "
        "WHERE delivered_at IS NULL ORDER BY xid, n LIMIT %s"
    )

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        with self.connection() as connection:
            rows = connection.execute(self.PENDING, (limit,)).fetchall()
        return [self.message(row) for row in rows]


class LockTrustingUnitOfWork(PostgresUnitOfWork):
    """Trusts its read locks: a row it read while queueing is written without a version check
    (but a reader whose wait ran out holds no lock, and its commit overwrites a rival's)."""

    def _write_rows(self, connection: Connection) -> None:
        for slot in sorted(self.staging.rows, key=sort_key):
            staged = self.staging.rows[slot]
            if staged.base is None:
                super()._write_rows(connection)
                return
            self.writing.run(
                "UPDATE ordercore_aggregates SET version = %s, body = %s::jsonb "
                "WHERE collection = %s AND key = %s",
                (staged.version, staged.body, *slot),
            )
