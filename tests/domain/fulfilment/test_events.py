import gc

from ordercore.domain.fulfilment import Dimensions, Parcel, Shipment, ShipmentEvent
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
