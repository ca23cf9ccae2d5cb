"""The PostgreSQL unit of work: reads that queue on what they will write, a pipelined commit.

**Reads.** Every ``get``/``find`` of an aggregate (and every draw of a number) first takes a
transaction-scoped advisory lock named after the row (``ordercore_queue``, migration 0003), then
reads the row: a second unit of work reading the same row waits until the first ends, then
reads what it committed. Workers on a hot SKU therefore queue instead of deciding on the same
version and failing at commit. ``BEGIN`` (the first time), the lock and the read go in one round
trip (``ordercore_read``, migration 0004, one prepared statement). A wait is bounded by the
store's ``lock_wait``; when it runs out (a holder that does not end, such as two units of work
of one thread) the row is read without the lock, and the unit of work reads without locks from
then on: the locks only spare conflicts, correctness never rests on them (see the commit). A
lock that sorts before one the unit of work holds is waited for a tenth of ``lock_wait`` only,
so a cycle of readers (each has such a wait) ends soon (:meth:`PostgresUnitOfWork.queued_read`).
Advisory locks take no transaction id, so a reading unit of work never holds back the outbox
(below). Reading an order also reads, in the same statement (``ordercore_read_order``,
migration 0005), the rows of the other collections that belong to it (``order_id``); this unit
of work answers later reads of them, and ``for_order`` queries of that order, from that read.
A ``for_order`` query of an order not read yet reads it that way too, and the first read of a
unit of work, of a row that belongs to an order (a shipment), reads that order and its rows
under the order's lock (``ordercore_read_owned``, migration 0007). A caller about to read
several rows of one collection (the Engine's ``Session.stock_of``: the stock of an order's
SKUs) may say so first: :meth:`PostgresUnitOfWork.read_ahead` reads them in one round trip,
each under its lock in key order (``ordercore_read_many``, migration 0011).

**Commit**, in the same ``READ COMMITTED`` transaction and in one round trip: every write goes,
as one ``jsonb`` payload with the aggregates' documents in a ``json`` array beside it, to one call
of ``ordercore_commit`` (migrations 0006 and 0010: the function's statements keep their plans,
and each document is stored as ``json``, validated but not parsed into ``jsonb``), followed by
``COMMIT`` in the same script. Each write checks itself: a write that touched fewer rows than it
had to raises ``ordercore_expect: ...`` (as ``ordercore_expect`` of migration 0003 does, which
statements added with :meth:`Script.expect` still use), whose error aborts the transaction
before its ``COMMIT`` and names the step, so the unit of work rolls back and raises what that
step means:

1. numbers drawn, ``UPDATE ... WHERE value = base`` on the counter row (0 rows: a rival commit
   took them first: ConcurrencyConflict, also for a key made from such a number);
2. every row read or written, in (collection, key) order: ``INSERT ... ON CONFLICT DO NOTHING``
   for an add (0 rows: the key is taken), ``UPDATE ... WHERE version = base`` for a save
   (0 rows: a rival commit won), ``SELECT ... WHERE version = read FOR SHARE`` for a row only
   read (it must not have moved, and no rival may change it until this commit ends);
3. idempotency keys, ``INSERT ... ON CONFLICT DO NOTHING``: a rival holding the key makes this
   insert wait for the rival's commit, then do nothing; the stored fingerprint then tells
   :class:`IdempotencyKeyReused` from a retryable :class:`ConcurrencyConflict`. No statement
   fails but the checks, so the transaction never aborts on a ``UniqueViolation`` half-way;
4. ledger movements of each SKU, inserted only if they continue its ``seq``;
5. the outbox: each message with ``pg_current_xact_id()`` and its index in the commit. No
   shared row is written: readers order by transaction id and read only below their
   snapshot's xmin (see migration 0002 and :meth:`PostgresStore.pending`).

Row locks are always taken in that order (numbers by name, rows by key, keys by key), so two
commits never wait for each other in a cycle; read locks are advisory and bounded, so a cycle
through them ends at ``lock_wait``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from types import TracebackType
from typing import Any, NoReturn, Self

import psycopg

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.documents import (
    DocumentIdempotency,
    DocumentLedger,
    DocumentNumbers,
    DocumentRepository,
)
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    LedgerOutOfSequence,
    UnitOfWorkClosed,
)
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.retention import epoch_microseconds
from ordercore.ports.staging import (
    json_staging,
    outbox_rows,
    sort_key,
)
from ordercore_postgres.store import CHANNEL, Connection, PostgresStore

__all__ = [
    "PostgresIdempotency",
    "PostgresLedger",
    "PostgresNumbers",
    "PostgresRepository",
    "PostgresUnitOfWork",
]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact JSON of the payload's own fields (keys, names, versions)."""

