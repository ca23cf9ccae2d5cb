"""Schema migrations for PostgreSQL: versioned SQL files in the package, applied on request.

Nothing runs at import. :func:`migrate` applies each missing ``migrations/NNNN_name.sql`` in its
own transaction, under a transaction-scoped advisory lock so that two processes migrating at
once take turns, and records it in ``ordercore_migrations``. Tables are created in the
connection's ``search_path`` (the first schema in it), so a host can keep ordercore in its own
schema: connect with ``options=-csearch_path=ordercore``.
"""

from __future__ import annotations

import psycopg

from ordercore_sqlite.migrate import migrations as _migrations

__all__ = ["migrate"]

_LEDGER = """
CREATE TABLE IF NOT EXISTS ordercore_migrations (
    version integer PRIMARY KEY,
    name    text NOT NULL
)
"""
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ordercore_migrations'))"


def migrate(connection: psycopg.Connection[object]) -> list[int]:
    """Apply every migration the database lacks, each atomically; return the versions applied.

    ``connection`` may be in autocommit mode or not; no transaction may be open on it.
    """
    done: list[int] = []
    for migration in _migrations("ordercore_postgres.migrations"):
        with connection.transaction():
            connection.execute(_LOCK)
            connection.execute(_LEDGER)
            row = connection.execute(
                "SELECT 1 FROM ordercore_migrations WHERE version = %s", (migration.version,)
            ).fetchone()
            if row is None:
                connection.execute(migration.sql.encode())
                connection.execute(
                    "INSERT INTO ordercore_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
                done.append(migration.version)
    if not connection.autocommit:
        connection.commit()
    return done
