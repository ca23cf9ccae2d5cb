import threading

import pytest

from ordercore.kernel.errors import ConcurrencyConflict, ValidationError, WrongType
from ordercore.memory import MemoryStore
from ordercore.testing.contract import TALLIES


def a_store() -> MemoryStore:
    return MemoryStore((TALLIES,))


def test_takes_a_drawn_number_only_when_the_unit_of_work_commits() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        drawn = uow.numbers.next("INV")
        assert 0 == store.number_of("INV")
        uow.commit()
    assert ("INV-000001", 1) == (drawn, store.number_of("INV"))


def test_old_callers_of_store_next_share_the_counter_with_units_of_work() -> None:
    store = a_store()
    first = store.next("INV")
    with store.unit_of_work() as uow:
        second = uow.numbers.next("INV")
        uow.commit()
    assert ["INV-000001", "INV-000002", "INV-000003"] == [first, second, store.next("INV")]


def test_a_number_taken_with_store_next_meanwhile_makes_the_commit_conflict() -> None:
    store = a_store()
    conflict = pytest.raises(ConcurrencyConflict, match="number sequence 'INV'")
    with conflict, store.unit_of_work() as uow:
        uow.numbers.next("INV")
        store.next("INV")
        uow.commit()
    assert 1 == store.number_of("INV")


def test_refuses_a_sequence_name_that_is_not_letters_and_digits() -> None:
    with a_store().unit_of_work() as uow, pytest.raises(ValidationError):
        uow.numbers.next("INV 2026")


def test_refuses_a_sequence_name_that_is_not_a_str() -> None:
    with a_store().unit_of_work() as uow, pytest.raises(WrongType):
        uow.numbers.next(7)  # type: ignore[arg-type]


def test_racing_threads_never_commit_one_number_twice_nor_leave_a_gap() -> None:
    store = a_store()
    taken: list[str] = []

    def take() -> None:
        for _ in range(50):
            while True:
                try:
                    with store.unit_of_work() as uow:
                        number = uow.numbers.next("INV")
                        uow.commit()
                except ConcurrencyConflict:
                    continue
                taken.append(number)
                break

    workers = [threading.Thread(target=take) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [f"INV-{n:06d}" for n in range(1, 201)] == sorted(taken)