_VERSION = "SELECT version FROM ordercore_aggregates WHERE collection = %s AND key = %s"
_ROW = "SELECT version, body::text FROM ordercore_aggregates WHERE collection = %s AND key = %s"
_NUMBER = "SELECT value FROM ordercore_numbers WHERE name = %s"
_QUEUE = "SELECT ordercore_queue(%s, %s)"
_READ = "SELECT locked, version, body FROM ordercore_read(%s, %s, %s, %s)"
_READ_ORDER = (
    "SELECT locked, collection, key, version, body FROM ordercore_read_order(%s, %s, %s, %s, %s)"
)
_READ_OWNED = (
    "SELECT locked, collection, key, version, body FROM ordercore_read_owned(%s, %s, %s, %s, %s)"
)
_READ_MANY = "SELECT locked, key, version, body FROM ordercore_read_many(%s, %s, %s, %s)"
_ROWS = (
    "SELECT key, version, body::text FROM ordercore_aggregates "
    "WHERE collection = %s AND key = ANY(%s)"
)
_ORDER_ROWS = (
    "SELECT true, collection, key, version, body::text FROM ordercore_aggregates "
    "WHERE (collection = %s AND key = %s) OR (collection = ANY(%s) AND order_id = %s) "
    "ORDER BY collection = %s DESC, collection, key"
)
ORDERS = "orders"
"""The collection whose reads also read the rows that belong to the order (``order_id``)."""
_RECORD = (
    "SELECT fingerprint, result::text, (extract(epoch FROM recorded_at) * 1000000)::bigint "
    "FROM ordercore_idempotency WHERE key = %s"
)
_LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM ordercore_ledger WHERE sku = %s"
_MOVEMENTS = "SELECT body::text FROM ordercore_ledger WHERE sku = %s AND seq > %s ORDER BY seq"


