"""The SQLite adapter, now shipped as the ``ordercore_sqlite`` package (read its source there).

This file used to hold the whole adapter as a template; it moved into ``src/ordercore_sqlite/``
(versioned migrations, read checks, gapless numbers, the ledger stream, an outbox relay) and is
kept so that code importing the example keeps working. A PostgreSQL adapter ships beside it in
``ordercore_postgres``; ``docs/adapters.md`` explains how to write one for another database.
"""

from __future__ import annotations

from ordercore.ports.unit_of_work import Store
from ordercore_sqlite import (
    SqliteIdempotency,
    SqliteRepository,
    SqliteStore,
    SqliteUnitOfWork,
    migrate,
)

__all__ = [
    "SqliteIdempotency",
    "SqliteRepository",
    "SqliteStore",
    "SqliteUnitOfWork",
    "conforms",
    "migrate",
]


def conforms(store: SqliteStore) -> Store:
    """The SQLite store is an ordercore ``Store`` (mypy checks the ports' protocols here)."""
    return store
