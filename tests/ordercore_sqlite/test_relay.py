import threading
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from ordercore.ports.outbox import OutboxMessage
from ordercore.testing.contract import TALLIES, Tally
from ordercore_sqlite import Relay, SqliteStore


def store_with_messages(path: Path, count: int) -> SqliteStore:
    store = SqliteStore(str(path / "shop.db"), [TALLIES], {"tallies": Tally})
    store.migrate()
    with store.unit_of_work() as uow:
        for n in range(count):
            uow.repository("tallies").add(Tally.start(f"TALLY-{n:03d}"))
        uow.commit()
    return store


def test_delivers_in_commit_order_and_marks_what_it_sent(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 5)
    sent: list[OutboxMessage] = []
    assert 3 == Relay(store).deliver(sent.append, batch=3)
    assert 2 == Relay(store).deliver(sent.append, batch=3)
    assert [f"TALLY-{n:03d}" for n in range(5)] == [m.event.entity_id for m in sent]
    assert [] == store.pending(100)


def test_keeps_what_send_refused_for_the_next_run(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 3)
    sent: list[str] = []

    def flaky(message: OutboxMessage) -> None:
        if len(sent) == 1:
            raise ConnectionError("the channel is down")
        sent.append(message.event.entity_id)

    with pytest.raises(ConnectionError):
        Relay(store).deliver(flaky)
    assert ["TALLY-001", "TALLY-002"] == [m.event.entity_id for m in store.pending(100)]
    assert 2 == Relay(store).deliver(lambda m: sent.append(m.event.entity_id))
    assert ["TALLY-000", "TALLY-001", "TALLY-002"] == sent


def test_parallel_relays_deliver_each_message_once(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 60)
    delivered: Counter[str] = Counter()
    lock = threading.Lock()

    def send(message: OutboxMessage) -> None:
        with lock:
            delivered[message.id] += 1

    def relay() -> None:
        while Relay(store).deliver(send, batch=4):
            pass

    relays = [threading.Thread(target=relay) for _ in range(3)]
    for thread in relays:
        thread.start()
    for thread in relays:
        thread.join()
    assert 60 == len(delivered)
    assert {1} == set(delivered.values())
    assert [] == store.pending(100)


def test_offers_a_dead_relays_batch_again_when_its_lease_ends(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 2)
    claim = store.claim(2, lease=-1.0)  # a relay that leased both, then died
    assert 2 == len(claim.messages)
    assert 2 == Relay(store).deliver(lambda m: None)


def outbox_rows(store: SqliteStore) -> int:
    with closing(store.connect()) as connection:
        (count,) = connection.execute("SELECT count(*) FROM ordercore_outbox").fetchone()
    return int(count)


def test_a_pruning_relay_leaves_only_what_waits(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 5)
    sent: list[OutboxMessage] = []
    assert 3 == Relay(store, prune=True).deliver(sent.append, batch=3)
    assert (2, 3) == (outbox_rows(store), len(sent))
    assert 2 == Relay(store, prune=True).deliver(sent.append, batch=3)
    assert (0, [f"TALLY-{n:03d}" for n in range(5)]) == (
        outbox_rows(store),
        [m.event.entity_id for m in sent],
    )


def test_a_relay_keeps_delivered_messages_unless_it_prunes(tmp_path: Path) -> None:
    store = store_with_messages(tmp_path, 2)
    assert 2 == Relay(store).deliver(lambda message: None)
    assert (0, 2) == (len(store.pending(100)), outbox_rows(store))
