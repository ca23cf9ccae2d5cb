"""Contract tests for number sequences: never a repeat, and gapless where gapless is promised.

``store.next(name)`` (the ``NumberSequence`` port) must never hand out a number twice, even to
threads racing for it. A unit of work that offers ``numbers`` promises more: a number is taken
in the commit that uses it (gapless: a rolled-back or failed unit of work consumes nothing), and
two units of work that drew the same number cannot both commit.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, expect

__all__ = ["SequenceContract"]


def _numbers(uow: object) -> Any:
    numbers = getattr(uow, "numbers", None)
    if numbers is None:
        pytest.skip("this adapter's unit of work has no gapless numbers (uow.numbers)")
    return numbers


class SequenceContract(ContractBase):
    """Numbers people read (invoices, credit notes, RMAs) are unique, and gapless in the commit."""

    def draws_per_thread(self) -> int:
        """How many numbers each racing thread draws."""
        return 25

    def test_racing_threads_never_get_the_same_number(self, store: Store) -> None:
        """``next`` from several threads: every number is handed out once, 1 to N."""
        drawn: list[str] = []
        errors: list[BaseException] = []
        start = threading.Barrier(self.threads())
        sequence: Any = store

        def work() -> None:
            try:
                start.wait()
                drawn.extend(sequence.next("RMA") for _ in range(self.draws_per_thread()))
            except BaseException as error:  # noqa: BLE001 - reported to the main thread
                errors.append(error)

        workers = [threading.Thread(target=work) for _ in range(self.threads())]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        expect([], errors, "errors in the racing threads")
        total = self.threads() * self.draws_per_thread()
        expected = [f"RMA-{n:06d}" for n in range(1, total + 1)]
        expect(expected, sorted(drawn), "every number once")
        expect("INV-000001", sequence.next("INV"), "another name starts at 1")

    def test_a_number_is_taken_only_by_the_commit_that_uses_it(self, store: Store) -> None:
        """Drawn in a rolled-back unit of work, a number is drawn again; committed, it is not."""
        with store.unit_of_work() as uow:
            expect("INV-000001", _numbers(uow).next("INV"), "the first number")
            expect("INV-000002", _numbers(uow).next("INV"), "the second, in the same unit")
        with store.unit_of_work() as uow:
            expect("INV-000001", _numbers(uow).next("INV"), "after a rollback: no gap")
            uow.commit()
        with store.unit_of_work() as uow:
            expect("INV-000002", _numbers(uow).next("INV"), "after a commit: the next one")
            expect("CN-000001", _numbers(uow).next("CN"), "names are independent")
            uow.commit()

    def test_two_units_of_work_that_drew_one_number_cannot_both_commit(self, store: Store) -> None:
        """The second commit of a number is a ConcurrencyConflict; the first one stays."""
        with store.unit_of_work() as first, store.unit_of_work() as second:
            expect("INV-000001", _numbers(first).next("INV"), "the first unit's number")
            expect("INV-000001", _numbers(second).next("INV"), "the second unit's number")
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.commit()
        with store.unit_of_work() as uow:
            expect("INV-000002", _numbers(uow).next("INV"), "the number after the winner's")

    def test_racing_units_of_work_take_gapless_numbers(self, store: Store) -> None:
        """Threads commit numbers, retrying conflicts: 1 to N, each once, no gap."""
        taken: list[str] = []
        errors: list[BaseException] = []
        start = threading.Barrier(self.threads())

        def work() -> None:
            try:
                start.wait()
                for _ in range(self.draws_per_thread()):
                    for _attempt in range(500):
                        try:
                            with store.unit_of_work() as uow:
                                number = _numbers(uow).next("CN")
                                uow.commit()
                        except ConcurrencyConflict:
                            continue
                        taken.append(number)
                        break
            except BaseException as error:  # noqa: BLE001 - reported to the main thread
                errors.append(error)

        with store.unit_of_work() as probe:
            _numbers(probe)
        workers = [threading.Thread(target=work) for _ in range(self.threads())]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        expect([], errors, "errors in the racing threads")
        total = self.threads() * self.draws_per_thread()
        expect([f"CN-{n:06d}" for n in range(1, total + 1)], sorted(taken), "gapless numbers")
