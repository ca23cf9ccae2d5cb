"""The SQLite unit of work: reads through its own connection, stages, commits in one transaction.

The commit, inside ``BEGIN IMMEDIATE`` (SQLite's one write lock, so commits are serial):

1. the read set: every aggregate read but not written must still be at the version read;
2. the rows, in (collection, key) order: ``INSERT`` for an add (the primary key refuses a taken
   key), ``UPDATE ... WHERE version = base`` for a save (0 rows: somebody else won);
3. the idempotency records (the primary key refuses a second writer of one key);
4. the numbers drawn: the counter must still be where it was when the first was drawn;
5. the ledger movements, which must continue each SKU's ``seq`` without a gap (checked by
   the ``INSERT`` itself);
6. the outbox, whose positions are taken here, in commit order (above every position taken
   before, pruned ones included: see ``_OUTBOX``).

Any failure raises (:class:`ConcurrencyConflict` when another commit won a race) and rolls all
of it back.

The repositories, idempotency keys, numbers and ledger are the shared document views of
:mod:`ordercore.ports.documents` (no I/O); this module answers their queries of what is
committed, and commits.
"""

from __future__ import annotations

import sqlite3
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

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
from ordercore.ports.retention import epoch_microseconds
from ordercore.ports.staging import (
    json_staging,
    outbox_rows,
    sort_key,
)

if TYPE_CHECKING:
    from ordercore_sqlite.store import SqliteStore

__all__ = [
    "SqliteIdempotency",
    "SqliteLedger",
    "SqliteNumbers",
    "SqliteRepository",
    "SqliteUnitOfWork",
]

_VERSION = "SELECT version FROM ordercore_aggregates WHERE collection = ? AND key = ?"
_VERSIONS = (
    "SELECT a.collection, a.key, a.version FROM (VALUES {}) AS v CROSS JOIN "
    "ordercore_aggregates AS a ON a.collection = v.column1 AND a.key = v.column2"
)
"""The committed versions of many rows: a primary-key search per row (``CROSS JOIN`` keeps the
values outside; ``(collection, key) IN (VALUES ...)`` scans the whole table instead)."""
_ROW = "SELECT version, body FROM ordercore_aggregates WHERE collection = ? AND key = ?"
_RECORD = "SELECT fingerprint, result, recorded_at FROM ordercore_idempotency WHERE key = ?"
_NUMBER = "SELECT value FROM ordercore_numbers WHERE name = ?"
_LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM ordercore_ledger WHERE sku = ?"
_APPEND = (
    "INSERT INTO ordercore_ledger (sku, seq, body) VALUES (?1, CASE (SELECT ifnull(max(seq), 0) "
    "FROM ordercore_ledger WHERE sku = ?1) WHEN ?2 - 1 THEN ?2 END, ?3)"
)
"""A movement whose ``seq`` must be the next of its SKU's committed ones: else its ``seq`` is
NULL, which the table refuses (``IntegrityError``). Values, not ``INSERT ... SELECT``: a SELECT
from the table written makes SQLite stage its rows in a temporary table first."""
_MOVEMENTS = "SELECT body FROM ordercore_ledger WHERE sku = ? AND seq > ? ORDER BY seq"
_OUTBOX = (
    "INSERT INTO ordercore_outbox (position, id, body) VALUES ((SELECT max(position, "
    "(SELECT ifnull(max(position), 0) FROM ordercore_outbox)) + 1 FROM ordercore_outbox_floor), "
    "?, ?)"
)
"""A message at the next position: above every message kept and the floor pruning left (the
commit holds the write lock, so positions follow commit order; no ``AUTOINCREMENT``, whose
counter row was one more page written per commit: migration 4)."""


