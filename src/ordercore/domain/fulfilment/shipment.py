"""The ``Shipment`` aggregate: units of one order picked, packed and shipped from one place.

A shipment is opened for some units of some lines of an order, from one ship-from location, to
the order's address. Its commands each check everything first, then change the shipment, add
one to ``version`` and record one event (``pull_events()`` drains them):

* :meth:`Shipment.pick` records units of a line taken off the shelf (at a lot, if stock is kept
  by lot); at most what the line still asks for. The last unit moves it to ``picked``.
* :meth:`Shipment.pack` closes picking and packs every picked unit into parcels
  (``packed == picked``). Units asked for but never picked are a *short pick*: they are not in
  the shipment and stay allocated on the order for a later one (the event lists them).
* :meth:`Shipment.ship` hands the parcels to a carrier with tracking numbers.
* :meth:`Shipment.deliver` records the delivery.
* :meth:`Shipment.cancel` ends a shipment that has not left; its picked units go back.

The shipment knows nothing of stock or orders: the Engine moves the order's buckets and the
stock reservations in the same unit of work (see ``docs/fulfilment.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ordercore.domain.fulfilment.errors import OverPick, UnknownShipmentLine
from ordercore.domain.fulfilment.events import (
    ShipmentCancelled,
    ShipmentDelivered,
    ShipmentLinePicked,
    ShipmentOpened,
    ShipmentPacked,
    ShipmentShipped,
)
from ordercore.domain.fulfilment.lifecycle import SHIPMENT_LIFECYCLE, ShipmentStatus
from ordercore.domain.fulfilment.values import Parcel, PickedUnits, ShipmentLine
from ordercore.domain.orders.values import Address, require_quantity, require_text
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import require_id

__all__ = ["Shipment"]

_S = ShipmentStatus


def _lines(value: object) -> dict[str, ShipmentLine]:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError("lines", value, "a shipment carries at least one order line")
    lines: dict[str, ShipmentLine] = {}
    for line_id, pair in value.items():
        require_id("line_id", line_id)
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise WrongType("lines", pair, "each line maps to a (sku, units) pair")
        sku, units = pair
        lines[line_id] = ShipmentLine(line_id, sku, units)
    return lines


def _tracking(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongType("tracking", value, "tracking numbers are a list of strings")
    numbers = tuple(value)
    for number in numbers:
        require_id("tracking", number)
    if len(set(numbers)) != len(numbers):
        raise ValidationError("tracking", list(numbers), "each tracking number is given once")
    return numbers


@attrs.define
class Shipment:
    """Units of one order on their way from ``ship_from`` to ``ship_to`` (see the module doc)."""

    id: str
    order_id: str
    ship_from: str
    ship_to: Address | None
    lines: dict[str, ShipmentLine]
    status: ShipmentStatus = ShipmentStatus.OPEN
    version: int = 0
    parcels: tuple[Parcel, ...] = ()
    carrier: str | None = None
    service: str | None = None
    tracking: tuple[str, ...] = ()
    opened_at: pendulum.DateTime | None = None
    shipped_at: pendulum.DateTime | None = None
    delivered_at: pendulum.DateTime | None = None
    cancel_reason: str | None = None
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def open(  # io-ok: the domain command, not builtins.open
        cls,
        shipment_id: str,
        order_id: str,
        ship_from: str,
        lines: Mapping[str, tuple[str, int]],
        now: pendulum.DateTime,
        *,
        ship_to: Address | None = None,
    ) -> Shipment:
        """A new shipment (version 1, ``ShipmentOpened``) of ``lines``: line id → (sku, units)."""
        require_id("shipment_id", shipment_id)
        require_id("order_id", order_id)
        require_id("ship_from", ship_from)
        if ship_to is not None and not isinstance(ship_to, Address):
            raise WrongType("ship_to", ship_to, "ship_to is an Address or None")
        checked = _lines(lines)
        at = instant(now, "now")
        shipment = cls(shipment_id, order_id, ship_from, ship_to, checked, version=1, opened_at=at)
        shipment.events.append(
            ShipmentOpened(
                entity_id=shipment_id,
                version=1,
                occurred_at=at,
                order_id=order_id,
                ship_from=ship_from,
                ship_to=ship_to,
                requested={k: line.requested for k, line in checked.items()},
                skus={k: line.sku for k, line in checked.items()},
            )
        )
        return shipment

    # -- queries --------------------------------------------------------------------------------

    def line(self, line_id: str) -> ShipmentLine:
        """The shipment's line for order line ``line_id``; :class:`UnknownShipmentLine` if none."""
        found = self.lines.get(line_id) if isinstance(line_id, str) else None
        if found is None:
            raise UnknownShipmentLine(self.id, str(line_id), tuple(self.lines))
        return found

    def has_picked_units(self) -> bool:
        """Whether at least one unit has been picked (the guard of ``pack``)."""
        return any(line.picked for line in self.lines.values())

    def picked(self) -> dict[str, int]:
        """Units picked per order line (lines with none left out)."""
        return {k: line.picked for k, line in self.lines.items() if line.picked}

    @property
    def units(self) -> int:
        """Every unit picked into this shipment (packed and shipped ones included)."""
        return sum(line.picked for line in self.lines.values())

    @property
    def is_open(self) -> bool:
        """Whether the shipment has not left yet and is not cancelled (it may still change)."""
        return self.status in (_S.OPEN, _S.PICKING, _S.PICKED, _S.PACKED)

    def allowed_triggers(self) -> tuple[str, ...]:
        """The lifecycle triggers the current status has rows for."""
        return SHIPMENT_LIFECYCLE.allowed(self.status)

    # -- commands -------------------------------------------------------------------------------

    def _stamp(self, at: pendulum.DateTime) -> dict[str, Any]:
        return {"entity_id": self.id, "version": self.version, "occurred_at": at}

    def pick(
        self,
        line_id: str,
        units: int,
        now: pendulum.DateTime,
        *,
        location: str | None = None,
        lot: str | None = None,
    ) -> None:
        """Record ``units`` of a line picked at ``location`` (default: ship-from) and ``lot``."""
        line = self.line(line_id)
        count = require_quantity("units", units, minimum=1)
        at = instant(now, "now")
        pick = PickedUnits(self.ship_from if location is None else location, count, lot)
        target = SHIPMENT_LIFECYCLE.next_state(self.status, "pick", self)
        if count > line.remaining:
            raise OverPick(self.id, line.line_id, count, line.remaining)
        updated = line.with_pick(pick)
        done = all(
            (updated if key == line_id else other).remaining == 0
            for key, other in self.lines.items()
        )
        self.lines[line_id] = updated
        self.status = SHIPMENT_LIFECYCLE.next_state(target, "finish_picking") if done else target
        self.version += 1
        self.events.append(
            ShipmentLinePicked(
                **self._stamp(at),
                line_id=line_id,
                sku=line.sku,
                units=count,
                location=pick.location,
                lot=lot,
                line_picked=updated.picked,
                all_picked=done,
            )
        )

    def pack(self, parcels: Iterable[Parcel], now: pendulum.DateTime) -> dict[str, int]:
        """Pack every picked unit into ``parcels``; returns the units packed per line.

        Packing a shipment still ``picking`` is a short pick: what was not picked is not in it.
        An empty list of parcels means the host does not record parcels.
        """
        given: object = parcels
        if isinstance(given, str | bytes) or not isinstance(given, Iterable):
            raise WrongType("parcels", given, "parcels are a list of Parcel values")
        boxes = tuple(given)
        for box in boxes:
            if not isinstance(box, Parcel):
                raise WrongType("parcels", box, "each parcel is a Parcel value")
        at = instant(now, "now")
        target = SHIPMENT_LIFECYCLE.next_state(self.status, "pack", self)
        packed = self.picked()
        short = {k: line.remaining for k, line in self.lines.items() if line.remaining}
        self.status = target
        self.parcels = boxes
        self.version += 1
        self.events.append(
            ShipmentPacked(**self._stamp(at), parcels=boxes, packed=packed, short=short)
        )
        return packed

    def ship(
        self,
        carrier: str,
        tracking: Iterable[str],
        now: pendulum.DateTime,
        *,
        service: str | None = None,
    ) -> dict[str, int]:
        """Hand the parcels to ``carrier`` with its ``tracking`` numbers; returns units per line."""
        require_text("carrier", carrier)
        if service is not None:
            require_text("service", service)
        numbers = _tracking(tracking)
        at = instant(now, "now")
        target = SHIPMENT_LIFECYCLE.next_state(self.status, "ship", self)
        shipped = self.picked()
        self.status = target
        self.carrier, self.service, self.tracking = carrier, service, numbers
        self.shipped_at = at
        self.version += 1
        self.events.append(
            ShipmentShipped(
                **self._stamp(at),
                order_id=self.order_id,
                carrier=carrier,
                service=service,
                tracking=numbers,
                shipped=shipped,
                skus={k: self.lines[k].sku for k in shipped},
                ship_from=self.ship_from,
                parcels=self.parcels,
            )
        )
        return shipped

    def deliver(self, now: pendulum.DateTime) -> dict[str, int]:
        """Record that the carrier delivered the shipment; returns units per line."""
        at = instant(now, "now")
        target = SHIPMENT_LIFECYCLE.next_state(self.status, "deliver", self)
        delivered = self.picked()
        self.status = target
        self.delivered_at = at
        self.version += 1
        self.events.append(
            ShipmentDelivered(**self._stamp(at), order_id=self.order_id, delivered=delivered)
        )
        return delivered

    def cancel(self, reason: str, now: pendulum.DateTime) -> dict[str, int]:
        """Cancel a shipment that has not left; returns the picked units that go back per line."""
        require_text("reason", reason)
        at = instant(now, "now")
        was = self.status
        target = SHIPMENT_LIFECYCLE.next_state(was, "cancel", self)
        put_back = self.picked()
        self.status = target
        self.cancel_reason = reason
        self.version += 1
        self.events.append(
            ShipmentCancelled(**self._stamp(at), reason=reason, put_back=put_back, was=str(was))
        )
        return put_back

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        drained = list(self.events)
        self.events.clear()
        return drained
