import random
import threading
from collections import Counter
from collections.abc import Iterator

import pytest

from ordercore.ports.outbox import OutboxMessage
from ordercore.testing.contract import Tally
from ordercore_postgres import PostgresStore, Relay
from tests.ordercore_postgres.database import migrated_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def store() -> Iterator[PostgresStore]:
    with migrated_store() as made:
        yield made


def add_tallies(store: PostgresStore, first: int, count: int) -> None:
    with store.unit_of_work() as uow:
        for n in range(first, first + count):
            uow.repository("tallies").add(Tally.start(f"TALLY-{n:04d}"))
        uow.commit()


def test_delivers_in_commit_order_and_marks_what_it_sent(store: PostgresStore) -> None:
    add_tallies(store, 0, 5)
    sent: list[OutboxMessage] = []
    assert 3 == Relay(store).deliver(sent.append, batch=3)
    assert 2 == Relay(store).deliver(sent.append, batch=3)
    assert 0 == Relay(store).deliver(sent.append, batch=3)
    assert [f"TALLY-{n:04d}" for n in range(5)] == [m.event.entity_id for m in sent]
    assert [] == store.pending(100)


def test_keeps_what_send_refused_for_the_next_run(store: PostgresStore) -> None:
    add_tallies(store, 0, 3)
    sent: list[str] = []

    def flaky(message: OutboxMessage) -> None:
        if len(sent) == 1:
            raise ConnectionError("the channel is down")
        sent.append(message.event.entity_id)

    with pytest.raises(ConnectionError):
        Relay(store).deliver(flaky)
    assert ["TALLY-0001", "TALLY-0002"] == [m.event.entity_id for m in store.pending(100)]
    assert 2 == Relay(store).deliver(lambda m: sent.append(m.event.entity_id))
    assert ["TALLY-0000", "TALLY-0001", "TALLY-0002"] == sent


def test_three_parallel_relays_deliver_each_message_once_per_acknowledged_send(
    store: PostgresStore,
) -> None:
    total = 300
    acknowledged: Counter[str] = Counter()
    in_flight: set[str] = set()
    overlaps: list[str] = []
    lock = threading.Lock()
    writers_done = threading.Event()

    def writer() -> None:
        for first in range(0, total, 10):
            add_tallies(store, first, 10)
        writers_done.set()

    def relay(seed: int) -> None:
        failures = random.Random(seed)  # noqa: S311 - seeded faults

        def send(message: OutboxMessage) -> None:
            with lock:
                if message.id in in_flight:
                    overlaps.append(message.id)
                in_flight.add(message.id)
            try:
                if failures.random() < 0.1:
                    raise ConnectionError("the channel timed out")
                with lock:
                    acknowledged[message.id] += 1
            finally:
                with lock:
                    in_flight.discard(message.id)

        while True:
            finished = writers_done.is_set()
            try:
                delivered = Relay(store).deliver(send, batch=7)
            except ConnectionError:
                continue
            if finished and delivered == 0 and not store.pending(1):
                return

    threads = [threading.Thread(target=writer)]
    threads += [threading.Thread(target=relay, args=(seed,)) for seed in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == overlaps
    assert total == len(acknowledged)
    assert {1} == set(acknowledged.values())
    assert [] == store.pending(100)


def test_wait_wakes_up_when_a_commit_writes_the_outbox(store: PostgresStore) -> None:
    relay = Relay(store)
    assert not relay.wait(0.05)
    woke: list[bool] = []
    listening = threading.Thread(target=lambda: woke.append(relay.wait(10)))
    listening.start()
    while not woke and listening.is_alive():
        add_tallies(store, len(store.pending(1000)), 1)
        listening.join(0.05)
    assert [True] == woke
