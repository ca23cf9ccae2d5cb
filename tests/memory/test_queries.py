"""Queries go through an index: they cost what they find, and agree with a scan of the store."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.memory import MemoryStore, snapshots
from ordercore.memory import store as store_module
from ordercore.memory import unit_of_work as unit_of_work_module
from ordercore.testing.contract import TALLIES, Tally

LABELS = ("RETRO-CLOCK", "BLUE-VASE", "LAVA-LAMP")


def test_a_query_thaws_only_the_aggregates_it_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore((TALLIES,))
    with store.unit_of_work() as uow:
        for n in range(200):
            uow.repository("tallies").add(Tally.start(f"TALLY-{n:03d}", label=f"LABEL-{n % 50}"))
        uow.commit()
    store.select("tallies", "label", "LABEL-7")  # the first query by label builds its index
    thawed: list[object] = []

    def counting_thaw(frozen: snapshots.Frozen) -> object:
        thawed.append(frozen)
        return snapshots.thaw(frozen)

    monkeypatch.setattr(store_module, "thaw", counting_thaw)
    monkeypatch.setattr(unit_of_work_module, "thaw", counting_thaw)
    found = store.select("tallies", "label", "LABEL-7")
    with store.unit_of_work() as uow:
        where = uow.repository("tallies").where("label", "LABEL-8")
    assert ["TALLY-007", "TALLY-057", "TALLY-107", "TALLY-157"] == [t.id for t in found]
    assert (4, 8) == (len(where), len(thawed))


commands = st.lists(
    st.tuples(
        st.sampled_from(["add", "relabel", "query"]), st.integers(0, 5), st.sampled_from(LABELS)
    ),
    max_size=25,
)


@given(commands)
def test_where_agrees_with_a_scan_of_every_stored_aggregate(
    steps: list[tuple[str, int, str]],
) -> None:
    store = MemoryStore((TALLIES,))
    for command, n, label in steps:
        key = f"TALLY-{n}"
        with store.unit_of_work() as uow:
            tallies = uow.repository("tallies")
            if command == "query":
                tallies.where("label", label)  # builds the index part-way through the history
                continue
            found = tallies.find(key)
            if command == "add" and found is None:
                tallies.add(Tally.start(key, label=label))
            elif command == "relabel" and found is not None:
                found.label = label
                found.bump()
                tallies.save(found, found.version - 1)
            uow.commit()
    rows = store.snapshot().rows
    for label in LABELS:
        expected = sorted(key for (_, key), tally in rows.items() if tally.label == label)
        with store.unit_of_work() as uow:
            actual = [t.id for t in uow.repository("tallies").where("label", label)]
        assert expected == actual


def test_a_save_that_keeps_its_indexed_values_is_found_under_them_and_a_change_moves_it() -> None:
    store = MemoryStore((TALLIES,))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1", label="RETRO-CLOCK"))
        uow.commit()
    store.select("tallies", "label", "RETRO-CLOCK")  # index by label
    found: list[tuple[list[str], list[str]]] = []
    for label in ("RETRO-CLOCK", "RETRO-CLOCK", "BLUE-VASE"):  # the first row is from before
        with store.unit_of_work() as uow:
            tally = uow.repository("tallies").get("TALLY-1")
            tally.label = label
            tally.bump()
            uow.repository("tallies").save(tally, tally.version - 1)
            uow.commit()
        found.append(
            (
                [t.id for t in store.select("tallies", "label", "RETRO-CLOCK")],
                [t.id for t in store.select("tallies", "label", "BLUE-VASE")],
            )
        )
    assert [(["TALLY-1"], []), (["TALLY-1"], []), ([], ["TALLY-1"])] == found
