"""The in-memory store: the reference adapter and the oracle every other adapter must agree with.

It enforces everything a database adapter must: versions (optimistic concurrency), checks on
what a unit of work read (its read set), unique keys, unique outbox message ids, atomic commits,
outbox order, idempotency keys, gapless number sequences and the gapless ledger stream. It is
thread-safe: one lock guards every read and every commit, so threads that share a store behave
like connections to one database.

Stored aggregates are frozen (:mod:`ordercore.memory.snapshots`): a unit of work freezes an
aggregate once when it stages it (a structural copy nobody else holds), the store keeps that copy
as it is, and every read thaws a new one, so changing an object you hold changes the store only
through ``save`` and ``commit``. Queries go through an index per collection and attribute
(``order_id`` always), so they cost what they find. :meth:`MemoryStore.apply` checks everything
first and then writes under an undo log: any exception between two writes
(``KeyboardInterrupt`` included) restores what was written, so a commit is applied whole or not
at all.

A host that keeps a big store in memory for a long time: the store keeps every aggregate,
outbox event and ledger row alive as Python objects (about 150 per order of the Engine's
workflow), and each *full* run of CPython's cyclic garbage collector walks all of them; full runs
come about every 25% of heap growth, so their cost per order is flat on average but arrives in
lumps that grow with the store (``benchmarks/engine.py`` prints each tenth of a run with and
without the collector). ordercore never touches the collector (it is the host's process); a
host may call ``gc.freeze()`` after loading or warming up, and now and then after, so that full
runs walk only what is new (frozen objects are still freed by reference counting; only
reference cycles among them are never collected). ``engine.py --host-gc`` measures that as a
separate row.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.clock import instant
from ordercore.kernel.copies import copy
from ordercore.kernel.errors import ConcurrencyConflict, ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.memory.indexes import AttributeIndex
from ordercore.memory.snapshots import Frozen, thaw
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.errors import DuplicateEntity, IdempotencyKeyReused
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import OutboxMessage, message_ids
from ordercore.ports.repositories import Collection
from ordercore.ports.retention import check_up_to
from ordercore.ports.sequences import format_number

if TYPE_CHECKING:
    from ordercore.memory.unit_of_work import MemoryUnitOfWork

__all__ = ["ALWAYS_INDEXED", "Changes", "MemoryStore", "Row", "StoreSnapshot"]

ALWAYS_INDEXED = ("order_id",)
"""Attributes every collection is indexed by from the start (``for_order``)."""

_MISSING = object()
(_ORDER_ID,) = ALWAYS_INDEXED  # keep_row's common case (one name: checked at import)
_new_row = object.__new__  # keep_row's rows (Row.__init__ is the one other maker of a Row)


class Row(Frozen):
    """One aggregate as the store keeps it (and as a unit of work stages it).

    It is its own frozen state (one object per stored aggregate, not a tuple around a box: the
    garbage collector walks every object the store keeps alive), with the values of the indexed
    attributes as a tuple beside the store's tuple of their names (no dict per row).
    """

    __slots__ = ("attributes", "indexed", "version")

    version: int
    """Its version."""
    attributes: tuple[str, ...]
    """The names of the attributes indexed when it was frozen (the store's tuple, shared)."""
    indexed: tuple[object, ...]
    """Their values when it was frozen, in the same order."""

    def __init__(
        self,
        state: object,
        version: int,
        attributes: tuple[str, ...] = (),
        indexed: tuple[object, ...] = (),
    ) -> None:
        self._state = state  # Frozen.__init__, without the call (a row per staged aggregate)
        self.version = version
        self.attributes = attributes
        self.indexed = indexed

    @property
    def frozen(self) -> Frozen:
        """Its state, frozen when it was staged (for :func:`thaw`)."""
        return self

    @property
    def values(self) -> Mapping[str, object]:
        """The values of its indexed attributes when it was frozen, by name."""
        return dict(zip(self.attributes, self.indexed, strict=True))

    def value(self, attribute: str, default: object = None) -> object:
        """The value ``attribute`` had when it was frozen; ``default`` if it was not indexed."""
        attributes = self.attributes
        if attributes and attributes[0] == attribute:  # the common case: order_id, first
            return self.indexed[0]
        try:
            return self.indexed[attributes.index(attribute)]
        except ValueError:
            return default


@attrs.frozen(kw_only=True)
class StoreSnapshot:
    """Everything a store holds, as comparable values (for tests: "a rollback changes nothing")."""

    rows: Mapping[tuple[str, str], Any]
    """Stored aggregates by (collection, key)."""
    outbox: tuple[OutboxMessage, ...]
    """Every message the store keeps (committed and not pruned), in sequence order."""
    delivered: frozenset[str]
    """Ids of the kept messages that are marked delivered."""
    idempotency: Mapping[str, IdempotencyRecord]
    """Idempotency records by key."""
    ledger: Mapping[str, tuple[Movement, ...]] = attrs.field(factory=dict)
    """The ledger stream: every committed movement per SKU, in ``seq`` order."""
    numbers: Mapping[str, int] = attrs.field(factory=dict, eq=False)
    """The last number taken per sequence name (compare it explicitly: numbers taken with
    ``MemoryStore.next`` outside a unit of work may advance while the rest stays equal)."""


@attrs.frozen(kw_only=True)
class Changes:
    """What one unit of work asks to commit; ``base`` is None for an add, else the read version."""

    rows: Mapping[tuple[str, str], tuple[Row, int | None]]
    """(collection, key) → (the staged row, base version or None for a new one)."""
    events: tuple[DomainEvent, ...]
    """The events of the saved aggregates, in the order they were saved."""
    idempotency: Mapping[str, IdempotencyRecord]
    """New idempotency records by key."""
    movements: Mapping[str, Sequence[Movement]] = attrs.field(factory=dict)
    """Ledger rows to append per SKU, in ``seq`` order, continuing the SKU's committed rows."""
    reads: Mapping[tuple[str, str], int] = attrs.field(factory=dict)
    """The read set: (collection, key) → the version it was first read at from the store."""
    numbers: Mapping[str, tuple[int, int]] = attrs.field(factory=dict)
    """Numbers taken: name → (the last number when the first was drawn, how many drawn)."""


@attrs.define
class MemoryStore:
    """A thread-safe in-memory store of aggregates, outbox, idempotency keys and sequences."""

    collections: tuple[Collection, ...] = ORDERCORE_COLLECTIONS
    """The kinds of aggregate it stores (by default everything the Engine keeps)."""
    _lock: threading.RLock = attrs.field(factory=threading.RLock, init=False, repr=False)
    _by_name: dict[str, Collection] = attrs.field(factory=dict, init=False, repr=False)
    _tables: dict[str, dict[str, Row]] = attrs.field(factory=dict, init=False, repr=False)
    _indexes: dict[str, dict[str, AttributeIndex]] = attrs.field(
        factory=dict, init=False, repr=False
    )
    _indexed: dict[str, tuple[str, ...]] = attrs.field(factory=dict, init=False, repr=False)
    _kinds: dict[str, str] = attrs.field(factory=dict, init=False, repr=False)
    _kinds_view: Mapping[str, str] = attrs.field(init=False, repr=False)
    # the outbox as two parallel lists (message ids, events) of the messages kept: message i
    # has sequence _pruned + i + 1 (pruning drops a delivered prefix and adds its length to
    # _pruned, so sequences never change), and its OutboxMessage is built when it is read.
    # Delivery is a watermark: every message before _first_pending is delivered; _delivered
    # holds only the ids delivered out of order above it (it shrinks as the watermark passes
    # them). A delivered message above the watermark that was pruned keeps its slot with the
    # event None (dropped when the watermark passes it). _message_ids maps each kept id to its
    # index in the lists plus _pruned.
    _outbox_ids: list[str] = attrs.field(factory=list, init=False, repr=False)
    _outbox_events: list[DomainEvent | None] = attrs.field(factory=list, init=False, repr=False)
    _pruned: int = attrs.field(default=0, init=False, repr=False)
    _first_pending: int = attrs.field(default=0, init=False, repr=False)
    _message_ids: dict[str, int] = attrs.field(factory=dict, init=False, repr=False)
    _delivered: set[str] = attrs.field(factory=set, init=False, repr=False)
    _keys: dict[str, IdempotencyRecord] = attrs.field(factory=dict, init=False, repr=False)
    _numbers: dict[str, int] = attrs.field(factory=dict, init=False, repr=False)
    _ledger: dict[str, list[Movement]] = attrs.field(factory=dict, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._kinds_view = types.MappingProxyType(self._kinds)
        names = [collection.name for collection in self.collections]
        if len(set(names)) != len(names):
            raise ValidationError("collections", names, "collection names are unique")
        for collection in self.collections:
            self._by_name[collection.name] = collection
            self._tables[collection.name] = {}
            self._indexes[collection.name] = {
                attribute: AttributeIndex(attribute) for attribute in ALWAYS_INDEXED
            }
            self._indexed[collection.name] = ALWAYS_INDEXED
            self._kinds[collection.name] = collection.kind

    def collection(self, name: str) -> Collection:
        """The collection called ``name``; :class:`ValidationError` if the store has none."""
        found = self._by_name.get(name) if isinstance(name, str) else None
        if found is None:
            known = [collection.name for collection in self.collections]
            raise ValidationError("collection", name, f"this store keeps only {known}")
        return found

    def unit_of_work(self) -> MemoryUnitOfWork:
        """A new unit of work on this store (use it as ``with store.unit_of_work() as uow:``)."""
        # the class is imported on first use (a cycle) and kept in a global: a cached function
        # call per command cost ~600 instructions
        return (_UNIT_OF_WORK or _unit_of_work_class())(self)

    # -- the rows a unit of work stages ---------------------------------------------------------

    def freeze_row(
        self, name: str, entity: object, version: int, base: int | None
    ) -> tuple[Row, int | None]:
        """The staged row of ``entity`` (a ``Staging.row``): a copy, with its indexed values.

        The copy is the one copy in: nobody else holds it, so the store may keep it as it is.
        ``base`` is the version it was read at (``None`` for an add), staged beside the row.
        """
        return self.keep_row(name, copy(entity), version, base)

    def keep_row(
        self, name: str, entity: object, version: int, base: int | None
    ) -> tuple[Row, int | None]:
        """:meth:`freeze_row` without the copy: the row keeps ``entity`` itself.

        For a unit of work whose caller handed its objects over (``hand_over``): it never
        touches them again, so the object is the one copy.
        """
        try:
            attributes = self._indexed[name]  # a tuple, replaced whole when an index is added
        except (KeyError, TypeError):
            attributes = self.indexed(name)  # raises: no such collection
        indexed = (
            # the common case, order_id alone: the store's own tuple (no len() and subscript)
            (getattr(entity, _ORDER_ID, None),)
            if attributes is ALWAYS_INDEXED
            else tuple([getattr(entity, attribute, None) for attribute in attributes])
        )
        # Row.__init__ without the class call (a class call and a frame per staged row, ~500
        # instructions): a new row's slots written here, pinned equal to Row(...) by a test
        row = _new_row(Row)
        row._state = entity
        row.version = version
        row.attributes = attributes
        row.indexed = indexed
        return row, base

    # -- reads (frozen rows under the lock, thawed outside it) ---------------------------------

    def fetch(self, collection: str, key: str) -> Row | None:
        """The stored row of ``key`` (immutable), or ``None``."""
        try:
            table = self._tables[collection]  # only str names are ever put there
        except (KeyError, TypeError):
            table = self._tables[self.collection(collection).name]  # raises: no such collection
        lock = self._lock  # acquire/release: half the cost of a with block, the same guarantee
        lock.acquire()
        try:
            return table.get(key)
        finally:
            lock.release()

    def read(self, collection: str, key: str) -> Any | None:
        """An isolated copy of the aggregate stored under ``key``, or ``None``."""
        row = self.fetch(collection, key)
        return None if row is None else thaw(row.frozen)

    def version_of(self, collection: str, key: str) -> int | None:
        """The stored version of ``key``, or ``None`` if it is not stored."""
        try:  # fetch's body, without the call (each add checks its key is free)
            table = self._tables[collection]  # only str names are ever put there
        except (KeyError, TypeError):
            table = self._tables[self.collection(collection).name]  # raises: no such collection
        lock = self._lock
        lock.acquire()
        try:
            row = table.get(key)
        finally:
            lock.release()
        return None if row is None else row.version

    def indexed(self, collection: str) -> tuple[str, ...]:
        """The attributes ``collection`` is indexed by (a unit of work records their values)."""
        try:
            return self._indexed[collection]  # a tuple, replaced whole when an index is added
        except (KeyError, TypeError):
            return self._indexed[self.collection(collection).name]  # raises: no such collection

    def kinds(self) -> Mapping[str, str]:
        """The kind of aggregate each collection keeps, by collection name (read-only)."""
        return self._kinds_view

    def select_rows(self, collection: str, attribute: str, value: object) -> list[tuple[str, Row]]:
        """(key, row) of the aggregates whose ``attribute`` equals ``value``, ordered by key."""
        lock = self._lock  # acquire/release: cheaper than a with block (for_order, each command)
        lock.acquire()
        try:
            # collection() and _index() only when the fast lookups miss (two calls per query)
            table = self._tables.get(collection) if collection.__class__ is str else None
            if table is None:
                table = self._tables[self.collection(collection).name]  # raises: no such one
            index = self._indexes[collection].get(attribute)
            if index is None:
                index = self._index(collection, attribute)  # the first query by attribute
            keys = index.sorted_matching(value)
            # none found is the commonest answer (for_order): no comprehension made for it
            return [(key, table[key]) for key in keys] if keys else []
        finally:
            lock.release()

    def select(self, collection: str, attribute: str, value: object) -> list[Any]:
        """Copies of the aggregates of ``collection`` whose ``attribute`` equals ``value``."""
        return [thaw(row.frozen) for _key, row in self.select_rows(collection, attribute, value)]

    def _index(self, collection: str, attribute: str) -> AttributeIndex:
        indexes = self._indexes[collection]
        index = indexes.get(attribute)
        if index is None:  # first query by this attribute: index every stored row once
            index = AttributeIndex(attribute)
            for key, row in self._tables[collection].items():
                index.put(key, _value(row, attribute))
            indexes[attribute] = index
            self._indexed[collection] = tuple(indexes)
        return index

    def record(self, key: str) -> IdempotencyRecord | None:
        """The idempotency record stored under ``key``, or ``None``."""
        with self._lock:
            return self._keys.get(key)

    def number_of(self, name: str) -> int:
        """The last number taken from sequence ``name`` (0 if none was)."""
        lock = self._lock  # acquire/release: cheaper than a with block (a number drawn)
        lock.acquire()
        try:
            return self._numbers.get(name, 0)
        finally:
            lock.release()

    def ledger_last(self, sku: str) -> int:
        """The ``seq`` of the last committed ledger row of ``sku`` (0 if it has none)."""
        lock = self._lock  # acquire/release: cheaper than a with block (each stock save)
        lock.acquire()
        try:
            return len(self._ledger.get(sku, ()))
        finally:
            lock.release()

    def ledger_rows(self, sku: str, after: int = 0) -> list[Movement]:
        """The committed ledger rows of ``sku`` with ``seq > after`` (rows are immutable)."""
        with self._lock:
            return self._ledger.get(sku, [])[max(after, 0) :]

    def snapshot(self) -> StoreSnapshot:
        """Everything the store holds, as isolated copies."""
        with self._lock:
            frozen = {
                (name, key): row.frozen
                for name, table in self._tables.items()
                for key, row in table.items()
            }
            outbox = tuple(
                self._message(index)
                for index in range(len(self._outbox_ids))
                if self._outbox_events[index] is not None
            )
            delivered = frozenset(
                [*self._outbox_ids[: self._first_pending], *self._delivered]
            ) & frozenset(message.id for message in outbox)
            keys = dict(self._keys)
            ledger = {sku: tuple(rows) for sku, rows in self._ledger.items()}
            numbers = dict(self._numbers)
        return StoreSnapshot(
            rows={slot: thaw(state) for slot, state in frozen.items()},
            outbox=outbox,
            delivered=delivered,
            idempotency=keys,
            ledger=ledger,
            numbers=numbers,
        )

    # -- the atomic commit ---------------------------------------------------------------------

    def apply(self, changes: Changes) -> None:
        """Check every change against the store, then write all of them, or raise and write none.

        The writes run under an undo log: an exception of any kind between two writes
        (``KeyboardInterrupt``, ``MemoryError``) undoes the ones already made, then propagates.
        """
        self.apply_staged(
            changes.rows,
            changes.events,
            changes.idempotency,
            changes.movements,
            changes.reads,
            changes.numbers,
        )

    def apply_staged(  # noqa: PLR0912 - one flat list of checks, then of writes (no helper call)
        self,
        rows: Mapping[tuple[str, str], tuple[Row, int | None]],
        events: Sequence[DomainEvent],
        idempotency: Mapping[str, IdempotencyRecord],
        movements: Mapping[str, Sequence[Movement]],
        reads: Mapping[tuple[str, str], int],
        numbers: Mapping[str, tuple[int, int]],
    ) -> None:
        """:meth:`apply` of the parts of a :class:`Changes`, without building one.

        What a :class:`~ordercore.memory.unit_of_work.MemoryUnitOfWork` commit calls (eleven
        times per order of the Engine's workflow): every part that is empty is skipped.
        """
        lock = self._lock  # acquire/release: half the cost of a with block, the same guarantee
        lock.acquire()
        try:
            # every check first, each part that is not empty (most commits draw no number,
            # keep no key), spelled out here rather than in a helper (a call per commit)
            stored = self._check_versions(rows, reads) if rows or reads else []
            if idempotency:
                self._check_keys(idempotency)
            if numbers:
                self._check_numbers(numbers)
            # each SKU's committed length, checked and kept as its undo entry (one lookup)
            old_ledgers = self._check_movements(movements) if movements else ()
            messages = None
            if events:  # the outbox ids (distinct, as message_ids makes them): free in the store
                messages = message_ids(events)
                if (
                    messages[0] in self._message_ids  # one event: a lookup, no keys view
                    if len(messages) == 1
                    else not self._message_ids.keys().isdisjoint(messages)
                ):
                    self._refuse_taken(messages)
            # the undo log as plain values, one list per kind of write (each kind is written
            # after the one before, so undoing them in reverse order undoes the commit); the
            # empty tuple stands for a kind this commit does not write (no list made for it).
            # The rows need none: undoing puts back the stored row of every slot of ``rows``
            # (``stored``), which for a slot not written yet changes nothing; nor the ledger:
            # undoing cuts each SKU back to the length it was checked at (``old_ledgers``).
            new_keys: list[str] | tuple[()] = ()
            old_numbers: list[tuple[str, int | None]] | tuple[()] = ()
            outbox = len(self._outbox_ids)
            try:
                # no strict=True: stored has one entry per row (a keyword call costs ~300)
                for ((name, key), (row, _base)), old in zip(rows.items(), stored):  # noqa: B905
                    self._write_row(name, key, row, old)
                if idempotency:
                    new_keys = []
                    for record in idempotency.values():
                        new_keys.append(record.key)
                        self._write_key(record)
                if numbers:
                    old_numbers = []
                    for name, (base, drawn) in numbers.items():
                        old_numbers.append((name, self._numbers.get(name)))
                        self._write_number(name, base + drawn)
                if movements:
                    for sku, moved in movements.items():
                        self._write_movements(sku, moved)
                if messages:
                    self._write_messages(messages, events)
            except BaseException:
                self._undo(rows, stored, new_keys, old_numbers, old_ledgers, outbox)
                raise
        finally:
            lock.release()

    def _undo(
        self,
        rows: Mapping[tuple[str, str], tuple[Row, int | None]],
        stored: Sequence[Row | None],
        new_keys: Sequence[str],
        old_numbers: Sequence[tuple[str, int | None]],
        old_ledgers: Sequence[tuple[str, int]],
        outbox: int,
    ) -> None:
        """Undo the writes of an interrupted commit, the last one first."""
        self._truncate_outbox(outbox)
        for sku, length in reversed(old_ledgers):
            self._truncate_ledger(sku, length)
        for name, old_number in reversed(old_numbers):
            self._restore_number(name, old_number)
        for key in reversed(new_keys):
            self._keys.pop(key, None)
        for (name, key), old in reversed(list(zip(rows, stored, strict=True))):
            self._restore_row(name, key, old)

    def _check_numbers(self, numbers: Mapping[str, tuple[int, int]]) -> None:
        for name, (base, _drawn) in numbers.items():
            actual = self._numbers.get(name, 0)
            if actual != base:
                raise ConcurrencyConflict("number sequence", name, base, actual)

    def _check_movements(
        self, movements: Mapping[str, Sequence[Movement]]
    ) -> list[tuple[str, int]]:
        """(SKU, its committed length) of each of ``movements``, if each continues its SKU."""
        lengths = []
        for sku, moved in movements.items():
            last = len(self._ledger.get(sku, ()))
            if moved and moved[0].seq != last + 1:
                raise ConcurrencyConflict("ledger", sku, moved[0].seq - 1, last)
            lengths.append((sku, last))
        return lengths

    def _check_versions(
        self,
        rows: Mapping[tuple[str, str], tuple[Row, int | None]],
        reads: Mapping[tuple[str, str], int],
    ) -> list[Row | None]:
        """The stored row of each of ``rows`` (in order), if every base and read version holds.

        The rows first (each against its base version), then the read set (a slot that is
        also written was checked with the rows): one call for both (each commit).
        """
        tables = self._tables
        found: list[Row | None] = []
        for (name, key), (_row, base) in rows.items():
            try:  # a subscript, not get() and a test for None (each row and read of a commit)
                stored = tables[name].get(key)
            except (KeyError, TypeError):
                stored = self._row(name, key)  # raises: no such collection
            if base is None:
                if stored is not None:
                    raise DuplicateEntity(self.collection(name).kind, key)
            elif stored is None or stored.version != base:
                actual = -1 if stored is None else stored.version
                raise ConcurrencyConflict(self.collection(name).kind, key, base, actual)
            found.append(stored)
        for slot, version in reads.items():
            if slot in rows:
                continue  # its write is checked against its base version above
            name, key = slot
            try:
                stored = tables[name].get(key)
            except (KeyError, TypeError):
                stored = self._row(name, key)  # raises: no such collection
            actual = -1 if stored is None else stored.version
            if actual != version:
                raise ConcurrencyConflict(self.collection(name).kind, key, version, actual)
        return found

    def _check_keys(self, idempotency: Mapping[str, IdempotencyRecord]) -> None:
        for key, new in idempotency.items():
            old = self._keys.get(key)
            if old is not None and old.fingerprint != new.fingerprint:
                raise IdempotencyKeyReused(key, old.fingerprint, new.fingerprint)
            if old is not None:
                raise ConcurrencyConflict("idempotency key", key, 0, 1)

    def _refuse_taken(self, messages: list[str]) -> None:
        """Raise :class:`DuplicateEntity` naming the first of ``messages`` that is taken.

        Taken in the store, or earlier in ``messages``: as a check one by one would.
        """
        known = self._message_ids
        new_ids: set[str] = set()
        for new_id in messages:
            if new_id in known or new_id in new_ids:
                raise DuplicateEntity("outbox message", new_id)
            new_ids.add(new_id)

    def _message(self, index: int) -> OutboxMessage:
        """The outbox message at ``index`` of the lists (sequence ``_pruned + index + 1``)."""
        event = self._outbox_events[index]
        assert event is not None  # noqa: S101 - only pruned delivered slots are None
        return OutboxMessage(
            id=self._outbox_ids[index], sequence=self._pruned + index + 1, event=event
        )

    # -- the writes of a commit, each one undoable ---------------------------------------------

    def _row(self, name: str, key: str) -> Row | None:
        table = self._tables.get(name)
        if table is None:
            table = self._tables[self.collection(name).name]  # raises: no such collection
        return table.get(key)

    def _write_row(self, name: str, key: str, row: Row, old: Row | None) -> None:
        """Store ``row`` under ``key`` in place of ``old``, keeping every index in step."""
        self._tables[name][key] = row
        attributes = row.attributes
        if attributes is self._indexed[name]:  # frozen with the store's indexes: in order
            if old is not None and old.attributes is attributes and old.indexed == row.indexed:
                # indexed under equal values already, which index the same keys (no put per
                # index and row; one tuple comparison, identical values compare without __eq__)
                return
            # no strict=True: a row frozen with the store's indexes has a value per index
            for index, value in zip(self._indexes[name].values(), row.indexed):  # noqa: B905
                index.put(key, value)
        else:
            for attribute, index in self._indexes[name].items():
                index.put(key, _value(row, attribute))

    def _restore_row(self, name: str, key: str, old: Row | None) -> None:
        table = self._tables[name]
        table.pop(key, None)
        for index in self._indexes[name].values():
            index.discard(key)
        if old is not None:
            table[key] = old
            for attribute, index in self._indexes[name].items():
                index.put(key, _value(old, attribute))

    def _write_key(self, record: IdempotencyRecord) -> None:
        self._keys[record.key] = record

    def _write_number(self, name: str, number: int) -> None:
        self._numbers[name] = number

    def _restore_number(self, name: str, old: int | None) -> None:
        if old is None:
            self._numbers.pop(name, None)
        else:
            self._numbers[name] = old

    def _write_movements(self, sku: str, movements: Sequence[Movement]) -> None:
        if movements:
            rows = self._ledger.get(sku)  # not setdefault: no empty list made for a known SKU
            if rows is None:
                self._ledger[sku] = list(movements)
            else:
                rows.extend(movements)

    def _truncate_ledger(self, sku: str, length: int) -> None:
        rows = self._ledger.get(sku)
        if rows is None:
            return
        del rows[length:]
        if not rows:
            del self._ledger[sku]

    def _write_messages(self, ids: list[str], events: Sequence[DomainEvent]) -> None:
        first = self._pruned + len(self._outbox_ids)
        self._outbox_ids.extend(ids)
        self._outbox_events.extend(events)
        # no strict=True: the range has one number per id (a keyword call costs ~300)
        self._message_ids.update(zip(ids, range(first, first + len(ids))))  # noqa: B905

    def _truncate_outbox(self, length: int) -> None:
        for dropped in self._outbox_ids[length:]:
            del self._message_ids[dropped]
        del self._outbox_ids[length:]
        del self._outbox_events[length:]

    # -- outbox -------------------------------------------------------------------------------

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, lowest sequence first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError("limit", limit, "a limit is a whole number of at least 1")
        with self._lock:
            found: list[OutboxMessage] = []
            ids, delivered = self._outbox_ids, self._delivered
            for index in range(self._first_pending, len(ids)):
                if not delivered or ids[index] not in delivered:
                    found.append(self._message(index))
                    if len(found) == limit:
                        break
            return found

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages delivered; unknown (or pruned) or already delivered ids are ignored.

        A mark at the watermark moves it on past every message delivered since; a mark above it
        (delivered out of order) is kept until the watermark reaches it.
        """
        wanted = set(ids)
        with self._lock:
            known, watermark = self._message_ids, self._pruned + self._first_pending
            delivered = self._delivered
            for given in wanted:
                position = known.get(given) if isinstance(given, str) else None
                if position is not None and position >= watermark:
                    delivered.add(given)
            first, kept = self._first_pending, self._outbox_ids
            while first < len(kept) and kept[first] in delivered:
                delivered.discard(kept[first])
                first += 1
            self._first_pending = first

    # -- retention ----------------------------------------------------------------------------

    def prune_delivered(self, up_to: int | None = None) -> int:
        """Drop delivered messages (those with ``sequence <= up_to`` if given); how many went.

        Undelivered messages stay, with their sequence numbers; the delivered prefix leaves the
        lists at once, a message delivered out of order above the watermark lets go of its event
        now and of its id when the watermark passes it. See :mod:`ordercore.ports.retention`.
        """
        limit = check_up_to(up_to)
        with self._lock:
            base = self._pruned
            kept = len(self._outbox_ids)
            cut = kept if limit is None else max(0, min(limit - base, kept))
            front = min(self._first_pending, cut)
            events = self._outbox_events
            dropped = sum(1 for index in range(front) if events[index] is not None)
            for gone in self._outbox_ids[:front]:
                del self._message_ids[gone]
            del self._outbox_ids[:front]
            del events[:front]
            self._pruned = base + front
            self._first_pending -= front
            for mark in self._delivered:
                index = self._message_ids[mark] - self._pruned
                if index < cut - front and events[index] is not None:
                    events[index] = None
                    dropped += 1
            return dropped

    def expire_idempotency_keys(self, before: pendulum.DateTime) -> int:
        """Drop the idempotency records recorded before ``before``; return how many went.

        A record with no instant counts as older than any. See :mod:`ordercore.ports.retention`.
        """
        cutoff = instant(before, "before")
        with self._lock:
            expired = [
                key
                for key, record in self._keys.items()
                if record.recorded_at is None or record.recorded_at < cutoff
            ]
            for key in expired:
                del self._keys[key]
            return len(expired)

    def retained(self) -> tuple[int, int, int]:
        """What the outbox bookkeeping holds: (message slots, out-of-order marks, known ids).

        For tests of the retention rule: after :meth:`prune_delivered`, slots and ids are the
        undelivered messages plus the out-of-order marks, whatever the store's history.
        """
        with self._lock:
            return len(self._outbox_ids), len(self._delivered), len(self._message_ids)

    # -- number sequences ---------------------------------------------------------------------

    def next(self, name: str) -> str:
        """The next number of sequence ``name``: ``"INV-000001"``, ``"INV-000002"``, ...

        Taken at once, outside any unit of work (a refused command keeps it: a gap). Gapless
        numbers are taken through a unit of work instead: ``uow.numbers.next(name)``.
        """
        with self._lock:
            number = self._numbers.get(name, 0) + 1
            text = format_number(name, number)
            self._numbers[name] = number
            return text


_UNIT_OF_WORK: type[MemoryUnitOfWork] | None = None


def _unit_of_work_class() -> type[MemoryUnitOfWork]:
    global _UNIT_OF_WORK  # noqa: PLW0603 - set once, on first use (an import cycle)
    from ordercore.memory.unit_of_work import MemoryUnitOfWork  # noqa: PLC0415 - a cycle

    _UNIT_OF_WORK = MemoryUnitOfWork
    return MemoryUnitOfWork


def _value(row: Row, attribute: str) -> object:
    value = row.value(attribute, _MISSING)
    if value is _MISSING:  # staged before the store indexed this attribute
        value = getattr(thaw(row.frozen), attribute, None)
    return value
