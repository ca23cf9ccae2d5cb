"""Hypothesis strategies for allocation: supply rows, stock snapshots, demand and policies.

Small, memorable values (``"RETRO-CLOCK"`` at ``"WH-EAST"``) so that a shrunk failure reads like
a story. Everything is deterministic in the drawn data: dates and instants are built from a fixed
anchor, never from the wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    AllocationRule,
    DemandLine,
    OrderDemand,
    Policy,
    Shortfall,
    StockSnapshot,
    Supply,
)

__all__ = [
    "ANCHOR",
    "LOCATIONS",
    "SKUS",
    "batches",
    "order_demands",
    "policies",
    "snapshots",
    "supply_rows",
]

ANCHOR = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
"""The instant that strategies (and tests using them) treat as ``now``."""

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "BRASS-LAMP")
"""Memorable SKUs."""

LOCATIONS = ("WH-EAST", "WH-WEST", "STORE-1")
"""Memorable locations; their index + 1 is their default priority."""


@st.composite
def supply_rows(
    draw: st.DrawFn, sku: str, *, on_hand_only: bool = False, max_rows: int = 5
) -> list[Supply]:
    """Up to ``max_rows`` distinct rows of ``sku``: lots on hand and incoming shipments."""
    count = draw(st.integers(0, max_rows))
    rows: list[Supply] = []
    for n in range(count):
        location = draw(st.sampled_from(LOCATIONS))
        incoming = False if on_hand_only else draw(st.booleans())
        rows.append(
            Supply(
                sku,
                location,
                draw(st.integers(0, 12)),
                lot=f"L-{n:02d}",
                priority=LOCATIONS.index(location) + 1,
                place=LOCATIONS.index(location) * 10,
                expires_on=draw(
                    st.none() | st.integers(-5, 60).map(lambda d: ANCHOR.date().add(days=d))
                ),
                received_at=ANCHOR.subtract(days=draw(st.integers(0, 90))),
                eta=ANCHOR.date().add(days=draw(st.integers(1, 30))) if incoming else None,
                supply_id=f"PO-{n}" if incoming else None,
            )
        )
    return rows


@st.composite
def snapshots(
    draw: st.DrawFn, skus: Sequence[str] = SKUS, *, on_hand_only: bool = False
) -> StockSnapshot:
    """A snapshot over ``skus`` (some may have no rows at all)."""
    rows = [row for sku in skus for row in draw(supply_rows(sku, on_hand_only=on_hand_only))]
    return StockSnapshot.of(rows)


@st.composite
def order_demands(
    draw: st.DrawFn, order_id: str, skus: Sequence[str] = SKUS, max_lines: int = 4
) -> OrderDemand:
    """An order of 1..``max_lines`` lines (SKUs may repeat across lines) of 1..8 units each."""
    count = draw(st.integers(1, max_lines))
    lines = [
        DemandLine(order_id, f"{n + 1}", draw(st.sampled_from(skus)), draw(st.integers(1, 8)))
        for n in range(count)
    ]
    return OrderDemand(
        order_id,
        ANCHOR.subtract(minutes=draw(st.integers(0, 500))),
        lines,
        priority=draw(st.integers(1, 3)),
        channel=draw(st.sampled_from(["web", "marketplace"])),
        ship_to=draw(st.integers(0, 30)),
    )


@st.composite
def batches(draw: st.DrawFn, skus: Sequence[str] = SKUS, max_orders: int = 6) -> list[OrderDemand]:
    """A batch of orders with distinct ids ``O-1``, ``O-2``, ..."""
    count = draw(st.integers(1, max_orders))
    return [draw(order_demands(f"O-{n + 1}", skus)) for n in range(count)]


def _distance(ship_to: object, place: object) -> float:
    if isinstance(ship_to, int) and isinstance(place, int):
        return float(abs(ship_to - place))
    return 0.0


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Any built-in policy, with any shortfall rule, allocation rule, and maybe safety buffers."""
    base = draw(
        st.sampled_from(
            [
                Policy.default(),
                Policy.fefo(7),
                Policy.fifo(),
                Policy.lifo(),
                Policy.location_priority(),
                Policy.most_available(),
                Policy.closest(_distance),
                Policy.fewest_shipments_first(),
            ]
        )
    )
    policy = base.with_shortfall(draw(st.sampled_from(list(Shortfall))))
    policy = policy.with_allocation(draw(st.sampled_from(list(AllocationRule))))
    if draw(st.booleans()):
        policy = policy.with_fewest_shipments()
    if draw(st.booleans()):
        policy = policy.with_safety_buffers({"marketplace": draw(st.integers(1, 3))})
    return policy
