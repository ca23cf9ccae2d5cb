"""The events a shipment emits, one per change, past tense, with the shipment's new version.

Quantities are keyed by order line id. ``ShipmentShipped`` carries the carrier, service and
tracking numbers: what a channel needs to send the customer a shipment confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.domain.fulfilment.tracking import TrackingStatus
from ordercore.domain.fulfilment.values import Parcel
from ordercore.domain.orders.values import Address
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.slots import draft_class

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
    "shipment_delivered",
    "shipment_line_picked",
    "shipment_opened",
    "shipment_packed",
    "shipment_shipped",
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


# -- the events a shipment's command decided, built from the values it checked ------------------
# A command builds each event once (six an order); attrs' ``__init__`` writes every field
# through ``object.__setattr__`` and converts ``occurred_at`` again. These assign every field
# of a draft (kernel.slots.draft_class) and set its class, for values the command checked
# (``occurred_at`` is what ``instant()`` returned); tests/domain/fulfilment/test_events.py
# pins them to ``__init__``.

_OpenedDraft = draft_class(ShipmentOpened)
_PickedDraft = draft_class(ShipmentLinePicked)
_PackedDraft = draft_class(ShipmentPacked)
_ShippedDraft = draft_class(ShipmentShipped)
_DeliveredDraft = draft_class(ShipmentDelivered)


def shipment_opened(
    entity_id: str,
    occurred_at: pendulum.DateTime,
    order_id: str,
    ship_from: str,
    ship_to: Address | None,
    requested: Mapping[str, int],
    skus: Mapping[str, str],
) -> ShipmentOpened:
    """The ``ShipmentOpened`` (version 1) of values ``Shipment.open`` checked."""
    draft: Any = _OpenedDraft()
    draft.entity_id = entity_id
    draft.version = 1
    draft.occurred_at = occurred_at
    draft.order_id = order_id
    draft.ship_from = ship_from
    draft.ship_to = ship_to
    draft.requested = requested
    draft.skus = skus
    draft.__class__ = ShipmentOpened
    event: ShipmentOpened = draft
    return event


def shipment_line_picked(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    line_id: str,
    sku: str,
    units: int,
    location: str,
    lot: str | None,
    line_picked: int,
    all_picked: bool,
) -> ShipmentLinePicked:
    """The ``ShipmentLinePicked`` of values ``Shipment.pick`` checked (every field, in order)."""
    draft: Any = _PickedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.line_id = line_id
    draft.sku = sku
    draft.units = units
    draft.location = location
    draft.lot = lot
    draft.line_picked = line_picked
    draft.all_picked = all_picked
    draft.__class__ = ShipmentLinePicked
    event: ShipmentLinePicked = draft
    return event


def shipment_packed(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    parcels: tuple[Parcel, ...],
    packed: Mapping[str, int],
    short: Mapping[str, int],
) -> ShipmentPacked:
    """The ``ShipmentPacked`` of values ``Shipment.pack`` checked (every field, in order)."""
    draft: Any = _PackedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.parcels = parcels
    draft.packed = packed
    draft.short = short
    draft.__class__ = ShipmentPacked
    event: ShipmentPacked = draft
    return event


def shipment_shipped(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    order_id: str,
    carrier: str,
    service: str | None,
    tracking: tuple[str, ...],
    shipped: Mapping[str, int],
    skus: Mapping[str, str],
    ship_from: str,
    parcels: tuple[Parcel, ...],
) -> ShipmentShipped:
    """The ``ShipmentShipped`` of values ``Shipment.ship`` checked (every field, in order)."""
    draft: Any = _ShippedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.order_id = order_id
    draft.carrier = carrier
    draft.service = service
    draft.tracking = tracking
    draft.shipped = shipped
    draft.skus = skus
    draft.ship_from = ship_from
    draft.parcels = parcels
    draft.__class__ = ShipmentShipped
    event: ShipmentShipped = draft
    return event


def shipment_delivered(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    order_id: str,
    delivered: Mapping[str, int],
) -> ShipmentDelivered:
    """The ``ShipmentDelivered`` of values ``Shipment.deliver`` checked (every field, in order)."""
    draft: Any = _DeliveredDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.order_id = order_id
    draft.delivered = delivered
    draft.__class__ = ShipmentDelivered
    event: ShipmentDelivered = draft
    return event
