import sqlite3
from contextlib import closing
from pathlib import Path

from ordercore_sqlite import SqliteStore, applied_versions, migrate, migrations


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
