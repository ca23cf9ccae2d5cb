"""The selling events survive the codec every adapter stores them with."""

from __future__ import annotations

import pytest

from ordercore.domain.inventory import Allocation, HoldReplaced, ReservationRefilled
from ordercore.domain.inventory.events import AvailabilityChanged, StockEvent
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec
from tests.domain.inventory.helpers import T

EVENTS: list[StockEvent] = [
    HoldReplaced(
        entity_id="RETRO-CLOCK",
        version=3,
        occurred_at=T,
        reservation_id="checkout:cart-1",
        quantity=5,
        previous=2,
        allocations=(Allocation("WH-EAST", 4), Allocation("WH-WEST", 1)),
        expires_at=T.add(minutes=10),
    ),
    ReservationRefilled(
        entity_id="RETRO-CLOCK",
        version=4,
        occurred_at=T,
        reservation_id="order-1/line-1",
        quantity=1,
        allocations=(Allocation("WH-WEST", 1),),
    ),
    AvailabilityChanged(
        entity_id="RETRO-CLOCK",
        version=4,
        occurred_at=T,
        signal="out_of_stock",
        channel="amazon",
        previous=2,
        free=0,
        threshold=0,
    ),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_a_selling_event_round_trips_through_the_codec(event: StockEvent) -> None:
    codec = Codec()
    assert event == codec.loads(DomainEvent, codec.dumps(event))
