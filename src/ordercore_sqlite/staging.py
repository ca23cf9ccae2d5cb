"""What a unit of work holds before it commits: staged rows, the read set, events, keys, numbers.

Pure bookkeeping, no I/O, shared by the SQLite and the PostgreSQL adapter: both stage the same
way and differ only in how they write the staged changes in one transaction.

* A staged row is the aggregate's JSON text (``Codec.dumps``) with its version, the version it
  was read at (``None`` for an add) and its ``order_id`` column. Text is immutable, so changing
  the object after ``save`` never changes what is committed, and reading a staged row decodes a
  fresh copy: objects never leak between units of work, nor between a unit of work and the store.
* The read set is every (collection, key) handed out with the version it was read at; the commit
  checks that each one is still at that version (the "read check" that prevents write skew),
  not only the rows it writes.
* ``handed_out`` keeps the objects given to the caller, to refuse a commit when one of them
  changed but was not saved again (:class:`UnsavedChanges`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.inventory.ledger import Movement
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec
from ordercore.ports.errors import UnsavedChanges
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import message_id
from ordercore.ports.repositories import Collection

__all__ = [
    "ORDERCORE_TYPES",
    "StagedRow",
    "Staging",
    "aggregate_key",
    "aggregate_version",
    "outbox_rows",
    "sort_key",
]

ORDERCORE_TYPES: dict[str, type] = {
    "orders": Order,
    "stock": StockItem,
    "payments": Payment,
    "invoices": Invoice,
    "shipments": Shipment,
}
"""The class stored in each of ``ORDERCORE_COLLECTIONS`` (what a store decodes documents as)."""


def aggregate_version(entity: object) -> int:
    """The aggregate's ``version``; :class:`ValidationError` unless it is an int."""
    version = getattr(entity, "version", None)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("version", version, "an aggregate has an int version")
    return version


def aggregate_key(collection: Collection, entity: object) -> str:
    """The aggregate's key (its ``collection.key`` attribute); a non-empty str."""
    key = getattr(entity, collection.key, None)
    if not isinstance(key, str) or not key:
        raise ValidationError(collection.key, key, "an aggregate's key is a non-empty str")
    return key


def sort_key(slot: tuple[str, str]) -> tuple[str, str]:
    """The fixed order every commit locks and writes rows in (so commits never deadlock)."""
    return slot


@attrs.frozen
class StagedRow:
    """One aggregate a unit of work will write."""

    body: str
    """Its JSON document."""
    version: int
    """Its version after the commit."""
    base: int | None
    """The version it was read at (``UPDATE ... WHERE version = base``); ``None`` for an add."""
    order_id: str | None
    """Its ``order_id`` attribute, if it has a str one (indexed, for ``for_order``)."""


@attrs.define
class Staging:
    """Everything one unit of work has staged, read and drawn, until commit or rollback."""

    codec: Codec
    """How aggregates, events and results become JSON text."""
    rows: dict[tuple[str, str], StagedRow] = attrs.field(factory=dict)
    """Staged aggregates by (collection, key), in staging order."""
    reads: dict[tuple[str, str], int] = attrs.field(factory=dict)
    """The read set: the committed version each aggregate was first read at."""
    handed_out: dict[tuple[str, str], tuple[Any, int]] = attrs.field(factory=dict)
    """The last object handed out (or saved) per row, with its version at that moment."""
    events: list[DomainEvent] = attrs.field(factory=list)
    """Events of the saved aggregates, in the order they were saved."""
    keys: dict[str, IdempotencyRecord] = attrs.field(factory=dict)
    """New idempotency records."""
    numbers: dict[str, tuple[int, int]] = attrs.field(factory=dict)
    """Numbers drawn: name → (the committed last number read, how many drawn since)."""
    movements: dict[str, list[Movement]] = attrs.field(factory=dict)
    """Ledger movements appended per SKU, in order."""

    def clear(self) -> None:
        """Forget everything (after commit or rollback)."""
        self.rows.clear()
        self.reads.clear()
        self.handed_out.clear()
        self.events.clear()
        self.keys.clear()
        self.numbers.clear()
        self.movements.clear()

    def read(self, name: str, key: str, version: int) -> None:
        """Note that ``key`` was read from the database at ``version`` (the read set)."""
        self.reads.setdefault((name, key), version)

    def hand_out(self, name: str, key: str, entity: object) -> None:
        """Note an object given to the caller, to catch changes that are never saved."""
        self.handed_out[(name, key)] = (entity, aggregate_version(entity))

    def stage(self, name: str, key: str, entity: Any, base: int | None) -> None:
        """Stage ``entity``'s document and pull its events (and ledger movements)."""
        version = aggregate_version(entity)
        events = list(entity.pull_events())
        pull_movements = getattr(entity, "pull_movements", None)
        moved: list[Movement] = list(pull_movements()) if callable(pull_movements) else []
        order_id = getattr(entity, "order_id", None)
        body = self.codec.dumps(entity)
        self.rows[(name, key)] = StagedRow(
            body, version, base, order_id if isinstance(order_id, str) else None
        )
        self.events.extend(events)
        if moved:
            self.movements.setdefault(key, []).extend(moved)
        self.hand_out(name, key, entity)

    def check_saved(self, kinds: dict[str, str]) -> None:
        """Raise :class:`UnsavedChanges` if a handed-out object changed after its last save."""
        for (name, key), (entity, version) in self.handed_out.items():
            now = aggregate_version(entity)
            if now != version or getattr(entity, "events", None):
                raise UnsavedChanges(kinds.get(name, name), key, version, now)

    def checked_reads(self) -> Iterator[tuple[tuple[str, str], int]]:
        """The read set minus the rows being written (their UPDATE checks them already)."""
        for slot, version in self.reads.items():
            if slot not in self.rows:
                yield slot, version

    def draw(self, name: str, last: int) -> int:
        """The next number of ``name``, given the committed ``last`` when first drawn."""
        base, drawn = self.numbers.get(name, (last, 0))
        self.numbers[name] = (base, drawn + 1)
        return base + drawn + 1


def outbox_rows(codec: Codec, events: list[DomainEvent]) -> list[tuple[str, str]]:
    """(message id, event JSON) for each event, ids made unique per entity and version."""
    counts: dict[tuple[str, str, int], int] = {}
    rows: list[tuple[str, str]] = []
    for event in events:
        slot = (event.entity_kind, event.entity_id, event.version)
        index = counts.get(slot, 0)
        counts[slot] = index + 1
        rows.append((message_id(event, index), codec.dumps(event)))
    return rows