class Script:
    """The statements of one commit, bound on the client and sent as one string.

    The writes of a commit go, as one jsonb payload and the rows' documents beside it, to
    ``ordercore_commit`` (migrations 0006 and 0010):
    :meth:`number`, :meth:`row`, :meth:`key`, :meth:`ledger` and :meth:`outbox` add them, each
    with what it raises when it wrote fewer rows than it had to. :meth:`run` and
    :meth:`expect` add statements of their own, sent before that call.
    """

    SECTIONS = ("numbers", "rows", "keys", "ledger")
    """The payload's step sections, in the order ``ordercore_commit`` writes them (the
    outbox, one step, comes last)."""

    def __init__(
        self, connection: Connection, binder: psycopg.ClientCursor[Any] | None = None
    ) -> None:
        self.binder = binder or psycopg.ClientCursor(connection)
        self.statements: list[str] = []
        self.failures: list[Callable[[], NoReturn]] = []
        """What each checked step raises when it wrote fewer rows than it had to: the steps
        of :meth:`expect` first, then those of the payload, in the order it is written."""
        self.items: dict[str, list[str]] = {name: [] for name in self.SECTIONS}
        """The JSON of each payload item, by section."""
        self.fails: dict[str, list[Callable[[], NoReturn]]] = {name: [] for name in self.SECTIONS}
        self.bodies: list[str | None] = []
        """The document of each item of the ``rows`` section, in order (None: a row only read);
        sent beside the payload, stored as ``json`` as it is (migration 0010)."""
        self.messages: list[str] = []
        self.messages_fail: Callable[[], NoReturn] | None = None
        self.notify: str | None = None

    def run(self, query: str, params: Sequence[object] = ()) -> None:
        """Add ``query`` with ``params`` bound."""
        self.statements.append(self.binder.mogrify(query, params))

    def expect(
        self,
        query: str,
        params: Sequence[object],
        rows: int,
        fail: Callable[[], NoReturn],
        *,
        returning: bool = True,
    ) -> None:
        """Add ``query``, which must write (or lock) ``rows`` rows, else ``fail()`` says why.

        ``returning`` adds ``RETURNING 1`` (a ``SELECT ... FOR SHARE`` takes none).
        """
        step = len(self.failures)
        self.failures.append(fail)
        tail = " RETURNING 1" if returning else ""
        self.run(
            f"WITH written AS ({query}{tail}) "  # noqa: S608 - the query is one of ours
            f"SELECT ordercore_expect(count(*), {int(rows)}, {step}) FROM written",
            params,
        )

    def number(self, name: str, base: int, value: int, fail: Callable[[], NoReturn]) -> None:
        """Move counter ``name`` from ``base`` (0: a new counter) to ``value``."""
        self.items["numbers"].append(_dumps([name, base, value]))
        self.fails["numbers"].append(fail)

    def row(
        self,
        kind: str,
        slot: tuple[str, str],
        version: int,
        base: int | None,
        order_id: str | None,
        body: str | None,
        fail: Callable[[], NoReturn],
    ) -> None:
        """An aggregate row of kind ``"r"``, ``"i"`` or ``"u"``.

        ``"r"``: read at ``version`` (locked, must not have moved); ``"i"``: added;
        ``"u"``: changed from ``base``. ``body`` is its JSON document (None for ``"r"``).
        """
        self.items["rows"].append(_dumps([kind, slot[0], slot[1], version, base, order_id]))
        self.bodies.append(body)
        self.fails["rows"].append(fail)

    def key(
        self,
        key: str,
        fingerprint: str,
        result: str,
        recorded_at: int | None,
        fail: Callable[[], NoReturn],
    ) -> None:
        """An idempotency key with its fingerprint, result (JSON) and instant (migration 0012).

        ``recorded_at``: microseconds since the epoch (``epoch_microseconds``), or ``None``.
        """
        self.items["keys"].append(
            f"{_dumps([key, fingerprint])[:-1]},{result},{_dumps(recorded_at)}]"
        )
        self.fails["keys"].append(fail)

    def ledger(
        self, sku: str, first: int, movements: list[str], fail: Callable[[], NoReturn]
    ) -> None:
        """The movements (JSON) of ``sku`` from ``seq`` ``first`` on, if they follow its last."""
        self.items["ledger"].append(f"[{_dumps(sku)},{int(first)},[{','.join(movements)}]]")
        self.fails["ledger"].append(fail)

    def outbox(
        self, messages: list[tuple[str, str]], notify: str | None, fail: Callable[[], NoReturn]
    ) -> None:
        """The outbox messages (id, event JSON), in order; ``notify`` a channel or None."""
        self.messages = [f"[{_dumps(new_id)},{body}]" for new_id, body in messages]
        self.messages_fail = fail
        self.notify = notify

    def payload(self) -> str:
        """The argument of ``ordercore_commit``; its steps join :attr:`failures`."""
        step = len(self.failures)
        for name in self.SECTIONS:
            self.failures.extend(self.fails[name])
        if self.messages_fail is not None:
            self.failures.append(self.messages_fail)
        items = self.items
        return (
            f'{{"step":{step},"numbers":[{",".join(items["numbers"])}],'
            f'"rows":[{",".join(items["rows"])}],"keys":[{",".join(items["keys"])}],'
            f'"ledger":[{",".join(items["ledger"])}],"outbox":[{",".join(self.messages)}],'
            f'"notify":{_dumps(self.notify)}}}'
        )

    def text(self) -> str:
        """The whole script: the statements, then ``ordercore_commit``."""
        bodies = ",".join("null" if body is None else body for body in self.bodies)
        call = self.binder.mogrify(
            "SELECT ordercore_commit(%s::jsonb, %s::json)", (self.payload(), f"[{bodies}]")
        )
        return ";\n".join([*self.statements, call])

    def failed_step(self, error: psycopg.Error) -> int | None:
        """The step an ``ordercore_expect`` error names, or None for any other error."""
        message = error.diag.message_primary or ""
        detail = error.diag.message_detail or ""
        if message.startswith("ordercore_expect:") and detail.isdigit():
            return int(detail)
        return None


def aggregate_lock(collection: str, key: str) -> str:
    """The name of the read lock of an aggregate row (hashed with the schema)."""
    return f"/aggregate/{collection}/{key}"


def number_lock(name: str) -> str:
    """The name of the read lock of a number counter (hashed with the schema)."""
    return f"/number/{name}"


