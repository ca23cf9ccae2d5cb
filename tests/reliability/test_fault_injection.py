"""A fault before, inside or just after a commit, then a retry with the same key: as if none."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import settings

from ordercore.testing.faults import Moment
from tests.reliability.machine import FaultMachine
from tests.reliability.twins import Twins


class LostAcknowledgements(FaultMachine):
    """Faults just after the commit only: the command ran, its caller saw an exception."""

    moments = (Moment.AFTER,)


class FaultsAnywhere(FaultMachine):
    """Faults before, inside (between two writes) or just after the commit."""

    moments = tuple(Moment)


def test_a_retry_after_a_lost_acknowledgement_leaves_the_state_of_a_history_without_faults() -> (
    None
):
    LostAcknowledgements.TestCase().runTest()


def test_a_retry_after_a_fault_anywhere_around_a_commit_leaves_the_state_of_a_history_without_faults() -> (  # noqa: E501
    None
):
    FaultsAnywhere.TestCase().runTest()


class SqliteFaultsAnywhere(FaultMachine):
    """Faults before, inside (between two statements) or just after a SQLite commit."""

    moments = tuple(Moment)

    def make_twins(self) -> Twins:
        sqlite = pytest.importorskip("ordercore_sqlite")
        self.folder = tempfile.TemporaryDirectory()
        stores = [sqlite.SqliteStore(f"{self.folder.name}/{name}.db") for name in ("a", "b")]
        for store in stores:
            store.migrate()
        return Twins(*stores)

    def teardown(self) -> None:
        self.folder.cleanup()


def test_a_retry_after_a_fault_around_a_sqlite_commit_leaves_the_state_of_a_history_without_faults() -> (  # noqa: E501
    None
):
    pytest.importorskip("ordercore_sqlite")
    SqliteFaultsAnywhere.TestCase.settings = settings(
        SqliteFaultsAnywhere.TestCase.settings, stateful_step_count=25
    )
    SqliteFaultsAnywhere.TestCase().runTest()
