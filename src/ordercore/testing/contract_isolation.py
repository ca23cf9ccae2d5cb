"""Contract tests for isolation: objects never leak between units of work or into the store.

And the read check: a unit of work's commit fails if anything it *read* changed since, not only
what it writes (otherwise two commands can each decide on what the other is changing: write
skew).
"""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, change_committed, expect

__all__ = ["IsolationContract", "ReadCheckContract"]


class IsolationContract(ContractBase):
    """Every unit of work gets its own objects; the store keeps its own copy."""

    def test_two_units_of_work_never_share_an_object(self, store: Store) -> None:
        """Changing what one unit of work read never changes what another one holds."""
        for specimen in self.specimens():
            stored = add_committed(store, specimen, 71)
            key = specimen.key(stored)
            with store.unit_of_work() as mine, store.unit_of_work() as theirs:
                first = mine.repository(specimen.collection).get(key)
                second = theirs.repository(specimen.collection).get(key)
                expect(False, first is second, "one object in two units of work")  # noqa: FBT003
                specimen.change(first)
                expect(specimen.view(stored), specimen.view(second), "the other unit's object")

    def test_an_object_changed_after_its_commit_leaves_the_store_alone(self, store: Store) -> None:
        """The store keeps what was committed, not the caller's object."""
        for specimen in self.specimens():
            stored = add_committed(store, specimen, 72)
            key = specimen.key(stored)
            with store.unit_of_work() as uow:
                entity = uow.repository(specimen.collection).get(key)
                specimen.change(entity)
                uow.repository(specimen.collection).save(entity, stored.version)
                uow.commit()
            with store.unit_of_work() as uow:
                expected = specimen.view(uow.repository(specimen.collection).get(key))
            specimen.change(entity)  # after the commit, outside any unit of work
            entity.pull_events()
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(key)
            expect(expected, specimen.view(actual), "the committed aggregate")

    def test_a_saved_object_changed_before_commit_commits_what_was_saved(
        self, store: Store
    ) -> None:
        """``save`` takes a snapshot: a later change of the object is refused, never half-kept."""
        for specimen in self.specimens():
            stored = add_committed(store, specimen, 73)
            key = specimen.key(stored)
            with store.unit_of_work() as uow:
                entity = uow.repository(specimen.collection).get(key)
                specimen.change(entity)
                uow.repository(specimen.collection).save(entity, stored.version)
                again = uow.repository(specimen.collection).get(key)
                expect(specimen.view(entity), specimen.view(again), "read-your-own-writes")
                expect(False, again is entity, "a staged row read back is a copy")  # noqa: FBT003


class ReadCheckContract(ContractBase):
    """A commit checks the versions of what it read, not only of what it writes."""

    def test_a_commit_fails_when_an_aggregate_it_read_changed_since(self, store: Store) -> None:
        """Read X and Y, save only Y; a rival changes X first: the commit is a conflict."""
        for specimen in self.specimens():
            read_only = add_committed(store, specimen, 74)
            written = add_committed(store, specimen, 75)
            store.mark_delivered([message.id for message in store.pending(1000)])
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                repository.get(specimen.key(read_only))  # the decision depends on it
                entity = repository.get(specimen.key(written))
                specimen.change(entity)
                repository.save(entity, written.version)
                change_committed(store, specimen, specimen.key(read_only))
                store.mark_delivered([message.id for message in store.pending(1000)])
                with pytest.raises(ConcurrencyConflict):
                    uow.commit()
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(specimen.key(written))
            expect(specimen.view(written), specimen.view(actual), "the row of the failed commit")
            expect([], store.pending(1000), "events of the failed commit")
