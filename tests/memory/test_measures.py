"""Measuring in place: a count read off the stored state itself, with the read set kept."""

import pytest

from ordercore.kernel.errors import ConcurrencyConflict, WrongType
from ordercore.memory import MemoryStore
from ordercore.ports.unit_of_work import MeasuresInPlace
from ordercore.testing.contract import TALLIES, Tally
from tests.memory.tallies import a_store_with_one_tally


def count_of(tally: Tally, times: int = 1) -> int:
    return tally.count * times


def bump(store: MemoryStore, by: int) -> None:
    with store.unit_of_work() as rival:
        tally = rival.repository("tallies").get("TALLY-1")
        tally.bump(by=by)
        rival.repository("tallies").save(tally, tally.version - 1)
        rival.commit()


def test_the_memory_stores_unit_of_work_measures_in_place() -> None:
    assert isinstance(a_store_with_one_tally().unit_of_work(), MeasuresInPlace)


def test_measures_the_stored_aggregate_with_the_arguments_given() -> None:
    store = a_store_with_one_tally()
    bump(store, 3)
    with store.unit_of_work() as uow:
        counted = uow.measure_in("tallies", "TALLY-1", Tally, count_of, 2)
        handed_out = dict(uow.staging.handed_out)
        reads = dict(uow.staging.reads)
    assert (6, {}, {("tallies", "TALLY-1"): 2}) == (counted, handed_out, reads)


def test_a_measured_aggregate_a_rival_changed_since_fails_the_commit() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        uow.measure_in("tallies", "TALLY-1", Tally, count_of)
        bump(store, 1)
        with pytest.raises(ConcurrencyConflict, match="TALLY-1"):
            uow.commit()


def test_measures_what_this_unit_of_work_staged_without_joining_the_read_set() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump(by=4)
        uow.repository("tallies").save(tally, 1)
        uow.staging.reads.clear()
        counted = uow.measure_in("tallies", "TALLY-1", Tally, count_of)
        reads = dict(uow.staging.reads)
    assert (4, {}) == (counted, reads)


def test_nothing_to_measure_in_place_is_none_for_the_caller_to_read_as_usual() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        missing = uow.measure_in("tallies", "TALLY-2", Tally, count_of)
        other_kind = uow.measure_in("tallies", "TALLY-1", str, len)
        reads = dict(uow.staging.reads)
    assert (None, None, {}) == (missing, other_kind, reads)


def test_a_measure_that_gives_back_more_than_an_int_is_refused_without_the_value() -> None:
    store = MemoryStore((TALLIES,))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1"))
        uow.commit()
    with store.unit_of_work() as uow, pytest.raises(WrongType) as refused:
        uow.measure_in("tallies", "TALLY-1", Tally, lambda tally: tally)
    assert (type, "measure") == (type(refused.value.value), refused.value.field)
