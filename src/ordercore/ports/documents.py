"""The repositories of a store that keeps aggregates as JSON documents, minus its SQL.

A SQL adapter (SQLite, PostgreSQL, one an integrator writes) keeps each aggregate as a versioned
JSON document, stages through :func:`ordercore.ports.staging.json_staging`, and answers the same
repository, idempotency, number and ledger calls the same way: staged rows win over committed
ones, every row read joins the read set, every object handed out is remembered, and what is
committed is decoded into a fresh object of the collection's class (:data:`ORDERCORE_TYPES`).
This module is that shared part, with no I/O: its classes ask the adapter's unit of work only
for committed data, through the small :class:`DocumentUnitOfWork` protocol (one query each), and
the adapter keeps only its SQL: those queries and its commit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import pendulum

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.store_credit import StoreCredit
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.inventory.ledger import Movement
from ordercore.domain.orders import Order
from ordercore.domain.returns import FollowUp, ReturnAuthorization
from ordercore.domain.warehouse import BinStock, Packing, PickList
from ordercore.domain.watermark import TickWatermark
from ordercore.kernel.copies import copy
from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.repositories import Collection
from ordercore.ports.retention import recorded_instant
from ordercore.ports.sequences import format_number
from ordercore.ports.staging import StagedRow, Staging, staged_documents

__all__ = [
    "ORDERCORE_TYPES",
    "DecodedDocuments",
    "DocumentIdempotency",
    "DocumentLedger",
    "DocumentNumbers",
    "DocumentRepository",
    "DocumentStore",
    "DocumentUnitOfWork",
    "check_numbers",
]

ORDERCORE_TYPES: dict[str, type] = {
    "orders": Order,
    "stock": StockItem,
    "payments": Payment,
    "invoices": Invoice,
    "shipments": Shipment,
    "returns": ReturnAuthorization,
    "follow_ups": FollowUp,
    "pick_lists": PickList,
    "packings": Packing,
    "store_credits": StoreCredit,
    "timers": TickWatermark,
    "bin_stock": BinStock,
}
"""The class stored in each of ``ORDERCORE_COLLECTIONS`` (what a store decodes documents as)."""


class DocumentStore(Protocol):
    """What the shared repositories read from a document store: its codec and its classes."""

    @property
    def codec(self) -> Codec:
        """Encodes and decodes the documents."""
        ...

    @property
    def types(self) -> Mapping[str, type]:
        """The class each collection's documents decode as."""
        ...


class DocumentUnitOfWork(Protocol):
    """What the shared repositories ask of an adapter's unit of work.

    Its staging and, one query each, what is committed; ``db(operation)`` raises
    ``UnitOfWorkClosed`` when the unit of work is not open.
    """

    @property
    def store(self) -> DocumentStore:
        """The store (codec and classes)."""
        ...

    @property
    def staging(self) -> Staging[StagedRow]:
        """What this unit of work staged, read and drew."""
        ...

    def db(self, operation: str) -> object:
        """The open connection; ``UnitOfWorkClosed`` naming ``operation`` if there is none."""
        ...

    def stored_version(self, collection: str, key: str) -> int | None:
        """The committed version of ``key`` (``None``: no such row)."""
        ...

    def known_version(self, collection: str, key: str) -> int | None:
        """The version a save of ``key`` is checked against (read here, else committed)."""
        ...

    def committed_row(self, collection: str, key: str) -> tuple[int, str] | None:
        """The committed (version, JSON document) of ``key``, or ``None``."""
        ...

    def committed_where(self, collection: str, attribute: str, value: str) -> list[Any]:
        """(key, version, JSON document) of each committed row whose ``attribute`` is ``value``."""
        ...

    def committed_record(self, key: str) -> tuple[Any, ...] | None:
        """The committed (fingerprint, result JSON) under idempotency key ``key``, or ``None``.

        A third item, when there is one, is the instant it was recorded, as
        :func:`~ordercore.ports.retention.epoch_microseconds` (``None`` if it has none).
        """
        ...

    def committed_number(self, name: str) -> int:
        """The last number of sequence ``name`` committed (0 for none)."""
        ...

    def committed_seq(self, sku: str) -> int:
        """The last ledger ``seq`` committed for ``sku`` (0 for none)."""
        ...

    def committed_movements(self, sku: str, after: int) -> list[str]:
        """The JSON of the committed movements of ``sku`` with ``seq`` above ``after``, in order."""
        ...


U = TypeVar("U", bound=DocumentUnitOfWork)


