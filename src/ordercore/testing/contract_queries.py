"""Contract tests for the queries the Engine runs: ``for_order`` (payments, invoices, shipments).

Run for every specimen whose aggregates carry a str ``order_id`` and whose repository has
``for_order``: what the query returns is exactly the aggregates of that order, sorted by key,
staged ones included inside the unit of work that staged them and invisible to any other.
"""

from __future__ import annotations

from typing import Any

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect
from ordercore.testing.contract_specimens import Specimen

__all__ = ["QueryContract"]


def _order_of(entity: Any) -> str | None:
    order_id = getattr(entity, "order_id", None)
    return order_id if isinstance(order_id, str) and order_id else None


class QueryContract(ContractBase):
    """``for_order`` finds exactly an order's aggregates, committed or staged."""

    def queried(self) -> list[Specimen]:
        """The specimens whose aggregates belong to an order."""
        return [s for s in self.specimens() if _order_of(s.new(81)) is not None]

    def test_for_order_finds_exactly_the_aggregates_of_one_order(self, store: Store) -> None:
        """Committed aggregates of two orders: each query returns its own, as copies."""
        for specimen in self.queried():
            first, second = add_committed(store, specimen, 81), add_committed(store, specimen, 82)
            with store.unit_of_work() as uow:
                repository: Any = uow.repository(specimen.collection)
                found = repository.for_order(_order_of(first))
                expect([specimen.key(first)], [specimen.key(e) for e in found], "first order")
                expect([specimen.view(first)], [specimen.view(e) for e in found], "what it returns")
                found = repository.for_order(_order_of(second))
                expect([specimen.key(second)], [specimen.key(e) for e in found], "second order")
                expect([], repository.for_order("NO-SUCH-ORDER"), "an order without any")

    def test_for_order_sees_staged_aggregates_only_in_their_unit_of_work(
        self, store: Store
    ) -> None:
        """An added aggregate is found by its own unit of work, by others only after commit."""
        for specimen in self.queried():
            staged = specimen.new(83)
            order_id = _order_of(staged)
            with store.unit_of_work() as uow, store.unit_of_work() as other:
                uow.repository(specimen.collection).add(staged)
                mine: Any = uow.repository(specimen.collection)
                theirs: Any = other.repository(specimen.collection)
                expect(
                    [specimen.key(staged)],
                    [specimen.key(e) for e in mine.for_order(order_id)],
                    "the staged add, in its unit of work",
                )
                expect([], theirs.for_order(order_id), "the staged add, in another unit of work")
                uow.commit()
            with store.unit_of_work() as uow:
                found = getattr(uow.repository(specimen.collection), "for_order")(order_id)  # noqa: B009
            expect([specimen.key(staged)], [specimen.key(e) for e in found], "after the commit")

    def test_for_order_returns_the_staged_version_of_a_saved_aggregate(self, store: Store) -> None:
        """A change saved in the unit of work is what its ``for_order`` returns."""
        for specimen in self.queried():
            stored = add_committed(store, specimen, 84)
            with store.unit_of_work() as uow:
                repository: Any = uow.repository(specimen.collection)
                entity = repository.get(specimen.key(stored))
                specimen.change(entity)
                repository.save(entity, stored.version)
                found = repository.for_order(_order_of(stored))
                expect([entity.version], [e.version for e in found], "the staged version")
