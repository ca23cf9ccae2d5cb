"""A save writes the row's order_id whether or not it changed (its UPDATE leaves an unchanged one
out), and a rival's save is a conflict on either path."""

from pathlib import Path

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import SqliteStore


def tally_store(path: Path) -> SqliteStore:
    store = SqliteStore(str(path / "saves.db"), [TALLIES], {"tallies": Tally})
    store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("T-1", order_id="O-1"))
        uow.commit()
    return store


def keys_for(store: SqliteStore, order_id: str) -> list[str]:
    with store.unit_of_work() as uow:
        return [tally.id for tally in uow.repository("tallies").for_order(order_id)]


def test_a_save_that_moves_an_aggregate_to_another_order_is_found_under_the_new_one(
    tmp_path: Path,
) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("T-1")
        tally.order_id = "O-2"
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    assert ([], ["T-1"]) == (keys_for(store, "O-1"), keys_for(store, "O-2"))


def test_a_save_that_keeps_the_order_is_still_found_under_it(tmp_path: Path) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("T-1")
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    with store.unit_of_work() as uow:
        assert (2, ["T-1"]) == (
            uow.repository("tallies").get("T-1").version,
            keys_for(store, "O-1"),
        )


@pytest.mark.parametrize("new_order", ["O-1", "O-2"])
def test_a_save_after_a_rivals_commit_is_a_conflict_and_writes_nothing(
    tmp_path: Path, new_order: str
) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as mine, store.unit_of_work() as rival:
        tally = mine.repository("tallies").get("T-1")
        theirs = rival.repository("tallies").get("T-1")
        theirs.bump()
        rival.repository("tallies").save(theirs, 1)
        rival.commit()
        tally.order_id = new_order
        tally.bump()
        mine.repository("tallies").save(tally, 1)
        with pytest.raises(ConcurrencyConflict) as raised:
            mine.commit()
    assert ("T-1", 1, 2) == (
        raised.value.entity_id,
        raised.value.expected_version,
        raised.value.actual_version,
    )
    assert (["T-1"], []) == (keys_for(store, "O-1"), keys_for(store, "O-2"))
