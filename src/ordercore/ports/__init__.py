"""ordercore.ports: the small protocols through which the host persists and feeds ordercore.

Repositories with optimistic concurrency, a unit of work that commits aggregates and their
events (outbox) atomically, the ledger stream of stock movements, idempotency keys, number
sequences, the clock, and a JSON codec that adapters use to store aggregates as documents.
``ordercore.memory`` implements them all; ``docs/examples/sqlite_store.py`` is a database
template; ``ordercore.testing.contract`` checks any adapter.
"""

from ordercore.ports.aggregates import (
    ORDERCORE_COLLECTIONS,
    SHIPMENTS,
    InvoiceRepository,
    OrderRepository,
    PaymentRepository,
    ShipmentRepository,
    StockRepository,
    UnitOfWork,
)
from ordercore.ports.codec import Codec, JsonValue, type_tag
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    LedgerOutOfSequence,
    UnitOfWorkClosed,
    UnsavedChanges,
)
from ordercore.ports.idempotency import (
    IdempotencyRecord,
    IdempotencyStore,
    fingerprint,
    recall,
    recall_record,
)
from ordercore.ports.ledger import LedgerStream, Movement
from ordercore.ports.outbox import Outbox, OutboxMessage, message_id
from ordercore.ports.repositories import STANDARD_COLLECTIONS, Aggregate, Collection, Repository
from ordercore.ports.retention import Retention
from ordercore.ports.sequences import Clock, FixedClock, NumberSequence, format_number
from ordercore.ports.unit_of_work import ReadsAhead, Store, Transaction

__all__ = [
    "ORDERCORE_COLLECTIONS",
    "SHIPMENTS",
    "STANDARD_COLLECTIONS",
    "Aggregate",
    "Clock",
    "Codec",
    "Collection",
    "DuplicateEntity",
    "FixedClock",
    "IdempotencyKeyReused",
    "IdempotencyRecord",
    "IdempotencyStore",
    "InvoiceRepository",
    "JsonValue",
    "LedgerOutOfSequence",
    "LedgerStream",
    "Movement",
    "NumberSequence",
    "OrderRepository",
    "Outbox",
    "OutboxMessage",
    "PaymentRepository",
    "ReadsAhead",
    "Repository",
    "Retention",
    "ShipmentRepository",
    "StockRepository",
    "Store",
    "Transaction",
    "UnitOfWork",
    "UnitOfWorkClosed",
    "UnsavedChanges",
    "fingerprint",
    "format_number",
    "message_id",
    "recall",
    "recall_record",
    "type_tag",
]
