from collections.abc import Iterable

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ordercore.domain.allocation import (
    Backorder,
    LineAllocation,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
    backorders_of,
    fill_backorders,
)
from ordercore.testing.strategies_allocation import (
    ANCHOR,
    LOCATIONS,
    SKUS,
    order_demands,
    snapshots,
)

NOW = ANCHOR
POLICY = Policy.default()


class AllocationSequence(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.snapshot = StockSnapshot({})
        self.supplied: dict[str, int] = {}
        self.ordered: dict[tuple[str, str], int] = {}
        self.allocated: dict[tuple[str, str], int] = {}
        self.waiting: list[Backorder] = []
        self.line_skus: dict[tuple[str, str], str] = {}
        self.orders = 0
        self.arrivals = 0

    def take(self, plan_lines: Iterable[LineAllocation]) -> None:
        for line in plan_lines:
            key = (line.order_id, line.line_id)
            self.allocated[key] = self.allocated.get(key, 0) + line.allocated

    @rule(data=st.data())
    def start_with_stock(self, data: st.DataObject) -> None:
        if self.supplied:
            return
        self.snapshot = data.draw(snapshots())
        for rows in self.snapshot.rows.values():
            for row in rows:
                self.supplied[row.sku] = self.supplied.get(row.sku, 0) + row.available

    @rule(data=st.data())
    def place_an_order(self, data: st.DataObject) -> None:
        self.orders += 1
        order = data.draw(order_demands(f"O-{self.orders}"))
        for line in order.lines:
            self.ordered[(line.order_id, line.line_id)] = line.quantity
            self.line_skus[(line.order_id, line.line_id)] = line.sku
        plan = allocate(order, self.snapshot, POLICY, NOW)
        self.take(plan.lines)
        self.snapshot = self.snapshot.after(plan)
        self.waiting.extend(backorders_of(plan, order))

    @rule(sku=st.sampled_from(SKUS), location=st.sampled_from(LOCATIONS), units=st.integers(1, 9))
    def stock_arrives(self, sku: str, location: str, units: int) -> None:
        self.arrivals += 1
        row = Supply(sku, location, units, lot=f"ARR-{self.arrivals}")
        self.supplied[sku] = self.supplied.get(sku, 0) + units
        fill = fill_backorders(self.waiting, StockSnapshot.of([row]), POLICY, NOW)
        self.take(fill.lines)
        still = {(ln.order_id, ln.line_id): ln.backordered for ln in fill.lines}
        self.waiting = [
            attrs.evolve(b, quantity=still[(b.order_id, b.line_id)])
            for b in self.waiting
            if still[(b.order_id, b.line_id)]
        ]
        left = units - fill.allocated
        rows = [r for rs in self.snapshot.rows.values() for r in rs]
        self.snapshot = StockSnapshot.of([*rows, attrs.evolve(row, available=left)])

    @invariant()
    def every_line_is_allocated_or_waiting(self) -> None:
        waiting: dict[tuple[str, str], int] = {
            (b.order_id, b.line_id): b.quantity for b in self.waiting
        }
        assert self.ordered == {
            key: self.allocated.get(key, 0) + waiting.get(key, 0) for key in self.ordered
        }

    @invariant()
    def stock_is_never_oversold(self) -> None:
        assert all(r.available >= 0 for rs in self.snapshot.rows.values() for r in rs)
        for sku, supplied in self.supplied.items():
            assert supplied == self.snapshot.available(sku) + sum(
                units for key, units in self.allocated.items() if self.line_skus[key] == sku
            )


TestAllocationSequence = AllocationSequence.TestCase
