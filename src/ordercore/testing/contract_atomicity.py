"""Contract tests for atomic commits: a commit that fails half-way through writes nothing.

A commit is only tested for atomicity if it fails *while writing*: a stale ``save`` refused up
front never reaches the writes. Here a rival commits between this unit of work's ``save`` and
its ``commit``, so the adapter's early checks pass and the write of the middle row (in key
order and in staging order) fails inside the commit; the rows before it must not stay written.
"""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, change_committed, expect

__all__ = ["AtomicityContract"]


class AtomicityContract(ContractBase):
    """What no adapter may do: keep part of a commit that failed."""

    def test_a_commit_that_loses_its_middle_row_to_a_rival_writes_nothing(
        self, store: Store
    ) -> None:
        """Three rows saved; a rival changes the middle one before commit: none is written."""
        for specimen in self.specimens():
            before = [add_committed(store, specimen, n) for n in (41, 42, 43)]
            store.mark_delivered([message.id for message in store.pending(1000)])
            keys = [specimen.key(entity) for entity in before]
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                mine = [repository.get(key) for key in keys]
                for entity, old in zip(mine, before, strict=True):
                    specimen.change(entity)
                    repository.save(entity, old.version)
                change_committed(store, specimen, keys[1])  # the rival wins the middle row
                store.mark_delivered([message.id for message in store.pending(1000)])
                with pytest.raises(ConcurrencyConflict):
                    uow.commit()
            with store.unit_of_work() as uow:
                after = [uow.repository(specimen.collection).get(key) for key in keys]
            expect(
                [specimen.view(before[0]), specimen.view(before[2])],
                [specimen.view(after[0]), specimen.view(after[2])],
                "the rows beside the lost one",
            )
            expect([], store.pending(1000), "events of the failed commit")

    def test_a_commit_whose_new_row_a_rival_added_first_writes_nothing(self, store: Store) -> None:
        """Change, add, change; a rival adds the same key first: the changes are not written."""
        for specimen in self.specimens():
            before = [add_committed(store, specimen, n) for n in (51, 53)]
            store.mark_delivered([message.id for message in store.pending(1000)])
            keys = [specimen.key(entity) for entity in before]
            with store.unit_of_work() as uow:
                repository = uow.repository(specimen.collection)
                first = repository.get(keys[0])
                specimen.change(first)
                repository.save(first, before[0].version)
                repository.add(specimen.new(52))
                last = repository.get(keys[1])
                specimen.change(last)
                repository.save(last, before[1].version)
                add_committed(store, specimen, 52)  # the rival adds the same key first
                store.mark_delivered([message.id for message in store.pending(1000)])
                with pytest.raises((DuplicateEntity, ConcurrencyConflict)):
                    uow.commit()
            with store.unit_of_work() as uow:
                after = [uow.repository(specimen.collection).get(key) for key in keys]
            expect(
                [specimen.view(entity) for entity in before],
                [specimen.view(entity) for entity in after],
                "the changed rows of the failed commit",
            )
            expect([], store.pending(1000), "events of the failed commit")
