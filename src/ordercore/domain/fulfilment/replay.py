"""Rebuild a shipment from its events: the event log is the shipment's full history.

:func:`replay_shipment` takes the events a shipment emitted (``ShipmentOpened`` first, then
one event per command, versions counting up by one) and returns a shipment equal to the one
that emitted them. A log that does not start with ``ShipmentOpened``, mixes shipments, skips a
version or holds something else is refused with a typed error, and nothing is built.
"""

from __future__ import annotations

from collections.abc import Iterable

from ordercore.domain.fulfilment.events import (
    ShipmentCancelled,
    ShipmentDelivered,
    ShipmentLinePicked,
    ShipmentOpened,
    ShipmentPacked,
    ShipmentShipped,
)
from ordercore.domain.fulfilment.lifecycle import ShipmentStatus
from ordercore.domain.fulfilment.shipment import Shipment
from ordercore.domain.fulfilment.values import PickedUnits, ShipmentLine
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent

__all__ = ["replay_shipment"]

_KINDS = (
    ShipmentLinePicked,
    ShipmentPacked,
    ShipmentShipped,
    ShipmentDelivered,
    ShipmentCancelled,
)


def _check(history: list[DomainEvent]) -> ShipmentOpened:
    if not history or not isinstance(history[0], ShipmentOpened):
        first = history[0] if history else None
        raise ValidationError("events", first, "a shipment's log starts with ShipmentOpened")
    opened = history[0]
    for number, event in enumerate(history[1:], start=2):
        if not isinstance(event, _KINDS):
            raise WrongType("events", event, "a shipment's log holds only shipment events")
        if event.entity_id != opened.entity_id:
            raise ValidationError(
                "events", event.entity_id, f"every event is of shipment {opened.entity_id!r}"
            )
        if event.version != number:
            raise ValidationError(
                "version", event.version, f"versions count up by one: {number} was next"
            )
    return opened


def replay_shipment(events: Iterable[DomainEvent]) -> Shipment:
    """The shipment that emitted ``events`` (in order), rebuilt from them alone."""
    history = list(events)
    opened = _check(history)
    lines = {
        line_id: ShipmentLine(line_id, opened.skus[line_id], units)
        for line_id, units in opened.requested.items()
    }
    shipment = Shipment(
        opened.entity_id,
        opened.order_id,
        opened.ship_from,
        opened.ship_to,
        lines,
        version=1,
        opened_at=opened.occurred_at,
    )
    for event in history[1:]:
        _apply(shipment, event)
        shipment.version = event.version
    return shipment


def _apply(shipment: Shipment, event: DomainEvent) -> None:
    if isinstance(event, ShipmentLinePicked):
        line = shipment.lines[event.line_id]
        shipment.lines[event.line_id] = line.with_pick(
            PickedUnits(event.location, event.units, event.lot)
        )
        shipment.status = ShipmentStatus.PICKED if event.all_picked else ShipmentStatus.PICKING
    elif isinstance(event, ShipmentPacked):
        shipment.status, shipment.parcels = ShipmentStatus.PACKED, event.parcels
    elif isinstance(event, ShipmentShipped):
        shipment.status = ShipmentStatus.SHIPPED
        shipment.carrier, shipment.service = event.carrier, event.service
        shipment.tracking, shipment.shipped_at = event.tracking, event.occurred_at
    elif isinstance(event, ShipmentDelivered):
        shipment.status, shipment.delivered_at = ShipmentStatus.DELIVERED, event.occurred_at
    elif isinstance(event, ShipmentCancelled):
        shipment.status, shipment.cancel_reason = ShipmentStatus.CANCELLED, event.reason
