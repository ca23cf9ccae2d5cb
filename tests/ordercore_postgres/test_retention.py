"""The PostgreSQL store lets go of history: the retention contract, and the relay's pruning."""

from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import RetentionContract, Tally
from ordercore_postgres import PostgresStore
from ordercore_postgres.relay import Relay
from tests.ordercore_postgres.database import migrated_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def tally_store() -> Iterator[PostgresStore]:
    with migrated_store() as made:
        yield made


class TestPostgresStoreLetsGoOfHistory(RetentionContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store() as made:
            yield made


def add_tallies(store: PostgresStore, count: int) -> None:
    with store.unit_of_work() as uow:
        for n in range(count):
            uow.repository("tallies").add(Tally.start(f"TALLY-{n:03d}"))
        uow.commit()


def outbox_rows(store: PostgresStore) -> int:
    with store.connection() as connection:
        row = connection.execute("SELECT count(*) FROM ordercore_outbox").fetchone()
    assert row is not None
    return int(row[0])


def test_a_pruning_relay_leaves_only_what_waits(tally_store: PostgresStore) -> None:
    add_tallies(tally_store, 5)
    sent: list[OutboxMessage] = []
    assert 3 == Relay(tally_store, prune=True).deliver(sent.append, batch=3)
    assert (2, sent[:3]) == (outbox_rows(tally_store), sent)
    assert 2 == Relay(tally_store, prune=True).deliver(sent.append, batch=3)
    assert 0 == outbox_rows(tally_store)


def test_a_relay_keeps_delivered_messages_unless_it_prunes(tally_store: PostgresStore) -> None:
    add_tallies(tally_store, 2)
    assert 2 == Relay(tally_store).deliver(lambda message: None)
    assert (0, 2) == (len(tally_store.pending(100)), outbox_rows(tally_store))


def test_expiry_drops_the_keys_stored_before_the_migration(tally_store: PostgresStore) -> None:
    with tally_store.connection() as connection:
        connection.execute(
            "INSERT INTO ordercore_idempotency (key, fingerprint, result, recorded_at) "
            "VALUES ('legacy', 'fp', '1', NULL)"
        )
    assert 1 == tally_store.expire_idempotency_keys(pendulum.datetime(2000, 1, 1))


AT = pendulum.datetime(2026, 12, 7, 3, 40, 12, 345678, tz="Europe/Berlin")


def test_a_record_reads_back_the_instant_its_command_ran(tally_store: PostgresStore) -> None:
    with tally_store.unit_of_work() as uow:
        uow.idempotency.put("checkout-7", "fp", {"order": "SO-7"}, recorded_at=AT)
        uow.commit()
    with tally_store.unit_of_work() as uow:
        record = uow.idempotency.get("checkout-7")
    assert AT == (None if record is None else record.recorded_at)


def test_a_record_put_without_an_instant_takes_its_commits(tally_store: PostgresStore) -> None:
    with tally_store.unit_of_work() as uow:
        uow.idempotency.put("checkout-8", "fp", None)
        uow.commit()
    with tally_store.unit_of_work() as uow:
        record = uow.idempotency.get("checkout-8")
    assert record is not None
    assert record.recorded_at is not None
