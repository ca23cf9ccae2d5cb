"""Hypothesis strategies for inventory: quantities, lots, locations, allocations, stock items.

Instants come from a fixed anchor (:data:`ANCHOR`), never from the wall clock; SKUs, locations
and lots come from small memorable pools so that generated commands collide on the same
positions (that is where the bugs are) and shrunk failures read like a story.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import pendulum
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, Location, Lot, StockItem
from ordercore.errors import OrdercoreError

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
    "run_stock_commands",
    "stock_commands",
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


StockCommand = tuple[str, tuple[Any, ...]]
"""One stock command of a generated history: its name and its arguments (see
:func:`run_stock_commands`)."""

_RIDS = st.sampled_from(["R-1", "R-2", "R-3", "R-4"])
_SUPPLIES = st.sampled_from(["PO-1", "PO-2"])
_PLACES = st.sampled_from(LOCATIONS[:2])


def stock_commands(max_size: int = 40) -> st.SearchStrategy[list[StockCommand]]:
    """Histories of stock commands on one SKU: every command, over small pools of ids.

    Reservation ids, supply ids, places and lots come from small pools so that commands meet
    (a release finds the hold, a shrink hits reserved units, a supply is promised and received).
    Some commands are refused by the rules; :func:`run_stock_commands` skips those.
    """
    units = quantities(1, 8)
    place = st.tuples(_PLACES, lot_ids())
    command = st.one_of(
        st.tuples(st.just("receive"), st.tuples(place, quantities(1, 15), st.booleans())),
        st.tuples(st.just("adjust"), st.tuples(place, st.integers(-6, 6).filter(bool))),
        st.tuples(st.just("count"), st.tuples(place, quantities(0, 10))),
        st.tuples(st.just("scrap"), st.tuples(place, units)),
        st.tuples(st.just("transfer"), st.tuples(place, units)),
        st.tuples(st.just("safety"), st.tuples(_PLACES, quantities(0, 3))),
        st.tuples(st.just("expect"), st.tuples(_SUPPLIES, place, quantities(1, 10))),
        st.tuples(st.just("arrive"), st.tuples(_SUPPLIES, units)),
        st.tuples(st.just("cancel"), st.tuples(_SUPPLIES, units)),
        st.tuples(
            st.just("reserve"),
            st.tuples(
                _RIDS,
                st.lists(
                    st.tuples(place, units, st.none() | _SUPPLIES),
                    min_size=1,
                    max_size=2,
                    unique_by=lambda p: (p[0], p[2]),
                ),
                st.sampled_from(["hard", "soft"]),
                st.integers(1, 9),
            ),
        ),
        st.tuples(st.just("extend"), st.tuples(_RIDS, quantities(1, 30))),
        st.tuples(st.just("confirm"), st.tuples(_RIDS)),
        st.tuples(st.just("resize"), st.tuples(_RIDS, units)),
        st.tuples(st.just("release"), st.tuples(_RIDS, units)),
        st.tuples(st.just("release_all"), st.tuples(_RIDS)),
        st.tuples(st.just("pick"), st.tuples(_RIDS, quantities(0, 4), quantities(0, 2))),
        st.tuples(st.just("unpick"), st.tuples(_RIDS, units)),
        st.tuples(st.just("ship"), st.tuples(_RIDS, units)),
        st.tuples(st.just("ship_all"), st.tuples(_RIDS)),
        st.tuples(st.just("wait"), st.tuples(quantities(1, 20))),
    )
    return st.lists(command, max_size=max_size)


def run_stock_commands(item: StockItem, commands: Sequence[StockCommand]) -> int:
    """Run a generated history on ``item``, time moving on from :data:`ANCHOR`.

    A command the rules refuse (any :class:`~ordercore.errors.OrdercoreError`) is skipped, as a
    host would report it. Returns how many commands were accepted.
    """
    clock = [ANCHOR]
    accepted = 0
    for name, args in commands:
        with contextlib.suppress(OrdercoreError):
            _run_one(item, name, args, clock)
            accepted += 1
    return accepted


def _run_one(
    item: StockItem, name: str, args: tuple[Any, ...], clock: list[pendulum.DateTime]
) -> None:
    now = clock[0]
    if name == "wait":
        clock[0] = now.add(minutes=args[0])
    elif name == "receive":
        (location, lot), units, with_lot = args
        item.receive(location, units, now, lot=Lot(lot, now.date()) if lot and with_lot else lot)
    elif name == "adjust":
        (location, lot), delta = args
        item.adjust(location, delta, "audit", now, lot=lot)
    elif name == "count":
        (location, lot), counted = args
        item.count(location, counted, now, lot=lot)
    elif name == "scrap":
        (location, lot), units = args
        item.scrap(location, units, now, lot=lot)
    elif name == "transfer":
        (location, lot), units = args
        other = LOCATIONS[1] if location == LOCATIONS[0] else LOCATIONS[0]
        item.transfer(location, other, units, now, lot=lot)
    elif name == "safety":
        item.set_safety_stock(args[0], args[1], now)
    elif name == "expect":
        supply, (location, lot), units = args
        item.add_incoming(supply, location, units, now.date().add(days=3), now, lot=lot)
    elif name == "arrive":
        item.receive_incoming(args[0], args[1], now)
    elif name == "cancel":
        item.cancel_incoming(args[0], args[1], now)
    elif name == "reserve":
        rid, places, mode, priority = args
        allocations = [
            Allocation(location, units, lot, supply) for (location, lot), units, supply in places
        ]
        ttl = pendulum.duration(minutes=15) if mode == "soft" else None
        item.reserve(
            rid,
            order_ref=f"O-{rid}",
            line_ref="L-1",
            allocations=allocations,
            now=now,
            priority=priority,
            ttl=ttl,
            hard=ttl is None,
        )
    else:
        _run_on_reservation(item, name, args, now)


def _run_on_reservation(
    item: StockItem, name: str, args: tuple[Any, ...], now: pendulum.DateTime
) -> None:
    found = item.reservations.get(args[0])
    if name == "extend":
        expires = found.expires_at if found is not None and found.expires_at else now
        item.extend(args[0], expires.add(minutes=args[1]), now)
    elif name == "confirm":
        item.confirm(args[0], now)
    elif name == "resize":
        item.resize(args[0], args[1], now)
    elif name == "release":
        item.release(args[0], args[1], now)
    elif name == "release_all":
        item.release_all(args[0], now)
    elif name == "pick":
        shelf = [a for a in found.allocations if a.supply is None] if found is not None else []
        place = shelf[0] if shelf else Allocation(LOCATIONS[0], 1)
        item.pick(args[0], args[1], now, location=place.location, lot=place.lot, missing=args[2])
    elif name == "unpick":
        item.unpick(args[0], args[1], now)
    elif name == "ship":
        item.ship(args[0], args[1], now)
    elif name == "ship_all" and found is not None:
        for allocation in found.allocations:
            if allocation.supply is None and allocation.quantity > allocation.picked:
                units = allocation.quantity - allocation.picked
                item.pick(args[0], units, now, location=allocation.location, lot=allocation.lot)
        item.ship(args[0], found.quantity, now)
