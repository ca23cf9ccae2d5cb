"""Hypothesis strategies for inventory: quantities, lots, locations, allocations, stock items.

Instants come from a fixed anchor (:data:`ANCHOR`), never from the wall clock; SKUs, locations
and lots come from small memorable pools so that generated commands collide on the same
positions (that is where the bugs are) and shrunk failures read like a story.
"""

from __future__ import annotations

import pendulum
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, Location, Lot, StockItem

__all__ = [
    "ANCHOR",
    "LOCATIONS",
    "LOTS",
    "SKUS",
    "allocation_lists",
    "allocations",
    "instants",
    "locations",
    "lot_ids",
    "lots",
    "quantities",
    "stocked_items",
]

ANCHOR = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
"""The instant the strategies (and the tests using them) treat as ``now``."""

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "BRASS-LAMP", "VELVET-SOFA", "OAK-STOOL")
"""Memorable SKUs."""

LOCATIONS = ("WH-EAST", "WH-WEST", "STORE-SOHO")
"""Memorable location ids."""

LOTS = ("LOT-A", "LOT-B")
"""Memorable lot ids (``None`` stands for untracked stock)."""


def quantities(min_value: int = 1, max_value: int = 20) -> st.SearchStrategy[int]:
    """Whole numbers of units between ``min_value`` and ``max_value``."""
    return st.integers(min_value, max_value)


def instants(max_minutes: int = 120) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants from :data:`ANCHOR` up to ``max_minutes`` later, on whole minutes."""
    return st.integers(0, max_minutes).map(lambda m: ANCHOR.add(minutes=m))


def lot_ids() -> st.SearchStrategy[str | None]:
    """A lot id from :data:`LOTS`, or ``None`` (stock not tracked by lot)."""
    return st.sampled_from((None, *LOTS))


@st.composite
def lots(draw: st.DrawFn) -> Lot:
    """A lot with an expiry date (maybe) and a receipt instant (maybe)."""
    return Lot(
        draw(st.sampled_from(LOTS)),
        draw(st.none() | st.integers(0, 400).map(lambda d: ANCHOR.date().add(days=d))),
        draw(st.none() | instants()),
    )


@st.composite
def locations(draw: st.DrawFn) -> Location:
    """A location with a priority (lower is preferred), a region or coordinates, and bins."""
    return Location(
        draw(st.sampled_from(LOCATIONS)),
        priority=draw(st.integers(0, 9)),
        region=draw(st.none() | st.sampled_from(["EU", "US", "APAC"])),
        coordinates=draw(
            st.none()
            | st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))
        ),
        bins=tuple(draw(st.lists(st.sampled_from(["A-01", "A-02", "B-07"]), unique=True))),
    )


@st.composite
def allocations(draw: st.DrawFn, max_quantity: int = 8) -> Allocation:
    """One allocation of on-hand stock at a pooled location and lot."""
    return Allocation(
        draw(st.sampled_from(LOCATIONS)), draw(quantities(1, max_quantity)), draw(lot_ids())
    )


@st.composite
def allocation_lists(draw: st.DrawFn, max_size: int = 3) -> list[Allocation]:
    """Allocations of one reservation: at most one per place, in preference order."""
    found = draw(st.lists(allocations(), min_size=1, max_size=max_size, unique_by=lambda a: a.key))
    return list(found)


@st.composite
def stocked_items(draw: st.DrawFn, sku: str | None = None) -> StockItem:
    """A stock item of one SKU that has received some stock at pooled places (events drained)."""
    item = StockItem(sku or draw(st.sampled_from(SKUS)))
    receipts = draw(
        st.lists(
            st.tuples(st.sampled_from(LOCATIONS), lot_ids(), quantities(1, 30)),
            min_size=1,
            max_size=5,
        )
    )
    for location, lot, units in receipts:
        item.receive(location, units, ANCHOR, lot=lot)
    item.pull_events()
    return item
