"""A fresh PostgreSQL schema per test, on the server named by ORDERCORE_PG_DSN.

Without the variable the tests are skipped with the reason; with ``CI=true`` that is a failure
instead (CI's ``.ci/run`` starts a throwaway server and exports the variable).
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

from ordercore.testing.contract import TALLIES, Tally
from ordercore_postgres import PostgresStore

DSN_VARIABLE = "ORDERCORE_PG_DSN"


def server_dsn() -> str:
    dsn = os.environ.get(DSN_VARIABLE, "")
    if dsn:
        return dsn
    reason = f"no PostgreSQL server: set {DSN_VARIABLE} (bash .ci/run starts a throwaway one)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A DSN whose search_path is a new, empty schema, dropped afterwards."""
    dsn = server_dsn()
    name = f"ordercore_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield psycopg.conninfo.make_conninfo(dsn, options=f"-csearch_path={name}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


@contextmanager
def migrated_store(*, tallies: bool = True) -> Iterator[PostgresStore]:
    """A migrated store on a fresh schema, closed at exit.

    ``tallies`` keeps the contract kit's tally collection; without it the store keeps the
    collections the Engine needs (``ORDERCORE_COLLECTIONS``).
    """
    with fresh_schema() as dsn:
        made = PostgresStore(dsn, [TALLIES], {"tallies": Tally}) if tallies else PostgresStore(dsn)
        made.migrate()
        try:
            yield made
        finally:
            made.close()
