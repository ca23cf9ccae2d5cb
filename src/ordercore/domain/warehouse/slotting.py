"""Slotting: which bin a SKU (and lot) sits in at a location, so stock can be picked from bins.

Stock is counted per (SKU, location, lot) by the inventory; the floor adds *where in the
location* it sits. A :class:`Slotting` maps ``(location, sku)`` (or ``(location, sku, lot)``,
when one lot sits apart) to a :class:`~ordercore.domain.warehouse.bins.Bin`. A SKU the host has
not slotted is picked from the location's receiving bin, :meth:`Slotting.receiving_bin` (zone
``default_zone``, aisle 1, bay 1), so every allocated unit has a place in the walk.

>>> slots = Slotting({("WH", "MUG"): Bin("WH", "A", 1, 3)})
>>> slots.bin_for("WH", "MUG").code, slots.bin_for("WH", "VASE").code
('WH/A-01-03-1', 'WH/RECEIVING-01-01-1')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ordercore.domain.warehouse.bins import Bin
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["Slotting"]

SlotKey = tuple[str, str] | tuple[str, str, str]
"""``(location, sku)``, or ``(location, sku, lot)`` for one lot kept apart."""


def _slots(value: Any) -> dict[tuple[str, ...], Bin]:
    if not isinstance(value, Mapping):
        raise WrongType("bins", value, "slotting maps (location, sku[, lot]) to a Bin")
    checked: dict[tuple[str, ...], Bin] = {}
    for key, place in value.items():
        if not isinstance(key, tuple) or len(key) not in (2, 3):
            raise WrongType("bins", key, "a slot is keyed (location, sku) or (location, sku, lot)")
        for part in key:
            require_id("bins", part)
        if not isinstance(place, Bin):
            raise WrongType("bins", place, "a slot is a Bin value")
        if place.location != key[0]:
            rule = f"a bin of location {key[0]!r} is in that location"
            raise ValidationError("bins", place.code, rule)
        checked[tuple(key)] = place
    return checked


def _zone(_: Any, attribute: Any, value: Any) -> None:
    require_id(attribute.name, value)


@attrs.frozen
class Slotting:
    """Where each SKU sits, per location: ``bins`` by ``(location, sku[, lot])``."""

    bins: Mapping[tuple[str, ...], Bin] = attrs.field(factory=dict, converter=_slots)
    default_zone: str = attrs.field(default="RECEIVING", validator=_zone)
    """The zone of the receiving bin that holds what the host has not slotted."""

    def receiving_bin(self, location: str) -> Bin:
        """The bin of ``location`` that holds every SKU not slotted elsewhere."""
        return Bin(location, self.default_zone, 1, 1)

    def bin_for(self, location: str, sku: str, lot: str | None = None) -> Bin:
        """The bin ``sku`` (``lot``) sits in at ``location``: its lot's, its own, or receiving."""
        if lot is not None:
            found = self.bins.get((location, sku, lot))
            if found is not None:
                return found
        found = self.bins.get((location, sku))
        return found if found is not None else self.receiving_bin(location)
