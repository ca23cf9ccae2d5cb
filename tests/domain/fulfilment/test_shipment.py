import copy

import attrs
import pytest

from ordercore.domain.fulfilment import (
    OverPick,
    Parcel,
    Shipment,
    ShipmentCancelled,
    ShipmentLinePicked,
    ShipmentPacked,
    ShipmentShipped,
    ShipmentStatus,
    UnknownShipmentLine,
)
from ordercore.domain.orders import Address
from ordercore.kernel.errors import (
    GuardRejected,
    InvalidTransition,
    NaiveDatetime,
    ValidationError,
    WrongType,
)
from ordercore.testing.strategies_fulfilment import ANCHOR

HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")


def a_shipment(clocks: int = 2, vases: int = 1) -> Shipment:
    lines = {"line-1": ("RETRO-CLOCK", clocks), "line-2": ("BLUE-VASE", vases)}
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR, ship_to=HOME)
    shipment.pull_events()
    return shipment


def test_opens_at_version_one_with_its_lines() -> None:
    shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": ("RETRO-CLOCK", 2)}, ANCHOR)
    events = shipment.pull_events()
    assert (1, ShipmentStatus.OPEN) == (shipment.version, shipment.status)
    assert ["ShipmentOpened"] == [e.name for e in events]
    assert 1 == events[0].version


def test_refuses_to_open_a_shipment_of_no_lines() -> None:
    with pytest.raises(ValidationError):
        Shipment.open("SHP-1", "order-1", "WH-EAST", {}, ANCHOR)


def test_refuses_a_line_that_is_not_a_sku_and_units_pair() -> None:
    with pytest.raises(WrongType):
        Shipment.open("SHP-1", "order-1", "WH-EAST", {"line-1": 2}, ANCHOR)  # type: ignore[dict-item]


def test_keeps_picking_while_units_are_missing() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 1, ANCHOR, lot="LOT-A")
    assert (ShipmentStatus.PICKING, 2) == (shipment.status, shipment.version)
    event = shipment.pull_events()[0]
    assert isinstance(event, ShipmentLinePicked)
    assert ("LOT-A", 1, False) == (event.lot, event.line_picked, event.all_picked)


def test_is_picked_when_the_last_unit_is_picked() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pick("line-2", 1, ANCHOR)
    assert ShipmentStatus.PICKED == shipment.status
    assert {"line-1": 2, "line-2": 1} == shipment.picked()


def test_refuses_to_pick_more_than_the_line_still_asks_for() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 1, ANCHOR)
    with pytest.raises(OverPick) as caught:
        shipment.pick("line-1", 2, ANCHOR)
    assert (2, 1) == (caught.value.units, caught.value.remaining)
    assert isinstance(caught.value, ValueError)


def test_refuses_to_pick_a_line_the_shipment_does_not_carry() -> None:
    with pytest.raises(UnknownShipmentLine) as caught:
        a_shipment().pick("line-9", 1, ANCHOR)
    assert ("line-1", "line-2") == caught.value.known
    assert isinstance(caught.value, LookupError)


def test_packs_a_short_pick_and_names_what_was_not_found() -> None:
    shipment = a_shipment(clocks=3)
    shipment.pick("line-1", 2, ANCHOR)
    packed = shipment.pack([Parcel(900, label="BOX-1")], ANCHOR)
    event = shipment.pull_events()[-1]
    assert {"line-1": 2} == packed
    assert isinstance(event, ShipmentPacked)
    assert {"line-1": 1, "line-2": 1} == dict(event.short)


def test_refuses_to_pack_an_empty_shipment() -> None:
    with pytest.raises(InvalidTransition):
        a_shipment().pack([], ANCHOR)


def test_refuses_to_pack_before_anything_was_picked_even_while_picking() -> None:
    shipment = a_shipment()
    shipment.status = ShipmentStatus.PICKING  # as if every pick had been undone
    with pytest.raises(GuardRejected) as caught:
        shipment.pack([], ANCHOR)
    assert "has_picked_units" == caught.value.guard


def test_refuses_a_parcel_that_is_not_a_parcel() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 1, ANCHOR)
    with pytest.raises(WrongType):
        shipment.pack([1200], ANCHOR)  # type: ignore[list-item]


def test_ships_with_carrier_and_tracking() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pack([Parcel(2400)], ANCHOR)
    shipped = shipment.ship("DHL", ["JD0001", "JD0002"], ANCHOR, service="express")
    event = shipment.pull_events()[-1]
    assert {"line-1": 2} == shipped
    assert isinstance(event, ShipmentShipped)
    assert ("DHL", "express", ("JD0001", "JD0002")) == (
        event.carrier,
        event.service,
        event.tracking,
    )
    assert (ShipmentStatus.SHIPPED, 4) == (shipment.status, shipment.version)


def test_refuses_a_tracking_number_given_twice() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([], ANCHOR)
    with pytest.raises(ValidationError) as caught:
        shipment.ship("DHL", ["JD0001", "JD0001"], ANCHOR)
    assert "tracking" == caught.value.field


def test_refuses_tracking_given_as_one_string() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([], ANCHOR)
    with pytest.raises(WrongType):
        shipment.ship("DHL", "JD0001", ANCHOR)


