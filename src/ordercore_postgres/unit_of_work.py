"""The PostgreSQL unit of work: autocommit reads, then one ``READ COMMITTED`` transaction.

The commit, in one transaction on the unit of work's connection:

1. every row read or written, in (collection, key) order: ``INSERT ... ON CONFLICT DO NOTHING``
   for an add (0 rows: the key is taken), ``UPDATE ... WHERE version = base`` for a save
   (0 rows: a rival commit won), ``SELECT version ... FOR SHARE`` for a row only read (its
   version must not have moved, and no rival may change it until this commit ends);
2. idempotency keys, ``INSERT ... ON CONFLICT DO NOTHING``: a rival holding the key makes this
   insert wait for the rival's commit, then do nothing; the stored fingerprint then tells
   :class:`IdempotencyKeyReused` from a retryable :class:`ConcurrencyConflict`. No statement
   fails, so the transaction is never aborted half-way (the reason not to catch a
   ``UniqueViolation`` here: psycopg aborts the whole transaction on it, unless a savepoint
   wraps each insert);
3. numbers drawn, ``UPDATE ... WHERE value = base`` on the counter row (row lock to COMMIT);
4. ledger movements, which must continue each SKU's ``seq``;
5. the outbox: positions from ``ordercore_outbox_head``, taken last, so its row lock is held
   only from there to COMMIT and positions follow commit order.

Locks are always taken in that order (rows by key, keys by key, numbers by name, the outbox
head last), so two commits never wait for each other in a cycle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.ports.codec import JsonValue
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    LedgerOutOfSequence,
    UnitOfWorkClosed,
)
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.repositories import Collection
from ordercore.ports.sequences import format_number
from ordercore.ports.staging import (
    json_staging,
    outbox_rows,
    sort_key,
    staged_documents,
)

if TYPE_CHECKING:
    from ordercore_postgres.store import Connection, PostgresStore

__all__ = [
    "PostgresIdempotency",
    "PostgresLedger",
    "PostgresNumbers",
    "PostgresRepository",
    "PostgresUnitOfWork",
]

_VERSION = "SELECT version FROM ordercore_aggregates WHERE collection = %s AND key = %s"


class PostgresUnitOfWork:
    """One unit of work on a :class:`PostgresStore`; open it with ``with``, then ``commit()``."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.connection: Connection | None = None
        self.staging = json_staging(store.codec)

    def __enter__(self) -> Self:
        self.staging.clear()
        self.connection = self.store.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def db(self, operation: str) -> Connection:
        """The unit of work's connection, or :class:`UnitOfWorkClosed` when it is not open."""
        if self.connection is None:
            raise UnitOfWorkClosed(operation)
        return self.connection

    def repository(self, name: str) -> PostgresRepository:
        """The repository of collection ``name``."""
        return PostgresRepository(self, self.store.collection(name))

    def __getattr__(self, name: str) -> PostgresRepository:
        # uow.orders, uow.stock, uow.payments, uow.invoices, uow.shipments, uow.tallies...
        if name != "store" and name in self.store.collections:
            return self.repository(name)
        raise AttributeError(name)

    @property
    def idempotency(self) -> PostgresIdempotency:
        """The idempotency keys, committed with the aggregates."""
        return PostgresIdempotency(self)

    @property
    def numbers(self) -> PostgresNumbers:
        """Gapless numbers, taken in this unit of work's commit."""
        return PostgresNumbers(self)

    @property
    def ledger(self) -> PostgresLedger:
        """The append-only stock ledger stream, committed with the aggregates."""
        return PostgresLedger(self)

    def stored_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key``, or ``None``."""
        row = self.db("read").execute(_VERSION, (collection, key)).fetchone()
        return None if row is None else int(row[0])

    def check_numbers(self) -> None:
        """ConcurrencyConflict if a counter this unit of work drew from has moved since."""
        connection = self.db("numbers.check")
        for name, (base, _) in sorted(self.staging.numbers.items()):
            row = connection.execute(
                "SELECT value FROM ordercore_numbers WHERE name = %s", (name,)
            ).fetchone()
            now = 0 if row is None else int(row[0])
            if now != base:
                raise ConcurrencyConflict("number sequence", name, base, now)

    def commit(self) -> None:
        """Write every staged change in one transaction, or raise and write nothing."""
        connection = self.db("commit")
        try:
            kinds = {name: c.kind for name, c in self.store.collections.items()}
            self.staging.check_saved(kinds)
            with connection.transaction():
                self.write(connection)
        finally:
            self.rollback()

    def write(self, connection: Connection) -> None:
        """Every write of the commit, inside the transaction the caller opened."""
        # numbers first: a rival that took the same number (and so the same new key, such as a
        # shipment id) is a ConcurrencyConflict to retry, not a DuplicateEntity from the rows
        self._write_numbers(connection)
        self._write_rows(connection)
        self._write_keys(connection)
        self._write_ledger(connection)
        self.write_outbox(connection)

    def _kind(self, name: str) -> str:
        return self.store.collection(name).kind

    def _conflict(self, connection: Connection, slot: tuple[str, str], base: int) -> None:
        row = connection.execute(_VERSION, slot).fetchone()
        actual = -1 if row is None else int(row[0])
        raise ConcurrencyConflict(self._kind(slot[0]), slot[1], base, actual)

    def _write_rows(self, connection: Connection) -> None:
        reads = dict(self.staging.checked_reads())
        for slot in sorted(set(self.staging.rows) | set(reads), key=sort_key):
            name, key = slot
            staged = self.staging.rows.get(slot)
            if staged is None:  # read, not written: lock it and check it did not move
                row = connection.execute(_VERSION + " FOR SHARE", slot).fetchone()
                if row is None or int(row[0]) != reads[slot]:
                    self._conflict(connection, slot, reads[slot])
                continue
            if staged.base is None:
                inserted = connection.execute(
                    "INSERT INTO ordercore_aggregates (collection, key, version, order_id, body) "
                    "VALUES (%s, %s, %s, %s, %s::jsonb) ON CONFLICT DO NOTHING",
                    (name, key, staged.version, staged.order_id, staged.body),
                )
                if inserted.rowcount != 1:
                    raise DuplicateEntity(self._kind(name), key)
                continue
            updated = connection.execute(
                "UPDATE ordercore_aggregates SET version = %s, order_id = %s, body = %s::jsonb "
                "WHERE collection = %s AND key = %s AND version = %s",
                (staged.version, staged.order_id, staged.body, name, key, staged.base),
            )
            if updated.rowcount != 1:  # somebody else saved it since we read it
                self._conflict(connection, slot, staged.base)

    def _write_keys(self, connection: Connection) -> None:
        codec = self.store.codec
        for key in sorted(self.staging.keys):
            record = self.staging.keys[key]
            inserted = connection.execute(
                "INSERT INTO ordercore_idempotency (key, fingerprint, result) "
                "VALUES (%s, %s, %s::jsonb) ON CONFLICT (key) DO NOTHING",
                (key, record.fingerprint, codec.dumps(record.result)),
            )
            if inserted.rowcount == 1:
                continue
            row = connection.execute(
                "SELECT fingerprint FROM ordercore_idempotency WHERE key = %s", (key,)
            ).fetchone()
            if row is not None and row[0] != record.fingerprint:
                raise IdempotencyKeyReused(key, row[0], record.fingerprint)
            raise ConcurrencyConflict("idempotency key", key, 0, 1)  # retry: recall the result

    def _write_numbers(self, connection: Connection) -> None:
        for name in sorted(self.staging.numbers):
            base, drawn = self.staging.numbers[name]
            if base == 0:
                written = connection.execute(
                    "INSERT INTO ordercore_numbers (name, value) VALUES (%s, %s) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, drawn),
                )
            else:
                written = connection.execute(
                    "UPDATE ordercore_numbers SET value = %s WHERE name = %s AND value = %s",
                    (base + drawn, name, base),
                )
            if written.rowcount != 1:  # a rival commit took these numbers first
                raise ConcurrencyConflict("number sequence", name, base, -1)

    def _write_ledger(self, connection: Connection) -> None:
        codec = self.store.codec
        for sku in sorted(self.staging.movements):
            moved = self.staging.movements[sku]
            row = connection.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM ordercore_ledger WHERE sku = %s", (sku,)
            ).fetchone()
            last = 0 if row is None else int(row[0])
            for n, movement in enumerate(moved):  # pulled from aggregates unchecked
                if movement.seq != moved[0].seq + n:
                    raise LedgerOutOfSequence(sku, movement.seq, moved[0].seq + n)
            if moved[0].seq != last + 1:
                raise ConcurrencyConflict("ledger", sku, moved[0].seq - 1, last)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO ordercore_ledger (sku, seq, body) VALUES (%s, %s, %s::jsonb) "
                    "ON CONFLICT DO NOTHING",
                    [(sku, m.seq, codec.dumps(list(m))) for m in moved],
                )
                if cursor.rowcount != len(moved):
                    raise ConcurrencyConflict("ledger", sku, moved[0].seq - 1, last)

    def write_outbox(self, connection: Connection) -> None:
        """Append the events to the outbox, positions taken from the head row (commit order)."""
        rows = outbox_rows(self.store.codec, self.staging.events)
        if not rows:
            return
        head = connection.execute(
            "UPDATE ordercore_outbox_head SET position = position + %s RETURNING position",
            (len(rows),),
        ).fetchone()
        assert head is not None  # noqa: S101 - the migration inserts the one head row
        first = int(head[0]) - len(rows) + 1
        for offset, (new_id, body) in enumerate(rows):
            inserted = connection.execute(
                "INSERT INTO ordercore_outbox (position, id, body) VALUES (%s, %s, %s::jsonb) "
                "ON CONFLICT (id) DO NOTHING",
                (first + offset, new_id, body),
            )
            if inserted.rowcount != 1:
                raise DuplicateEntity("outbox message", new_id)
        connection.execute("SELECT pg_notify('ordercore_outbox', current_schema())")

    def rollback(self) -> None:
        """Forget every staged change and give the connection back; the database is unchanged."""
        if self.connection is not None:
            connection, self.connection = self.connection, None
            self.store.release(connection)
        self.staging.clear()


class PostgresRepository:
    """The repository of one collection inside one :class:`PostgresUnitOfWork`."""

    def __init__(self, uow: PostgresUnitOfWork, collection: Collection) -> None:
        self.uow = uow
        self.collection = collection

    def _decode(self, key: str, body: str, version: int | None) -> Any:
        cls = self.uow.store.types[self.collection.name]
        entity: Any = self.uow.store.codec.loads(cls, body)
        if version is not None:
            self.uow.staging.read(self.collection.name, key, version)
        self.uow.staging.hand_out(self.collection.name, key, entity)
        return entity

    def find(self, key: str) -> Any | None:
        """A freshly decoded aggregate under ``key`` (staged or committed), or ``None``."""
        connection = self.uow.db("find")
        staged = self.uow.staging.rows.get((self.collection.name, key))
        if staged is not None:
            return self._decode(key, staged.body, None)
        row = connection.execute(
            "SELECT version, body::text FROM ordercore_aggregates "
            "WHERE collection = %s AND key = %s",
            (self.collection.name, key),
        ).fetchone()
        return None if row is None else self._decode(key, row[1], int(row[0]))

    def get(self, key: str) -> Any:
        """The aggregate under ``key``; :class:`NotFound` if there is none."""
        entity = self.find(key)
        if entity is None:
            raise NotFound(self.collection.kind, key)
        return entity

    def add(self, entity: Any) -> None:
        """Stage a new aggregate; :class:`DuplicateEntity` if its key is taken."""
        self.uow.db("add")
        try:
            key = self.uow.staging.check_add(self.collection, entity, self.uow.stored_version)
        except DuplicateEntity:
            self.uow.check_numbers()  # a key made from a number a rival took first: retry
            raise
        self.uow.staging.stage(self.collection.name, key, entity, None)

    def save(self, entity: Any, expected_version: int) -> None:
        """Stage a changed aggregate read at ``expected_version``; else ConcurrencyConflict."""
        self.uow.db("save")
        staging = self.uow.staging
        key, base = staging.check_save(
            self.collection, entity, expected_version, self.uow.stored_version
        )
        self.uow.staging.stage(self.collection.name, key, entity, base)

    def where(self, attribute: str, value: str) -> list[Any]:
        """Aggregates whose top-level ``attribute`` equals ``value``, staged ones included.

        ``order_id`` is an indexed column; other attributes compare ``body->>attribute``.
        """
        connection = self.uow.db("where")
        if not attribute.isidentifier():
            raise ValidationError("attribute", attribute, "a Python identifier")
        name = self.collection.name
        if attribute == "order_id":
            rows = connection.execute(
                "SELECT key, version, body::text FROM ordercore_aggregates "
                "WHERE collection = %s AND order_id = %s ORDER BY key",
                (name, value),
            ).fetchall()
        else:
            rows = connection.execute(
                "SELECT key, version, body::text FROM ordercore_aggregates "
                "WHERE collection = %s AND body->>%s = %s ORDER BY key",
                (name, attribute, value),
            ).fetchall()
        found: dict[str, tuple[str, int | None]] = {
            key: (body, int(version)) for key, version, body in rows
        }
        staged_documents(self.uow.staging, name, attribute, value, found)
        return [self._decode(key, *found[key]) for key in sorted(found)]

    def for_order(self, order_id: str) -> list[Any]:
        """The aggregates (payments, invoices, shipments) of order ``order_id``, by key."""
        return self.where("order_id", order_id)


class PostgresIdempotency:
    """The idempotency keys seen through one unit of work (staged records included)."""

    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record under ``key``, staged or committed, or ``None``."""
        connection = self.uow.db("idempotency.get")

        def committed() -> IdempotencyRecord | None:
            row = connection.execute(
                "SELECT fingerprint, result::text FROM ordercore_idempotency WHERE key = %s", (key,)
            ).fetchone()
            if row is None:
                return None
            result: JsonValue = json.loads(row[1])
            return IdempotencyRecord(key=key, fingerprint=row[0], result=result)

        return self.uow.staging.record(key, committed)

    def put(self, key: str, fingerprint: str, result: JsonValue) -> None:
        """Stage ``result`` under ``key``.

        The same key with another fingerprint is :class:`IdempotencyKeyReused`; a key this unit
        of work already staged is :class:`DuplicateEntity`; a key another request committed
        (with the same fingerprint) is a retryable :class:`ConcurrencyConflict`.
        """
        self.uow.staging.put(key, fingerprint, result, lambda: self.get(key))


