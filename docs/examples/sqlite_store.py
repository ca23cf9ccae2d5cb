"""A SQLite adapter for ordercore: repositories, unit of work, outbox, idempotency, sequences.

A template for PostgreSQL (or any SQL database): one table of aggregates stored as JSON documents
beside their key and version, one outbox table, one idempotency table, one sequences table.
It passes the whole contract kit (``ordercore.testing.contract.AdapterContract``), including two
OS processes racing for the last unit of a SKU.

How it keeps the promises of the ports:

* Reads run outside any transaction and return freshly decoded objects (isolated copies).
* ``add``/``save`` check keys and versions at once (a stale save fails early) and stage changes.
* ``commit`` takes the write lock (``BEGIN IMMEDIATE``; PostgreSQL: a normal transaction), writes
  every staged aggregate with ``UPDATE ... WHERE key=? AND version=?`` (0 rows = somebody else
  won: ConcurrencyConflict), inserts new ones (primary key = uniqueness), appends the events to
  the outbox and the idempotency records, then commits. Any error rolls all of it back.

PostgreSQL notes: ``body`` becomes ``jsonb``, ``json_extract(body, '$.order_id')`` becomes
``body->>'order_id'`` (index it), ``AUTOINCREMENT`` becomes ``bigserial`` or an identity column;
``BEGIN IMMEDIATE`` becomes ``BEGIN`` (row versions do the work; READ COMMITTED is enough).
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from types import TracebackType
from typing import Any, Self

from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    UnitOfWorkClosed,
    UnsavedChanges,
)
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import OutboxMessage, message_id
from ordercore.ports.repositories import Collection
from ordercore.ports.sequences import format_number
from ordercore.ports.unit_of_work import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS aggregates (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,             -- the aggregate as JSON (PostgreSQL: jsonb)
    PRIMARY KEY (collection, key)
);
CREATE TABLE IF NOT EXISTS outbox (
    sequence   INTEGER PRIMARY KEY AUTOINCREMENT,  -- commit order
    id         TEXT NOT NULL UNIQUE,               -- consumers deduplicate by it
    body       TEXT NOT NULL,                      -- the event as JSON
    delivered  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered, sequence);
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    result      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


class SqliteStore:
    """The adapter's entry point: opens units of work, and is the outbox and number sequence.

    ``types`` maps each collection name to its aggregate class (used to decode documents).
    """

    def __init__(
        self,
        path: str,
        collections: Iterable[Collection],
        types: Mapping[str, type],
        *,
        codec: Codec | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.path = path
        self.collections = {collection.name: collection for collection in collections}
        self.types = dict(types)
        self.codec = codec or Codec()
        self.timeout = timeout
        missing = set(self.collections) - set(self.types)
        if missing:
            raise ValidationError("types", sorted(missing), "every collection needs its class")

    def connect(self) -> sqlite3.Connection:
        """A new connection in autocommit mode (transactions are explicit), WAL, busy timeout."""
        connection = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints, safe in WAL
        connection.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        return connection

    def create_schema(self) -> None:
        """Create the tables if they do not exist (a migration, in a real application)."""
        with closing(self.connect()) as connection:
            connection.executescript(SCHEMA)

    def collection(self, name: str) -> Collection:
        """The collection called ``name``."""
        try:
            return self.collections[name]
        except KeyError:
            rule = f"this store keeps only {sorted(self.collections)}"
            raise ValidationError("collection", name, rule) from None

    def unit_of_work(self) -> SqliteUnitOfWork:
        """A new unit of work (open it with ``with``)."""
        return SqliteUnitOfWork(self)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A connection inside ``BEGIN IMMEDIATE``, committed on success, rolled back on error."""
        with closing(self.connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, lowest sequence first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError("limit", limit, "a limit is a whole number of at least 1")
        with closing(self.connect()) as connection:
            rows = connection.execute(
                "SELECT id, sequence, body FROM outbox WHERE delivered = 0 "
                "ORDER BY sequence LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            OutboxMessage(id=row[0], sequence=row[1], event=self.codec.loads(DomainEvent, row[2]))
            for row in rows
        ]

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages delivered; unknown or already delivered ids are ignored."""
        with self.transaction() as connection:
            connection.executemany(
                "UPDATE outbox SET delivered = 1 WHERE id = ?", [(i,) for i in ids]
            )

    def next(self, name: str) -> str:
        """The next number of sequence ``name`` (``"INV-000001"``...); gaps are possible."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO sequences (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                (name,),
            )
            (value,) = connection.execute(
                "SELECT value FROM sequences WHERE name = ?", (name,)
            ).fetchone()
        return format_number(name, int(value))


def _version(entity: object) -> int:
    version = getattr(entity, "version", None)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("version", version, "an aggregate has an int version")
    return version


