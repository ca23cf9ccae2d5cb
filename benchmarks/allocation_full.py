"""The full-path rows of the allocation benchmark: plan, reservations, ledger entries, events.

The full path plans with :func:`allocate`, then places one hard reservation per served line, as one
``reserve_many`` batch per SKU on its inventory ``StockItem`` (checked on the batch's totals; it
writes the ledger movements), and drains the events. The
reserve/release row runs mixed reserve/release commands on ``StockItem`` against a dict counter.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from allocation_data import NOW, Order, Row, to_demand, to_snapshot
from ordercore.domain.allocation import Policy, allocate
from ordercore.domain.inventory import StockItem
from ordercore.domain.inventory.reservations import ReservationRequest
from ordercore.domain.inventory.values import Allocation

FULL_PATH_READY = True


def _items(rows: list[Row]) -> dict[str, StockItem]:
    items: dict[str, StockItem] = {}
    today = NOW.date()
    for r in rows:
        item = items.get(r.sku)
        if item is None:
            item = items[r.sku] = StockItem(r.sku)
        if r.eta_days is None:
            if r.available:
                item.receive(r.location, r.available, NOW)
        elif r.available:
            item.add_incoming(
                f"PO-{r.sku}-{r.location}", r.location, r.available, today.add(days=r.eta_days), NOW
            )
    for item in items.values():
        item.pull_events()
    return items


def full_path(
    rows: list[Row], orders: list[Order]
) -> tuple[Callable[[], Any], Callable[[Any], object]]:
    """Setup (stock items, untimed) and run (plan + reservations + ledger + events)."""
    snapshot, demand, policy = to_snapshot(rows), to_demand(orders), Policy.default()
    by_id = {o.order_id: o for o in demand}

    def run(items: dict[str, StockItem]) -> int:
        plan = allocate(demand, snapshot, policy, NOW)
        per_sku: dict[str, list[ReservationRequest]] = {}
        for line in plan.lines:
            if not line.picks:
                continue
            order = by_id[line.order_id]
            per_sku.setdefault(line.sku, []).append(
                ReservationRequest(
                    f"R-{line.order_id}-{line.line_id}",
                    line.order_id,
                    line.line_id,
                    tuple(
                        Allocation(p.location, p.quantity, lot=p.lot, supply=p.supply_id)
                        for p in line.picks
                    ),
                    priority=order.priority,
                    placed_at=order.placed_at,
                    hard=True,
                )
            )
        for sku, requests in per_sku.items():
            items[sku].reserve_many(requests, NOW)
        return sum(len(item.pull_events()) for item in items.values())

    return (lambda: _items(rows)), run


def reserve_release_ops(ops: int) -> None:
    """``ops`` mixed reserve/release commands on StockItem aggregates (events drained)."""
    rng = random.Random(7)
    items = {f"SKU-{n}": StockItem(f"SKU-{n}") for n in range(100)}
    for item in items.values():
        item.receive("WH-EAST", 10 * ops, NOW)
        item.pull_events()
    open_holds: list[tuple[StockItem, str]] = []
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            item, rid = open_holds.pop()
            item.release_all(rid, NOW)
        else:
            item = items[f"SKU-{rng.randrange(100)}"]
            rid = f"R-{n}"
            item.reserve(
                rid,
                order_ref=rid,
                line_ref="1",
                allocations=[Allocation("WH-EAST", rng.randint(1, 5))],
                now=NOW,
                hard=True,
            )
            open_holds.append((item, rid))
        item.pull_events()


def reserve_release_floor(ops: int) -> None:
    """The same operations on a plain dict counter: free units per SKU, holds by id."""
    rng = random.Random(7)
    free = {f"SKU-{n}": 10 * ops for n in range(100)}
    holds: dict[str, tuple[str, int]] = {}
    open_holds: list[str] = []
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            sku, units = holds.pop(open_holds.pop())
            free[sku] += units
        else:
            sku = f"SKU-{rng.randrange(100)}"
            units = rng.randint(1, 5)
            if free[sku] < units:
                raise ValueError(sku)
            free[sku] -= units
            rid = f"R-{n}"
            holds[rid] = (sku, units)
            open_holds.append(rid)
