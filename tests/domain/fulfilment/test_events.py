import gc

from ordercore.domain.fulfilment import Dimensions, Parcel, Shipment, ShipmentEvent
from ordercore.domain.fulfilment.events import (
    ShipmentDelivered,
    ShipmentLinePicked,
    ShipmentOpened,
    ShipmentPacked,
    ShipmentShipped,
    shipment_delivered,
    shipment_line_picked,
    shipment_opened,
    shipment_packed,
    shipment_shipped,
)
from ordercore.domain.orders import Address
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec
from ordercore.testing.strategies_fulfilment import ANCHOR

HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")


def a_shipped_and_a_cancelled_shipment() -> list[DomainEvent]:
    lines = {"line-1": ("RETRO-CLOCK", 2), "line-2": ("BLUE-VASE", 1)}
    sent = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR, ship_to=HOME)
    sent.pick("line-1", 2, ANCHOR, lot="LOT-A")
    sent.pack([Parcel(2400, Dimensions(300, 200, 100), label="BOX-1")], ANCHOR)
    sent.ship("DHL", ["JD0001"], ANCHOR, service="express")
    sent.deliver(ANCHOR)
    kept = Shipment.open("SHP-2", "order-1", "WH-EAST", lines, ANCHOR)
    kept.cancel("customer will collect", ANCHOR)
    return sent.pull_events() + kept.pull_events()


def test_every_shipment_event_is_about_a_shipment() -> None:
    events = a_shipped_and_a_cancelled_shipment()
    assert {"shipment"} == {event.entity_kind for event in events}
    assert all(isinstance(event, ShipmentEvent) for event in events)


def test_every_shipment_event_survives_the_codec() -> None:
    # attrs' slotted classes leave the un-slotted originals among ``__subclasses__()`` until the
    # garbage collector runs, and the codec would see two ShipmentOpened (reported to the lead)
    gc.collect()
    codec = Codec()
    events = a_shipped_and_a_cancelled_shipment()
    assert events == [codec.loads(DomainEvent, codec.dumps(event)) for event in events]


def test_a_shipment_survives_the_codec() -> None:
    codec = Codec()
    lines = {"line-1": ("RETRO-CLOCK", 2)}
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR, ship_to=HOME)
    shipment.pick("line-1", 1, ANCHOR, lot="LOT-A")
    shipment.pull_events()
    assert shipment == codec.loads(Shipment, codec.dumps(shipment))


def test_the_built_events_are_what_their_constructors_build() -> None:
    parcels = (Parcel(2400, label="BOX-1"),)
    all_picked = True
    expected = [
        ShipmentOpened(
            entity_id="SHP-1",
            version=1,
            occurred_at=ANCHOR,
            order_id="order-1",
            ship_from="WH-EAST",
            ship_to=HOME,
            requested={"line-1": 2},
            skus={"line-1": "RETRO-CLOCK"},
        ),
        ShipmentLinePicked(
            entity_id="SHP-1",
            version=2,
            occurred_at=ANCHOR,
            line_id="line-1",
            sku="RETRO-CLOCK",
            units=2,
            location="WH-EAST",
            lot="LOT-A",
            line_picked=2,
            all_picked=all_picked,
        ),
        ShipmentPacked(
            entity_id="SHP-1",
            version=3,
            occurred_at=ANCHOR,
            parcels=parcels,
            packed={"line-1": 2},
            short={},
        ),
        ShipmentShipped(
            entity_id="SHP-1",
            version=4,
            occurred_at=ANCHOR,
            order_id="order-1",
            carrier="DHL",
            service="express",
            tracking=("JD0001",),
            shipped={"line-1": 2},
            skus={"line-1": "RETRO-CLOCK"},
            ship_from="WH-EAST",
            parcels=parcels,
        ),
        ShipmentDelivered(
            entity_id="SHP-1",
            version=5,
            occurred_at=ANCHOR,
            order_id="order-1",
            delivered={"line-1": 2},
        ),
    ]
    actual = [
        shipment_opened(
            "SHP-1", ANCHOR, "order-1", "WH-EAST", HOME, {"line-1": 2}, {"line-1": "RETRO-CLOCK"}
        ),
        shipment_line_picked(
            "SHP-1", 2, ANCHOR, "line-1", "RETRO-CLOCK", 2, "WH-EAST", "LOT-A", 2, all_picked
        ),
        shipment_packed("SHP-1", 3, ANCHOR, parcels, {"line-1": 2}, {}),
        shipment_shipped(
            "SHP-1",
            4,
            ANCHOR,
            "order-1",
            "DHL",
            "express",
            ("JD0001",),
            {"line-1": 2},
            {"line-1": "RETRO-CLOCK"},
            "WH-EAST",
            parcels,
        ),
        shipment_delivered("SHP-1", 5, ANCHOR, "order-1", {"line-1": 2}),
    ]
    assert ([repr(e) for e in expected], expected) == ([repr(e) for e in actual], actual)
