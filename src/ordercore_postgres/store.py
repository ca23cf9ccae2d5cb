"""The PostgreSQL store (psycopg 3): many workers, one database, optimistic versions.

The host passes what it already has: a DSN (the store then opens and owns a small
``psycopg_pool.ConnectionPool``), its own ``ConnectionPool`` (Django, FastAPI and SQLAlchemy
apps keep theirs), or one ``psycopg.Connection`` (one thread at a time). No global state.

Isolation: ``READ COMMITTED``, the server's default, with explicit checks. Each read sees the
latest commit and every aggregate read is remembered with its version; the commit locks every
row it read or writes, in one fixed (collection, key) order (``UPDATE ... WHERE version = base``
for a write, ``SELECT ... FOR SHARE`` for a read it depends on), so a rival commit either
finished first (the version differs: ConcurrencyConflict) or waits for this one. That is
serializable for what a command decides on, with none of ``SERIALIZABLE``'s false-positive
aborts on unrelated rows, and the fixed order means two commits never deadlock. On top of that,
reads queue: a unit of work holds an advisory lock on each row it read until it ends (waiting
at most ``lock_wait`` seconds for one), so workers that want the same stock row take turns
instead of all deciding on one version and all but one failing at commit (see
:mod:`ordercore_postgres.unit_of_work`). Aggregates are ``json`` documents (migration 0010:
stored and read back as the codec wrote them); the outbox, idempotency results and ledger are
``jsonb``. Read every document as text (``body::text``): psycopg's JSON loaders turn numbers
into floats, the codec wants the exact text.

Outbox order: each message carries the id of the transaction that wrote it (``xid8``); readers
order by it and see a message only once every older transaction has ended (below their
snapshot's xmin), so a message never appears behind one a reader has seen, and no commit waits
for another to number its messages.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg_pool import ConnectionPool

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.codec import Codec
from ordercore.ports.documents import DecodedDocuments
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.repositories import Collection
from ordercore.ports.sequences import format_number
from ordercore_postgres.migrate import migrate
from ordercore_sqlite.staging import ORDERCORE_TYPES

if TYPE_CHECKING:
    from ordercore_postgres.unit_of_work import PostgresUnitOfWork

__all__ = ["CHANNEL", "PostgresStore"]

Connection = psycopg.Connection[Any]

CHANNEL = "ordercore_outbox"
"""The LISTEN/NOTIFY channel each commit that wrote outbox messages notifies (the payload is
the schema the store writes to, so stores in several schemas of one database can share it)."""

_PENDING = (
    "SELECT id, xid::text, n, body::text FROM ordercore_outbox "
    "WHERE delivered_at IS NULL AND xid < pg_snapshot_xmin(pg_current_snapshot()) "
    "ORDER BY xid, n LIMIT %s"
)


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("limit", limit, "a limit is a whole number of at least 1")


class PostgresStore:
    """Opens units of work on a PostgreSQL database; is the outbox and a number sequence.

    ``source`` is a DSN, a ``psycopg_pool.ConnectionPool`` or a ``psycopg.Connection``.
    ``collections`` and ``types`` default to everything the Engine stores. Call :meth:`migrate`
    once (at deploy time); nothing touches the database at construction except opening the pool
    the store owns when given a DSN (``pool_size`` connections at most).

    ``lock_wait`` is how long, in seconds, a read waits for another unit of work that read the
    same row to end (0 turns queueing off: every read is optimistic, conflicts are retried);
    on one ``psycopg.Connection`` (no pool) reads never queue. ``notify=False`` skips the
    ``NOTIFY`` of each commit (a notifying commit takes a database-wide lock while it ends;
    relays then poll).
    """

    def __init__(
        self,
        source: str | ConnectionPool | Connection,
        collections: Iterable[Collection] = ORDERCORE_COLLECTIONS,
        types: Mapping[str, type] | None = None,
        *,
        codec: Codec | None = None,
        pool_size: int = 8,
        lock_wait: float = 0.25,
        notify: bool = True,
    ) -> None:
        self.collections = {collection.name: collection for collection in collections}
        self.types = dict(ORDERCORE_TYPES if types is None else types)
        self.codec = codec or Codec()
        self.decoded = DecodedDocuments()
        """Each document text decoded once (reads of unchanged documents are copies)."""
        missing = set(self.collections) - set(self.types)
        if missing:
            raise ValidationError("types", sorted(missing), "every collection needs its class")
        if isinstance(lock_wait, bool) or not isinstance(lock_wait, int | float) or lock_wait < 0:
            raise ValidationError("lock_wait", lock_wait, "seconds, a number of at least 0")
        self.lock_wait = float(lock_wait)
        self.notify = notify
        self.lock_wait_ms = max(1, round(lock_wait * 1000))
        """``lock_wait`` in whole milliseconds (at least 1)."""
        self._owned: ConnectionPool | None = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        if isinstance(source, str):
            self._owned = ConnectionPool(
                source,
                min_size=1,
                max_size=pool_size,
                kwargs={"autocommit": True},
                open=True,
            )
            self.pool: ConnectionPool | None = self._owned
        elif isinstance(source, ConnectionPool):
            self.pool = source
        else:
            self.pool = None
            self._connection = source

    @functools.cached_property
    def order_family(self) -> tuple[str, ...]:
        """The collections read with an order (all but ``orders``; none without ``orders``)."""
        if "orders" not in self.collections:
            return ()
        return tuple(sorted(name for name in self.collections if name != "orders"))

    @property
    def queues(self) -> bool:
        """Whether reads queue behind other units of work (``lock_wait`` > 0 and a pool)."""
        return self.lock_wait > 0 and self.pool is not None

    def close(self) -> None:
        """Close the pool the store opened (a pool or connection the host gave stays open)."""
        if self._owned is not None:
            self._owned.close()

    # -- connections ----------------------------------------------------------------------------

    def acquire(self) -> Connection:
        """A connection for one unit of work, in autocommit mode (give it back with release)."""
        if self.pool is None:
            assert self._connection is not None  # noqa: S101 - set together with pool=None
            connection = self._connection
        else:
            connection = self.pool.getconn()
        if not connection.autocommit:
            if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                connection.rollback()
            connection.autocommit = True
        return connection

    def release(self, connection: Connection) -> None:
        """Give back a connection taken with :meth:`acquire`."""
        if self.pool is not None:
            self.pool.putconn(connection)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection for the duration of the block."""
        connection = self.acquire()
        try:
            yield connection
        finally:
            self.release(connection)

    def migrate(self) -> list[int]:
        """Apply the schema migrations the database lacks; return the versions applied."""
        with self.connection() as connection:
            return migrate(connection)

    def collection(self, name: str) -> Collection:
        """The collection called ``name``."""
        try:
            return self.collections[name]
        except KeyError:
            rule = f"this store keeps only {sorted(self.collections)}"
            raise ValidationError("collection", name, rule) from None

    def unit_of_work(self) -> PostgresUnitOfWork:
        """A new unit of work (open it with ``with``)."""
        from ordercore_postgres.unit_of_work import PostgresUnitOfWork  # noqa: PLC0415 - a cycle

        return PostgresUnitOfWork(self)

    # -- outbox ---------------------------------------------------------------------------------

    def message(self, row: tuple[str, str, int, str]) -> OutboxMessage:
        """An outbox row (id, xid as text, n, body as text) as a message.

        Its ``sequence`` is ``xid * 2**32 + n``: it grows in the order readers take messages.
        """
        event = self.codec.loads(DomainEvent, row[3])
        return OutboxMessage(id=row[0], sequence=(int(row[1]) << 32) + int(row[2]), event=event)

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, oldest transaction first.

        Only messages of transactions below this read's snapshot xmin are offered: all older
        transactions have ended, so no message can later commit before these.
        """
        _check_limit(limit)
        with self.connection() as connection:
            rows = connection.execute(_PENDING, (limit,)).fetchall()
        return [self.message(row) for row in rows]

    def claim(self, connection: Connection, limit: int) -> list[tuple[str, str, int, str]]:
        """Lock up to ``limit`` pending messages no other relay holds (``SKIP LOCKED``)."""
        return connection.execute(_PENDING + " FOR UPDATE SKIP LOCKED", (limit,)).fetchall()

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages delivered; unknown or already delivered ids are ignored."""
        wanted = list(ids)
        with self.connection() as connection:
            connection.execute(
                "UPDATE ordercore_outbox SET delivered_at = now() "
                "WHERE id = ANY(%s) AND delivered_at IS NULL",
                (wanted,),
            )

    # -- numbers --------------------------------------------------------------------------------

    def next(self, name: str) -> str:
        """The next number of ``name`` in its own transaction (a failed command may leave a gap).

        Gapless numbers are drawn through a unit of work (``uow.numbers.next``) instead.
        """
        format_number(name, 1)
        with self.connection() as connection:
            row = connection.execute(
                "INSERT INTO ordercore_numbers (name, value) VALUES (%s, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = ordercore_numbers.value + 1 "
                "RETURNING value",
                (name,),
            ).fetchone()
        assert row is not None  # noqa: S101 - INSERT ... RETURNING returns the row
        return format_number(name, int(row[0]))

    # -- retention (the retention engineer's block; see ordercore.ports.retention) --------------

    def prune_delivered(self, up_to: int | None = None) -> int:
        """Delete delivered messages (``sequence <= up_to`` if given); return how many went.

        A message's sequence is ``xid * 2**32 + n`` (:meth:`message`): what is left keeps it,
        and an undelivered row is never deleted.
        """
        from ordercore.ports.retention import check_up_to  # noqa: PLC0415 - one block

        limit = check_up_to(up_to)
        with self.connection() as connection:
            if limit is None:
                deleted = connection.execute(
                    "DELETE FROM ordercore_outbox WHERE delivered_at IS NOT NULL"
                )
            else:
                high, low = str(limit >> 32), limit & 0xFFFFFFFF
                deleted = connection.execute(
                    "DELETE FROM ordercore_outbox WHERE delivered_at IS NOT NULL "
                    "AND (xid < %s::text::xid8 OR (xid = %s::text::xid8 AND n <= %s))",
                    (high, high, low),
                )
            return int(deleted.rowcount)

    def expire_idempotency_keys(self, before: Any) -> int:
        """Delete the idempotency records recorded before ``before``; return how many went.

        ``before`` is a timezone-aware instant. A record's instant is the one its command ran
        at (migration 0012; a record put without one has its commit's ``now()``); one with
        none (stored before migration 0009) goes too.
        """
        from ordercore.ports.retention import epoch_microseconds  # noqa: PLC0415 - one block

        cutoff = epoch_microseconds(before)  # refuses a naive or non-datetime ``before``
        with self.connection() as connection:
            deleted = connection.execute(
                "DELETE FROM ordercore_idempotency WHERE recorded_at IS NULL "
                "OR recorded_at < 'epoch'::timestamptz + %s * interval '1 microsecond'",
                (cutoff,),
            )
            return int(deleted.rowcount)
