"""Seeded data for the allocation benchmark: stock rows and order lines as plain tuples.

Every approach in ``benchmarks/allocation.py`` is fed from the same raw data; turning it into each
approach's own input types is not timed.
"""

from __future__ import annotations

import random
from typing import NamedTuple

import pendulum

from ordercore.domain.allocation import DemandLine, OrderDemand, StockSnapshot, Supply

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
LOCATIONS = ("WH-EAST", "WH-WEST", "WH-NORTH", "WH-SOUTH", "STORE-1")


class Row(NamedTuple):
    """One supply row: sku, location, priority, available, eta offset in days (None = on hand)."""

    sku: str
    location: str
    priority: int
    available: int
    eta_days: int | None


class Order(NamedTuple):
    """One order: id, priority, placed minutes before NOW, and its (line id, sku, qty) lines."""

    order_id: str
    priority: int
    minutes_ago: int
    lines: tuple[tuple[str, str, int], ...]


def generate(skus: int, lines: int, seed: int = 20261126) -> tuple[list[Row], list[Order]]:
    """``skus`` SKUs with one row at each of 5 locations (60% on hand, 40% incoming), and
    ``lines`` order lines of 1-5 units in orders of 1-4 lines; stock about covers demand."""
    rng = random.Random(seed)
    per_row = max(1, round(lines / skus * 3 / len(LOCATIONS)))
    rows = [
        Row(
            f"SKU-{s:06d}",
            loc,
            p + 1,
            rng.randint(0, 2 * per_row),
            None if rng.random() < 0.6 else rng.randint(1, 30),
        )
        for s in range(skus)
        for p, loc in enumerate(LOCATIONS)
    ]
    orders: list[Order] = []
    made = 0
    while made < lines:
        count = min(rng.randint(1, 4), lines - made)
        order_id = f"O-{len(orders):07d}"
        order_lines = tuple(
            (f"{n + 1}", f"SKU-{rng.randrange(skus):06d}", rng.randint(1, 5)) for n in range(count)
        )
        orders.append(Order(order_id, rng.randint(1, 3), rng.randint(0, 10_000), order_lines))
        made += count
    return rows, orders


def to_snapshot(rows: list[Row]) -> StockSnapshot:
    """The rows as an ordercore snapshot."""
    today = NOW.date()
    return StockSnapshot.of(
        Supply(
            r.sku,
            r.location,
            r.available,
            priority=r.priority,
            eta=None if r.eta_days is None else today.add(days=r.eta_days),
            supply_id=None if r.eta_days is None else f"PO-{r.sku}-{r.location}",
        )
        for r in rows
    )


def to_demand(orders: list[Order]) -> list[OrderDemand]:
    """The orders as ordercore demand."""
    return [
        OrderDemand(
            o.order_id,
            NOW.subtract(minutes=o.minutes_ago),
            [DemandLine(o.order_id, line_id, sku, qty) for line_id, sku, qty in o.lines],
            priority=o.priority,
        )
        for o in orders
    ]