class PostgresUnitOfWork:
    """One unit of work on a :class:`PostgresStore`; open it with ``with``, then ``commit()``."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.connection: Connection | None = None
        self.staging = json_staging(store.codec, getattr(store, "decoded", None))
        self.in_transaction = False
        """True from this unit of work's ``BEGIN`` to its ``COMMIT`` or ``ROLLBACK``."""
        self.queueing = False
        """True while reads take their advisory locks (off after a wait ran out)."""
        self.highest_lock: str | None = None
        """The highest-named read lock this unit of work waited for and holds."""
        self.script: Script | None = None
        """The commit being written (between ``commit``'s start and its round trip)."""
        self.order_rows: dict[str, list[tuple[str, str, int, str]]] = {}
        """The rows (collection, key, version, document) of each order read in this unit of
        work, read with it; later reads of them, and its ``for_order`` queries, use these."""
        self.read_with_order: dict[tuple[str, str], tuple[int, str]] = {}
        """The same rows by (collection, key)."""
        self.read_absent: set[tuple[str, str]] = set()
        """The (collection, key) of rows this unit of work read and found missing."""
        self.ahead: dict[tuple[str, str], tuple[int, str] | None] = {}
        """Rows read ahead (:meth:`read_ahead`), by (collection, key): (version, document),
        or None for a row found missing; their reads are answered from here."""
        self.cursor: psycopg.Cursor[Any] | None = None
        """A cursor on the connection, reused by this unit of work's reads (None: closed)."""
        self.binder: psycopg.ClientCursor[Any] | None = None
        """A cursor that binds on the client: the first read (with ``BEGIN``), the commit."""

    def __enter__(self) -> Self:
        self.staging.clear()
        self.forget_order_rows()
        self.connection = self.store.acquire()
        self.cursor = self.connection.cursor()
        self.binder = psycopg.ClientCursor(self.connection)
        self.queueing = self.store.queues
        self.highest_lock = None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def fetch(self, operation: str, query: str, params: Sequence[object]) -> psycopg.Cursor[Any]:
        """The reused cursor, having run ``query`` (UnitOfWorkClosed naming ``operation``)."""
        if self.cursor is None:
            raise UnitOfWorkClosed(operation)
        return self.cursor.execute(query, params)

    def bind(self, connection: Connection) -> psycopg.ClientCursor[Any]:
        """The reused cursor that binds on the client."""
        if self.binder is None:
            self.binder = psycopg.ClientCursor(connection)
        return self.binder

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

    # -- reads ----------------------------------------------------------------------------------

    def queued_read(self, lock: str, query: str, params: tuple[str, ...]) -> Any:
        """The first row of ``query``, read after this unit of work holds the lock ``lock``.

        ``BEGIN`` (the first time), the lock and the query travel in one round trip. If the wait
        runs out (``ordercore_queue`` returns false), the row is read without the lock, and so
        are the rows read after it in this unit of work.

        Locks are waited for in name order: a lock that sorts before the highest one this unit
        of work holds is waited for a tenth of ``lock_wait`` only, then the row is read without
        it (the commit's version check decides) and queueing goes on. Readers can wait for each
        other in a cycle only through such a wait (each cycle has one), so a cycle of readers
        on hot rows ends after a tenth of ``lock_wait``, while a holder that commits in that
        time is still waited for (its row read after its commit: no work thrown away).
        """
        connection = self.db("read")
        if not self.queueing:
            return self.fetch("read", query, params).fetchone()
        cursor = self.bind(connection)
        script = [] if self.in_transaction else ["BEGIN"]
        behind = self.behind(lock)
        script.append(cursor.mogrify(_QUEUE, (lock, self.wait_ms(behind))))
        script.append(cursor.mogrify(query, params))
        self.in_transaction = True
        cursor.execute(";".join(script), prepare=False)
        if len(script) == 3:
            cursor.nextset()  # BEGIN's
        locked = cursor.fetchone()
        self.took(lock, behind, locked is not None and bool(locked[0]))
        cursor.nextset()
        return cursor.fetchone()

    def behind(self, lock: str) -> bool:
        """Whether ``lock`` sorts before the highest read lock this unit of work holds."""
        return self.highest_lock is not None and lock < self.highest_lock

    def wait_ms(self, behind: bool) -> int:
        """How long to wait for a lock: ``lock_wait``, a tenth of it for a lock behind."""
        return max(1, self.store.lock_wait_ms // 10) if behind else self.store.lock_wait_ms

    def took(self, lock: str, behind: bool, locked: bool) -> None:
        """Note the outcome of taking ``lock``: the highest held, or queueing off.

        Queueing stops after a wait ran out; a short wait for a lock behind that ran out
        changes neither.
        """
        if locked and not behind:
            self.highest_lock = lock
        elif not locked and not behind:
            self.queueing = False

    def committed_row(self, collection: str, key: str) -> tuple[int, str] | None:
        """The committed (version, document) of ``key``, read once its queue lock is held.

        A key found missing is remembered: adding it next (``stored_version``) needs no
        second round trip (the commit's ``INSERT ... ON CONFLICT DO NOTHING`` still finds a
        rival that took it since).
        """
        row = self.read_row(collection, key)
        if row is None:
            self.read_absent.add((collection, key))
        return row

    def read_row(self, collection: str, key: str) -> tuple[int, str] | None:
        """The committed (version, document) of ``key``, read once its queue lock is held.

        One prepared statement, ``ordercore_read`` (migration 0004), takes the lock and reads
        the row; the unit of work's first read sends ``BEGIN`` in the same round trip. An order
        is read with its rows (:meth:`read_order`); a row read with its order is not read again.
        """
        connection = self.db("find")
        slot = (collection, key)
        if slot in self.read_with_order or slot in self.ahead:  # read already: as read then
            return self.read_with_order.get(slot) or self.ahead[slot]
        if collection == ORDERS and self.store.order_family:
            if key in self.order_rows:  # read with its rows already, and found missing
                return None
            row = self.read_order(connection, key)
            self.remember_order(key, row)
            return row
        if not self.queueing:
            found = connection.execute(_ROW, (collection, key)).fetchone()
            return None if found is None else (int(found[0]), found[1])
        if self.highest_lock is None and collection in self.store.order_family:
            owned = self.read_owned(connection, collection, key)
            if owned is not None:
                return owned[0]
        lock = aggregate_lock(collection, key)
        behind = self.behind(lock)
        params = (lock, self.wait_ms(behind), collection, key)
        if self.in_transaction:
            row = self.fetch("find", _READ, params).fetchone()
        else:
            cursor = self.bind(connection)
            self.in_transaction = True
            cursor.execute("BEGIN;" + cursor.mogrify(_READ, params), prepare=False)
            cursor.nextset()  # BEGIN's
            row = cursor.fetchone()
        if row is None:  # ordercore_read always returns one row
            raise psycopg.DataError("ordercore_read returned no row")
        self.took(lock, behind, bool(row[0]))
        return None if row[1] is None else (int(row[1]), row[2])

    def read_ahead(self, collection: str, keys: Sequence[str]) -> None:
        """Read the rows ``keys`` of ``collection`` in one round trip, before their reads come.

        For a caller about to read several rows of one collection (the stock of an order's
        SKUs): each is read as :meth:`read_row` would read it, in key order, under its queue
        lock (``ordercore_read_many``, migration 0011), and its later read here needs no round
        trip (handed out, and checked by the commit, at the version read now, as if read at
        that moment; no rival that queues can change it while this unit of work holds the
        lock). Keys already read, staged or read ahead are skipped; fewer than two left, or a
        first lock that sorts before one this unit of work holds, and nothing is read ahead
        (the reads then go one by one, as without this call). It changes nothing: a key read
        ahead and never read is in no read set.
        """
        connection = self.db("read")
        done = self.read_with_order.keys() | self.ahead.keys() | self.staging.rows.keys()
        wanted = sorted({key for key in keys if (collection, key) not in done})
        if len(wanted) < 2:  # one key: its own read is one round trip too
            return
        if not self.queueing:
            found = {
                str(key): (int(version), str(body))
                for key, version, body in connection.execute(_ROWS, (collection, wanted))
            }
            for key in wanted:
                self.ahead[(collection, key)] = found.get(key)
            return
        locks = [aggregate_lock(collection, key) for key in wanted]
        if self.behind(locks[0]):
            return
        params = (locks, self.store.lock_wait_ms, collection, wanted)
        rows = self.queued_rows(connection, _READ_MANY, params)
        if len(rows) != len(wanted):  # ordercore_read_many returns one row per key
            raise psycopg.DataError("ordercore_read_many returned a row per key, not")
        for lock, (locked, key, version, body) in zip(locks, rows, strict=True):
            self.took(lock, False, bool(locked))  # noqa: FBT003 - in order: never behind
            self.ahead[(collection, str(key))] = None if version is None else (int(version), body)

    def queued_rows(self, connection: Connection, query: str, params: tuple[object, ...]) -> Any:
        """Every row of the queued read ``query`` (the first read sends ``BEGIN`` with it)."""
        if self.in_transaction:
            return self.fetch("find", query, params).fetchall()
        cursor = self.bind(connection)
        self.in_transaction = True
        cursor.execute("BEGIN;" + cursor.mogrify(query, params), prepare=False)
        cursor.nextset()  # BEGIN's
        return cursor.fetchall()

    def read_owned(
        self, connection: Connection, collection: str, key: str
    ) -> tuple[tuple[int, str] | None] | None:
        """A row of an order's collection, read with its order and the order's rows.

        ``ordercore_read_owned`` (migration 0007) looks up the row's order; when it has one,
        the order is read with its rows under the order's queue lock (:meth:`read_order`),
        and the row is answered from them; else the row is read under its own lock. Only the
        first queued read of a unit of work goes this way (no lock held yet, so none is taken
        out of name order). The row, in a 1-tuple; None when the row left its order between
        the look-up and the read (then it is read again on its own).
        """
        family = list(self.store.order_family)
        lock = aggregate_lock(collection, key)
        rows = self.queued_rows(
            connection, _READ_OWNED, (lock, self.store.lock_wait_ms, collection, key, family)
        )
        if not rows:  # ordercore_read_owned always returns a first row
            raise psycopg.DataError("ordercore_read_owned returned no row")
        first = rows[0]
        if first[1] != ORDERS:  # the row has no order: read on its own lock
            self.took(lock, False, bool(first[0]))  # noqa: FBT003 - not behind: none held
            return (None if first[3] is None else (int(first[3]), first[4]),)
        owner = str(first[2])
        self.took(aggregate_lock(ORDERS, owner), False, bool(first[0]))  # noqa: FBT003
        self.remember_order(owner, self.keep_order_rows(owner, rows))
        found = self.read_with_order.get((collection, key))
        return None if found is None else (found,)

    def keep_order_rows(self, order_id: str, rows: list[Any]) -> tuple[int, str] | None:
        """Keep the rows read with order ``order_id``; return the order's own row, or None.

        ``rows`` are (locked, collection, key, version, body): the order's first, then its rows.
        """
        family_rows = [(str(c), str(k), int(v), str(b)) for _, c, k, v, b in rows[1:]]
        self.order_rows[order_id] = family_rows
        for collection, key, version, body in family_rows:
            self.read_with_order[(collection, key)] = (version, body)
        order = rows[0]
        return None if order[3] is None else (int(order[3]), order[4])

    def read_order(self, connection: Connection, order_id: str) -> tuple[int, str] | None:
        """The committed (version, document) of order ``order_id``, read with its rows.

        The rows of the store's other collections whose ``order_id`` is ``order_id`` come in the
        same round trip (``ordercore_read_order``, migration 0005, after the order's queue
        lock is held): most commands on an order read some of them next. They are kept for this
        unit of work only, each handed out (and checked by the commit) at the version read
        here, as if read at this moment; a row read with its order takes no queue lock of its
        own (the order's lock, which every command on the order takes first, queues them).
        """
        family = list(self.store.order_family)
        if not self.queueing:
            params: tuple[object, ...] = (ORDERS, order_id, family, order_id, ORDERS)
            rows = connection.execute(_ORDER_ROWS, params).fetchall()
            if not rows or rows[0][1] != ORDERS:
                rows.insert(0, (True, ORDERS, order_id, None, None))
        else:
            lock = aggregate_lock(ORDERS, order_id)
            behind = self.behind(lock)
            params = (lock, self.wait_ms(behind), ORDERS, order_id, family)
            rows = self.queued_rows(connection, _READ_ORDER, params)
            if not rows:  # ordercore_read_order always returns the order's row first
                raise psycopg.DataError("ordercore_read_order returned no row")
            self.took(lock, behind, bool(rows[0][0]))
        return self.keep_order_rows(order_id, rows)

    def remember_order(self, order_id: str, row: tuple[int, str] | None) -> None:
        """Keep the order's own row, read with its rows, for later reads and adds of it.

        A ``for_order`` query of an order not read yet reads it with its rows too, so a later
        ``get`` of the order, or an ``add`` of it (``place_order``), needs no round trip.
        """
        if row is None:
            self.read_absent.add((ORDERS, order_id))
        else:
            self.read_with_order[(ORDERS, order_id)] = row

    def stored_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key``, or ``None`` (a row read here before: as read)."""
        if (collection, key) in self.read_with_order:
            return self.read_with_order[(collection, key)][0]
        if (collection, key) in self.ahead:
            ahead = self.ahead[(collection, key)]
            return None if ahead is None else ahead[0]
        if (collection, key) in self.read_absent:
            return None
        row = self.fetch("read", _VERSION, (collection, key)).fetchone()
        return None if row is None else int(row[0])

    def known_version(self, collection: str, key: str) -> int | None:
        """The version ``key`` was read at in this unit of work, else the committed one.

        A row read here is not read again by ``save``: if a rival committed it since, the
        commit's ``UPDATE ... WHERE version = read`` finds out.
        """
        read = self.staging.reads.get((collection, key))
        return read if read is not None else self.stored_version(collection, key)

    def committed_where(self, collection: str, attribute: str, value: str) -> list[Any]:
        """(key, version, document) of the committed rows whose ``attribute`` is ``value``.

        ``order_id`` is an indexed column; other attributes compare ``body->>attribute``. The
        rows of an order read in this unit of work are those read with it (:meth:`read_order`).
        """
        connection = self.db("where")
        if (
            attribute == "order_id"
            and value not in self.order_rows
            and collection in self.store.order_family
        ):
            self.remember_order(value, self.read_order(connection, value))
        if attribute == "order_id" and value in self.order_rows:
            return sorted(
                (key, version, body)
                for name, key, version, body in self.order_rows[value]
                if name == collection
            )
        if attribute == "order_id":
            return connection.execute(
                "SELECT key, version, body::text FROM ordercore_aggregates "
                "WHERE collection = %s AND order_id = %s ORDER BY key",
                (collection, value),
            ).fetchall()
        return connection.execute(
            "SELECT key, version, body::text FROM ordercore_aggregates "
            "WHERE collection = %s AND body->>%s = %s ORDER BY key",
            (collection, attribute, value),
        ).fetchall()

    def committed_record(self, key: str) -> tuple[str, str, int | None] | None:
        """The committed (fingerprint, result, recorded_at) under ``key``, or ``None``.

        ``recorded_at`` is in microseconds since the epoch (``epoch_microseconds``), or None.
        """
        row = self.db("idempotency.get").execute(_RECORD, (key,)).fetchone()
        return None if row is None else (row[0], row[1], None if row[2] is None else int(row[2]))

    def committed_number(self, name: str) -> int:
        """The last number of ``name`` committed, read once its queue lock is held (0: none)."""
        row = self.queued_read(number_lock(name), _NUMBER, (name,))
        return 0 if row is None else int(row[0])

    def committed_seq(self, sku: str) -> int:
        """The last ledger ``seq`` committed for ``sku`` (0 for none)."""
        row = self.db("ledger.append").execute(_LAST_SEQ, (sku,)).fetchone()
        return 0 if row is None else int(row[0])

    def committed_movements(self, sku: str, after: int) -> list[str]:
        """The committed movements of ``sku`` above ``after`` (JSON), in ``seq`` order."""
        rows = self.db("ledger.rows").execute(_MOVEMENTS, (sku, after)).fetchall()
        return [row[0] for row in rows]

    # -- commit ---------------------------------------------------------------------------------

    def commit(self) -> None:
        """Write every staged change in one transaction, or raise and write nothing."""
        connection = self.db("commit")
        try:
            kinds = {name: c.kind for name, c in self.store.collections.items()}
            self.staging.check_saved(kinds)
            self.script = Script(connection, self.bind(connection))
            if not self.in_transaction:
                self.script.run("BEGIN")
                self.in_transaction = True
            self.write(connection)
            try:
                self.bind(connection).execute(self.script.text() + ";\nCOMMIT", prepare=False)
            except psycopg.errors.RaiseException as error:
                step = self.script.failed_step(error)
                if step is None:
                    raise
                self.end("ROLLBACK")
                self.script.failures[step]()
            self.in_transaction = False
        finally:
            self.script = None
            self.rollback()

    @property
    def writing(self) -> Script:
        """The script of the commit being written; only inside :meth:`commit`."""
        if self.script is None:
            raise UnitOfWorkClosed("write")
        return self.script

    def end(self, statement: str) -> None:
        """End this unit of work's transaction with ``COMMIT`` or ``ROLLBACK``."""
        self.highest_lock = None  # the transaction's locks end with it
        if self.in_transaction:
            self.in_transaction = False
            self.db(statement).execute(statement)

    def write(self, connection: Connection) -> None:
        """Send every write of the commit, inside the transaction and pipeline of ``commit``."""
        # numbers first: a rival that took the same number (and so the same new key, such as a
        # shipment id) is a ConcurrencyConflict to retry, not a DuplicateEntity from the rows
        self._write_numbers(connection)
        self._write_rows(connection)
        self._write_keys(connection)
        self._write_ledger(connection)
        self.write_outbox(connection)

    def _kind(self, name: str) -> str:
        return self.store.collection(name).kind

    def _conflict(self, slot: tuple[str, str], base: int) -> NoReturn:
        row = self.db("commit").execute(_VERSION, slot).fetchone()
        actual = None if row is None else int(row[0])
        raise ConcurrencyConflict(
            self._kind(slot[0]), slot[1], base, -1 if actual is None else actual
        )

    def _write_rows(self, connection: Connection) -> None:
        script = self.writing
        reads = dict(self.staging.checked_reads())
        rows = self.staging.rows
        for slot in sorted(rows.keys() | reads.keys(), key=sort_key):
            staged = rows.get(slot)
            if staged is None:  # read, not written: lock it and check it did not move
                base = reads[slot]
                script.row("r", slot, base, None, None, None, partial(self._conflict, slot, base))
            elif staged.base is None:
                fail = partial(self._duplicate, *slot)
                script.row("i", slot, staged.version, None, staged.order_id, staged.body, fail)
            else:
                fail = partial(self._conflict, slot, staged.base)
                script.row(
                    "u", slot, staged.version, staged.base, staged.order_id, staged.body, fail
                )

    def _duplicate(self, name: str, key: str) -> NoReturn:
        raise DuplicateEntity(self._kind(name), key)

    def _write_keys(self, connection: Connection) -> None:
        codec = self.store.codec
        for key in sorted(self.staging.keys):
            record = self.staging.keys[key]
            result = codec.dumps(record.result)
            at = None if record.recorded_at is None else epoch_microseconds(record.recorded_at)
            self.writing.key(key, record.fingerprint, result, at, partial(self._key_taken, record))

    def _key_taken(self, record: IdempotencyRecord) -> NoReturn:
        row = (
            self.db("commit")
            .execute("SELECT fingerprint FROM ordercore_idempotency WHERE key = %s", (record.key,))
            .fetchone()
        )
        if row is not None and row[0] != record.fingerprint:
            raise IdempotencyKeyReused(record.key, row[0], record.fingerprint)
        raise ConcurrencyConflict("idempotency key", record.key, 0, 1)  # retry: recall the result

    def _write_numbers(self, connection: Connection) -> None:
        for name in sorted(self.staging.numbers):
            base, drawn = self.staging.numbers[name]
            self.writing.number(name, base, base + drawn, partial(self._numbers_taken, name, base))

    def _numbers_taken(self, name: str, base: int) -> NoReturn:
        row = self.db("commit").execute(_NUMBER, (name,)).fetchone()
        raise ConcurrencyConflict("number sequence", name, base, -1 if row is None else int(row[0]))

    def _write_ledger(self, connection: Connection) -> None:
        dumps = self.store.codec.dumps
        for sku in sorted(self.staging.movements):
            moved = self.staging.movements[sku]
            for n, movement in enumerate(moved):  # pulled from aggregates unchecked
                if movement.seq != moved[0].seq + n:
                    raise LedgerOutOfSequence(sku, movement.seq, moved[0].seq + n)
            first = moved[0].seq
            bodies = [dumps(list(movement)) for movement in moved]
            self.writing.ledger(sku, first, bodies, partial(self._ledger_moved, sku, first))

    def _ledger_moved(self, sku: str, first: int) -> NoReturn:
        row = self.db("commit").execute(_LAST_SEQ, (sku,)).fetchone()
        raise ConcurrencyConflict("ledger", sku, first - 1, 0 if row is None else int(row[0]))

    def write_outbox(self, connection: Connection) -> None:
        """Append the events to the outbox under this transaction's id, in staging order."""
        rows = outbox_rows(self.store.codec, self.staging.events)
        if not rows:
            return
        taken = partial(self._messages_taken, [new_id for new_id, _ in rows])
        self.writing.outbox(rows, CHANNEL if self.store.notify else None, taken)

    def _messages_taken(self, ids: list[str]) -> NoReturn:
        rows = (
            self.db("commit")
            .execute("SELECT id FROM ordercore_outbox WHERE id = ANY(%s) ORDER BY id", (ids,))
            .fetchall()
        )
        raise DuplicateEntity("outbox message", rows[0][0] if rows else ids[0])

    def rollback(self) -> None:
        """Forget every staged change and give the connection back; the database is unchanged."""
        if self.connection is not None:
            try:
                self.end("ROLLBACK")
            finally:
                connection, self.connection = self.connection, None
                self.cursor = self.binder = None
                self.store.release(connection)
        self.staging.clear()
        self.forget_order_rows()

    def forget_order_rows(self) -> None:
        """Drop the rows read with orders (a unit of work's reads end with it)."""
        self.order_rows.clear()
        self.read_with_order.clear()
        self.read_absent.clear()
        self.ahead.clear()


PostgresRepository = DocumentRepository[PostgresUnitOfWork]
"""The repository of one collection inside one :class:`PostgresUnitOfWork`."""
PostgresIdempotency = DocumentIdempotency[PostgresUnitOfWork]
"""The idempotency keys seen through one unit of work (staged records included)."""
PostgresNumbers = DocumentNumbers[PostgresUnitOfWork]
"""Gapless numbers: drawn in the unit of work, the counter moved only by its commit."""
PostgresLedger = DocumentLedger[PostgresUnitOfWork]
"""The stock ledger stream: movements per SKU with a contiguous ``seq``, append-only."""