def test_refuses_to_ship_before_packing() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    with pytest.raises(InvalidTransition) as caught:
        shipment.ship("DHL", [], ANCHOR)
    assert ("cancel", "finish_picking", "pack", "pick") == caught.value.allowed


def test_delivers_what_shipped() -> None:
    shipment = a_shipment()
    shipment.pick("line-2", 1, ANCHOR)
    shipment.pack([], ANCHOR)
    shipment.ship("UPS", [], ANCHOR)
    assert {"line-2": 1} == shipment.deliver(ANCHOR)
    assert ShipmentStatus.DELIVERED == shipment.status


def test_cancelling_a_packed_shipment_puts_its_units_back() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pack([], ANCHOR)
    put_back = shipment.cancel("customer moved", ANCHOR)
    event = shipment.pull_events()[-1]
    assert {"line-1": 2} == put_back
    assert isinstance(event, ShipmentCancelled)
    assert "packed" == event.was


def test_refuses_to_cancel_a_shipment_that_left() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pack([], ANCHOR)
    shipment.ship("DHL", [], ANCHOR)
    with pytest.raises(InvalidTransition):
        shipment.cancel("too late", ANCHOR)


def test_refuses_a_naive_time() -> None:
    import datetime as dt  # noqa: PLC0415

    with pytest.raises(NaiveDatetime):
        a_shipment().pick("line-1", 1, dt.datetime(2026, 11, 26, 9))  # type: ignore[arg-type]  # noqa: DTZ001


def test_the_shipped_event_carries_what_a_shipment_confirmation_needs() -> None:
    shipment = a_shipment()
    shipment.pick("line-1", 2, ANCHOR)
    shipment.pack([Parcel(2400, label="BOX-1")], ANCHOR)
    shipment.ship("DHL", ["JD0001"], ANCHOR)
    event = shipment.pull_events()[-1]
    assert isinstance(event, ShipmentShipped)
    assert ({"line-1": "RETRO-CLOCK"}, "WH-EAST", (Parcel(2400, label="BOX-1"),)) == (
        dict(event.skus),
        event.ship_from,
        event.parcels,
    )


def shipped() -> Shipment:
    shipment = a_shipment(clocks=1, vases=1)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pick("line-2", 1, ANCHOR)
    shipment.pack([Parcel(900)], ANCHOR)
    shipment.ship("DHL", ["JD1"], ANCHOR.add(hours=4))
    shipment.pull_events()
    return shipment


def test_refuses_a_delivery_dated_before_the_shipment_was_shipped_naming_both_instants() -> None:
    shipment = shipped()
    before = copy.deepcopy(shipment)
    early = ANCHOR.add(hours=3)
    with pytest.raises(ValidationError) as caught:
        shipment.deliver(early)
    assert ("now", early.isoformat()) == (caught.value.field, caught.value.value)
    assert ANCHOR.add(hours=4).isoformat() in str(caught.value)
    assert (before, []) == (shipment, shipment.events)


def test_refuses_a_shipping_dated_before_the_shipment_was_opened_naming_both_instants() -> None:
    shipment = a_shipment(clocks=1, vases=1)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([Parcel(900)], ANCHOR)
    shipment.pull_events()
    before = copy.deepcopy(shipment)
    early = ANCHOR.subtract(years=5)
    with pytest.raises(ValidationError) as caught:
        shipment.ship("DHL", ["JD1"], early)
    assert ("now", early.isoformat()) == (caught.value.field, caught.value.value)
    assert ANCHOR.isoformat() in str(caught.value)
    assert (before, []) == (shipment, shipment.events)


def test_shipping_at_the_instant_the_shipment_was_opened_is_in_order() -> None:
    shipment = a_shipment(clocks=1)
    shipment.pick("line-1", 1, ANCHOR)
    shipment.pack([Parcel(900)], ANCHOR)
    assert {"line-1": 1} == shipment.ship("DHL", ["JD1"], ANCHOR)


def test_a_delivery_at_the_instant_of_shipping_is_in_order() -> None:
    shipment = shipped()
    assert {"line-1": 1, "line-2": 1} == shipment.deliver(ANCHOR.add(hours=4))


def picked_once() -> tuple[Shipment, Shipment, ShipmentLinePicked]:
    """A shipment after one pick, its twin from before the pick, and the pick's event."""
    shipment = a_shipment()
    twin = copy.deepcopy(shipment)
    shipment.pick("line-1", 1, ANCHOR, lot="LOT-7")
    (event,) = shipment.pull_events()
    assert isinstance(event, ShipmentLinePicked)
    return shipment, twin, event


def test_commands_and_replay_change_a_shipment_through_the_same_apply() -> None:
    shipment, twin, event = picked_once()
    twin.apply(event)
    assert shipment == twin


def test_apply_refuses_an_event_out_of_version_order_and_changes_nothing() -> None:
    _, twin, event = picked_once()
    before = copy.deepcopy(twin)
    with pytest.raises(ValidationError):
        twin.apply(attrs.evolve(event, version=3))
    assert before == twin


def test_apply_refuses_a_pick_whose_figures_the_pick_would_not_produce() -> None:
    _, twin, event = picked_once()
    with pytest.raises(ValidationError):
        twin.apply(attrs.evolve(event, all_picked=True))
