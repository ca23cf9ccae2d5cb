"""Hand-over: a unit of work told ``hand_over()`` keeps the staged objects, not copies of them."""

import pendulum
import pytest

from ordercore.domain.inventory import StockItem
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.memory import MemoryStore
from ordercore.ports.errors import UnitOfWorkClosed, UnsavedChanges
from ordercore.testing.contract import Tally
from tests.memory.tallies import a_store_with_one_tally

AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")


def a_store() -> MemoryStore:
    return a_store_with_one_tally()


def stored(store: MemoryStore) -> Tally:
    with store.unit_of_work() as uow:
        found: Tally = uow.repository("tallies").get("TALLY-1")
        return found


def test_commits_what_was_handed_over() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump(by=3)
        uow.hand_over()
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    assert (2, 3) == (stored(store).version, stored(store).count)


def test_keeps_the_handed_over_object_itself_instead_of_a_copy() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump()
        uow.hand_over()
        uow.repository("tallies").save(tally, 1)
        row, _base = uow.staged("tallies", "TALLY-1")  # type: ignore[misc]
        uow.commit()
    assert tally is row.frozen._state


def test_reads_after_a_hand_over_are_still_new_copies() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump()
        uow.hand_over()
        uow.repository("tallies").save(tally, 1)
        again = uow.repository("tallies").get("TALLY-1")
        again.label = "BLUE-VASE"
        uow.commit()
    first, second = stored(store), stored(store)
    first.label = "GREEN-LAMP"
    assert first is not second
    assert (1, "RETRO-CLOCK") == (second.count, second.label)


def test_a_hand_over_unit_of_work_that_raises_changes_nothing() -> None:
    store = a_store()
    with pytest.raises(RuntimeError, match="refused"), store.unit_of_work() as uow:  # noqa: PT012
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump(by=5)
        uow.hand_over()
        uow.repository("tallies").save(tally, 1)
        raise RuntimeError("refused")
    assert (1, 0, "RETRO-CLOCK") == (
        stored(store).version,
        stored(store).count,
        stored(store).label,
    )


def test_a_refused_hand_over_commit_changes_nothing() -> None:
    store = a_store()
    with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump(by=5)
        uow.hand_over()
        uow.repository("tallies").save(tally, 1)
        with store.unit_of_work() as rival:
            theirs = rival.repository("tallies").get("TALLY-1")
            theirs.bump(by=1)
            rival.repository("tallies").save(theirs, 1)
            rival.commit()
        uow.commit()
    assert (2, 1) == (stored(store).version, stored(store).count)


def test_the_next_unit_of_work_copies_again() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.hand_over()
        uow.rollback()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        tally.label = "BLUE-VASE"
        uow.commit()
    assert (2, "RETRO-CLOCK") == (stored(store).version, stored(store).label)


def test_refuses_a_hand_over_outside_an_open_unit_of_work() -> None:
    uow = a_store().unit_of_work()
    with pytest.raises(UnitOfWorkClosed):
        uow.hand_over()


def test_a_plain_hand_over_still_refuses_a_change_that_was_never_saved() -> None:
    store = a_store()
    with pytest.raises(UnsavedChanges), store.unit_of_work() as uow:  # noqa: PT012
        uow.repository("tallies").get("TALLY-1").bump()
        uow.hand_over()
        uow.commit()
    assert (1, 0) == (stored(store).version, stored(store).count)


def test_a_hand_over_that_saves_every_change_commits_without_looking_for_unsaved_ones() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        untouched = uow.repository("tallies").get("TALLY-1")
        tally.bump(by=2)
        uow.hand_over(saves_every_change=True)
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    assert (2, 2, 1) == (stored(store).version, stored(store).count, untouched.version)


def test_the_promise_to_save_every_change_lasts_one_unit_of_work() -> None:
    store = a_store()
    uow = store.unit_of_work()
    with uow:
        uow.hand_over(saves_every_change=True)
        uow.rollback()
    with pytest.raises(UnsavedChanges), uow:  # noqa: PT012 - the same object, opened again
        uow.repository("tallies").get("TALLY-1").bump()
        uow.commit()


def test_a_handed_over_stale_stock_save_with_movements_is_a_conflict_not_a_ledger_gap() -> None:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        item = StockItem("RETRO-CLOCK")
        item.receive("WH-EAST", 3, AT)
        uow.stock.add(item)
        uow.commit()
    with pytest.raises(ConcurrencyConflict) as refused, store.unit_of_work() as uow:  # noqa: PT012
        mine = uow.stock.get("RETRO-CLOCK")
        with store.unit_of_work() as rival:
            theirs = rival.stock.get("RETRO-CLOCK")
            theirs.receive("WH-EAST", 1, AT)
            rival.stock.save(theirs, 1)
            rival.commit()
        mine.receive("WH-EAST", 2, AT)
        uow.hand_over(saves_every_change=True)
        uow.stock.save(mine, 1)
    assert (1, 2) == (refused.value.expected_version, refused.value.actual_version)
    assert 4 == stored_stock(store).on_hand("WH-EAST")


def stored_stock(store: MemoryStore) -> StockItem:
    with store.unit_of_work() as uow:
        found: StockItem = uow.stock.get("RETRO-CLOCK")
        return found
