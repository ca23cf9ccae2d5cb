import copy

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.fulfilment import (
    HOST_DECISIONS,
    Parcel,
    Shipment,
    ShipmentDelivered,
    ShipmentStatus,
    ShipmentTracked,
    TrackingResult,
    TrackingStatus,
)
from ordercore.kernel.errors import InvalidTransition, OrdercoreError, ValidationError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
T = TrackingStatus


def a_shipped_shipment() -> Shipment:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("CLOCK", 2)}, NOW
    )
    shipment.pick("l1", 2, NOW)
    shipment.pack([Parcel(900, contents={"l1": 2})], NOW)
    shipment.ship("DHL", ["JD1"], NOW)
    shipment.pull_events()
    return shipment


def test_a_parcel_lost_in_transit_does_not_count_as_delivered() -> None:
    shipment = a_shipped_shipment()
    shipment.track(T.IN_TRANSIT, NOW.add(hours=3))
    result = shipment.track("lost", NOW.add(days=4))
    assert TrackingResult("SHP-1", T.LOST, {}, HOST_DECISIONS) == result
    assert ShipmentStatus.LOST == shipment.status
    assert shipment.delivered_at is None
    assert shipment.needs_decision
    with pytest.raises(InvalidTransition):
        shipment.track(T.DELIVERED, NOW.add(days=5))


def test_delivered_through_tracking_is_a_delivery_at_the_carriers_time() -> None:
    shipment = a_shipped_shipment()
    shipment.track(T.OUT_FOR_DELIVERY, NOW.add(hours=20))
    result = shipment.track(T.DELIVERED, NOW.add(hours=22))
    assert TrackingResult("SHP-1", T.DELIVERED, {"l1": 2}) == result
    assert (ShipmentStatus.DELIVERED, NOW.add(hours=22)) == (
        shipment.status,
        shipment.delivered_at,
    )
    assert [ShipmentTracked, ShipmentDelivered] == [type(e) for e in shipment.pull_events()]


def test_a_failed_delivery_attempt_can_still_be_delivered_later() -> None:
    shipment = a_shipped_shipment()
    shipment.track(T.DELIVERY_ATTEMPTED, NOW.add(hours=20), detail="nobody home")
    assert ShipmentStatus.DELIVERY_FAILED == shipment.status
    assert not shipment.track(T.DELIVERED, NOW.add(days=2)).needs_decision


def test_a_parcel_returned_to_sender_asks_the_host_to_reship_or_refund() -> None:
    shipment = a_shipped_shipment()
    result = shipment.track(T.RETURNED_TO_SENDER, NOW.add(days=9))
    assert ("reship", "refund") == result.decision
    assert ShipmentStatus.RETURNED_TO_SENDER == shipment.status
    assert not shipment.allowed_triggers()


def test_a_lost_parcel_may_still_come_back_to_the_sender() -> None:
    shipment = a_shipped_shipment()
    shipment.track(T.LOST, NOW.add(days=4))
    shipment.track(T.RETURNED_TO_SENDER, NOW.add(days=20))
    assert ShipmentStatus.RETURNED_TO_SENDER == shipment.status


def test_tracking_before_shipping_is_refused() -> None:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("CLOCK", 2)}, NOW
    )
    with pytest.raises(InvalidTransition):
        shipment.track(T.IN_TRANSIT, NOW)


def test_a_report_older_than_the_last_one_is_refused_naming_both_times() -> None:
    shipment = a_shipped_shipment()
    shipment.track(T.IN_TRANSIT, NOW.add(hours=5))
    with pytest.raises(ValidationError) as refused:
        shipment.track(T.OUT_FOR_DELIVERY, NOW.add(hours=4))
    assert NOW.add(hours=5).isoformat() in str(refused.value)
    assert ShipmentStatus.IN_TRANSIT == shipment.status


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError):
        a_shipped_shipment().track("teleported", NOW)


def test_replay_rebuilds_a_tracked_shipment() -> None:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("CLOCK", 2)}, NOW
    )
    shipment.pick("l1", 2, NOW)
    shipment.pack([Parcel(900)], NOW)
    shipment.ship("DHL", ["JD1"], NOW)
    shipment.track(T.EXCEPTION, NOW.add(hours=1), detail="address unclear", location="Leipzig")
    shipment.track(T.DAMAGED, NOW.add(hours=2))
    events = shipment.pull_events()
    assert shipment == Shipment.replay(events)
    assert (T.DAMAGED, NOW.add(hours=2)) == (shipment.tracking_status, shipment.tracked_at)


@settings(deadline=None)
@given(
    reports=st.lists(
        st.tuples(st.sampled_from(list(TrackingStatus)), st.integers(min_value=-2, max_value=48)),
        max_size=10,
    )
)
def test_nothing_is_delivered_once_lost_or_returned_and_a_refused_report_changes_nothing(
    reports: list[tuple[TrackingStatus, int]],
) -> None:
    shipment = a_shipped_shipment()
    decided = False
    for status, hours in reports:
        before = copy.deepcopy(shipment)
        try:
            result = shipment.track(status, NOW.add(hours=hours))
        except OrdercoreError:
            assert before == shipment
            continue
        decided = decided or result.needs_decision
        if decided:
            assert shipment.delivered_at is None
            assert ShipmentStatus.DELIVERED != shipment.status


def test_parcels_that_say_what_they_hold_must_hold_every_picked_unit() -> None:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("CLOCK", 2)}, NOW
    )
    shipment.pick("l1", 2, NOW)
    with pytest.raises(ValidationError):
        shipment.pack([Parcel(900, contents={"l1": 1})], NOW)
    with pytest.raises(ValidationError):
        shipment.pack([Parcel(900, contents={"l1": 1}), Parcel(900)], NOW)
    assert ShipmentStatus.PICKED == shipment.status
    shipment.pack([Parcel(900, contents={"l1": 1}), Parcel(800, contents={"l1": 1})], NOW)
    assert (ShipmentStatus.PACKED, 2) == (shipment.status, len(shipment.parcels))
