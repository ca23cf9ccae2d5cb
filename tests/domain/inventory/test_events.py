import attrs
import pytest

from ordercore.domain.inventory import (
    Allocation,
    StockPicked,
    StockReleased,
    StockReserved,
    StockShipped,
)
from ordercore.domain.inventory.events import (
    stock_picked,
    stock_released,
    stock_reserved,
    stock_shipped,
)
from tests.domain.inventory.helpers import T


def test_stock_events_are_about_a_sku() -> None:
    event = StockReleased(
        entity_id="RETRO-CLOCK",
        version=3,
        occurred_at=T,
        reservation_id="R-1",
        quantity=2,
        all_units=False,
    )
    assert ("stock", "StockReleased", "RETRO-CLOCK") == (
        event.entity_kind,
        event.name,
        event.entity_id,
    )


def test_stock_events_are_frozen() -> None:
    event = StockReserved(
        entity_id="RETRO-CLOCK",
        version=1,
        occurred_at=T,
        reservation_id="R-1",
        order_ref="O-1",
        line_ref="L-1",
        quantity=1,
        hard=True,
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.quantity = 2  # type: ignore[misc]


def test_the_hot_commands_build_the_events_the_constructors_build() -> None:
    places, hard = (Allocation("WH-EAST", 2),), True
    expected = [
        StockReserved(
            entity_id="RETRO-CLOCK",
            version=1,
            occurred_at=T,
            reservation_id="R-1",
            order_ref="O-1",
            line_ref="L-1",
            quantity=2,
            hard=True,
            expires_at=None,
            allocations=places,
            priority=3,
            placed_at=T,
        ),
        StockPicked(
            entity_id="RETRO-CLOCK",
            version=2,
            occurred_at=T,
            reservation_id="R-1",
            location="WH-EAST",
            lot="LOT-7",
            quantity=2,
            missing=1,
        ),
        StockShipped(
            entity_id="RETRO-CLOCK",
            version=3,
            occurred_at=T,
            reservation_id="R-1",
            quantity=2,
            location="WH-EAST",
            lot=None,
        ),
        StockReleased(
            entity_id="RETRO-CLOCK",
            version=4,
            occurred_at=T,
            reservation_id="R-1",
            quantity=2,
            all_units=True,
        ),
    ]
    actual = [
        stock_reserved("RETRO-CLOCK", 1, T, "R-1", "O-1", "L-1", 2, hard, None, places, 3, T),
        stock_picked("RETRO-CLOCK", 2, T, "R-1", "WH-EAST", "LOT-7", 2, 1),
        stock_shipped("RETRO-CLOCK", 3, T, "R-1", 2, "WH-EAST", None),
        stock_released("RETRO-CLOCK", 4, T, "R-1", 2, hard),
    ]
    assert (expected, [hash(e) for e in expected], [repr(e) for e in expected]) == (
        actual,
        [hash(e) for e in actual],
        [repr(e) for e in actual],
    )
