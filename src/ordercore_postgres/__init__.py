"""ordercore_postgres: the PostgreSQL store (psycopg 3) for many workers on one database.

Install with ``pip install ordercore[postgres]``. Aggregates as versioned ``json`` documents,
optimistic versions and read checks under ``READ COMMITTED``, reads that queue on advisory row
locks (bounded by ``lock_wait``) so hot rows take turns instead of conflicting, an outbox
ordered by transaction id below the snapshot's xmin and a ``FOR UPDATE SKIP LOCKED`` relay,
idempotency keys under a unique constraint, gapless numbers from counters moved by the commit
and the stock ledger stream, all in one transaction sent in one round trip.
The schema is a set of versioned SQL files applied by :func:`migrate` (never at import).

.. code-block:: python

    from ordercore_postgres import PostgresStore, Relay, run_with_retries

    store = PostgresStore("postgresql://shop@db/shop")   # or PostgresStore(your_pool)
    store.migrate()
    engine = Engine(store, clock, locations)
    run_with_retries(lambda: engine.allocate_order(order_id), attempts=5, backoff=0.005)
    Relay(store).deliver(send_to_channel, batch=100)
"""

from ordercore_postgres.migrate import migrate
from ordercore_postgres.relay import CHANNEL, Relay
from ordercore_postgres.store import PostgresStore
from ordercore_postgres.unit_of_work import (
    PostgresIdempotency,
    PostgresLedger,
    PostgresNumbers,
    PostgresRepository,
    PostgresUnitOfWork,
)
from ordercore_sqlite.retries import run_with_retries

__all__ = [
    "CHANNEL",
    "PostgresIdempotency",
    "PostgresLedger",
    "PostgresNumbers",
    "PostgresRepository",
    "PostgresStore",
    "PostgresUnitOfWork",
    "Relay",
    "migrate",
    "run_with_retries",
]
