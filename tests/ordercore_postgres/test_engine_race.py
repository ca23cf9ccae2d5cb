import os

import pytest

from ordercore_postgres import PostgresStore
from tests.ordercore_postgres.database import fresh_schema
from tests.testing.engine_race import run_race

pytestmark = pytest.mark.postgres

# CI's profile keeps the race small; ORDERCORE_RACE_ROUNDS=1000 for the long local run
ROUNDS = int(os.environ.get("ORDERCORE_RACE_ROUNDS", "15"))


def test_four_processes_racing_through_the_engine_never_oversell() -> None:
    with fresh_schema() as dsn:
        store = PostgresStore(dsn, pool_size=1)
        store.migrate()
        store.close()
        tallies = run_race("postgres", dsn, ROUNDS)
    assert 0 == tallies["exit codes not 0"]
    assert 0 == tallies["oversold"]
    assert 0 == tallies["allocations not matching reservations"]
    assert 0 == tallies["stock left unsold"]
    assert 0 == tallies["gave up"]
