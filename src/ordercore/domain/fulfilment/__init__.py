"""Fulfilment: the ``Shipment`` aggregate (pick, pack, ship, track, deliver) and its lifecycle.

>>> import pendulum
>>> now = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
...     "SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, now
... )
>>> shipment.pick("line-1", 2, now)
>>> shipment.status
<ShipmentStatus.PICKED: 'picked'>
>>> shipment.pack([Parcel(1200, label="BOX-1")], now)
{'line-1': 2}
>>> shipment.ship("DHL", ["JD0001"], now)
{'line-1': 2}
>>> [event.name for event in shipment.pull_events()]
['ShipmentOpened', 'ShipmentLinePicked', 'ShipmentPacked', 'ShipmentShipped']
"""

from ordercore.domain.fulfilment.errors import (
    NotOnShelf,
    OnPickList,
    OverPick,
    UnknownShipmentLine,
)
from ordercore.domain.fulfilment.events import (
    ShipmentCancelled,
    ShipmentDelivered,
    ShipmentEvent,
    ShipmentLinePicked,
    ShipmentListed,
    ShipmentOpened,
    ShipmentPacked,
    ShipmentShipped,
    ShipmentTracked,
)
from ordercore.domain.fulfilment.lifecycle import (
    HAS_PICKED_UNITS,
    ON_THE_WAY,
    SHIPMENT_LIFECYCLE,
    ShipmentFacts,
    ShipmentStatus,
)
from ordercore.domain.fulfilment.shipment import Shipment, replay_shipment
from ordercore.domain.fulfilment.tracking import HOST_DECISIONS, TrackingResult, TrackingStatus
from ordercore.domain.fulfilment.values import Dimensions, Parcel, PickedUnits, ShipmentLine

__all__ = [
    "HAS_PICKED_UNITS",
    "HOST_DECISIONS",
    "ON_THE_WAY",
    "SHIPMENT_LIFECYCLE",
    "Dimensions",
    "NotOnShelf",
    "OnPickList",
    "OverPick",
    "Parcel",
    "PickedUnits",
    "Shipment",
    "ShipmentCancelled",
    "ShipmentDelivered",
    "ShipmentEvent",
    "ShipmentFacts",
    "ShipmentLine",
    "ShipmentLinePicked",
    "ShipmentListed",
    "ShipmentOpened",
    "ShipmentPacked",
    "ShipmentShipped",
    "ShipmentStatus",
    "ShipmentTracked",
    "TrackingResult",
    "TrackingStatus",
    "UnknownShipmentLine",
    "replay_shipment",
]
