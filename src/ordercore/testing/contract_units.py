"""Contract tests for units of work: atomic commit, rollback on any error, closed after use."""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.errors import UnitOfWorkClosed, UnsavedChanges
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect

__all__ = ["UnitOfWorkContract"]


class _Boom(Exception):
    """An error raised inside a unit of work by the kit."""


class UnitOfWorkContract(ContractBase):
    """What every unit of work does (see :mod:`ordercore.ports.unit_of_work`)."""

    def test_leaving_without_commit_changes_nothing(self, store: Store) -> None:
        """Staged adds and saves are forgotten when the block ends without commit()."""
        for specimen in self.specimens():
            before = add_committed(store, specimen, 11)
            store.mark_delivered([message.id for message in store.pending(100)])
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                repository.add(specimen.new(12))
                entity = repository.get(specimen.key(before))
                specimen.change(entity)
                repository.save(entity, before.version)
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                expect(None, repository.find(specimen.key(specimen.new(12))), "an uncommitted add")
                actual = repository.get(specimen.key(before))
            expect(specimen.view(before), specimen.view(actual), "an uncommitted save")
            expect([], store.pending(100), "events of the rolled-back unit of work")

    def test_an_error_inside_the_block_rolls_everything_back(self, store: Store) -> None:
        """Any exception in the block rolls back, and the exception propagates."""
        for specimen in self.specimens():
            with pytest.raises(_Boom), store.unit_of_work() as uow:  # noqa: PT012
                uow.repository(specimen.collection).add(specimen.new(13))
                raise _Boom
            with store.unit_of_work() as uow:
                found = uow.repository(specimen.collection).find(specimen.key(specimen.new(13)))
            expect(None, found, "an add before the error")
            expect([], store.pending(100), "events before the error")

    def test_a_failed_commit_writes_nothing_at_all(self, store: Store) -> None:
        """One stale aggregate fails the commit; the fresh one beside it is not written either."""
        for specimen in self.specimens():
            fresh = add_committed(store, specimen, 14)
            stale = add_committed(store, specimen, 15)
            delivered = [message.id for message in store.pending(100)]
            store.mark_delivered(delivered)
            with store.unit_of_work() as rival:
                theirs = rival.repository(specimen.collection).get(specimen.key(stale))
                specimen.change(theirs)
                rival.repository(specimen.collection).save(theirs, stale.version)
                rival.commit()
            store.mark_delivered([message.id for message in store.pending(100)])
            with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
                repository = uow.repository(specimen.collection)
                mine = repository.get(specimen.key(fresh))
                specimen.change(mine)
                repository.save(mine, fresh.version)
                read_at = stale.version
                specimen.change(stale)
                repository.save(stale, read_at)
                uow.commit()
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(specimen.key(fresh))
            expect(specimen.view(fresh), specimen.view(actual), "the fresh one of a failed commit")
            expect([], store.pending(100), "events of a failed commit")

    def test_refuses_to_commit_a_changed_aggregate_that_was_not_saved(self, store: Store) -> None:
        """Its events would reach the outbox without its state: UnsavedChanges, nothing written."""
        for specimen in self.specimens():
            before = add_committed(store, specimen, 16)
            store.mark_delivered([message.id for message in store.pending(100)])
            with pytest.raises(UnsavedChanges), store.unit_of_work() as uow:  # noqa: PT012
                specimen.change(uow.repository(specimen.collection).get(specimen.key(before)))
                uow.commit()
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(specimen.key(before))
            expect(specimen.view(before), specimen.view(actual), "the aggregate")
            expect([], store.pending(100), "the outbox")

    def test_is_closed_after_commit(self, store: Store) -> None:
        """A committed unit of work refuses further work until it is entered again."""
        for specimen in self.specimens():
            with store.unit_of_work() as uow:
                uow.commit()
                with pytest.raises(UnitOfWorkClosed):
                    uow.repository(specimen.collection).add(specimen.new(17))
