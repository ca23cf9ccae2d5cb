"""What a pick list's commands mean for the shipments on it: three rows of the policy table.

A pick list command changes the list, then states a fact here and runs the policy table
(:mod:`ordercore.service.policies`) in the same unit of work:

=========================  ==============================================  ====================
when (fact)                 then (row)                                       touches
=========================  ==============================================  ====================
:class:`PickListMade`       put the shipments on the list                   Shipment
:class:`PickedOnList`       pick the confirmed units on their shipments     Shipment, Order,
                                                                            StockItem
:class:`PickListEnded`      take the shipments off the list                 Shipment
=========================  ==============================================  ====================

Units not found on a confirmation are the two rows of :mod:`ordercore.service.short_picks`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ordercore.domain.warehouse import PickLine, PickList, ShipmentLineKey
from ordercore.service import shipping
from ordercore.service.session import Session

__all__ = [
    "PickListEnded",
    "PickListMade",
    "PickedOnList",
    "pick_confirmed_units",
    "put_on_list",
    "shipments_on",
    "take_off_list",
]


@attrs.frozen
class PickListMade:
    """A pick list was made of units of the shipments it names."""

    pick_list: PickList


@attrs.frozen
class PickedOnList:
    """``picked`` units per shipment line were confirmed on ``line`` of ``pick_list``."""

    pick_list: PickList
    line: PickLine
    picked: Mapping[ShipmentLineKey, int]


@attrs.frozen
class PickListEnded:
    """A pick list was finished (every unit picked or found short) or cancelled."""

    pick_list: PickList


def shipments_on(pick_list: PickList) -> list[str]:
    """The ids of the shipments whose units ``pick_list`` holds, in order."""
    return sorted({d.shipment_id for line in pick_list.walk() for d in line.demands})


def put_on_list(session: Session, fact: PickListMade) -> tuple[str, ...]:
    """Each shipment the list holds units of goes on it; the ids put on."""
    listed = shipments_on(fact.pick_list)
    for shipment_id in listed:
        shipping.shipment_of(session, shipment_id).list_on(fact.pick_list.id, session.now)
    return tuple(listed)


def pick_confirmed_units(session: Session, fact: PickedOnList) -> tuple[tuple[str, str, int], ...]:
    """The confirmed units are picked on their shipments, through the shipment pick path.

    Order: allocated → picked; stock: the line's reservations pick at the bin's location
    (and lot). Returns ``(shipment_id, line_id, units)`` per shipment line, in order.
    """
    picked: list[tuple[str, str, int]] = []
    for (shipment_id, line_id), units in sorted(fact.picked.items()):
        shipping.pick(
            session, shipment_id, line_id, units, fact.line.lot, pick_list_id=fact.pick_list.id
        )
        picked.append((shipment_id, line_id, units))
    return tuple(picked)


def take_off_list(session: Session, fact: PickListEnded) -> tuple[str, ...]:
    """The shipments on an ended list come off it; the ids taken off."""
    taken: list[str] = []
    for shipment_id in shipments_on(fact.pick_list):
        shipment = shipping.shipment_of(session, shipment_id)
        if fact.pick_list.id in shipment.pick_lists:
            shipment.take_off(fact.pick_list.id, session.now)
            taken.append(shipment_id)
    return tuple(taken)
