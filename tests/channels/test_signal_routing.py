"""Availability signals go to the feeds that list the SKU, like stock levels."""

from __future__ import annotations

import pendulum

from ordercore.channels.messages import MessageKind
from ordercore.channels.router import route
from ordercore.channels.routing import Routing, StockFeed
from ordercore.domain.inventory.events import AvailabilityChanged

T = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
ROUTING = Routing(
    feeds=[
        StockFeed(
            channel="shopify",
            account="retro-shop",
            items={"RETRO-CLOCK": "808950810"},
            locations={"WH-EAST": "655441491"},
        ),
        StockFeed(
            channel="amazon",
            account="vase-outlet",
            items={"RETRO-CLOCK": "RC-1"},
            locations={"WH-EAST": "DEFAULT"},
            product_types={"RETRO-CLOCK": "CLOCK"},
        ),
    ]
)


def out_of_stock(sku: str = "RETRO-CLOCK", channel: str | None = None) -> AvailabilityChanged:
    return AvailabilityChanged(
        entity_id=sku,
        version=4,
        occurred_at=T,
        signal="out_of_stock",
        channel=channel,
        previous=1,
        free=0,
        threshold=0,
    )


def test_a_skus_signal_goes_to_every_feed_that_lists_it_and_moves_no_level() -> None:
    outbound = route([out_of_stock()], ROUTING)
    assert [("shopify", "808950810"), ("amazon", "RC-1")] == [
        (m.channel, m.target) for m in outbound.messages
    ]
    assert {MessageKind.AVAILABILITY_SIGNAL} == {m.kind for m in outbound.messages}
    assert () == outbound.levels
    assert {"sku": "RETRO-CLOCK", "item": "808950810", "signal": "out_of_stock", "channel": None,
            "free": 0, "threshold": 0} == outbound.messages[0].body  # fmt: skip


def test_a_channels_own_signal_goes_only_to_that_channel() -> None:
    outbound = route([out_of_stock(channel="amazon")], ROUTING)
    assert ["amazon"] == [m.channel for m in outbound.messages]


def test_a_signal_for_a_sku_no_feed_lists_is_ignored() -> None:
    outbound = route([out_of_stock("MOON-ROCK")], ROUTING)
    assert ((), ("stock:MOON-ROCK:4:0",)) == (outbound.messages, outbound.ignored)
