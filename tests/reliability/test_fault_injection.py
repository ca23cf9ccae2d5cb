"""A fault before, inside or just after a commit, then a retry with the same key: as if none."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import Phase, settings

from ordercore.memory import MemoryStore
from ordercore.testing.faults import Moment
from tests.reliability.machine import FaultMachine
from tests.reliability.twins import Twins

# The memory store of main before the `store` branch: rows written one by one (a fault between
# two writes leaves half a commit) and numbers drawn outside the commit (a failed commit leaves
# a gap). The branch adds atomic commits, read sets and `uow.numbers` (MemoryStore.number_of).
_ATOMIC_MEMORY = hasattr(MemoryStore, "number_of")


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


@pytest.mark.xfail(
    not _ATOMIC_MEMORY,
    strict=True,
    reason="issue 13 items 3 and 5: the memory store's commit is not atomic and numbers are "
    "drawn outside it (fixed on branch store)",
)
def test_a_retry_after_a_fault_anywhere_around_a_commit_leaves_the_state_of_a_history_without_faults() -> (  # noqa: E501
    None
):
    if not _ATOMIC_MEMORY:  # expected to fail: find it, do not spend minutes shrinking it
        FaultsAnywhere.TestCase.settings = settings(
            FaultsAnywhere.TestCase.settings, phases=[Phase.explicit, Phase.reuse, Phase.generate]
        )
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
