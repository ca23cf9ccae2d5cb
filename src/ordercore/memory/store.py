"""The in-memory store: the reference adapter and the oracle every other adapter must agree with.

It enforces everything a database adapter must: versions (optimistic concurrency), unique keys,
unique outbox message ids, atomic commits, outbox order, idempotency keys. It is thread-safe: one
lock guards every read and every commit, so threads that share a store behave like connections
to one database. Stored aggregates are isolated deep copies: changing an object you hold changes
the store only through ``save`` and ``commit``.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.errors import ConcurrencyConflict, ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.errors import DuplicateEntity, IdempotencyKeyReused
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import OutboxMessage, message_id
from ordercore.ports.repositories import Collection
from ordercore.ports.sequences import format_number

if TYPE_CHECKING:
    from ordercore.memory.unit_of_work import MemoryUnitOfWork

__all__ = ["Changes", "MemoryStore", "StoreSnapshot"]


@attrs.frozen(kw_only=True)
class StoreSnapshot:
    """Everything a store holds, as comparable values (for tests: "a rollback changes nothing")."""

    rows: Mapping[tuple[str, str], Any]
    """Stored aggregates by (collection, key)."""
    outbox: tuple[OutboxMessage, ...]
    """Every message ever committed, in sequence order."""
    delivered: frozenset[str]
    """Ids of the messages marked delivered."""
    idempotency: Mapping[str, IdempotencyRecord]
    """Idempotency records by key."""
    ledger: Mapping[str, tuple[Movement, ...]] = attrs.field(factory=dict)
    """The ledger stream: every committed movement per SKU, in ``seq`` order."""


@attrs.frozen(kw_only=True)
class Changes:
    """What one unit of work asks to commit; ``base`` is None for an add, else the read version."""

    rows: Mapping[tuple[str, str], tuple[Any, int | None]]
    """(collection, key) → (aggregate copy, base version or None for a new one)."""
    events: tuple[DomainEvent, ...]
    """The events of the saved aggregates, in the order they were saved."""
    idempotency: Mapping[str, IdempotencyRecord]
    """New idempotency records by key."""
    movements: Mapping[str, Sequence[Movement]] = attrs.field(factory=dict)
    """Ledger rows to append per SKU, in ``seq`` order, continuing the SKU's committed rows."""


