from collections.abc import Iterator

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.testing.contract import TALLIES, Tally
from ordercore_postgres import PostgresStore, migrate
from tests.ordercore_postgres.database import fresh_schema

pytestmark = pytest.mark.postgres


@pytest.fixture
def dsn() -> Iterator[str]:
    with fresh_schema() as made:
        yield made


def test_migrates_once_and_records_the_versions(dsn: str) -> None:
    with psycopg.connect(dsn) as connection:
        assert [1, 2, 3] == migrate(connection)
        assert [] == migrate(connection)
        versions = connection.execute(
            "SELECT version FROM ordercore_migrations ORDER BY version"
        ).fetchall()
    assert [(1,), (2,), (3,)] == versions


def test_works_on_a_pool_the_host_owns(dsn: str) -> None:
    with ConnectionPool(dsn, min_size=1, max_size=2, open=True) as pool:
        store = PostgresStore(pool, [TALLIES], {"tallies": Tally})
        store.migrate()
        with store.unit_of_work() as uow:
            uow.repository("tallies").add(Tally.start("TALLY-1"))
            uow.commit()
        store.close()  # the host's pool stays open
        with pool.connection() as connection:
            row = connection.execute("SELECT count(*) FROM ordercore_aggregates").fetchone()
    assert (1,) == row


def test_works_on_one_connection_the_host_owns_even_outside_autocommit(dsn: str) -> None:
    with psycopg.connect(dsn) as connection:
        store = PostgresStore(connection, [TALLIES], {"tallies": Tally})
        store.migrate()
        with store.unit_of_work() as uow:
            uow.repository("tallies").add(Tally.start("TALLY-1"))
            uow.commit()
        with store.unit_of_work() as uow:
            assert 1 == uow.repository("tallies").get("TALLY-1").version


def test_reads_jsonb_documents_back_exactly(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    tally = Tally.start("TALLY-1", label="1.10 is not 1.1")
    tally.bump(10**18)
    tally.pull_events()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(tally)
        uow.commit()
    with store.unit_of_work() as uow:
        assert tally == uow.repository("tallies").get("TALLY-1")
    store.close()


def test_a_number_drawn_by_a_loser_is_not_lost(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    with store.unit_of_work() as first, store.unit_of_work() as second:
        assert "INV-000001" == first.numbers.next("INV")
        assert "INV-000001" == second.numbers.next("INV")
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    with store.unit_of_work() as uow:
        assert "INV-000002" == uow.numbers.next("INV")
    store.close()
