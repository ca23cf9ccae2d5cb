"""The shipment lifecycle as a kernel transition table, :data:`SHIPMENT_LIFECYCLE` ("shipment").

::

    open --pick--> picking --pick (the last unit)--> picked
    picking, picked --pack [has_picked_units]--> packed --ship--> shipped --deliver--> delivered
    open, picking, picked, packed --cancel--> cancelled

A pick that leaves units of a line unpicked keeps the shipment ``picking``; the pick of the last
asked-for unit moves it to ``picked`` (trigger ``finish_picking``, fired by the same command).
Packing a ``picking`` shipment is a short pick: the units not found stay allocated on the order
(and reserved in stock) for a later shipment. A parcel that comes back to the sender is not a
state here: the host records it as a return (RMA) of the delivered units.
"""

from __future__ import annotations

import enum
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = ["HAS_PICKED_UNITS", "SHIPMENT_LIFECYCLE", "ShipmentFacts", "ShipmentStatus"]


class ShipmentStatus(enum.StrEnum):
    """Where a shipment is, from opened to delivered (or cancelled before it left)."""

    OPEN = "open"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class ShipmentFacts(Protocol):
    """What the lifecycle's guards ask of a shipment."""

    def has_picked_units(self) -> bool:
        """Whether at least one unit has been picked."""
        ...


HAS_PICKED_UNITS = Guard[ShipmentFacts](
    "has_picked_units", lambda s: s.has_picked_units(), "at least one unit was picked"
)
"""Packing needs something in the box."""

_S = ShipmentStatus

SHIPMENT_LIFECYCLE: Lifecycle[ShipmentStatus, ShipmentFacts] = Lifecycle(
    "shipment",
    ShipmentStatus,
    _S.OPEN,
    [
        Transition([_S.OPEN, _S.PICKING], "pick", _S.PICKING),
        Transition(_S.PICKING, "finish_picking", _S.PICKED),
        Transition([_S.PICKING, _S.PICKED], "pack", _S.PACKED, HAS_PICKED_UNITS),
        Transition(_S.PACKED, "ship", _S.SHIPPED),
        Transition(_S.SHIPPED, "deliver", _S.DELIVERED),
        Transition([_S.OPEN, _S.PICKING, _S.PICKED, _S.PACKED], "cancel", _S.CANCELLED),
    ],
    terminal=[_S.DELIVERED, _S.CANCELLED],
)
"""The shipment transition table (see the module docstring)."""
