"""Choosing on-shelf places for units: the free room per position and per location, and a taker.

A part of :class:`~ordercore.domain.inventory.stock.StockItem` used where the stock item itself
decides where units go (a checkout's hold, re-serving units a shrink took). :class:`Rooms` is a
snapshot of what can still be promised: per position (on hand - reserved, plus units the
caller counts as given back) and per location (the same, above the location's safety stock).
:meth:`Rooms.take` takes units from positions in a given order and never more than either
figure allows; nothing here changes the stock item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ordercore.domain.inventory.positions import Positions
from ordercore.domain.inventory.values import Allocation, PositionKey

__all__ = ["Rooms"]


@attrs.define
class Rooms:
    """Free units per position and per location (above safety stock), consumed by ``take``."""

    by_key: dict[PositionKey, int]
    by_location: dict[str, int]

    @classmethod
    def of(
        cls,
        counters: Positions,
        safety_stock: Mapping[str, int],
        given_back: Mapping[PositionKey, int],
    ) -> Rooms:
        """The rooms of ``counters``, counting ``given_back`` units (per position) as free."""
        by_key: dict[PositionKey, int] = {}
        by_location: dict[str, int] = {}
        for key, on_hand in counters.on_hand.items():
            free = on_hand - counters.reserved.get(key, 0) + given_back.get(key, 0)
            by_key[key] = free
            by_location[key.location] = by_location.get(key.location, 0) + free
        for location in by_location:
            by_location[location] -= safety_stock.get(location, 0)
        return cls(by_key, by_location)

    def room(self, key: PositionKey) -> int:
        """What ``key`` can still give (never below 0)."""
        return max(0, min(self.by_key.get(key, 0), self.by_location.get(key.location, 0)))

    def location_room(self, location: str) -> int:
        """What ``location`` can still give in total (never below 0)."""
        return max(0, self.by_location.get(location, 0))

    def most_free_first(self, exclude: Iterable[PositionKey] = ()) -> list[PositionKey]:
        """Positions with room, the most free first (then by location and lot)."""
        skip = set(exclude)
        keys = [key for key in self.by_key if key not in skip and self.room(key) > 0]
        keys.sort(key=lambda k: (-self.room(k), k.location, k.lot or ""))
        return keys

    def take(self, units: int, order: Iterable[PositionKey]) -> tuple[list[Allocation], int]:
        """Take up to ``units`` from the positions in ``order``: the places, and what is left.

        Taken units leave the rooms, so a second ``take`` sees what the first left.
        """
        taken: list[Allocation] = []
        left = units
        for key in order:
            if not left:
                break
            here = min(left, self.room(key))
            if here:
                taken.append(Allocation(key.location, here, key.lot))
                self.by_key[key] -= here
                self.by_location[key.location] -= here
                left -= here
        return taken, left
