"""ordercore_sqlite: the embedded default store, on the standard library's ``sqlite3``.

Aggregates as versioned JSON documents, an outbox in commit order with a relay, idempotency
keys, gapless numbers and the stock ledger stream, all committed in one transaction. The schema
is a set of versioned SQL files applied by :func:`migrate` when the host asks (never at import).

>>> import tempfile, os
>>> from ordercore_sqlite import SqliteStore
>>> path = os.path.join(tempfile.mkdtemp(), "shop.db")
>>> store = SqliteStore(path)
>>> store.migrate()
[1, 2, 3, 4]
>>> with store.unit_of_work() as uow:
...     uow.idempotency.put("checkout-42", "fingerprint", {"order": "SO-000001"})
...     uow.commit()
>>> with store.unit_of_work() as uow:
...     uow.idempotency.get("checkout-42").result
{'order': 'SO-000001'}
"""

from ordercore_sqlite.migrate import Migration, applied_versions, migrate, migrations
from ordercore_sqlite.relay import Relay
from ordercore_sqlite.retries import run_with_retries
from ordercore_sqlite.staging import ORDERCORE_TYPES
from ordercore_sqlite.store import Claim, SqliteStore
from ordercore_sqlite.unit_of_work import (
    SqliteIdempotency,
    SqliteLedger,
    SqliteNumbers,
    SqliteRepository,
    SqliteUnitOfWork,
)

__all__ = [
    "ORDERCORE_TYPES",
    "Claim",
    "Migration",
    "Relay",
    "SqliteIdempotency",
    "SqliteLedger",
    "SqliteNumbers",
    "SqliteRepository",
    "SqliteStore",
    "SqliteUnitOfWork",
    "applied_versions",
    "migrate",
    "migrations",
    "run_with_retries",
]
