import os
from pathlib import Path

from ordercore_sqlite import SqliteStore
from tests.testing.engine_race import run_race

# CI's profile keeps the race small; ORDERCORE_RACE_ROUNDS=1000 for the long local run
ROUNDS = int(os.environ.get("ORDERCORE_RACE_ROUNDS", "15"))


def test_four_processes_racing_through_the_engine_never_oversell(tmp_path: Path) -> None:
    path = str(tmp_path / "race.db")
    SqliteStore(path).migrate()
    tallies = run_race("sqlite", path, ROUNDS)
    assert 0 == tallies["exit codes not 0"]
    assert 0 == tallies["oversold"]
    assert 0 == tallies["allocations not matching reservations"]
    assert 0 == tallies["stock left unsold"]
    assert 0 == tallies["gave up"]
