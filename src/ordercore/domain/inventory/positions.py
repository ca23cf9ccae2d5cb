"""The positions table of one SKU: units on hand, reserved and picked per ``(location, lot)``.

Beside them, ``held`` counts units on hand but kept out of sale, per ``(location, lot, hold)``
(see :mod:`~ordercore.domain.inventory.holds`): they are in none of the other counters, so
nothing that reads on hand and reserved to promise stock can ever take them.

A part of :class:`~ordercore.domain.inventory.stock.StockItem`. It holds only positions that have
units: a counter that reaches zero is removed, so the table's size follows the places that hold
stock now, never the places that held it once. Only the stock item's ``apply`` changes it.
"""

from __future__ import annotations

from typing import Any

import attrs

from ordercore.domain.inventory.holds import HeldKey, HoldKind
from ordercore.domain.inventory.values import PositionKey, new_row

__all__ = ["Positions"]

_new = object.__new__


@attrs.define
class Positions:
    """On hand, reserved and picked units per position; zero counters are not kept.

    ``on_hand`` counts the sellable units; ``held`` the units kept out of sale, by hold.
    """

    on_hand: dict[PositionKey, int] = attrs.Factory(dict)
    reserved: dict[PositionKey, int] = attrs.Factory(dict)
    picked: dict[PositionKey, int] = attrs.Factory(dict)
    held: dict[HeldKey, int] = attrs.Factory(dict)

    def __deepcopy__(self, memo: dict[int, Any]) -> Positions:
        """An equal table sharing no counter with this one (``kernel.copies``' protocol).

        Written out by hand: four ``dict.copy()`` calls cost a fraction of the copier's walk
        over the fields. A stock item's copy writes these fields itself (``inventory.copying``).
        """
        copied = _new(Positions)
        copied.on_hand = self.on_hand.copy()
        copied.reserved = self.reserved.copy()
        copied.picked = self.picked.copy()
        copied.held = self.held.copy()
        return copied

    def add(self, location: str, lot: str | None, on_hand: int, reserved: int, picked: int) -> None:
        """Add one movement's deltas at ``(location, lot)`` (the caller validated them).

        Looked up with a plain tuple (it equals and hashes like its :class:`PositionKey`); a
        :class:`PositionKey` is made only for a counter that is new.
        """
        key: PositionKey = (location, lot)  # type: ignore[assignment]
        if on_hand:
            _bump(self.on_hand, key, on_hand)
        if reserved:
            _bump(self.reserved, key, reserved)
        if picked:
            _bump(self.picked, key, picked)

    def add_reserved(self, location: str, lot: str | None, reserved: int) -> None:
        """:meth:`add` for a movement that changes the reserved counter only (the hot path)."""
        key: PositionKey = (location, lot)  # type: ignore[assignment]
        counter = self.reserved
        current = counter.get(key)
        if current is None:  # PositionKey(location, lot), without its __new__ frame
            counter[new_row(PositionKey, key)] = reserved
        elif current + reserved:
            counter[key] = current + reserved
        else:
            del counter[key]

    def free(self, key: PositionKey) -> int:
        """On hand - reserved at one position (safety stock not subtracted)."""
        return self.on_hand.get(key, 0) - self.reserved.get(key, 0)

    def location_free(self, location: str) -> int:
        """On hand - reserved over every position of ``location``."""
        reserved = self.reserved
        free = 0
        for key, units in self.on_hand.items():  # a loop, not sum(generator): no frame of its own
            if key[0] == location:
                free += units - reserved.get(key, 0)
        return free

    def holds_lot(self, lot: str) -> bool:
        """True while some position of ``lot`` has units (on hand, reserved, picked or held)."""
        return (
            any(key.lot == lot for key in self.on_hand)
            or any(key.lot == lot for key in self.reserved)
            or (bool(self.held) and any(key.lot == lot for key in self.held))
        )

    def restore(self, rows: tuple[tuple[str, str | None, int, int, int], ...]) -> None:
        """Replace every counter by ``(location, lot, on_hand, reserved, picked)`` rows."""
        self.on_hand.clear()
        self.reserved.clear()
        self.picked.clear()
        for location, lot, on_hand, reserved, picked in rows:
            self.add(location, lot, on_hand, reserved, picked)

    # -- held units (quarantine, repair, awaiting return to vendor) ------------------------------

    def add_held(self, location: str, lot: str | None, hold: HoldKind, units: int) -> None:
        """Add ``units`` (negative: take them) to a hold at ``(location, lot)``; checked before."""
        key = HeldKey(location, lot, hold)
        current = self.held.get(key, 0) + units
        if current:
            self.held[key] = current
        else:
            self.held.pop(key, None)

    def held_units(
        self,
        hold: HoldKind | None = None,
        location: str | None = None,
        lot: str | None = None,
    ) -> int:
        """Units held, over the holds, locations and lots given (``None``: all of them)."""
        return sum(
            units
            for key, units in self.held.items()
            if (hold is None or key.hold is hold)
            and (location is None or key.location == location)
            and (lot is None or key.lot == lot)
        )

    def restore_held(self, rows: tuple[tuple[str, str | None, str, int], ...]) -> None:
        """Replace every held counter by ``(location, lot, hold, units)`` rows."""
        self.held.clear()
        for location, lot, hold, units in rows:
            self.add_held(location, lot, HoldKind(hold), units)


def _bump(counter: dict[PositionKey, int], key: PositionKey, delta: int) -> None:
    current = counter.get(key)
    if current is None:  # PositionKey(*key), without its __new__ frame
        counter[new_row(PositionKey, key)] = delta
    elif current + delta:
        counter[key] = current + delta
    else:
        del counter[key]