class PostgresNumbers:
    """Gapless numbers: drawn in the unit of work, the counter moved only by its commit."""

    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def next(self, name: str) -> str:
        """The next number of ``name`` (``"INV-000124"``); a rival commit makes it a conflict."""
        connection = self.uow.db("numbers.next")
        format_number(name, 1)  # refuses a bad name before anything is drawn

        def committed() -> int:
            row = connection.execute(
                "SELECT value FROM ordercore_numbers WHERE name = %s", (name,)
            ).fetchone()
            return 0 if row is None else int(row[0])

        return format_number(name, self.uow.staging.draw(name, committed))


class PostgresLedger:
    """The stock ledger stream: movements per SKU with a contiguous ``seq``, append-only."""

    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self.uow = uow

    def append(self, sku: str, movements: Sequence[Movement]) -> None:
        """Stage ``movements`` of ``sku`` (written by the commit, dropped by a rollback).

        Each ``seq`` must follow the last one, staged or committed: else LedgerOutOfSequence.
        """
        connection = self.uow.db("ledger.append")

        def committed() -> int:
            row = connection.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM ordercore_ledger WHERE sku = %s", (sku,)
            ).fetchone()
            return 0 if row is None else int(row[0])

        self.uow.staging.append(sku, movements, committed)

    def rows(self, sku: str, after: int = 0) -> list[Movement]:
        """The movements of ``sku`` with ``seq`` above ``after``, staged ones included."""
        connection = self.uow.db("ledger.rows")
        codec = self.uow.store.codec
        stored = connection.execute(
            "SELECT body::text FROM ordercore_ledger WHERE sku = %s AND seq > %s ORDER BY seq",
            (sku, after),
        ).fetchall()
        found = [codec.decode(Movement, json.loads(row[0])) for row in stored]
        found.extend(self.uow.staging.movements_after(sku, after))
        return found