def check_numbers(uow: DocumentUnitOfWork) -> None:
    """ConcurrencyConflict if a counter ``uow`` drew from has moved since (by name)."""
    for name, (base, _) in sorted(uow.staging.numbers.items()):
        now = uow.committed_number(name)
        if now != base:
            raise ConcurrencyConflict("number sequence", name, base, now)


class DecodedDocuments:
    """What each document text a store wrote or read decodes to: each text decoded at most once.

    Decoding a JSON document costs several times what copying the object it gives costs, and a
    shop reads its busy documents (stock items, open orders) again and again. Kept by
    (collection, text): a staging that writes a document keeps a copy of the object it encoded
    (:meth:`keep`, as :func:`~ordercore.ports.staging.json_staging` does), a read decodes a text
    it has not seen and keeps a copy of that; a read of a kept text gets a copy of the kept
    object. The codec round-trips (``loads(dumps(x)) == x``, pinned by its tests), so the copy
    is what decoding would give, and as fresh (nobody else holds it); a kept object is never
    handed out. A text is the whole document, so a row another process changed is a text this
    one has not seen, and a text staged by a unit of work that rolled back is merely never read.
    At most ``limit`` texts are kept (the one kept longest ago is dropped first), so it does not
    grow with the shop. Thread-safe: units of work on several threads may share it.

    >>> cache, codec = DecodedDocuments(limit=2), Codec()
    >>> body = codec.dumps(StockItem("SKU-1"))
    >>> first = cache.decoded(codec, StockItem, "stock", body)
    >>> again = cache.decoded(codec, StockItem, "stock", body)
    >>> (first == again, first is again, len(cache))
    (True, False, 1)
    """

    __slots__ = ("_kept", "_lock", "limit")

    def __init__(self, limit: int = 4_096) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError("limit", limit, "a store keeps at least one decoded document")
        self.limit = limit
        """The most texts kept."""
        self._kept: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many texts are kept."""
        return len(self._kept)

    def decoded(self, codec: Codec, cls: type, name: str, body: str) -> Any:
        """A fresh ``cls`` decoded from ``body``, a document of collection ``name``."""
        kept = self._kept.get((name, body))  # one dict read: atomic under the GIL, no lock
        if kept is not None:
            return copy(kept)
        entity: Any = codec.loads(cls, body)
        self._put((name, body), copy(entity))
        return entity

    def keep(self, name: str, body: str, entity: object) -> None:
        """Remember that ``body`` (of collection ``name``) decodes to ``entity`` as it is now.

        A copy is kept: what the caller changes afterwards is not.
        """
        self._put((name, body), copy(entity))

    def _put(self, slot: tuple[str, str], entity: object) -> None:
        with self._lock:
            self._kept.pop(slot, None)  # kept last: the newest is dropped last
            self._kept[slot] = entity
            if len(self._kept) > self.limit:
                del self._kept[next(iter(self._kept))]


class DocumentRepository(Generic[U]):
    """The repository of one collection inside one unit of work of a document store."""

    def __init__(self, uow: U, collection: Collection) -> None:
        self.uow = uow
        self.collection = collection

    def _decode(self, key: str, body: str, version: int | None) -> Any:
        """A fresh object from ``body``; joins the read set at ``version`` (None: staged)."""
        name = self.collection.name
        store = self.uow.store
        # a store that offers a DecodedDocuments decodes each text once (decoding a document
        # costs several times the copy of what it decodes to)
        cache: DecodedDocuments | None = getattr(store, "decoded", None)
        entity: Any = (
            store.codec.loads(store.types[name], body)
            if cache is None
            else cache.decoded(store.codec, store.types[name], name, body)
        )
        # read() at ``version`` (if any) and hand_out(), in the one call they both make
        self.uow.staging.read_out(name, key, entity, version)
        return entity

    def find(self, key: str) -> Any | None:
        """A freshly decoded aggregate under ``key`` (staged or committed), or ``None``."""
        self.uow.db("find")
        staged = self.uow.staging.rows.get((self.collection.name, key))
        if staged is not None:
            return self._decode(key, staged.body, None)
        row = self.uow.committed_row(self.collection.name, key)
        return None if row is None else self._decode(key, row[1], row[0])

    def get(self, key: str) -> Any:
        """The aggregate under ``key``; :class:`NotFound` if there is none."""
        entity = self.find(key)
        if entity is None:
            raise NotFound(self.collection.kind, key)
        return entity

    def add(self, entity: Any) -> None:
        """Stage a new aggregate; :class:`DuplicateEntity` if its key is taken.

        A key taken because a rival committed the number it was made from (a shipment id) is a
        retryable :class:`ConcurrencyConflict` instead.
        """
        self.uow.db("add")
        try:
            key = self.uow.staging.check_add(self.collection, entity, self.uow.stored_version)
        except DuplicateEntity:
            check_numbers(self.uow)
            raise
        self.uow.staging.stage(self.collection.name, key, entity, None)

    def save(self, entity: Any, expected_version: int) -> None:
        """Stage a changed aggregate read at ``expected_version``; else ConcurrencyConflict."""
        self.uow.db("save")
        key, base = self.uow.staging.check_save(
            self.collection, entity, expected_version, self.uow.known_version
        )
        self.uow.staging.stage(self.collection.name, key, entity, base)

    def where(self, attribute: str, value: str) -> list[Any]:
        """Aggregates whose top-level ``attribute`` equals ``value``, staged ones included."""
        self.uow.db("where")
        if not attribute.isidentifier():
            raise ValidationError("attribute", attribute, "a Python identifier")
        name = self.collection.name
        found: dict[str, tuple[str, int | None]] = {
            key: (body, int(version))
            for key, version, body in self.uow.committed_where(name, attribute, value)
        }
        staged_documents(self.uow.staging, name, attribute, value, found)
        return [self._decode(key, *found[key]) for key in sorted(found)]

    def for_order(self, order_id: str) -> list[Any]:
        """The aggregates (payments, invoices, shipments) of order ``order_id``, by key."""
        return self.where("order_id", order_id)


class DocumentIdempotency(Generic[U]):
    """The idempotency keys seen through one unit of work (staged records included)."""

    def __init__(self, uow: U) -> None:
        self.uow = uow

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record under ``key``, staged or committed, or ``None``."""
        self.uow.db("idempotency.get")

        def committed() -> IdempotencyRecord | None:
            row = self.uow.committed_record(key)
            if row is None:
                return None
            result: JsonValue = json.loads(row[1])
            recorded_at = recorded_instant(row[2]) if len(row) > 2 else None
            return IdempotencyRecord(
                key=key, fingerprint=row[0], result=result, recorded_at=recorded_at
            )

        return self.uow.staging.record(key, committed)

    def put(
        self,
        key: str,
        fingerprint: str,
        result: JsonValue,
        recorded_at: pendulum.DateTime | None = None,
    ) -> None:
        """Stage ``result`` under ``key``, recorded at ``recorded_at`` (when the command ran).

        The same key with another fingerprint is ``IdempotencyKeyReused``; a key this unit
        of work already staged is :class:`DuplicateEntity`; a key another request committed
        (with the same fingerprint) is a retryable :class:`ConcurrencyConflict`.
        """
        self.uow.staging.put(key, fingerprint, result, lambda: self.get(key), recorded_at)


