"""The in-memory unit of work and repositories: stage changes, then commit them atomically.

Repositories thaw isolated copies from the :class:`MemoryStore` (read-your-own-writes inside the
unit of work) and stage ``add``/``save`` after checking keys and versions, so a stale save fails
at once (after :meth:`MemoryUnitOfWork.hand_over`, a save of an aggregate this unit of work read
at the expected version is not looked up again: if a rival committed it since, the commit's
check of its base version fails instead, with the same ``ConcurrencyConflict``); staging freezes
the aggregate (its one copy in) after pulling its events (outbox) and movements (ledger). Every
aggregate handed out from the store joins the read set.
:meth:`MemoryUnitOfWork.commit` checks everything again under the store's lock (versions of what
it writes and of what it only read, idempotency keys, numbers drawn, ledger order) and writes
the aggregates, their events, ledger rows, numbers and idempotency records in one step.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, ClassVar, Literal, Self

import attrs
import pendulum

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.copies import copy
from ordercore.kernel.errors import ConcurrencyConflict, NotFound, WrongType
from ordercore.kernel.events import EventSink
from ordercore.memory.ledger import MemoryLedger
from ordercore.memory.numbers import MemoryNumbers
from ordercore.memory.snapshots import thaw
from ordercore.memory.store import Changes, MemoryStore, Row
from ordercore.ports.codec import JsonValue
from ordercore.ports.errors import LedgerOutOfSequence, UnitOfWorkClosed
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.repositories import Collection
from ordercore.ports.staging import Staging, aggregate_version

__all__ = ["MemoryIdempotency", "MemoryRepository", "MemoryUnitOfWork"]

MemoryStaged = tuple[Row, int | None]
"""A staged row of the memory store: the frozen aggregate and the version it was read at."""


def _versions(staged: MemoryStaged) -> tuple[int, int | None]:
    return staged[0].version, staged[1]


@attrs.define
class MemoryUnitOfWork:
    """One unit of work on a :class:`MemoryStore`; open it with ``with``, then ``commit()``.

    It reopens (:class:`~ordercore.ports.unit_of_work.Reopens`): after a commit or a rollback
    it holds nothing of that attempt, and ``with`` opens it again as a new one.
    """

    reopens: ClassVar[Literal[True]] = True
    """It may be opened again after it ends (the Engine keeps one for its next command)."""

    store: MemoryStore
    """The store it reads from and commits to."""
    # None until the first __enter__: a unit of work never opened has a new, clear staging
    _open: bool | None = attrs.field(default=None, init=False)
    _saves_every_change: bool = attrs.field(default=False, init=False, repr=False)
    _handing_over: bool = attrs.field(default=False, init=False, repr=False)
    # made by the first repository() (the Engine's session reads and writes without one)
    _repositories: dict[str, MemoryRepository] | None = attrs.field(
        default=None, init=False, repr=False
    )
    staging: Staging[MemoryStaged] = attrs.field(init=False)
    """What it has staged, read and drawn (the bookkeeping every store shares)."""
    # the store's two row makers and its version lookup, bound once (it is reopened): staging
    # switches between the two per command, and each add and save is checked with the third
    _freeze: Any = attrs.field(init=False, repr=False, eq=False)
    _keep: Any = attrs.field(init=False, repr=False, eq=False)
    _version_of: Any = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # built here, not by an attrs factory (no takes_self wrapper). The staged rows are
        # made by the store's own method (no freezer object per unit of work, and nothing in
        # the staging points back at this unit of work: a finished one is freed by reference
        # counting at once)
        store = self.store
        self._freeze, self._keep = store.freeze_row, store.keep_row
        self._version_of = store.version_of
        self.staging = Staging(self._freeze, _versions)

    def __enter__(self) -> Self:
        if self._open is None:  # never opened: nothing to clear (the Engine's case, ~1k saved)
            self._open = True
            return self
        staging = self.staging
        if (
            staging.rows
            or staging.reads
            or staging.handed_out
            or staging.events
            or staging.keys
            or staging.numbers
            or staging.movements
        ):  # a new unit of work, or one after commit or rollback, is clear already (~2k saved)
            staging.clear()
        if self._handing_over or self._saves_every_change:  # left by a commit that raised
            self._stop_handing_over()
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._open:
            self.rollback()

    @property
    def _staged(self) -> dict[tuple[str, str], MemoryStaged]:
        return self.staging.rows

    def require_open(self, operation: str) -> None:
        """Raise :class:`UnitOfWorkClosed` unless inside ``with`` and before commit/rollback."""
        if not self._open:
            raise UnitOfWorkClosed(operation)

    def repository(self, name: str) -> MemoryRepository:
        """The repository of collection ``name`` (one per collection and unit of work)."""
        # only str names are ever put there (an unhashable name is refused by collection());
        # a get, not a try: the first use of each collection in every unit of work misses
        repositories = self._repositories
        if repositories is None:
            repositories = self._repositories = {}
        found = repositories.get(name) if isinstance(name, str) else None
        if found is None:
            found = MemoryRepository(self, self.store.collection(name))
            repositories[name] = found
        return found

    @property
    def orders(self) -> MemoryRepository:
        """The orders."""
        return self.repository("orders")

    @property
    def stock(self) -> MemoryRepository:
        """Stock per SKU (``StockItem`` keyed by ``sku``), with its reservations."""
        return self.repository("stock")

    @property
    def payments(self) -> MemoryRepository:
        """The payments."""
        return self.repository("payments")

    @property
    def invoices(self) -> MemoryRepository:
        """The invoices and credit notes."""
        return self.repository("invoices")

    @property
    def shipments(self) -> MemoryRepository:
        """The shipments."""
        return self.repository("shipments")

    @property
    def idempotency(self) -> MemoryIdempotency:
        """The idempotency keys, committed with the aggregates."""
        return MemoryIdempotency(self)

    @property
    def ledger(self) -> MemoryLedger:
        """The append-only ledger stream (stock movements per SKU), committed with the rest."""
        return MemoryLedger(self)

    @property
    def numbers(self) -> MemoryNumbers:
        """Gapless number sequences: a number is taken only if this unit of work commits."""
        return MemoryNumbers(self)

    def hand_over(self, *, saves_every_change: bool = False) -> None:
        """Keep every aggregate staged from now on as it is, instead of a copy of it.

        The caller promises never to touch an object it stages after this call again (not to
        change it, not to hand it to anyone who might): the store keeps that very object as
        the staged row and, after commit, as the stored state, and every read still thaws a
        new copy from it. The Engine's ``Session`` calls it in ``flush``, because it drops
        every aggregate it staged when the command ends. It lasts until the unit of work
        commits or rolls back; a refused commit or a rollback changes nothing, as ever.
        Callers that keep using their objects after ``save`` never call it and keep every
        isolation guarantee (a change after ``save`` never reaches the store).

        A caller that hands over stages and then commits, so from now on a ``save`` of an
        aggregate this unit of work read at the expected version is not looked up in the store
        again: a rival's commit since that read is found by the commit's check of the base
        version (the same :class:`ConcurrencyConflict`, naming the same versions, nothing
        written) instead of by the ``save``.

        With ``saves_every_change`` the caller also promises to save every aggregate it changes
        before it commits (the ``Session`` saves each whose version moved, and an aggregate
        records no event without moving its version), so the commit does not look through the
        objects handed out for unsaved changes (:class:`UnsavedChanges`) as it otherwise does.
        """
        if not self._open:  # require_open, without the call (once per command)
            raise UnitOfWorkClosed("hand_over")
        self._handing_over = True
        self.staging.row = self._keep
        self._saves_every_change = saves_every_change

    def _stop_handing_over(self) -> None:
        """Stage copies again (the end of :meth:`hand_over`, at commit, rollback or a new start)."""
        if self._handing_over:
            self._handing_over = False
            self.staging.row = self._freeze
        self._saves_every_change = False

    def commit(self) -> None:
        """Write every staged aggregate, its events, ledger rows, numbers and keys at once."""
        if not self._open:  # require_open, without the call (once per command)
            raise UnitOfWorkClosed("commit")
        staging = self.staging
        handed = False  # whether a Changes holding parts of the staging went to the store
        try:
            store = self.store
            if staging.handed_out and not self._saves_every_change:
                staging.check_saved(store.kinds())
            if type(store).apply is not MemoryStore.apply:
                handed = True
                # a store that overrides apply (a test's broken adapter) is handed its Changes
                store.apply(
                    Changes(
                        rows=staging.rows,
                        events=tuple(staging.events),
                        idempotency=staging.keys,
                        movements=staging.movements,
                        reads=staging.reads,
                        numbers=staging.numbers,
                    )
                )
            elif (
                staging.rows
                or staging.reads
                or staging.keys
                or staging.numbers
                or staging.movements
                or staging.events
            ):  # else nothing read, staged or drawn: nothing to check or write (no lock taken)
                store.apply_staged(
                    staging.rows,
                    staging.events,
                    staging.keys,
                    staging.movements,
                    staging.reads,
                    staging.numbers,
                )
        finally:
            self._open = False
            if self._handing_over:  # _stop_handing_over(), without the call (every command)
                self._handing_over = False
                staging.row = self._freeze
            self._saves_every_change = False
            if self._repositories:
                self._repositories.clear()  # they point back at this unit of work: let them go
            if handed:
                staging.clear()  # what the store was handed stays as it was given
            else:
                staging.let_go()  # apply_staged wrote copies of what the parts hold

    def rollback(self) -> None:
        """Forget every staged change; the store stays as it was."""
        self._open = False
        self._stop_handing_over()
        if self._repositories:
            self._repositories.clear()  # they point back at this unit of work: let them go
        self.staging.let_go()  # nobody was handed a part of it

    # -- a repository's reads and writes, by collection name (FindsByName) -------------------
    # The repositories' find/add/save are these; the Engine's session calls them directly,
    # which spares building a repository handle per collection and command (~3.5k each).

    def find_in(self, name: str, key: str) -> Any | None:
        """An isolated copy of the aggregate of collection ``name`` under ``key``, or ``None``."""
        # the hottest read of a command: the store's fetch and thaw inline (two calls fewer)
        store = self.store
        table = store._tables.get(name) if name.__class__ is str else None
        if table is None:
            store.collection(name)  # raises: an unknown collection is refused first
        if not self._open:  # require_open, without the call
            raise UnitOfWorkClosed("find")
        staging = self.staging
        slot = (name, key)
        staged = staging.rows.get(slot)
        if staged is not None:
            entity = thaw(staged[0])
            staging.read_out(name, key, entity, None)
            return entity
        lock = store._lock  # MemoryStore.fetch: the table's row under the store's lock
        lock.acquire()
        try:
            row = table.get(key)  # type: ignore[union-attr]  # a known collection has a table
        finally:
            lock.release()
        if row is None:
            return None
        entity = copy(row._state)  # thaw(row): the row's state is private to the memory store
        # staging.read_out(name, key, entity, row.version), without the call (every read)
        staging.reads.setdefault(slot, row.version)
        now = getattr(entity, "version", None)
        if now.__class__ is not int:  # the common case is an int, checked in one step
            now = aggregate_version(entity)
        staging.handed_out[slot] = (entity, now)
        if getattr(entity, "sink", False) is None:  # attach(entity); False: no sink field
            sinks = staging.sinks
            if sinks:  # one staging let go, made new (no new object: ~1k instructions)
                sink = sinks.pop()
                sink.renew(entity.events)
                entity.sink = sink
            else:
                entity.sink = EventSink(entity.events)
        return entity

    def measure_in(
        self, name: str, key: str, kind: type[Any], measure: Callable[..., int], *args: object
    ) -> int | None:
        """What ``measure(aggregate, *args)`` counts on the ``kind`` under ``key``, uncopied.

        For a command that only counts something on an aggregate (the units a stock item holds
        for a line): ``measure`` reads the stored (or staged) state itself, so no isolated copy
        is made for a read whose object would be thrown away. The aggregate joins the read set
        at the version it was read at, as a :meth:`find_in` does (a rival's commit since then
        fails this unit of work's commit); it is not handed out. ``measure`` must only read
        what it is given, and it returns an ``int`` (checked: nothing of the stored state
        leaves this call). ``None`` when there is nothing to measure in place (no such
        aggregate, or not a ``kind``): the caller then reads it as usual, which says why.
        """
        store = self.store
        table = store._tables.get(name) if name.__class__ is str else None
        if table is None:
            store.collection(name)  # raises: an unknown collection is refused first
        if not self._open:  # require_open, without the call
            raise UnitOfWorkClosed("find")
        staging = self.staging
        slot = (name, key)
        staged = staging.rows.get(slot)
        if staged is not None:
            state = staged[0]._state
        else:
            lock = store._lock  # MemoryStore.fetch: the table's row under the store's lock
            lock.acquire()
            try:
                row = table.get(key)  # type: ignore[union-attr]  # a known collection has a table
            finally:
                lock.release()
            if row is None:
                return None
            state = row._state
            if isinstance(state, kind):
                staging.reads.setdefault(slot, row.version)
        if not isinstance(state, kind):
            return None
        counted = measure(state, *args)
        if counted.__class__ is not int:  # only a count leaves: never a part of the state
            # its class named, not the value itself (which may be a part of the stored state)
            raise WrongType("measure", type(counted), "a measure of a stored aggregate is an int")
        return counted

    def add_in(self, name: str, entity: Any) -> None:
        """Stage a new aggregate of collection ``name``; :class:`DuplicateEntity` if taken."""
        collection = self.store.collection(name)
        if not self._open:  # require_open, without the call
            raise UnitOfWorkClosed("add")
        key = self.staging.check_add(collection, entity, self._version_of)
        self.stage(name, key, entity, None)

    def save_in(self, name: str, entity: Any, expected_version: int) -> None:
        """Stage a changed aggregate of ``name`` read at ``expected_version``; else a conflict."""
        # MemoryStore.collection(name), the known name without the call (a save per change)
        collection = self.store._by_name.get(name) if name.__class__ is str else None
        if collection is None:
            collection = self.store.collection(name)  # raises: no such collection
        if not self._open:  # require_open, without the call
            raise UnitOfWorkClosed("save")
        key, base = self.staging.check_save(
            collection,
            entity,
            expected_version,
            self._version_of,
            trust_reads=self._handing_over,  # the caller commits next (hand_over)
        )
        try:  # stage(), without the call (a save per change)
            self.staging.stage(name, key, entity, base, self._append_movements)
        except LedgerOutOfSequence:
            self._check_base(name, key, base)  # a stale save is a conflict, as it always was
            raise

    def for_order_in(self, name: str, order_id: str) -> list[Any]:
        """Copies of the aggregates of ``name`` whose ``order_id`` is ``order_id``, by key."""
        return self.where_in(name, "order_id", order_id)

    def where_in(self, name: str, attribute: str, value: object) -> list[Any]:
        """Copies of the aggregates of ``name`` whose ``attribute`` equals ``value``, by key.

        Staged ones included (they win over the committed ones); each joins the read set.
        """
        store = self.store
        if (store._by_name.get(name) if name.__class__ is str else None) is None:
            store.collection(name)  # raises: an unknown collection is refused first
        if not self._open:  # require_open, without the call
            raise UnitOfWorkClosed("where")
        staging = self.staging
        staged = staging.rows
        found: dict[str, tuple[Any, int | None]] = {}  # key -> (copy, version read or None)
        for key, row in store.select_rows(name, attribute, value):
            if (name, key) not in staged:
                found[key] = (thaw(row), row.version)
        if staged:  # the staged ones win over the committed ones (and may join)
            for key, row in self.staged_rows(name):
                known = row.value(attribute, row)
                entity = thaw(row) if known is row or known == value else None
                if entity is not None and getattr(entity, attribute, None) == value:
                    found[key] = (entity, None)
        for key, (entity, version) in found.items():
            staging.read_out(name, key, entity, version)
        return [found[key][0] for key in sorted(found)]

    # -- used by the repositories, the ledger and the numbers ----------------------------------

    def frozen_row(self, name: str, entity: object, version: int, base: int | None) -> MemoryStaged:
        """The staged row of ``entity``: frozen (its one copy in), with its indexed values.

        After :meth:`hand_over` the row keeps ``entity`` itself (no copy in).
        """
        return self.staging.row(name, entity, version, base)

    def staged(self, name: str, key: str) -> tuple[Row, int | None] | None:
        """The staged row and base version of ``key``, if this unit of work staged it."""
        return self.staging.rows.get((name, key))

    def staged_rows(self, name: str) -> list[tuple[str, Row]]:
        """(key, row) of every aggregate of collection ``name`` this unit of work staged."""
        rows = self.staging.rows.items()
        return [(key, row) for (staged, key), (row, _) in rows if staged == name]

    def remember(self, name: str, key: str, entity: object) -> None:
        """Note an aggregate handed out, to catch changes that were never saved."""
        self.staging.hand_out(name, key, entity)

    def note_read(self, name: str, key: str, version: int) -> None:
        """Add ``key`` to the read set at the ``version`` it was first read from the store."""
        self.staging.read(name, key, version)

    def stage(self, name: str, key: str, entity: object, base: int | None) -> None:
        """Freeze ``entity`` after pulling its events (outbox) and movements (ledger).

        Movements pulled from the aggregate are appended to the ledger under its key, each
        ``seq`` checked to follow the last (staged or committed) before anything is staged.
        """
        try:
            self.staging.stage(name, key, entity, base, self._append_movements)
        except LedgerOutOfSequence:
            self._check_base(name, key, base)  # a stale save is a conflict, as it always was
            raise

    def _check_base(self, name: str, key: str, base: int | None) -> None:
        """Raise what a save's early check raises if ``key`` is no longer at version ``base``.

        A save of an aggregate read at the expected version is not looked up again, so its
        movements may meet a rival's ledger rows first: that is the rival's commit, a retryable
        :class:`ConcurrencyConflict` (``NotFound`` if it is gone), not a ledger out of sequence.
        """
        if base is None:
            return
        kind, current = self.store.collection(name).kind, self.store.version_of(name, key)
        if current is None:
            raise NotFound(kind, key)
        if current != base:
            raise ConcurrencyConflict(kind, key, base, current)

    def _append_movements(self, sku: str, movements: list[Movement]) -> None:
        """Stage an aggregate's own movements under its key, once each ``seq`` follows the last.

        :meth:`Staging.append`, as the SQL stores' ledgers do: ``sku`` is the checked key of the
        aggregate and the rows its journal's own ``Movement`` values, so the checks
        :meth:`MemoryLedger.append` makes of a caller's input (the unit of work open, the SKU a
        str, each row a ``Movement``) would check again what is checked (a ledger view and its
        checks per stock save: ~1.3k instructions). The commit checks them against the store.
        """
        self.staging.append(sku, movements, lambda: self.store.ledger_last(sku))

    def stage_key(self, record: IdempotencyRecord) -> None:
        """Stage an idempotency record."""
        self.staging.keys[record.key] = record

    def staged_key(self, key: str) -> IdempotencyRecord | None:
        """The idempotency record this unit of work staged under ``key``, if any."""
        return self.staging.keys.get(key)

    def staged_movements(self, sku: str) -> list[Movement]:
        """The ledger rows of ``sku`` this unit of work staged (a copy; empty if none)."""
        return list(self.staging.movements.get(sku, ()))

    def stage_movements(self, sku: str, movements: list[Movement]) -> None:
        """Stage checked ledger rows of ``sku`` (used by :class:`MemoryLedger`)."""
        if movements:
            self.staging.movements.setdefault(sku, []).extend(movements)

    def draw(self, name: str) -> int:
        """Draw the next number of sequence ``name``; the commit takes it (or conflicts)."""
        return self.staging.draw(name, lambda: self.store.number_of(name))


@attrs.define
class MemoryRepository:
    """The repository of one collection inside one :class:`MemoryUnitOfWork`.

    A handle that is never changed after it is made (mutable only because a frozen attrs class
    costs twice as much to build, and a unit of work builds one per collection it uses).
    """

    uow: MemoryUnitOfWork
    """The unit of work it stages into."""
    collection: Collection
    """The collection it serves."""

    def find(self, key: str) -> Any | None:
        """An isolated copy of the aggregate under ``key`` (staged or stored), or ``None``."""
        return self.uow.find_in(self.collection.name, key)

    def get(self, key: str) -> Any:
        """An isolated copy of the aggregate under ``key``; :class:`NotFound` if there is none."""
        entity = self.find(key)
        if entity is None:
            raise NotFound(self.collection.kind, key)
        return entity

    def add(self, entity: Any) -> None:
        """Stage a new aggregate; :class:`DuplicateEntity` if its key is taken."""
        self.uow.add_in(self.collection.name, entity)

    def save(self, entity: Any, expected_version: int) -> None:
        """Stage a changed aggregate read at ``expected_version``; else ConcurrencyConflict."""
        self.uow.save_in(self.collection.name, entity, expected_version)

    def for_order(self, order_id: str) -> list[Any]:
        """Copies of the aggregates whose ``order_id`` is ``order_id`` (payments, invoices)."""
        return self.uow.where_in(self.collection.name, "order_id", order_id)

    def where(self, attribute: str, value: object) -> list[Any]:
        """Copies of the aggregates whose ``attribute`` equals ``value``, staged ones included."""
        return self.uow.where_in(self.collection.name, attribute, value)


@attrs.frozen
class MemoryIdempotency:
    """The idempotency keys seen through one unit of work (staged records included)."""

    uow: MemoryUnitOfWork
    """The unit of work it stages into."""

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record under ``key``, staged or stored, or ``None``."""
        self.uow.require_open("idempotency.get")
        return self.uow.staging.record(key, lambda: self.uow.store.record(key))

    def put(
        self,
        key: str,
        fingerprint: str,
        result: JsonValue,
        recorded_at: pendulum.DateTime | None = None,
    ) -> None:
        """Stage ``result`` under ``key``, recorded at ``recorded_at`` (when the command ran).

        A key stored with another command raises :class:`IdempotencyKeyReused`. A key a racing
        unit of work committed first, with the same command, raises :class:`ConcurrencyConflict`
        (retryable: the retry finds the stored result); putting one key twice in one unit of
        work is :class:`DuplicateEntity`.
        """
        self.uow.require_open("idempotency.put")
        self.uow.staging.put(
            key, fingerprint, result, lambda: self.uow.store.record(key), recorded_at
        )
