"""The ``Engine``: commands that span several aggregates, each in one unit of work.

The engine owns no state. It asks the injected :class:`~ordercore.kernel.clock.Clock` for the
time, opens a unit of work on the injected store (``ordercore.memory.MemoryStore``, the SQLite
example, or the host's adapter), loads the aggregates a command needs, runs the domain, saves
every one of them with the version it was read at, and commits once: all or nothing. A
``ConcurrencyConflict`` (another worker saved one of them first) re-runs the whole command on
fresh copies, up to ``retries`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from ordercore.domain.allocation import Policy, allocate
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import LineId, Order
from ordercore.kernel.clock import Clock
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.unit_of_work import Store
from ordercore.service.allocating import (
    AppliedPlan,
    apply_plan,
    demand_of,
    reservation_id,
    snapshot_of,
)

__all__ = ["Engine"]

T = TypeVar("T")


@attrs.define
class Engine:
    """Run cross-aggregate commands against ``store``, at the time ``clock`` says."""

    store: Store
    clock: Clock
    locations: Mapping[str, Location] = attrs.field(factory=dict)
    """The host's locations by id: their priority and place rank supply for the allocator."""
    policy: Policy = attrs.field(factory=Policy.default)
    """The allocation policy used when a command names none."""
    retries: int = 3
    """How many times a command re-runs after a ConcurrencyConflict before giving up."""

    def _run(self, command: Callable[[Any], T]) -> T:
        for attempt in range(self.retries + 1):
            with self.store.unit_of_work() as uow:
                try:
                    result = command(uow)
                    uow.commit()
                except ConcurrencyConflict:
                    if attempt == self.retries:
                        raise
                    continue
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    def place_order(self, order: Order) -> None:
        """Store a drafted ``order`` and place it."""
        now = self.clock.now()

        def command(uow: Any) -> None:
            order.place(now)
            uow.orders.add(order)

        self._run(command)

    def confirm_order(self, order_id: str) -> None:
        """Confirm a placed order as ready to fulfil (e.g. once its payment is authorised)."""
        now = self.clock.now()

        def command(uow: Any) -> None:
            order: Order = uow.orders.get(order_id)
            read_at = order.version
            order.confirm(now)
            uow.orders.save(order, read_at)

        self._run(command)

    def allocate_order(self, order_id: str, policy: Policy | None = None) -> AppliedPlan:
        """Plan the order's unallocated units against current stock, reserve them, record it.

        The order's lines move from unallocated to allocated (reserved, hard) and backordered;
        each SKU's ``StockItem`` gets one reservation per line; all in one commit.
        """
        now = self.clock.now()

        def command(uow: Any) -> AppliedPlan:
            order: Order = uow.orders.get(order_id)
            order_read = order.version
            items: dict[str, StockItem] = {}
            read_at: dict[str, int] = {}
            for wanted in sorted({line.sku for line in order.lines.values()}):
                found: StockItem | None = uow.stock.find(wanted)
                if found is not None:
                    items[wanted] = found
                    read_at[wanted] = found.version
            demand = demand_of(order, now)
            plan = allocate(
                demand, snapshot_of(items.values(), self.locations), policy or self.policy, now
            )
            applied = apply_plan(plan, order, items, now)
            for sku, item in items.items():
                if item.version != read_at[sku]:
                    uow.stock.save(item, read_at[sku])
            uow.orders.save(order, order_read)
            return applied

        return self._run(command)

    def ship_line(self, order_id: str, line_id: str, units: int) -> None:
        """Pick, pack and ship ``units`` of an allocated line, on the order and in stock.

        Units are picked from the reservation's places in preference order.
        """
        now = self.clock.now()

        def command(uow: Any) -> None:
            order: Order = uow.orders.get(order_id)
            order_read = order.version
            line = order.lines[LineId(line_id)]
            item: StockItem = uow.stock.get(line.sku)
            item_read = item.version
            rid = reservation_id(order_id, line_id)
            reservation = item.reservation(rid)
            left = units
            for allocation in reservation.allocations:
                take = min(left, allocation.quantity - allocation.picked)
                if take > 0:
                    item.pick(rid, take, now, location=allocation.location, lot=allocation.lot)
                    left -= take
            item.ship(rid, units, now)
            order.pick(line_id, units, now)
            order.pack(line_id, units, now)
            order.ship(line_id, units, now)
            uow.stock.save(item, item_read)
            uow.orders.save(order, order_read)

        self._run(command)
