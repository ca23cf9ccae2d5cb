"""The shipment lifecycle as a kernel transition table, :data:`SHIPMENT_LIFECYCLE` ("shipment").

::

    open --pick--> picking --pick (the last unit)--> picked
    picking, picked --pack [has_picked_units]--> packed --ship--> shipped --deliver--> delivered
    open, picking, picked, packed --cancel--> cancelled

    on the way = shipped, in_transit, out_for_delivery, delivery_failed, exception, damaged
    on the way --track_in_transit / _out_for_delivery / _delivery_attempted / _delivery_failed /
                 _exception / _damaged--> the matching status (attempted → delivery_failed)
    on the way --deliver--> delivered
    on the way --track_lost--> lost --track_returned_to_sender--> returned_to_sender
    on the way --track_returned_to_sender--> returned_to_sender

A pick that leaves units of a line unpicked keeps the shipment ``picking``; the pick of the last
asked-for unit moves it to ``picked`` (trigger ``finish_picking``, fired by the same command).
Packing a ``picking`` shipment is a short pick: the units not found stay allocated on the order
(and reserved in stock) for a later shipment. A parcel that comes back to the sender is not a
state here: the host records it as a return (RMA) of the delivered units. A parcel the *carrier*
reports lost or returned to the sender (tracking, ``ordercore.domain.fulfilment.tracking``) is
never delivered: the host decides to reship or refund.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = [
    "HAS_PICKED_UNITS",
    "ON_THE_WAY",
    "SHIPMENT_LIFECYCLE",
    "ShipmentFacts",
    "ShipmentStatus",
    "guarded_steps",
    "steps",
]


class ShipmentStatus(enum.StrEnum):
    """Where a shipment is, from opened to delivered (or cancelled before it left)."""

    OPEN = "open"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    SHIPPED = "shipped"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERY_FAILED = "delivery_failed"
    EXCEPTION = "exception"
    DAMAGED = "damaged"
    LOST = "lost"
    RETURNED_TO_SENDER = "returned_to_sender"
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

ON_THE_WAY: tuple[ShipmentStatus, ...] = (
    _S.SHIPPED,
    _S.IN_TRANSIT,
    _S.OUT_FOR_DELIVERY,
    _S.DELIVERY_FAILED,
    _S.EXCEPTION,
    _S.DAMAGED,
)
"""The statuses of a shipment with the carrier that may still be delivered."""

SHIPMENT_LIFECYCLE: Lifecycle[ShipmentStatus, ShipmentFacts] = Lifecycle(
    "shipment",
    ShipmentStatus,
    _S.OPEN,
    [
        Transition([_S.OPEN, _S.PICKING], "pick", _S.PICKING),
        Transition(_S.PICKING, "finish_picking", _S.PICKED),
        Transition([_S.PICKING, _S.PICKED], "pack", _S.PACKED, HAS_PICKED_UNITS),
        Transition(_S.PACKED, "ship", _S.SHIPPED),
        Transition(ON_THE_WAY, "track_in_transit", _S.IN_TRANSIT),
        Transition(ON_THE_WAY, "track_out_for_delivery", _S.OUT_FOR_DELIVERY),
        Transition(ON_THE_WAY, "track_delivery_attempted", _S.DELIVERY_FAILED),
        Transition(ON_THE_WAY, "track_delivery_failed", _S.DELIVERY_FAILED),
        Transition(ON_THE_WAY, "track_exception", _S.EXCEPTION),
        Transition(ON_THE_WAY, "track_damaged", _S.DAMAGED),
        Transition(ON_THE_WAY, "track_lost", _S.LOST),
        Transition([*ON_THE_WAY, _S.LOST], "track_returned_to_sender", _S.RETURNED_TO_SENDER),
        Transition(ON_THE_WAY, "deliver", _S.DELIVERED),
        Transition([_S.OPEN, _S.PICKING, _S.PICKED, _S.PACKED], "cancel", _S.CANCELLED),
    ],
    terminal=[_S.DELIVERED, _S.CANCELLED, _S.RETURNED_TO_SENDER],
)
"""The shipment transition table (see the module docstring)."""


def steps(trigger: str) -> dict[ShipmentStatus, ShipmentStatus]:
    """Where ``trigger`` moves a shipment from each status whose row for it has no guard.

    Read off :data:`SHIPMENT_LIFECYCLE` once, at import, by the hot commands and mutators: a
    dict look-up there takes the place of a ``next_state`` call (a key tuple built and hashed,
    ~2,600 instructions). A status missing from it still goes to ``next_state``, which refuses
    it with the table's own error (or checks the row's guard).
    """
    return {
        source: row.target
        for row in SHIPMENT_LIFECYCLE.rows
        if row.trigger == trigger and row.guard is None
        for source in row.sources
    }


def guarded_steps(
    trigger: str,
) -> dict[ShipmentStatus, tuple[ShipmentStatus, Callable[[ShipmentFacts], bool]]]:
    """:func:`steps` for ``trigger``'s rows with a guard: status → (next status, its check).

    A status found here moves only when the check holds for the shipment; a status missing,
    or a check that does not hold, goes to ``next_state``, which refuses it in its words.
    """
    return {
        source: (row.target, row.guard.check)
        for row in SHIPMENT_LIFECYCLE.rows
        if row.trigger == trigger and row.guard is not None
        for source in row.sources
    }