class SqliteUnitOfWork:
    """One unit of work: reads through its own connection, stages, and commits atomically."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.connection: sqlite3.Connection | None = None
        self.staged: dict[tuple[str, str], tuple[Any, int | None]] = {}
        self.seen: dict[tuple[str, str], tuple[Any, int]] = {}
        self.events: list[DomainEvent] = []
        self.keys: dict[str, IdempotencyRecord] = {}

    def __enter__(self) -> Self:
        self._forget()
        self.connection = self.store.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def _forget(self) -> None:
        self.staged.clear()
        self.seen.clear()
        self.events.clear()
        self.keys.clear()

    def db(self, operation: str) -> sqlite3.Connection:
        """The open connection, or UnitOfWorkClosed outside ``with`` / after commit."""
        if self.connection is None:
            raise UnitOfWorkClosed(operation)
        return self.connection

    def repository(self, name: str) -> SqliteRepository:
        """The repository of collection ``name``."""
        return SqliteRepository(self, self.store.collection(name))

    def __getattr__(self, name: str) -> SqliteRepository:
        # uow.orders, uow.stock, uow.payments, uow.invoices, uow.tallies...
        if name in self.store.collections:
            return self.repository(name)
        raise AttributeError(name)

    @property
    def idempotency(self) -> SqliteIdempotency:
        """The idempotency keys, committed with the aggregates."""
        return SqliteIdempotency(self)

    def stored_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key``, or ``None``."""
        row = (
            self.db("read")
            .execute(
                "SELECT version FROM aggregates WHERE collection = ? AND key = ?",
                (collection, key),
            )
            .fetchone()
        )
        return None if row is None else int(row[0])

    def stage(self, collection: str, key: str, entity: Any, base: int | None) -> None:
        """Stage a copy of ``entity`` after pulling its events for the outbox."""
        events = list(entity.pull_events())
        self.staged[(collection, key)] = (copy.deepcopy(entity), base)
        self.events.extend(events)
        self.seen[(collection, key)] = (entity, _version(entity))

    def commit(self) -> None:
        """Write every staged aggregate, its events and idempotency records in one transaction."""
        connection = self.db("commit")
        try:
            for (name, key), (entity, version) in self.seen.items():
                if _version(entity) != version or getattr(entity, "events", None):
                    raise UnsavedChanges(
                        self.store.collection(name).kind, key, version, _version(entity)
                    )
            connection.execute("BEGIN IMMEDIATE")  # waits for the write lock (busy_timeout)
            try:
                self._write(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            self.rollback()

    def _write(self, connection: sqlite3.Connection) -> None:
        codec = self.store.codec
        for (name, key), (entity, base) in self.staged.items():
            kind = self.store.collection(name).kind
            body = codec.dumps(entity)
            if base is None:
                try:
                    connection.execute(
                        "INSERT INTO aggregates (collection, key, version, body) "
                        "VALUES (?, ?, ?, ?)",
                        (name, key, _version(entity), body),
                    )
                except sqlite3.IntegrityError:
                    raise DuplicateEntity(kind, key) from None
                continue
            updated = connection.execute(
                "UPDATE aggregates SET version = ?, body = ? "
                "WHERE collection = ? AND key = ? AND version = ?",
                (_version(entity), body, name, key, base),
            )
            if updated.rowcount != 1:  # somebody else saved it since we read it
                actual = self.stored_version(name, key)
                raise ConcurrencyConflict(kind, key, base, -1 if actual is None else actual)
        for record in self.keys.values():
            row = connection.execute(
                "SELECT fingerprint FROM idempotency WHERE key = ?", (record.key,)
            ).fetchone()
            if row is not None and row[0] != record.fingerprint:
                raise IdempotencyKeyReused(record.key, row[0], record.fingerprint)
            if row is not None:
                raise ConcurrencyConflict("idempotency key", record.key, 0, 1)
            connection.execute(
                "INSERT INTO idempotency (key, fingerprint, result) VALUES (?, ?, ?)",
                (record.key, record.fingerprint, codec.dumps(record.result)),
            )
        counts: dict[tuple[str, str, int], int] = {}
        for event in self.events:
            slot = (event.entity_kind, event.entity_id, event.version)
            index = counts.get(slot, 0)
            counts[slot] = index + 1
            try:
                connection.execute(
                    "INSERT INTO outbox (id, body) VALUES (?, ?)",
                    (message_id(event, index), codec.dumps(event)),
                )
            except sqlite3.IntegrityError:
                raise DuplicateEntity("outbox message", message_id(event, index)) from None

    def rollback(self) -> None:
        """Forget every staged change and close the connection; the database is unchanged."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        self._forget()


class SqliteRepository:
    """The repository of one collection inside one :class:`SqliteUnitOfWork`."""

    def __init__(self, uow: SqliteUnitOfWork, collection: Collection) -> None:
        self.uow = uow
        self.collection = collection

    def _key(self, entity: object) -> str:
        key = getattr(entity, self.collection.key, None)
        if not isinstance(key, str) or not key:
            raise ValidationError(self.collection.key, key, "an aggregate's key is a non-empty str")
        return key

    def _decode(self, key: str, body: str) -> Any:
        entity: Any = self.uow.store.codec.loads(self.uow.store.types[self.collection.name], body)
        self.uow.seen[(self.collection.name, key)] = (entity, _version(entity))
        return entity

    def find(self, key: str) -> Any | None:
        """A freshly decoded aggregate under ``key`` (staged or committed), or ``None``."""
        connection = self.uow.db("find")
        staged = self.uow.staged.get((self.collection.name, key))
        if staged is not None:
            return self._decode(key, self.uow.store.codec.dumps(staged[0]))
        row = connection.execute(
            "SELECT body FROM aggregates WHERE collection = ? AND key = ?",
            (self.collection.name, key),
        ).fetchone()
        return None if row is None else self._decode(key, row[0])

    def get(self, key: str) -> Any:
        """The aggregate under ``key``; NotFound if there is none."""
        entity = self.find(key)
        if entity is None:
            raise NotFound(self.collection.kind, key)
        return entity

    def add(self, entity: Any) -> None:
        """Stage a new aggregate; DuplicateEntity if its key is taken."""
        self.uow.db("add")
        key = self._key(entity)
        name = self.collection.name
        if (name, key) in self.uow.staged or self.uow.stored_version(name, key) is not None:
            raise DuplicateEntity(self.collection.kind, key)
        _version(entity)
        self.uow.stage(name, key, entity, None)

    def save(self, entity: Any, expected_version: int) -> None:
        """Stage a changed aggregate read at ``expected_version``; else ConcurrencyConflict."""
        self.uow.db("save")
        key = self._key(entity)
        name = self.collection.name
        staged = self.uow.staged.get((name, key))
        if staged is not None:
            current: int | None = _version(staged[0])
            base = staged[1]
        else:
            current = base = self.uow.stored_version(name, key)
        if current is None:
            raise NotFound(self.collection.kind, key)
        if expected_version != current:
            raise ConcurrencyConflict(self.collection.kind, key, expected_version, current)
        if _version(entity) < current:
            raise ValidationError("version", _version(entity), f"at least {current} is saved")
        self.uow.stage(name, key, entity, base)

    def where(self, attribute: str, value: str) -> list[Any]:
        """Aggregates whose top-level ``attribute`` equals ``value`` (a JSON-path query)."""
        connection = self.uow.db("where")
        if not attribute.isidentifier():
            raise ValidationError("attribute", attribute, "a Python identifier")
        rows = connection.execute(
            "SELECT key, body FROM aggregates WHERE collection = ? "
            "AND json_extract(body, '$.' || ?) = ? ORDER BY key",
            (self.collection.name, attribute, value),
        ).fetchall()
        found = {key: self._decode(key, body) for key, body in rows}
        for (name, key), (entity, _) in self.uow.staged.items():
            if name != self.collection.name:
                continue
            found.pop(key, None)  # the staged copy wins over the committed one
            if getattr(entity, attribute, None) == value:
                found[key] = self._decode(key, self.uow.store.codec.dumps(entity))
        return [found[key] for key in sorted(found)]

    def for_order(self, order_id: str) -> list[Any]:
        """The aggregates (payments, invoices) that belong to order ``order_id``."""
        return self.where("order_id", order_id)


class SqliteIdempotency:
    """The idempotency keys seen through one unit of work (staged records included)."""

    def __init__(self, uow: SqliteUnitOfWork) -> None:
        self.uow = uow

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record under ``key``, staged or committed, or ``None``."""
        connection = self.uow.db("idempotency.get")
        if key in self.uow.keys:
            return self.uow.keys[key]
        row = connection.execute(
            "SELECT fingerprint, result FROM idempotency WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        result: JsonValue = json.loads(row[1])
        return IdempotencyRecord(key=key, fingerprint=row[0], result=result)

    def put(self, key: str, fingerprint: str, result: JsonValue) -> None:
        """Stage ``result`` under ``key``; a key in use raises IdempotencyKeyReused/Duplicate."""
        old = self.get(key)
        if old is not None and old.fingerprint != fingerprint:
            raise IdempotencyKeyReused(key, old.fingerprint, fingerprint)
        if old is not None:
            raise DuplicateEntity("idempotency key", key)
        self.uow.keys[key] = IdempotencyRecord(key=key, fingerprint=fingerprint, result=result)


def conforms(store: SqliteStore) -> Store:
    """The SQLite store is an ordercore ``Store`` (mypy checks the ports' protocols here)."""
    return store
