"""Contract tests for concurrency: threads racing on one aggregate never lose an update."""

from __future__ import annotations

import threading
import time

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, change_committed, expect
from ordercore.testing.contract_specimens import Specimen

__all__ = ["ConcurrencyContract"]


class ConcurrencyContract(ContractBase):
    """Optimistic concurrency holds under real threads, each with its own unit of work."""

    def changes_per_thread(self) -> int:
        """How many changes each racing thread makes."""
        return 10

    def pause(self) -> None:
        """Called between read and save: a short sleep lets the other threads interleave."""
        time.sleep(0.0005)

    def test_concurrent_threads_never_lose_an_update(self, store: Store) -> None:
        """Every change of every thread lands: the final version counts all of them."""
        for specimen in self.specimens():
            entity = add_committed(store, specimen, 31)
            key = specimen.key(entity)
            expect([], self.race(store, specimen, key), "errors in the racing threads")
            with store.unit_of_work() as uow:
                final = uow.repository(specimen.collection).get(key)
            total = self.threads() * self.changes_per_thread()
            expect(entity.version + total, final.version, "the version after every change")

    def race(self, store: Store, specimen: Specimen, key: str) -> list[BaseException]:
        """Start ``threads()`` threads that each change ``key``; return the errors they met."""
        errors: list[BaseException] = []
        start = threading.Barrier(self.threads())

        def work() -> None:
            try:
                start.wait()
                for _ in range(self.changes_per_thread()):
                    change_committed(store, specimen, key, pause=self.pause)
            except BaseException as error:  # noqa: BLE001 - reported to the main thread
                errors.append(error)

        workers = [threading.Thread(target=work) for _ in range(self.threads())]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return errors
