"""A bin: the shelf place a picker walks to (location, zone, aisle, bay, level).

Aisles, bays and levels are whole numbers from 1; zone and location are ids. Bins compare by
what they say, so a bin can key a dict and be sorted into a walk (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

import attrs

from ordercore.kernel.checks import require_quantity
from ordercore.kernel.ids import require_id

__all__ = ["Bin"]


def _id(_: Any, attribute: Any, value: Any) -> None:
    require_id(attribute.name, value)


def _position(_: Any, attribute: Any, value: Any) -> None:
    require_quantity(attribute.name, value, minimum=1)


@attrs.frozen(cache_hash=True)
class Bin:
    """One pick face in a warehouse ``location``: ``zone``, ``aisle``, ``bay`` and ``level``."""

    location: str = attrs.field(validator=_id)
    zone: str = attrs.field(validator=_id)
    aisle: int = attrs.field(validator=_position)
    bay: int = attrs.field(validator=_position)
    level: int = attrs.field(default=1, validator=_position)

    @property
    def code(self) -> str:
        """The bin's label, ``WH-EAST/A-03-12-2`` (location/zone-aisle-bay-level)."""
        return f"{self.location}/{self.zone}-{self.aisle:02d}-{self.bay:02d}-{self.level}"
