import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import SqliteStore, applied_versions, migrate, migrations
from ordercore_sqlite.staging import outbox_rows


def test_applies_every_shipped_migration_once(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "shop.db"))
    assert [m.version for m in migrations()] == store.migrate()
    assert [] == store.migrate()


def test_records_the_versions_it_applied(tmp_path: Path) -> None:
    with closing(SqliteStore(str(tmp_path / "shop.db")).connect()) as connection:
        assert [] == applied_versions(connection)
        migrate(connection)
        assert [m.version for m in migrations()] == applied_versions(connection)


def test_touches_nothing_until_asked(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    SqliteStore(str(path))
    assert not path.exists()


def test_creates_the_tables_an_adapter_needs(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "shop.db"))
    store.migrate()
    with closing(sqlite3.connect(str(tmp_path / "shop.db"))) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    expected = {
        "ordercore_aggregates",
        "ordercore_outbox",
        "ordercore_idempotency",
        "ordercore_numbers",
        "ordercore_ledger",
        "ordercore_migrations",
    }
    assert expected == tables & expected


def test_numbers_migrations_in_order_from_one() -> None:
    versions = [m.version for m in migrations()]
    assert list(range(1, len(versions) + 1)) == versions


# -- upgrades: a database made by an older version of the adapter keeps everything it holds ----

TABLES = ("ordercore_aggregates", "ordercore_outbox", "ordercore_idempotency", "ordercore_numbers")
LATEST = migrations()[-1].version


def database_at(path: Path, version: int) -> SqliteStore:
    """A tally store whose file has the schema of ``version`` (as that release migrated it)."""
    store = SqliteStore(str(path / "shop.db"), [TALLIES], {"tallies": Tally})
    with closing(store.connect()) as connection:
        applied_versions(connection)  # the ledger of migrations
        for migration in migrations()[:version]:
            connection.executescript(migration.sql)
            connection.execute(
                "INSERT INTO ordercore_migrations (version, name) VALUES (?, ?)",
                (migration.version, migration.name),
            )
    return store


def fill(store: SqliteStore, version: int) -> None:
    """What that release wrote: rows (one too large for a WITHOUT ROWID row's page), messages
    (the newest pruned), a number and, from version 2, a key with its instant."""
    codec = store.codec
    small = Tally.start("T-1", order_id="O-1")
    small.bump(2)
    tallies = [small, Tally.start("T-2", label="x" * 3_000, order_id="O-1"), Tally.start("T-3")]
    with closing(store.connect()) as connection:
        for tally in tallies:
            connection.execute(
                "INSERT INTO ordercore_aggregates (collection, key, version, order_id, body) "
                "VALUES ('tallies', ?, ?, ?, ?)",
                (tally.id, tally.version, tally.order_id or None, codec.dumps(tally)),
            )
        events = [event for tally in tallies for event in tally.events]
        connection.executemany(
            "INSERT INTO ordercore_outbox (id, body) VALUES (?, ?)", outbox_rows(codec, events)
        )
        connection.execute(
            "DELETE FROM ordercore_outbox WHERE position = (SELECT max(position) FROM "
            "ordercore_outbox)"
        )
        connection.execute("INSERT INTO ordercore_numbers (name, value) VALUES ('invoice', 7)")
        if version >= 2:  # the instant a key was recorded came with version 2
            connection.execute(
                "INSERT INTO ordercore_idempotency (key, fingerprint, result, recorded_at) "
                "VALUES ('checkout-1', 'fp', '1', 1765076645000000)"
            )


def snapshot(store: SqliteStore) -> dict[str, set[tuple[object, ...]]]:
    with closing(store.connect()) as connection:
        return {
            table: set(connection.execute(f"SELECT * FROM {table}"))  # noqa: S608 - our names
            for table in TABLES
        }


@pytest.mark.parametrize("version", range(1, LATEST))
def test_a_database_of_an_older_version_upgrades_with_everything_it_holds(
    tmp_path: Path, version: int
) -> None:
    store = database_at(tmp_path, version)
    fill(store, version)
    before, pending = snapshot(store), store.pending(100)
    store.close()
    applied = store.migrate()
    upgraded = snapshot(store)
    with store.unit_of_work() as uow:
        found = sorted(t.id for t in uow.repository("tallies").for_order("O-1"))
        tally = uow.repository("tallies").get("T-3")
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    after = store.pending(100)
    store.close()
    assert (list(range(version + 1, LATEST + 1)), before, ["T-1", "T-2"]) == (
        applied,
        upgraded,
        found,
    )
    assert (pending, 5) == (after[:-1], after[-1].sequence)  # 4 was pruned
