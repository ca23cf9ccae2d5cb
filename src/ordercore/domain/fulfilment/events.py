"""The events a shipment emits, one per change, past tense, with the shipment's new version.

Quantities are keyed by order line id. ``ShipmentShipped`` carries the carrier, service and
tracking numbers: what a channel needs to send the customer a shipment confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from ordercore.domain.fulfilment.tracking import TrackingStatus
from ordercore.domain.fulfilment.values import Parcel
from ordercore.domain.orders.values import Address
from ordercore.kernel.events import DomainEvent

__all__ = [
    "ShipmentCancelled",
    "ShipmentDelivered",
    "ShipmentEvent",
    "ShipmentLinePicked",
    "ShipmentListed",
    "ShipmentOpened",
    "ShipmentPacked",
    "ShipmentShipped",
    "ShipmentTracked",
]


@attrs.frozen(kw_only=True)
class ShipmentEvent(DomainEvent):
    """Base of the shipment events (``entity_kind`` ``"shipment"``)."""

    entity_kind: ClassVar[str] = "shipment"


@attrs.frozen(kw_only=True)
class ShipmentOpened(ShipmentEvent):
    """A shipment of an order was opened from ``ship_from`` for ``requested`` units per line."""

    order_id: str
    ship_from: str
    ship_to: Address | None
    requested: Mapping[str, int]
    skus: Mapping[str, str]
    """The SKU of each order line in the shipment."""


@attrs.frozen(kw_only=True)
class ShipmentLinePicked(ShipmentEvent):
    """``units`` of an order line were picked at ``location``/``lot``."""

    line_id: str
    sku: str
    units: int
    location: str
    lot: str | None
    line_picked: int
    """Units of the line picked so far, this pick included."""
    all_picked: bool
    """Whether every asked-for unit of the shipment is now picked (state ``picked``)."""


@attrs.frozen(kw_only=True)
class ShipmentPacked(ShipmentEvent):
    """The picked units were packed into ``parcels``; ``short`` lists units never picked."""

    parcels: tuple[Parcel, ...]
    packed: Mapping[str, int]
    short: Mapping[str, int]


@attrs.frozen(kw_only=True)
class ShipmentShipped(ShipmentEvent):
    """The parcels were handed to ``carrier``; ``tracking`` are its tracking numbers.

    Everything a shipment confirmation needs: units per order line, each line's SKU, the
    parcels and where they left from.
    """

    order_id: str
    carrier: str
    service: str | None
    tracking: tuple[str, ...]
    shipped: Mapping[str, int]
    skus: Mapping[str, str] = attrs.field(factory=dict)
    """The SKU of each shipped order line."""
    ship_from: str = ""
    parcels: tuple[Parcel, ...] = ()


@attrs.frozen(kw_only=True)
class ShipmentDelivered(ShipmentEvent):
    """The carrier delivered the shipment."""

    order_id: str
    delivered: Mapping[str, int]


@attrs.frozen(kw_only=True)
class ShipmentCancelled(ShipmentEvent):
    """The shipment was cancelled before it left; ``put_back`` picked units return to the shelf."""

    reason: str
    put_back: Mapping[str, int]
    was: str
    """The status it was cancelled from."""


@attrs.frozen(kw_only=True)
class ShipmentTracked(ShipmentEvent):
    """The carrier reported ``status`` for the shipment at ``occurred_at`` (the carrier's time).

    A ``delivered`` report is recorded as :class:`ShipmentDelivered` instead.
    """

    order_id: str
    status: TrackingStatus
    detail: str | None = None
    """The carrier's own words or code, when given."""
    location: str | None = None
    """Where the carrier saw the parcel, when given."""


@attrs.frozen(kw_only=True)
class ShipmentListed(ShipmentEvent):
    """The shipment was put on pick list ``pick_list_id`` (``listed``) or taken off it."""

    pick_list_id: str
    listed: bool
