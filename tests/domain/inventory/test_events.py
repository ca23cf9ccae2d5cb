import attrs
import pytest

from ordercore.domain.inventory import StockReleased, StockReserved
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
