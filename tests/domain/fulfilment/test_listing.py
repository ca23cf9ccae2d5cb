import pendulum
import pytest

from ordercore.domain.fulfilment import OnPickList, Parcel, Shipment
from ordercore.kernel.errors import ValidationError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")


def a_shipment() -> Shipment:
    return Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("RETRO-CLOCK", 2)}, NOW
    )


def test_a_listed_shipment_remembers_its_pick_lists_and_replays_to_them() -> None:
    shipment = a_shipment()
    shipment.list_on("PL-1", NOW)
    shipment.list_on("PL-2", NOW)
    shipment.take_off("PL-1", NOW)
    assert ("PL-2",) == shipment.pick_lists
    assert shipment == Shipment.replay(shipment.pull_events())


def test_a_shipment_goes_on_a_pick_list_once_and_comes_off_only_lists_it_is_on() -> None:
    shipment = a_shipment()
    shipment.list_on("PL-1", NOW)
    with pytest.raises(ValidationError):
        shipment.list_on("PL-1", NOW)
    with pytest.raises(ValidationError):
        shipment.take_off("PL-2", NOW)
    assert ("PL-1",) == shipment.pick_lists


def test_a_listed_shipment_is_picked_by_its_list_only() -> None:
    shipment = a_shipment()
    shipment.list_on("PL-1", NOW)
    with pytest.raises(OnPickList):
        shipment.pick("l1", 1, NOW)
    shipment.pick("l1", 1, NOW, pick_list_id="PL-1")
    assert 1 == shipment.lines["l1"].picked


def test_a_listed_shipment_is_neither_packed_nor_cancelled() -> None:
    shipment = a_shipment()
    shipment.list_on("PL-1", NOW)
    shipment.pick("l1", 2, NOW, pick_list_id="PL-1")
    with pytest.raises(OnPickList):
        shipment.pack([Parcel(100)], NOW)
    with pytest.raises(OnPickList):
        shipment.cancel("wrong", NOW)
    shipment.take_off("PL-1", NOW)
    assert {"l1": 2} == shipment.pack([Parcel(100)], NOW)


def test_a_packed_shipment_goes_on_no_pick_list() -> None:
    shipment = a_shipment()
    shipment.pick("l1", 2, NOW)
    shipment.pack([], NOW)
    with pytest.raises(ValidationError):
        shipment.list_on("PL-1", NOW)
