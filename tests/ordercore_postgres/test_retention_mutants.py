"""The retention contract rejects PostgreSQL stores that let go of the wrong things."""

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pendulum
import pytest

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import TALLIES, RetentionContract, Tally
from ordercore_postgres import PostgresStore
from tests.ordercore_postgres.database import fresh_schema
from tests.testing.kit import failures

pytestmark = pytest.mark.postgres


class Kit(RetentionContract):
    def key_recorded_at(self, store: Store, key: str, given: pendulum.DateTime) -> Any:
        assert isinstance(store, PostgresStore)
        with store.connection() as connection:
            row = connection.execute(
                "SELECT recorded_at FROM ordercore_idempotency WHERE key = %s", (key,)
            ).fetchone()
        return None if row is None else row[0]


class TallyStore(PostgresStore):
    def __init__(self, dsn: str) -> None:
        super().__init__(dsn, [TALLIES], {"tallies": Tally})


class PrunesUndeliveredStore(TallyStore):
    """Pruning that forgets to ask whether a message was delivered."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        with self.connection() as connection:
            return int(connection.execute("DELETE FROM ordercore_outbox").rowcount)


class ExpiresByTheWrongSideStore(TallyStore):
    """Expiry with the comparison turned round: it drops the fresh keys, keeps the old ones."""

    def expire_idempotency_keys(self, before: Any) -> int:
        with self.connection() as connection:
            deleted = connection.execute(
                "DELETE FROM ordercore_idempotency WHERE recorded_at >= %s", (before,)
            )
            return int(deleted.rowcount)


MUTANTS: list[tuple[type[TallyStore], list[str]]] = [
    (
        PrunesUndeliveredStore,
        [
            "test_pruning_keeps_every_undelivered_message_with_its_sequence",
            "test_pruning_up_to_a_sequence_leaves_the_delivered_messages_above_it",
            "test_an_id_marked_delivered_after_its_message_was_pruned_is_ignored",
        ],
    ),
    (
        ExpiresByTheWrongSideStore,
        [
            "test_expiry_drops_only_the_keys_recorded_before_the_instant",
            "test_a_retry_with_an_expired_key_runs_the_command_again",
        ],
    ),
    (TallyStore, []),
]


@pytest.fixture
def schemas() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


@pytest.mark.parametrize(("mutant", "names"), MUTANTS, ids=[m.__name__ for m, _ in MUTANTS])
def test_the_retention_kit_rejects_each_store_that_lets_go_of_the_wrong_things(
    mutant: type[TallyStore], names: list[str], schemas: ExitStack
) -> None:
    every = sorted({name for _, found in MUTANTS for name in found})

    def make() -> TallyStore:
        store = mutant(schemas.enter_context(fresh_schema()))
        store.migrate()
        schemas.callback(store.close)
        return store

    assert sorted(names) == failures(Kit(), make, every)
