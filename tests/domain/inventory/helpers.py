"""Small builders shared by the inventory tests."""

from __future__ import annotations

import copy

import attrs
import pendulum

from ordercore.domain.inventory import Allocation, Movement, Reservation, StockItem
from ordercore.memory import MemoryStore
from ordercore.testing.strategies_inventory import ANCHOR

T = ANCHOR


def later(minutes: int) -> pendulum.DateTime:
    return ANCHOR.add(minutes=minutes)


def stock(sku: str = "RETRO-CLOCK", **places: int) -> StockItem:
    """A stock item that received ``units`` at each ``LOCATION_NAME=units`` (underscores → '-')."""
    item = StockItem(sku)
    for place, units in places.items():
        item.receive(place.replace("_", "-"), units, T)
    item.pull_events()
    return item


def hard(
    item: StockItem,
    reservation_id: str,
    *allocations: Allocation,
    priority: int = 5,
    placed_minutes: int = 0,
) -> Reservation:
    return item.reserve(
        reservation_id,
        order_ref=f"O-{reservation_id}",
        line_ref="L-1",
        allocations=list(allocations),
        now=T,
        priority=priority,
        placed_at=later(placed_minutes),
        hard=True,
    )


def soft(
    item: StockItem, reservation_id: str, *allocations: Allocation, ttl: int = 15
) -> Reservation:
    return item.reserve(
        reservation_id,
        order_ref=f"O-{reservation_id}",
        line_ref="L-1",
        allocations=list(allocations),
        now=T,
        ttl=pendulum.duration(minutes=ttl),
    )


def ledger_rows(store: MemoryStore, sku: str) -> list[Movement]:
    """The rows of ``sku`` that ``store`` committed to its ledger stream (``uow.ledger``)."""
    with store.unit_of_work() as uow:
        return uow.ledger.rows(sku)


def snapshot(item: StockItem) -> object:
    """Everything observable about an item, deep-copied (a rejected command changes nothing)."""
    return copy.deepcopy(
        (
            item.version,
            attrs.asdict(item.counters, recurse=False),
            item.journal.next_seq,
            item.journal.unpulled,
            {rid: attrs.asdict(r, recurse=False) for rid, r in item.reservations.items()},
            dict(item.safety_stock),
            dict(item.lots.known),
            attrs.asdict(item.supplies, recurse=False),
            list(item.events),
        )
    )
