"""Contract tests for what a commit checks beyond the rows it writes: reads and numbers drawn.

* The read set (write skew): every aggregate a unit of work handed out is version-checked at
  commit, not only the ones it saves. A decision taken on an aggregate that another unit of work
  changed meanwhile (``confirm_order`` reading a payment that ``tick`` expires) raises
  :class:`ConcurrencyConflict`, which the Engine answers by running the command again.
* Gapless numbers (``uow.numbers``): a number is taken by the commit of the unit of work that
  drew it; a rollback or a refused commit takes none; two units of work that drew the same
  number cannot both commit.
"""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect

__all__ = ["NumbersContract", "ReadSetContract"]


class ReadSetContract(ContractBase):
    """Every aggregate a unit of work read is checked at its commit (no write skew)."""

    def test_refuses_write_skew_between_two_units_of_work(self, store: Store) -> None:
        """Each reads both aggregates and changes the other one: only the first commits."""
        for specimen in self.specimens():
            left = add_committed(store, specimen, 51)
            right = add_committed(store, specimen, 52)
            first, second = store.unit_of_work(), store.unit_of_work()
            with first, second:
                mine = first.repository(specimen.collection).get(specimen.key(left))
                first.repository(specimen.collection).get(specimen.key(right))
                second.repository(specimen.collection).get(specimen.key(left))
                theirs = second.repository(specimen.collection).get(specimen.key(right))
                specimen.change(mine)
                first.repository(specimen.collection).save(mine, left.version)
                specimen.change(theirs)
                second.repository(specimen.collection).save(theirs, right.version)
                first.commit()
                with pytest.raises(ConcurrencyConflict):
                    second.commit()
            with store.unit_of_work() as uow:
                after = uow.repository(specimen.collection).get(specimen.key(right))
            expect(specimen.view(right), specimen.view(after), "the aggregate of the loser")

    def test_refuses_a_commit_that_decided_on_an_aggregate_changed_since_it_was_read(
        self, store: Store
    ) -> None:
        """An aggregate read but not saved was changed by a rival: the commit conflicts."""
        for specimen in self.specimens():
            decided_on = add_committed(store, specimen, 53)
            written = add_committed(store, specimen, 54)
            with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
                uow.repository(specimen.collection).get(specimen.key(decided_on))
                with store.unit_of_work() as rival:
                    theirs = rival.repository(specimen.collection).get(specimen.key(decided_on))
                    specimen.change(theirs)
                    rival.repository(specimen.collection).save(theirs, decided_on.version)
                    rival.commit()
                mine = uow.repository(specimen.collection).get(specimen.key(written))
                specimen.change(mine)
                uow.repository(specimen.collection).save(mine, written.version)
                uow.commit()
            with store.unit_of_work() as uow:
                after = uow.repository(specimen.collection).get(specimen.key(written))
            expect(specimen.view(written), specimen.view(after), "the aggregate it would write")

    def test_commits_when_nothing_it_read_has_changed(self, store: Store) -> None:
        """Reads of aggregates nobody changed never make a commit conflict."""
        for specimen in self.specimens():
            read_only = add_committed(store, specimen, 55)
            written = add_committed(store, specimen, 56)
            with store.unit_of_work() as uow:
                uow.repository(specimen.collection).get(specimen.key(read_only))
                mine = uow.repository(specimen.collection).get(specimen.key(written))
                specimen.change(mine)
                uow.repository(specimen.collection).save(mine, written.version)
                uow.commit()
            with store.unit_of_work() as uow:
                after = uow.repository(specimen.collection).get(specimen.key(written))
            expect(written.version + 1, after.version, "the version after the commit")


class NumbersContract(ContractBase):
    """Numbers drawn through ``uow.numbers`` are taken by the commit, and only by it."""

    def test_hands_out_numbers_in_order_within_and_across_commits(self, store: Store) -> None:
        """INV-000001, INV-000002 in one unit of work, INV-000003 in the next; RMA apart."""
        with store.unit_of_work() as uow:
            drawn = [uow.numbers.next("INV"), uow.numbers.next("INV"), uow.numbers.next("RMA")]
            uow.commit()
        with store.unit_of_work() as uow:
            drawn.append(uow.numbers.next("INV"))
            uow.commit()
        expect(["INV-000001", "INV-000002", "RMA-000001", "INV-000003"], drawn, "numbers")

    def test_a_rolled_back_unit_of_work_takes_no_number(self, store: Store) -> None:
        """The next unit of work draws the number the rolled-back one had drawn."""
        with store.unit_of_work() as uow:
            uow.numbers.next("INV")
        with store.unit_of_work() as uow:
            again = uow.numbers.next("INV")
            uow.commit()
        expect("INV-000001", again, "the number after a rollback")

    def test_a_refused_commit_takes_no_number(self, store: Store) -> None:
        """A commit refused for a stale aggregate leaves its number to the next one."""
        for specimen in self.specimens():
            stale = add_committed(store, specimen, 57)
            with store.unit_of_work() as rival:
                theirs = rival.repository(specimen.collection).get(specimen.key(stale))
                specimen.change(theirs)
                rival.repository(specimen.collection).save(theirs, stale.version)
                rival.commit()
            with store.unit_of_work() as uow:
                expected = uow.numbers.next("CN")
            with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
                uow.numbers.next("CN")
                read_at = stale.version
                specimen.change(stale)
                uow.repository(specimen.collection).save(stale, read_at)
                uow.commit()
            with store.unit_of_work() as uow:
                expect(expected, uow.numbers.next("CN"), "the number after a refused commit")

    def test_lets_only_the_first_of_two_units_that_drew_one_number_commit(
        self, store: Store
    ) -> None:
        """Both drew INV-000001: the later commit conflicts, and its retry draws INV-000002."""
        first, second = store.unit_of_work(), store.unit_of_work()
        with first, second:
            drawn = [first.numbers.next("INV"), second.numbers.next("INV")]
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.commit()
        with store.unit_of_work() as retry:
            drawn.append(retry.numbers.next("INV"))
            retry.commit()
        expect(["INV-000001", "INV-000001", "INV-000002"], drawn, "numbers drawn")
