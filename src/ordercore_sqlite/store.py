"""The SQLite store: the embedded default adapter (standard library ``sqlite3`` only).

One database file, shared by threads and processes. Every unit of work opens its own
connection (WAL mode: readers never wait for the writer); reads run outside any transaction
and return freshly decoded objects; ``commit`` takes SQLite's single write lock with
``BEGIN IMMEDIATE`` and, inside that one transaction, checks the read set, writes the rows with
``UPDATE ... WHERE version = ?``, the idempotency records, the numbers, the ledger and the
outbox, then commits. Any error rolls all of it back.

Because one writer at a time holds the lock from its first write to ``COMMIT``, the outbox's
positions (one above the highest the outbox holds or pruning left in ``ordercore_outbox_floor``)
are taken in commit order, and number counters are gapless (the counter moves only in the
commit that uses the number).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.codec import Codec
from ordercore.ports.documents import DecodedDocuments
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.repositories import Collection
from ordercore.ports.retention import check_up_to, epoch_microseconds
from ordercore.ports.sequences import format_number
from ordercore_sqlite.migrate import migrate
from ordercore_sqlite.staging import ORDERCORE_TYPES

if TYPE_CHECKING:
    from ordercore_sqlite.unit_of_work import SqliteUnitOfWork

__all__ = ["Claim", "SqliteStore"]


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("limit", limit, "a limit is a whole number of at least 1")


class Claim:
    """Outbox messages one relay has leased: deliver them, then :meth:`SqliteStore.finish`."""

    def __init__(self, token: str, messages: list[OutboxMessage]) -> None:
        self.token = token
        self.messages = messages


_MAX_IDLE = 8
"""Idle connections a store keeps for reuse (per process)."""


class SqliteStore:
    """Opens units of work on one SQLite file; is the outbox and a number sequence.

    ``collections`` defaults to everything the Engine stores (``ORDERCORE_COLLECTIONS``) and
    ``types`` maps each collection to the class its documents decode as (the ordercore classes
    by default). Call :meth:`migrate` (or :func:`ordercore_sqlite.migrate` with a connection)
    once before use; nothing happens at construction.
    """

    def __init__(
        self,
        path: str,
        collections: Iterable[Collection] = ORDERCORE_COLLECTIONS,
        types: Mapping[str, type] | None = None,
        *,
        codec: Codec | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.path = path
        self.collections = {collection.name: collection for collection in collections}
        self.kinds = {name: collection.kind for name, collection in self.collections.items()}
        """Each collection's aggregate kind, for error messages (made once, not per commit)."""
        self.types = dict(ORDERCORE_TYPES if types is None else types)
        self.codec = codec or Codec()
        self.decoded = DecodedDocuments()
        """Each document text decoded once (reads of unchanged documents are copies)."""
        self.timeout = timeout
        self._idle: list[sqlite3.Connection] = []
        self._idle_pid = os.getpid()
        self._idle_lock = threading.Lock()
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

    def checkout(self) -> sqlite3.Connection:
        """A connection for one unit of work: an idle one of this process, else a new one.

        Opening a connection per unit of work made every command pay for the open, the WAL
        set-up and, at close, a checkpoint (about two thirds of a command's time in the engine
        benchmark); units of work now borrow and give back. A forked child never reuses its
        parent's connections.
        """
        with self._idle_lock:
            if self._idle_pid != os.getpid():
                self._idle, self._idle_pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self.connect()

    def checkin(self, connection: sqlite3.Connection) -> None:
        """Give back a connection :meth:`checkout` lent (rolled back if a transaction is open)."""
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        with self._idle_lock:
            if self._idle_pid == os.getpid() and len(self._idle) < _MAX_IDLE:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        """Close the idle connections (units of work still open keep theirs until they end)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def migrate(self) -> list[int]:
        """Apply the schema migrations the file lacks; return the versions applied."""
        with closing(self.connect()) as connection:
            return migrate(connection)

    def create_schema(self) -> None:
        """Bring the schema up to date (the docs example's name for :meth:`migrate`)."""
        self.migrate()

    def collection(self, name: str) -> Collection:
        """The collection called ``name``."""
        try:
            return self.collections[name]
        except KeyError:
            rule = f"this store keeps only {sorted(self.collections)}"
            raise ValidationError("collection", name, rule) from None

    def unit_of_work(self) -> SqliteUnitOfWork:
        """A new unit of work (open it with ``with``)."""
        from ordercore_sqlite.unit_of_work import SqliteUnitOfWork  # noqa: PLC0415 - a cycle

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

    # -- outbox -------------------------------------------------------------------------------

    def _message(self, row: tuple[str, int, str]) -> OutboxMessage:
        event = self.codec.loads(DomainEvent, row[2])
        return OutboxMessage(id=row[0], sequence=int(row[1]), event=event)

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, lowest position (commit order) first."""
        _check_limit(limit)
        with closing(self.connect()) as connection:
            rows = connection.execute(
                "SELECT id, position, body FROM ordercore_outbox WHERE delivered = 0 "
                "ORDER BY position LIMIT ?",
                (limit,),
            ).fetchall()
        return [self._message(row) for row in rows]

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages delivered; unknown or already delivered ids are ignored."""
        with self.transaction() as connection:
            connection.executemany(
                "UPDATE ordercore_outbox SET delivered = 1 WHERE id = ?",
                [(i,) for i in ids],
            )

    def claim(self, limit: int, lease: float) -> Claim:
        """Lease up to ``limit`` undelivered, unleased messages (commit order) for ``lease`` s.

        Parallel relays never lease the same message at the same time; a relay that dies
        leaves its lease to expire, and the messages are offered again (at least once).
        """
        _check_limit(limit)
        token = uuid.uuid4().hex
        now = time.time()
        with self.transaction() as connection:
            rows = connection.execute(
                "SELECT id, position, body FROM ordercore_outbox WHERE delivered = 0 "
                "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY position LIMIT ?",
                (now, limit),
            ).fetchall()
            connection.executemany(
                "UPDATE ordercore_outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                [(token, now + lease, row[0]) for row in rows],
            )
        return Claim(token, [self._message(row) for row in rows])

    def finish(self, claim: Claim, delivered: Iterable[str]) -> None:
        """Mark ``delivered`` of ``claim``'s messages delivered and free the others' leases."""
        done = set(delivered)
        with self.transaction() as connection:
            connection.executemany(
                "UPDATE ordercore_outbox SET delivered = 1 WHERE id = ?",
                [(message.id,) for message in claim.messages if message.id in done],
            )
            connection.execute(
                "UPDATE ordercore_outbox SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = ?",
                (claim.token,),
            )

    # -- retention (see ordercore.ports.retention) ----------------------------------------------

    def prune_delivered(self, up_to: int | None = None) -> int:
        """Delete delivered messages (``position <= up_to`` if given); return how many went.

        Undelivered rows stay. Before deleting, the highest position the outbox holds goes to
        ``ordercore_outbox_floor``, and commits take positions above it: a deleted position is
        never handed out again, so what is left, and what comes later, keeps its sequence number.
        """
        limit = check_up_to(up_to)
        with self.transaction() as connection:
            connection.execute(
                "UPDATE ordercore_outbox_floor SET position = "
                "max(position, (SELECT ifnull(max(position), 0) FROM ordercore_outbox))"
            )
            if limit is None:
                deleted = connection.execute("DELETE FROM ordercore_outbox WHERE delivered = 1")
            else:
                deleted = connection.execute(
                    "DELETE FROM ordercore_outbox WHERE delivered = 1 AND position <= ?", (limit,)
                )
            return int(deleted.rowcount)

    def expire_idempotency_keys(self, before: pendulum.DateTime) -> int:
        """Delete the idempotency records recorded before ``before``; return how many went.

        A record with no instant (written before migration 2, or put without one) goes too.
        """
        cutoff = epoch_microseconds(instant(before, "before"))
        with self.transaction() as connection:
            deleted = connection.execute(
                "DELETE FROM ordercore_idempotency WHERE recorded_at IS NULL OR recorded_at < ?",
                (cutoff,),
            )
            return int(deleted.rowcount)

    # -- numbers ------------------------------------------------------------------------------

    def next(self, name: str) -> str:
        """The next number of ``name`` in its own transaction (a failed command may leave a gap).

        Gapless numbers are drawn through a unit of work (``uow.numbers.next``) instead.
        """
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO ordercore_numbers (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                (name,),
            )
            (value,) = connection.execute(
                "SELECT value FROM ordercore_numbers WHERE name = ?", (name,)
            ).fetchone()
        return format_number(name, int(value))
