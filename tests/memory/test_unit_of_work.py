"""The memory unit of work's commit: what it skips when there is nothing to check or write."""

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.memory import MemoryStore
from ordercore.ports.errors import UnitOfWorkClosed
from ordercore.testing.contract_ledger import kit_movement
from tests.memory.tallies import a_store_with_one_tally


def a_store() -> MemoryStore:
    return a_store_with_one_tally()


def test_an_empty_commit_changes_nothing_and_closes_the_unit_of_work() -> None:
    store = a_store()
    before = store.snapshot()
    with store.unit_of_work() as uow:
        uow.commit()
        with pytest.raises(UnitOfWorkClosed):
            uow.repository("tallies").find("TALLY-1")
    assert before == store.snapshot()


def test_a_commit_that_only_read_still_checks_what_it_read() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("tallies").get("TALLY-1")
        with store.unit_of_work() as rival:
            tally = rival.repository("tallies").get("TALLY-1")
            tally.bump()
            rival.repository("tallies").save(tally, 1)
            rival.commit()
        with pytest.raises(ConcurrencyConflict):
            uow.commit()


def test_a_commit_of_ledger_rows_alone_still_writes_them() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.ledger.append("RETRO-CLOCK", [kit_movement(1)])
        uow.commit()
    with store.unit_of_work() as uow:
        assert [1] == [row.seq for row in uow.ledger.rows("RETRO-CLOCK")]