class DocumentNumbers(Generic[U]):
    """Gapless numbers: drawn in the unit of work, the counter moved only by its commit."""

    def __init__(self, uow: U) -> None:
        self.uow = uow

    def next(self, name: str) -> str:
        """The next number of ``name`` (``"INV-000124"``); a rival commit makes it a conflict."""
        self.uow.db("numbers.next")
        format_number(name, 1)  # refuses a bad name before anything is drawn
        drawn = self.uow.staging.draw(name, lambda: self.uow.committed_number(name))
        return format_number(name, drawn)


class DocumentLedger(Generic[U]):
    """The stock ledger stream: movements per SKU with a contiguous ``seq``, append-only."""

    def __init__(self, uow: U) -> None:
        self.uow = uow

    def append(self, sku: str, movements: Sequence[Movement]) -> None:
        """Stage ``movements`` of ``sku`` (written by the commit, dropped by a rollback).

        Each ``seq`` must follow the last one, staged or committed: else LedgerOutOfSequence.
        """
        self.uow.db("ledger.append")
        self.uow.staging.append(sku, movements, lambda: self.uow.committed_seq(sku))

    def rows(self, sku: str, after: int = 0) -> list[Movement]:
        """The movements of ``sku`` with ``seq`` above ``after``, staged ones included."""
        self.uow.db("ledger.rows")
        codec = self.uow.store.codec
        found = [
            codec.decode(Movement, json.loads(body))
            for body in self.uow.committed_movements(sku, after)
        ]
        found.extend(self.uow.staging.movements_after(sku, after))
        return found