@attrs.define
class MemoryStore:
    """A thread-safe in-memory store of aggregates, outbox, idempotency keys and sequences."""

    collections: tuple[Collection, ...] = ORDERCORE_COLLECTIONS
    """The kinds of aggregate it stores (by default everything the Engine keeps)."""
    _lock: threading.RLock = attrs.field(factory=threading.RLock, init=False, repr=False)
    _rows: dict[tuple[str, str], Any] = attrs.field(factory=dict, init=False, repr=False)
    _outbox: list[OutboxMessage] = attrs.field(factory=list, init=False, repr=False)
    _message_ids: set[str] = attrs.field(factory=set, init=False, repr=False)
    _delivered: set[str] = attrs.field(factory=set, init=False, repr=False)
    _keys: dict[str, IdempotencyRecord] = attrs.field(factory=dict, init=False, repr=False)
    _numbers: dict[str, int] = attrs.field(factory=dict, init=False, repr=False)
    _ledger: dict[str, list[Movement]] = attrs.field(factory=dict, init=False, repr=False)
    _next_sequence: int = attrs.field(default=1, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names = [collection.name for collection in self.collections]
        if len(set(names)) != len(names):
            raise ValidationError("collections", names, "collection names are unique")

    def collection(self, name: str) -> Collection:
        """The collection called ``name``; :class:`ValidationError` if the store has none."""
        for collection in self.collections:
            if collection.name == name:
                return collection
        known = [collection.name for collection in self.collections]
        raise ValidationError("collection", name, f"this store keeps only {known}")

    def unit_of_work(self) -> MemoryUnitOfWork:
        """A new unit of work on this store (use it as ``with store.unit_of_work() as uow:``)."""
        from ordercore.memory.unit_of_work import MemoryUnitOfWork  # noqa: PLC0415 - a cycle

        return MemoryUnitOfWork(self)

    # -- reads (copies, under the lock) --------------------------------------------------------

    def read(self, collection: str, key: str) -> Any | None:
        """An isolated copy of the aggregate stored under ``key``, or ``None``."""
        with self._lock:
            stored = self._rows.get((collection, key))
            return None if stored is None else copy.deepcopy(stored)

    def version_of(self, collection: str, key: str) -> int | None:
        """The stored version of ``key``, or ``None`` if it is not stored."""
        with self._lock:
            stored = self._rows.get((collection, key))
            return None if stored is None else int(stored.version)

    def select(self, collection: str, attribute: str, value: object) -> list[Any]:
        """Copies of the aggregates of ``collection`` whose ``attribute`` equals ``value``."""
        with self._lock:
            return [
                copy.deepcopy(stored)
                for (name, _key), stored in sorted(self._rows.items(), key=lambda row: row[0])
                if name == collection and getattr(stored, attribute, None) == value
            ]

    def record(self, key: str) -> IdempotencyRecord | None:
        """The idempotency record stored under ``key``, or ``None``."""
        with self._lock:
            return self._keys.get(key)

    def snapshot(self) -> StoreSnapshot:
        """A deep copy of everything the store holds."""
        with self._lock:
            return StoreSnapshot(
                rows=copy.deepcopy(self._rows),
                outbox=tuple(self._outbox),
                delivered=frozenset(self._delivered),
                idempotency=dict(self._keys),
                ledger={sku: tuple(rows) for sku, rows in self._ledger.items()},
            )

    def ledger_last(self, sku: str) -> int:
        """The ``seq`` of the last committed ledger row of ``sku`` (0 if it has none)."""
        with self._lock:
            return len(self._ledger.get(sku, ()))

    def ledger_rows(self, sku: str, after: int = 0) -> list[Movement]:
        """The committed ledger rows of ``sku`` with ``seq > after`` (rows are immutable)."""
        with self._lock:
            return self._ledger.get(sku, [])[max(after, 0) :]

    # -- the atomic commit ---------------------------------------------------------------------

    def apply(self, changes: Changes) -> None:
        """Check every change against the store, then write all of them, or raise and write none."""
        with self._lock:
            for (name, key), (_entity, base) in changes.rows.items():
                kind = self.collection(name).kind
                stored = self._rows.get((name, key))
                if base is None and stored is not None:
                    raise DuplicateEntity(kind, key)
                if base is not None:
                    actual = -1 if stored is None else int(stored.version)
                    if actual != base:
                        raise ConcurrencyConflict(kind, key, base, actual)
            for key, new in changes.idempotency.items():
                old = self._keys.get(key)
                if old is not None and old.fingerprint != new.fingerprint:
                    raise IdempotencyKeyReused(key, old.fingerprint, new.fingerprint)
                if old is not None:
                    raise ConcurrencyConflict("idempotency key", key, 0, 1)
            for sku, moved in changes.movements.items():
                last = len(self._ledger.get(sku, ()))
                if moved and moved[0].seq != last + 1:
                    raise ConcurrencyConflict("ledger", sku, moved[0].seq - 1, last)
            messages = self._messages(changes.events)
            for (name, key), (entity, _base) in changes.rows.items():
                self._rows[(name, key)] = copy.deepcopy(entity)
            self._keys.update(changes.idempotency)
            for sku, moved in changes.movements.items():
                if moved:
                    self._ledger.setdefault(sku, []).extend(moved)
            self._outbox.extend(messages)
            self._message_ids.update(message.id for message in messages)
            self._next_sequence += len(messages)

    def _messages(self, events: Iterable[DomainEvent]) -> list[OutboxMessage]:
        messages: list[OutboxMessage] = []
        counts: dict[tuple[str, str, int], int] = {}
        for event in events:
            slot = (event.entity_kind, event.entity_id, event.version)
            index = counts.get(slot, 0)
            counts[slot] = index + 1
            new_id = message_id(event, index)
            if new_id in self._message_ids:
                raise DuplicateEntity("outbox message", new_id)
            sequence = self._next_sequence + len(messages)
            messages.append(OutboxMessage(id=new_id, sequence=sequence, event=event))
        return messages

    # -- outbox -------------------------------------------------------------------------------

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, lowest sequence first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError("limit", limit, "a limit is a whole number of at least 1")
        with self._lock:
            waiting = (m for m in self._outbox if m.id not in self._delivered)
            return [message for _, message in zip(range(limit), waiting, strict=False)]

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages delivered; unknown or already delivered ids are ignored."""
        with self._lock:
            self._delivered.update(set(ids) & self._message_ids)

    # -- number sequences ---------------------------------------------------------------------

    def next(self, name: str) -> str:
        """The next number of sequence ``name``: ``"INV-000001"``, ``"INV-000002"``, ..."""
        with self._lock:
            number = self._numbers.get(name, 0) + 1
            text = format_number(name, number)
            self._numbers[name] = number
            return text
