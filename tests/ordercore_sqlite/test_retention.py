"""The SQLite store keeps the instant each idempotency key was recorded, and expires by it."""

from contextlib import closing
from pathlib import Path

import pendulum

from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import SqliteStore

AT = pendulum.datetime(2026, 12, 7, 3, 4, 5, 123456, tz="Europe/Berlin")


def tally_store(path: Path) -> SqliteStore:
    store = SqliteStore(str(path / "shop.db"), [TALLIES], {"tallies": Tally})
    store.migrate()
    return store


def test_a_record_reads_back_the_instant_its_command_ran(tmp_path: Path) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as uow:
        uow.idempotency.put("checkout-7", "fp", {"order": "SO-7"}, recorded_at=AT)
        uow.commit()
    with store.unit_of_work() as uow:
        record = uow.idempotency.get("checkout-7")
    assert AT == (None if record is None else record.recorded_at)


def test_a_key_recorded_exactly_at_the_instant_is_kept(tmp_path: Path) -> None:
    store = tally_store(tmp_path)
    with store.unit_of_work() as uow:
        uow.idempotency.put("checkout-8", "fp", None, recorded_at=AT)
        uow.commit()
    assert (0, 1) == (
        store.expire_idempotency_keys(AT),
        store.expire_idempotency_keys(AT.add(microseconds=1)),
    )


def test_expiry_drops_the_keys_stored_before_the_migration(tmp_path: Path) -> None:
    store = tally_store(tmp_path)
    with closing(store.connect()) as connection:
        connection.execute(
            "INSERT INTO ordercore_idempotency (key, fingerprint, result) VALUES ('old', 'f', '1')"
        )
    assert 1 == store.expire_idempotency_keys(pendulum.datetime(2000, 1, 1))
