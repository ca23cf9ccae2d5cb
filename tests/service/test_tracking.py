import pendulum
import pytest

from ordercore.domain.fulfilment import Parcel, ShipmentStatus, TrackingResult, TrackingStatus
from ordercore.domain.orders import OrderStatus
from ordercore.kernel.errors import InvalidTransition
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import CLOCK_LINE, an_order, ledger, order_in, shop
from tests.service.test_shipping import shipment_in

LATER = pendulum.datetime(2026, 12, 1, 9, tz="UTC")


def a_shipped_order() -> tuple[Engine, MemoryStore, str]:
    engine, store, _ = shop(clocks=5, vases=0)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.pack(shipment_id, [Parcel(900, contents={CLOCK_LINE: 2})])
    engine.ship_shipment(shipment_id, "UPS", ["1Z999"])
    return engine, store, shipment_id


def test_a_parcel_lost_in_transit_does_not_count_as_delivered() -> None:
    engine, store, shipment_id = a_shipped_order()
    engine.record_tracking(shipment_id, "in_transit", LATER)
    result = engine.record_tracking(shipment_id, TrackingStatus.LOST, LATER.add(days=3))
    assert ("reship", "refund") == result.decision
    assert {"shipped": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)
    assert ShipmentStatus.LOST == shipment_in(store).status
    with pytest.raises(InvalidTransition):
        engine.deliver_shipment(shipment_id)


def test_delivered_through_tracking_completes_like_deliver_shipment() -> None:
    engine, store, shipment_id = a_shipped_order()
    engine.record_tracking(shipment_id, "out_for_delivery", LATER, location="Leipzig")
    result = engine.record_tracking(shipment_id, "delivered", LATER.add(hours=3))
    assert TrackingResult(shipment_id, TrackingStatus.DELIVERED, {CLOCK_LINE: 2}) == result
    assert {"delivered": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)
    assert OrderStatus.COMPLETED == order_in(store).status
    assert LATER.add(hours=3) == shipment_in(store).delivered_at


def test_a_keyed_tracking_report_is_recorded_once() -> None:
    engine, store, shipment_id = a_shipped_order()
    first = engine.record_tracking(shipment_id, "lost", LATER, idempotency_key="k1")
    again = engine.record_tracking(shipment_id, "lost", LATER, idempotency_key="k1")
    assert first == again
    assert 5 == shipment_in(store).version


def test_a_refused_report_writes_nothing() -> None:
    engine, store, shipment_id = a_shipped_order()
    engine.record_tracking(shipment_id, "returned_to_sender", LATER)
    before = store.snapshot()
    with pytest.raises(InvalidTransition):
        engine.record_tracking(shipment_id, "delivered", LATER.add(days=1))
    assert before == store.snapshot()
