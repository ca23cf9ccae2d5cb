"""The kit rejects PostgreSQL adapters broken in ways only a real server shows."""

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from ordercore.testing.contract import AdapterContract
from ordercore_postgres import PostgresUnitOfWork
from tests.ordercore_postgres.database import fresh_schema
from tests.ordercore_postgres.mutants import (
    LockTrustingUnitOfWork,
    MutantStore,
    NoHorizonStore,
    SequenceOutboxUnitOfWork,
    UniqueViolationKeysUnitOfWork,
    UnsortedWritesUnitOfWork,
)
from tests.testing.kit import failures

pytestmark = pytest.mark.postgres


class Kit(AdapterContract):
    def rounds(self) -> int:
        return 40  # more rounds, more interleavings for the races to show the fault in


@pytest.fixture
def schemas() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


Mutant = tuple[type[MutantStore], type[PostgresUnitOfWork]]
QUEUED_READS_OFF: Mutant = (MutantStore, UnsortedWritesUnitOfWork)
"""Run with ``lock_wait=0``: queued reads take turns before the writes can cross; without them
(or once a wait runs out) the unsorted writes deadlock."""

MUTANTS: list[tuple[Mutant, list[str]]] = [
    (
        QUEUED_READS_OFF,
        ["test_commits_writing_two_aggregates_in_opposite_orders_never_deadlock"],
    ),
    (
        (MutantStore, UniqueViolationKeysUnitOfWork),
        ["test_lets_only_one_of_two_racing_requests_store_a_key"],
    ),
    (
        (MutantStore, SequenceOutboxUnitOfWork),
        ["test_a_reader_of_the_outbox_never_sees_a_message_appear_behind_it"],
    ),
    (
        (NoHorizonStore, PostgresUnitOfWork),
        ["test_a_reader_of_the_outbox_never_sees_a_message_appear_behind_it"],
    ),
    (
        (MutantStore, LockTrustingUnitOfWork),
        [
            "test_a_commit_that_loses_its_middle_row_to_a_rival_writes_nothing",
            "test_lets_only_the_first_of_two_writers_of_one_version_commit",
        ],
    ),
]


def _name(mutant: Mutant) -> str:
    store, uow = mutant
    return uow.__name__ if store is MutantStore else store.__name__


@pytest.mark.parametrize(("mutant", "names"), MUTANTS, ids=[_name(m) for m, _ in MUTANTS])
def test_the_kit_rejects_each_broken_copy_of_the_adapter(
    mutant: Mutant, names: list[str], schemas: ExitStack
) -> None:
    store_class, uow_class = mutant

    def make() -> MutantStore:
        dsn = schemas.enter_context(fresh_schema())
        store = store_class(dsn, uow_class, lock_wait=0 if mutant == QUEUED_READS_OFF else 0.25)
        schemas.callback(store.close)
        store.migrate()
        return store

    # a race shows its fault in about half the tries under load: ten make a miss rare (0.1%)
    assert names == failures(Kit(), make, names, attempts=10)
