"""ordercore.memory: the in-memory reference adapter and test oracle (thread-safe).

>>> from ordercore.memory import MemoryStore
>>> store = MemoryStore()
>>> with store.unit_of_work() as uow:
...     uow.idempotency.put("checkout-42", "fingerprint", {"order": "SO-000001"})
...     uow.commit()
>>> store.record("checkout-42").result
{'order': 'SO-000001'}
"""

from ordercore.memory.ledger import MemoryLedger
from ordercore.memory.store import Changes, MemoryStore, StoreSnapshot
from ordercore.memory.unit_of_work import MemoryIdempotency, MemoryRepository, MemoryUnitOfWork

__all__ = [
    "Changes",
    "MemoryIdempotency",
    "MemoryLedger",
    "MemoryRepository",
    "MemoryStore",
    "MemoryUnitOfWork",
    "StoreSnapshot",
]
