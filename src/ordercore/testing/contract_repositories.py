"""Contract tests for repositories: round trips, unique keys, versions, NotFound, isolation."""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict, NotFound
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect, save_and_commit

__all__ = ["RepositoryContract"]


class RepositoryContract(ContractBase):
    """What every repository of every adapter does (see :mod:`ordercore.ports.repositories`)."""

    def test_returns_an_added_aggregate_equal_to_what_was_added(self, store: Store) -> None:
        """Save/get round trip: what comes back equals what went in, version included."""
        for specimen in self.specimens():
            expected = specimen.new(1)
            expected.pull_events()
            actual = add_committed(store, specimen, 1)
            expect(specimen.view(expected), specimen.view(actual), "what get() returns")
            expect(expected.version, actual.version, "the stored version")

    def test_returns_a_saved_change_with_its_new_version(self, store: Store) -> None:
        """A saved change is what the next unit of work reads."""
        for specimen in self.specimens():
            entity = add_committed(store, specimen, 2)
            with store.unit_of_work() as uow:
                loaded = uow.repository(specimen.collection).get(specimen.key(entity))
                specimen.change(loaded)
                uow.repository(specimen.collection).save(loaded, entity.version)
                uow.commit()
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(specimen.key(entity))
            expect(specimen.view(loaded), specimen.view(actual), "get() after save()")
            expect(entity.version + 1, actual.version, "the version after one change")

    def test_refuses_to_add_a_key_twice(self, store: Store) -> None:
        """``add`` is for new keys only, in the same unit of work and after a commit."""
        for specimen in self.specimens():
            add_committed(store, specimen, 3)
            with store.unit_of_work() as uow, pytest.raises(DuplicateEntity):
                uow.repository(specimen.collection).add(specimen.new(3))
            with store.unit_of_work() as uow:
                uow.repository(specimen.collection).add(specimen.new(4))
                with pytest.raises(DuplicateEntity):
                    uow.repository(specimen.collection).add(specimen.new(4))

    def test_raises_not_found_for_an_unknown_key(self, store: Store) -> None:
        """``get`` of an unknown key raises NotFound, a LookupError; ``find`` returns None."""
        for specimen in self.specimens():
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                with pytest.raises(LookupError) as raised:
                    repository.get("NO-SUCH-KEY")
                expect(True, isinstance(raised.value, NotFound), "it is a NotFound")  # noqa: FBT003
                expect("NO-SUCH-KEY", getattr(raised.value, "entity_id", None), "the key it names")
                expect(None, repository.find("NO-SUCH-KEY"), "find() of an unknown key")

    def test_refuses_to_save_an_aggregate_that_was_never_added(self, store: Store) -> None:
        """``save`` needs a stored aggregate: an unknown key is NotFound."""
        for specimen in self.specimens():
            with store.unit_of_work() as uow, pytest.raises(NotFound):
                uow.repository(specimen.collection).save(specimen.new(5), 0)

    def test_refuses_a_stale_save_naming_both_versions(self, store: Store) -> None:
        """Saving with an expected version the store no longer holds is a ConcurrencyConflict."""
        for specimen in self.specimens():
            entity = add_committed(store, specimen, 6)
            key = specimen.key(entity)
            with store.unit_of_work() as uow:
                specimen.change(entity)
                with pytest.raises(ConcurrencyConflict) as raised:
                    uow.repository(specimen.collection).save(entity, entity.version - 2)
            expect(key, raised.value.entity_id, "the key the conflict names")
            expect(entity.version - 2, raised.value.expected_version, "expected version")
            expect(entity.version - 1, raised.value.actual_version, "actual version")

    def test_lets_only_the_first_of_two_writers_of_one_version_commit(self, store: Store) -> None:
        """Two units of work read the same version: the second commit is a ConcurrencyConflict."""
        for specimen in self.specimens():
            entity = add_committed(store, specimen, 7)
            key = specimen.key(entity)
            first, second = store.unit_of_work(), store.unit_of_work()
            with first, second:
                mine = first.repository(specimen.collection).get(key)
                theirs = second.repository(specimen.collection).get(key)
                specimen.change(mine)
                specimen.change(theirs)
                first.repository(specimen.collection).save(mine, entity.version)
                first.commit()
                with pytest.raises(ConcurrencyConflict) as raised:
                    save_and_commit(second, specimen.collection, theirs, entity.version)
            expect(entity.version, raised.value.expected_version, "expected version")
            expect(entity.version + 1, raised.value.actual_version, "actual version")
            with store.unit_of_work() as uow:
                stored = uow.repository(specimen.collection).get(key)
            expect(specimen.view(mine), specimen.view(stored), "the first write")

    def test_hands_out_copies_that_change_the_store_only_when_saved(self, store: Store) -> None:
        """Changing a loaded aggregate without saving it leaves the store as it was."""
        for specimen in self.specimens():
            expected = add_committed(store, specimen, 8)
            with store.unit_of_work() as uow:
                specimen.change(uow.repository(specimen.collection).get(specimen.key(expected)))
            with store.unit_of_work() as uow:
                actual = uow.repository(specimen.collection).get(specimen.key(expected))
            expect(specimen.view(expected), specimen.view(actual), "what get() returns")
