"""Held stock: units on hand at a position but kept out of sale (quarantine, repair, vendor).

Returned units an inspector did not restock are still physically in the building: a damaged
clock waits in quarantine, a faulty one is in repair, another waits to go back to its vendor.
They are *on hand* (a count finds them, the ledger has them) but never *available*: no
reservation, allocation or checkout hold may take them. The positions table keeps them in a
counter of their own, ``held[(location, lot, hold)]``, beside (never inside) its sellable
``on_hand`` counter, so every path that reserves or allocates — which reads only the sellable
counters — cannot see them; ``StockItem.on_hand()`` adds them back, so
``on hand = available + reserved + held`` (+ safety stock, which is part of neither figure).

The ledger records each change of a hold as a movement whose kind says what happened and whose
``reason`` names the hold (see :data:`HOLD_MOVEMENTS` in ``ledger``): ``hold`` (+units into a
hold), ``release_hold`` (-units out of the hold, and +units of sellable stock in a second row
with no reason), ``scrap_held`` and ``return_to_vendor`` (-units that leave), ``move_hold``
(-units out of one hold and +units into another, at the same place: quarantine → repair,
repair → vendor; on hand and available do not change).
"""

from __future__ import annotations

import enum
from typing import NamedTuple

__all__ = ["HeldKey", "HoldKind"]


class HoldKind(enum.StrEnum):
    """Why units on hand are kept out of sale."""

    QUARANTINE = "quarantine"
    """Waiting for a decision (an inspection, a quality check); never sold meanwhile."""
    REPAIR = "repair"
    """Being repaired; released back to sellable stock when the repair is done."""
    VENDOR = "vendor"
    """Waiting to be shipped back to the vendor (a return to vendor)."""


class HeldKey(NamedTuple):
    """Where held units sit and why: ``(location, lot, hold)``.

    A ``NamedTuple`` like :class:`~ordercore.domain.inventory.values.PositionKey`: the key of a
    counter, hashed fast, and stored as a plain list by the codec.
    """

    location: str
    lot: str | None
    hold: HoldKind

    def label(self) -> str:
        """``"QC-BAY/LOT-7 (quarantine)"``; used in messages and drifts."""
        where = self.location if self.lot is None else f"{self.location}/{self.lot}"
        return f"{where} ({self.hold.value})"
