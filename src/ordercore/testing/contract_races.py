"""Contract tests that race real threads: idempotency keys, opposite write orders, outbox order.

Each thread has its own unit of work (its own connection, for a database adapter). What may
happen to a loser is only ever a retryable :class:`ConcurrencyConflict` (or, for an idempotency
key, finding the winner's result): never a ``DuplicateEntity``, a deadlock error or an aborted
transaction escaping the adapter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.idempotency import recall
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect
from ordercore.testing.contract_specimens import Specimen

__all__ = ["RaceContract", "run_threads"]


def run_threads(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """Run ``work(i)`` in ``count`` threads started together; return the errors they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


class RaceContract(ContractBase):
    """Concurrent commits stay correct, and losers only ever see retryable conflicts."""

    def rounds(self) -> int:
        """How many rounds each race runs (more rounds, more interleavings)."""
        return 12

    def test_racing_requests_with_one_idempotency_key_store_it_once(self, store: Store) -> None:
        """Each round, every thread claims one key: one stores it, the rest conflict or recall."""
        for round_ in range(self.rounds()):
            key = f"checkout-race-{round_}"
            won: list[int] = []

            def claim(index: int, key: str = key, won: list[int] = won) -> None:
                with store.unit_of_work() as uow:
                    if recall(uow.idempotency, key, "fp-checkout") is not None:
                        return  # a winner already committed: the stored result is the answer
                    try:
                        # a rival committed since the recall: put may already say so
                        uow.idempotency.put(key, "fp-checkout", {"thread": index})
                    except (ConcurrencyConflict, DuplicateEntity):
                        return
                    try:
                        uow.commit()  # the commit itself may only conflict
                    except ConcurrencyConflict:
                        return
                    won.append(index)

            expect([], run_threads(self.threads(), claim), f"errors in round {round_}")
            expect(1, len(won), f"threads that stored the key in round {round_}")
            with store.unit_of_work() as uow:
                stored = recall(uow.idempotency, key, "fp-checkout")
            expect({"thread": won[0]}, stored, "the winner's result")

    def test_commits_writing_two_aggregates_in_opposite_orders_never_deadlock(
        self, store: Store
    ) -> None:
        """Two threads save A then B, and B then A: only conflicts, and every change lands."""
        for specimen in self.specimens():
            pair = [add_committed(store, specimen, n) for n in (91, 92)]
            keys = [specimen.key(entity) for entity in pair]
            landed: list[int] = []

            def work(
                index: int,
                specimen: Specimen = specimen,
                landed: list[int] = landed,
                keys: list[str] = keys,
            ) -> None:
                order = keys if index % 2 == 0 else keys[::-1]
                for _ in range(self.rounds()):
                    while True:
                        try:
                            with store.unit_of_work() as uow:
                                repository = uow.repository(specimen.collection)
                                entities = [repository.get(key) for key in order]
                                versions = [entity.version for entity in entities]
                                for entity in entities:
                                    specimen.change(entity)
                                for entity, version in zip(entities, versions, strict=True):
                                    repository.save(entity, version)
                                uow.commit()
                        except ConcurrencyConflict:
                            continue
                        landed.append(index)
                        break

            expect([], run_threads(2, work), "errors of the opposite-order writers")
            with store.unit_of_work() as uow:
                final = [uow.repository(specimen.collection).get(key).version for key in keys]
            expect([entity.version + len(landed) for entity in pair], final, "versions after all")

    def test_a_reader_of_the_outbox_never_sees_a_message_appear_behind_it(
        self, store: Store
    ) -> None:
        """While threads commit, every new pending message comes after all seen before it."""
        specimen = self.specimens()[0]
        entities = [add_committed(store, specimen, 100 + i) for i in range(self.threads())]
        store.mark_delivered([message.id for message in store.pending(1000)])
        writers_done = threading.Event()
        late: list[tuple[int, int]] = []

        def read() -> None:
            seen: dict[str, int] = {}
            while True:
                finished = writers_done.is_set()
                snapshot: list[OutboxMessage] = store.pending(100_000)
                highest = max(seen.values(), default=0)
                late.extend(
                    (m.sequence, highest)
                    for m in snapshot
                    if m.id not in seen and m.sequence <= highest
                )
                seen.update((m.id, m.sequence) for m in snapshot)
                if finished:
                    return

        writers_left = [self.threads()]
        lock = threading.Lock()

        def write(index: int) -> None:
            key = specimen.key(entities[index])
            try:
                for _ in range(self.rounds()):
                    with store.unit_of_work() as uow:
                        entity = uow.repository(specimen.collection).get(key)
                        read_at = entity.version
                        specimen.change(entity)
                        uow.repository(specimen.collection).save(entity, read_at)
                        uow.commit()
            finally:
                with lock:
                    writers_left[0] -= 1
                    if writers_left[0] == 0:
                        writers_done.set()

        def counted(index: int) -> None:
            if index < self.threads():
                write(index)
            else:
                read()

        expect([], run_threads(self.threads() + 1, counted), "errors of writers and reader")
        expect([], late, "messages that appeared behind the reader (sequence, already seen)")
        sequences = [message.sequence for message in store.pending(100_000)]
        expect(self.threads() * self.rounds(), len(sequences), "every committed change's event")
