"""Schema migrations: versioned SQL files shipped in the package, applied when the host asks.

Nothing runs at import. The host calls :func:`migrate` with a connection (at deploy time, or
when it opens the database); every file ``migrations/NNNN_name.sql`` whose version is newer than
the database's is applied in its own transaction, and recorded in ``ordercore_migrations``. A
second call does nothing; two processes migrating at once serialize on SQLite's write lock.
"""

from __future__ import annotations

import sqlite3
from importlib import resources

import attrs

from ordercore.kernel.errors import ValidationError

__all__ = ["Migration", "applied_versions", "migrate", "migrations"]


@attrs.frozen
class Migration:
    """One schema change: its version (the file's number), its name and its SQL."""

    version: int
    name: str
    sql: str


def migrations(package: str = "ordercore_sqlite.migrations") -> tuple[Migration, ...]:
    """Every migration shipped in ``package``, oldest first."""
    found: list[Migration] = []
    for entry in resources.files(package).iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, rest = entry.name.partition("_")
        if not number.isdigit():
            raise ValidationError("migration", entry.name, "a file is named NNNN_name.sql")
        found.append(Migration(int(number), rest.removesuffix(".sql"), entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise ValidationError("migrations", versions, "each version is used by one file")
    return tuple(found)


_LEDGER = """
CREATE TABLE IF NOT EXISTS ordercore_migrations (
    version INTEGER PRIMARY KEY,
    name    TEXT NOT NULL
)
"""


def applied_versions(connection: sqlite3.Connection) -> list[int]:
    """The migration versions the database has (empty for a new database)."""
    connection.execute(_LEDGER)
    rows = connection.execute("SELECT version FROM ordercore_migrations ORDER BY version")
    return [int(row[0]) for row in rows]


def migrate(connection: sqlite3.Connection) -> list[int]:
    """Apply every migration the database lacks, each atomically; return the versions applied.

    ``connection`` must be in autocommit mode (``isolation_level=None``, as
    :meth:`ordercore_sqlite.SqliteStore.connect` opens them): each migration runs inside its
    own ``BEGIN IMMEDIATE`` ... ``COMMIT``.
    """
    done: list[int] = []
    for migration in migrations():
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(_LEDGER)
            row = connection.execute(
                "SELECT 1 FROM ordercore_migrations WHERE version = ?", (migration.version,)
            ).fetchone()
            if row is None:
                for statement in _statements(migration.sql):
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO ordercore_migrations (version, name) VALUES (?, ?)",
                    (migration.version, migration.name),
                )
                done.append(migration.version)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return done


def _statements(script: str) -> list[str]:
    """The statements of ``script`` (comments dropped; split on ``;`` at the end of a line)."""
    lines = [line.split("--", 1)[0].rstrip() for line in script.splitlines()]
    text = "\n".join(line for line in lines if line.strip()) + "\n"
    parts = (part.strip().rstrip(";").strip() for part in text.split(";\n"))
    return [part for part in parts if part]
