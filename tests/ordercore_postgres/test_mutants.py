"""The kit rejects PostgreSQL adapters broken in ways only a real server shows."""

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from ordercore.testing.contract import AdapterContract
from ordercore_postgres import PostgresUnitOfWork
from tests.ordercore_postgres.database import fresh_schema
from tests.ordercore_postgres.mutants import (
    BigserialOutboxUnitOfWork,
    MutantStore,
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


MUTANTS: list[tuple[type[PostgresUnitOfWork], list[str]]] = [
    (
        UnsortedWritesUnitOfWork,
        ["test_commits_writing_two_aggregates_in_opposite_orders_never_deadlock"],
    ),
    (UniqueViolationKeysUnitOfWork, ["test_lets_only_one_of_two_racing_requests_store_a_key"]),
    (
        BigserialOutboxUnitOfWork,
        ["test_a_reader_of_the_outbox_never_sees_a_message_appear_behind_it"],
    ),
]


@pytest.mark.parametrize(("mutant", "names"), MUTANTS, ids=[m.__name__ for m, _ in MUTANTS])
def test_the_kit_rejects_each_broken_copy_of_the_adapter(
    mutant: type[PostgresUnitOfWork], names: list[str], schemas: ExitStack
) -> None:
    def make() -> MutantStore:
        store = MutantStore(schemas.enter_context(fresh_schema()), mutant)
        schemas.callback(store.close)
        store.migrate()
        return store

    assert names == failures(Kit(), make, names, attempts=5)