class SqliteUnitOfWork:
    """One unit of work on a :class:`SqliteStore`; open it with ``with``, then ``commit()``."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.connection: sqlite3.Connection | None = None
        self.absent: set[tuple[str, str]] = set()
        """The (collection, key) of rows this unit of work read and found missing."""
        self.staging = json_staging(store.codec, getattr(store, "decoded", None))
        self._repositories: dict[str, SqliteRepository] = {}

    def __enter__(self) -> Self:
        self.staging.clear()
        self.absent.clear()
        self.connection = self.store.checkout()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def db(self, operation: str) -> sqlite3.Connection:
        """The open connection, or :class:`UnitOfWorkClosed` outside ``with`` / after commit."""
        if self.connection is None:
            raise UnitOfWorkClosed(operation)
        return self.connection

    def repository(self, name: str) -> SqliteRepository:
        """The repository of collection ``name`` (one per collection and unit of work)."""
        # a repository holds only this unit of work and its collection: made once, not per call
        # (the Engine asks ~5 times a command; building it through the generic alias costs more)
        found = self._repositories.get(name)
        if found is None:
            found = DocumentRepository(self, self.store.collection(name))
            self._repositories[name] = found
        return found

    def __getattr__(self, name: str) -> SqliteRepository:
        # uow.orders, uow.stock, uow.payments, uow.invoices, uow.shipments, uow.tallies...
        if name != "store" and name in self.store.collections:
            return self.repository(name)
        raise AttributeError(name)

    @property
    def idempotency(self) -> SqliteIdempotency:
        """The idempotency keys, committed with the aggregates."""
        return DocumentIdempotency(self)  # the class: the alias's call costs more

    @property
    def numbers(self) -> SqliteNumbers:
        """Gapless numbers, taken in this unit of work's commit."""
        return DocumentNumbers(self)  # the class: the alias's call costs more

    @property
    def ledger(self) -> SqliteLedger:
        """The append-only stock ledger stream, committed with the aggregates."""
        return DocumentLedger(self)  # the class: the alias's call costs more

    # -- what is committed (the queries of :class:`ordercore.ports.documents.DocumentUnitOfWork`)

    def stored_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key``, or ``None`` (also for a key read missing here)."""
        if (collection, key) in self.absent:  # read here and found missing: a rival's add
            return None  # since then is the commit's INSERT to find (DuplicateEntity)
        return self.committed_version(collection, key)

    def committed_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key``, or ``None``, as the database has it now."""
        row = self.db("read").execute(_VERSION, (collection, key)).fetchone()
        return None if row is None else int(row[0])

    def known_version(self, collection: str, key: str) -> int | None:
        """The version ``key`` was read at in this unit of work, else the committed one.

        A row read here is not read again by ``save`` (one statement fewer per save, as the
        PostgreSQL store does): if a rival committed it since, the commit's
        ``UPDATE ... WHERE version = read`` finds out and raises the same conflict.
        """
        read = self.staging.reads.get((collection, key))
        return read if read is not None else self.committed_version(collection, key)

    def committed_row(self, collection: str, key: str) -> tuple[int, str] | None:
        """The committed (version, document) of ``key``, or ``None``."""
        row = self.db("find").execute(_ROW, (collection, key)).fetchone()
        if row is None:
            self.absent.add((collection, key))  # an add of it next needs no second look
            return None
        return (int(row[0]), row[1])

    def committed_where(self, collection: str, attribute: str, value: str) -> list[Any]:
        """(key, version, document) of the committed rows whose ``attribute`` is ``value``.

        ``order_id`` is an indexed column; other attributes are a JSON-path scan. The lookup by
        ``order_id`` names its index (``INDEXED BY``): without statistics SQLite's planner
        prefers the primary key's ``collection`` prefix, which walks every row of the collection
        (every payment ever stored), so a lookup would cost more each day the shop runs; named,
        the index is used or the statement fails loudly.
        """
        connection = self.db("where")
        if attribute == "order_id":
            return connection.execute(
                "SELECT key, version, body FROM ordercore_aggregates "
                "INDEXED BY ordercore_aggregates_by_order "
                "WHERE collection = ? AND order_id = ? ORDER BY key",
                (collection, value),
            ).fetchall()
        return connection.execute(
            "SELECT key, version, body FROM ordercore_aggregates WHERE collection = ? "
            "AND json_extract(body, '$.' || ?) = ? ORDER BY key",
            (collection, attribute, value),
        ).fetchall()

    def committed_record(self, key: str) -> tuple[str, str, int | None] | None:
        """The committed (fingerprint, result, recorded_at) under ``key``, or ``None``.

        ``recorded_at`` is in microseconds since the epoch (``epoch_microseconds``), or None.
        """
        return self.db("idempotency.get").execute(_RECORD, (key,)).fetchone()  # type: ignore[no-any-return]

    def committed_number(self, name: str) -> int:
        """The last number of ``name`` committed (0 for none)."""
        row = self.db("numbers.next").execute(_NUMBER, (name,)).fetchone()
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
            self.staging.check_saved(self.store.kinds)
            connection.execute("BEGIN IMMEDIATE")  # waits for the write lock (busy_timeout)
            try:
                self.write(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            self.rollback()

    def write(self, connection: sqlite3.Connection) -> None:
        """Every write of the commit, in the transaction the caller opened."""
        self._check_reads(connection)
        self._write_rows(connection)
        self._write_keys(connection)
        self._write_numbers(connection)
        self._write_ledger(connection)
        self.write_outbox(connection)

    def _kind(self, name: str) -> str:
        return self.store.collection(name).kind

    def _conflict(self, connection: sqlite3.Connection, slot: tuple[str, str], base: int) -> None:
        name, key = slot
        row = connection.execute(_VERSION, slot).fetchone()
        raise ConcurrencyConflict(self._kind(name), key, base, -1 if row is None else int(row[0]))

    def _check_reads(self, connection: sqlite3.Connection) -> None:
        reads = sorted(self.staging.checked_reads(), key=lambda r: sort_key(r[0]))
        if not reads:
            return
        # one statement for the whole read set (a SELECT per row read was ~a third of them)
        marks = ",".join(["(?,?)"] * len(reads))
        found = {
            (name, key): version
            for name, key, version in connection.execute(
                _VERSIONS.format(marks),
                [part for slot, _ in reads for part in slot],
            )
        }
        for slot, version in reads:
            if found.get(slot) != version:
                self._conflict(connection, slot, version)

    def _write_rows(self, connection: sqlite3.Connection) -> None:
        for slot in sorted(self.staging.rows, key=sort_key):
            name, key = slot
            staged = self.staging.rows[slot]
            if staged.base is None:
                try:
                    connection.execute(
                        "INSERT INTO ordercore_aggregates "
                        "(collection, key, version, order_id, body) VALUES (?, ?, ?, ?, ?)",
                        (name, key, staged.version, staged.order_id, staged.body),
                    )
                except sqlite3.IntegrityError:
                    raise DuplicateEntity(self._kind(name), key) from None
                continue
            # order_id is left out of the SET when it is unchanged (the row says so): SQLite
            # rewrites an index entry whose column is SET even to the same value, one more WAL
            # page per save of a payment, invoice or shipment
            updated = connection.execute(
                "UPDATE ordercore_aggregates SET version = ?, body = ? "
                "WHERE collection = ? AND key = ? AND version = ? AND order_id IS ?",
                (staged.version, staged.body, name, key, staged.base, staged.order_id),
            )
            if updated.rowcount != 1:  # its order_id changed, or somebody else saved it
                updated = connection.execute(
                    "UPDATE ordercore_aggregates SET version = ?, order_id = ?, body = ? "
                    "WHERE collection = ? AND key = ? AND version = ?",
                    (staged.version, staged.order_id, staged.body, name, key, staged.base),
                )
            if updated.rowcount != 1:  # somebody else saved it since we read it
                self._conflict(connection, slot, staged.base)

    def _write_keys(self, connection: sqlite3.Connection) -> None:
        codec = self.store.codec
        for key in sorted(self.staging.keys):
            record = self.staging.keys[key]
            row = connection.execute(
                "SELECT fingerprint FROM ordercore_idempotency WHERE key = ?", (key,)
            ).fetchone()
            if row is not None and row[0] != record.fingerprint:
                raise IdempotencyKeyReused(key, row[0], record.fingerprint)
            if row is not None:  # another request with this key committed first: retry
                raise ConcurrencyConflict("idempotency key", key, 0, 1)
            at = record.recorded_at
            connection.execute(
                "INSERT INTO ordercore_idempotency (key, fingerprint, result, recorded_at) "
                "VALUES (?, ?, ?, ?)",
                (
                    key,
                    record.fingerprint,
                    codec.dumps(record.result),
                    None if at is None else epoch_microseconds(at),
                ),
            )

    def _write_numbers(self, connection: sqlite3.Connection) -> None:
        for name in sorted(self.staging.numbers):
            base, drawn = self.staging.numbers[name]
            if base == 0:
                try:
                    connection.execute(
                        "INSERT INTO ordercore_numbers (name, value) VALUES (?, ?)", (name, drawn)
                    )
                except sqlite3.IntegrityError:
                    raise ConcurrencyConflict("number sequence", name, base, -1) from None
                continue
            updated = connection.execute(
                "UPDATE ordercore_numbers SET value = ? WHERE name = ? AND value = ?",
                (base + drawn, name, base),
            )
            if updated.rowcount != 1:
                raise ConcurrencyConflict("number sequence", name, base, -1)

    def _write_ledger(self, connection: sqlite3.Connection) -> None:
        codec = self.store.codec
        for sku in sorted(self.staging.movements):
            moved = self.staging.movements[sku]
            for n, movement in enumerate(moved):  # pulled from aggregates unchecked
                if movement.seq != moved[0].seq + n:
                    raise LedgerOutOfSequence(sku, movement.seq, moved[0].seq + n)
            try:
                # the INSERT checks that each row continues the SKU's seq (no SELECT of the last
                # seq first: one statement fewer per SKU and commit)
                connection.executemany(_APPEND, [(sku, m.seq, codec.dumps(list(m))) for m in moved])
            except sqlite3.IntegrityError:  # a rival committed movements of this SKU first
                (last,) = connection.execute(_LAST_SEQ, (sku,)).fetchone()
                raise ConcurrencyConflict("ledger", sku, moved[0].seq - 1, int(last)) from None

    def write_outbox(self, connection: sqlite3.Connection) -> None:
        """Append the staged events to the outbox (positions taken now, in commit order)."""
        rows = outbox_rows(self.store.codec, self.staging.events)
        try:
            connection.executemany(_OUTBOX, rows)
        except sqlite3.IntegrityError:
            ids = [new_id for new_id, _ in rows]
            marks = ", ".join("?" * len(ids))
            found = connection.execute(
                f"SELECT id FROM ordercore_outbox WHERE id IN ({marks})",  # noqa: S608 - marks only
                ids,
            ).fetchall()
            taken = {row[0] for row in found}
            # the first taken id in this commit's order (rows before it were this commit's own)
            first = next((i for i in ids if i in taken), ids[0])
            raise DuplicateEntity("outbox message", first) from None

    def rollback(self) -> None:
        """Forget every staged change and give the connection back; the database is unchanged."""
        if self.connection is not None:
            connection, self.connection = self.connection, None
            self.store.checkin(connection)
        self.staging.clear()
        self.absent.clear()


SqliteRepository = DocumentRepository[SqliteUnitOfWork]
"""The repository of one collection inside one :class:`SqliteUnitOfWork`."""
SqliteIdempotency = DocumentIdempotency[SqliteUnitOfWork]
"""The idempotency keys seen through one unit of work (staged records included)."""
SqliteNumbers = DocumentNumbers[SqliteUnitOfWork]
"""Gapless numbers: drawn in the unit of work, the counter moved only by its commit."""
SqliteLedger = DocumentLedger[SqliteUnitOfWork]
"""The stock ledger stream: movements per SKU with a contiguous ``seq``, append-only."""
