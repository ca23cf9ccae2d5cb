"""Stock levels on Amazon: one Listings Items patch per SKU, a quantity per channel code."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import given

from ordercore.channels.levels import level_messages
from ordercore.channels.messages import LevelChange, MessageKind
from ordercore.channels.router import route
from ordercore.channels.routing import AvailableToSell, Routing, StockFeed
from ordercore.domain.inventory import StockItem
from ordercore.kernel.errors import ValidationError
from ordercore.testing.strategies_outbound import StockStep, stock_scripts

from .test_levels import FEED, clocks, run

MARKET = StockFeed(
    channel="amazon",
    account="A2EUQ1WTGCTBG2",
    items={"RETRO-CLOCK": "RC-1001"},
    locations={"WH-EAST": "DEFAULT", "WH-WEST": "DEFAULT"},
    product_types={"RETRO-CLOCK": "CLOCK"},
)
ROUTING = Routing(feeds=[FEED, MARKET])


def change(*locations: str, everywhere: bool = False) -> LevelChange:
    return LevelChange(
        sku="RETRO-CLOCK",
        locations=frozenset(locations),
        everywhere=everywhere,
        last_source="stock:RETRO-CLOCK:7:0",
        sources=("stock:RETRO-CLOCK:6:0", "stock:RETRO-CLOCK:7:0"),
    )


def listings(item: StockItem, level: LevelChange) -> list[tuple[str, dict[str, Any]]]:
    outbound = level_messages(item, level, ROUTING)
    return [(m.target, m.body) for m in outbound.messages if m.channel == "amazon"]


def test_the_listing_patch_merges_the_quantity_of_both_warehouses_into_default() -> None:
    body = {
        "productType": "CLOCK",
        "patches": [
            {
                "op": "merge",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}],
            }
        ],
    }
    assert [("RC-1001", body)] == listings(clocks(WH_EAST=5, WH_WEST=2), change("WH-EAST"))


def test_the_listing_message_is_keyed_by_seller_sku_and_the_last_event() -> None:
    outbound = level_messages(clocks(WH_EAST=5), change("WH-EAST"), ROUTING)
    (message,) = [m for m in outbound.messages if m.channel == "amazon"]
    expected = "amazon:A2EUQ1WTGCTBG2:listing_quantity:RC-1001:stock:RETRO-CLOCK:7:0"
    assert (MessageKind.LISTING_QUANTITY, expected, change().sources) == (
        message.kind,
        message.idempotency_key,
        message.sources,
    )


def test_shopify_and_amazon_feeds_both_publish_the_same_change() -> None:
    outbound = level_messages(clocks(WH_EAST=5), change("WH-EAST"), ROUTING)
    assert [("shopify", "808950810@655441491"), ("amazon", "RC-1001")] == [
        (m.channel, m.target) for m in outbound.messages
    ]


def test_a_location_amazon_does_not_map_publishes_nothing_there() -> None:
    assert [] == listings(clocks(STORE_1=4), change("STORE-1"))


def test_the_amazon_feed_rule_holds_units_back() -> None:
    held = attrs.evolve(MARKET, rule=AvailableToSell(held_back=2, cap=5))
    outbound = level_messages(clocks(WH_EAST=4), change("WH-EAST"), Routing(feeds=[held]))
    (message,) = outbound.messages
    assert 2 == message.body["patches"][0]["value"][0]["quantity"]


def test_refuses_an_amazon_feed_without_a_product_type_for_a_sku() -> None:
    with pytest.raises(ValidationError) as refused:
        StockFeed(
            channel="amazon",
            account="A2EUQ1WTGCTBG2",
            items={"RETRO-CLOCK": "RC-1001", "BLUE-VASE": "BV-7"},
            locations={"WH-EAST": "DEFAULT"},
            product_types={"RETRO-CLOCK": "CLOCK"},
        )
    assert ("product_types", ["BLUE-VASE"]) == (refused.value.field, refused.value.value)


def test_refuses_product_types_on_a_shopify_feed() -> None:
    with pytest.raises(ValidationError):
        StockFeed(
            channel="shopify",
            account="retro-shop",
            items={"RETRO-CLOCK": "808950810"},
            locations={"WH-EAST": "655441491"},
            product_types={"RETRO-CLOCK": "CLOCK"},
        )


@given(stock_scripts())
def test_the_amazon_quantity_is_what_is_free_at_the_mapped_locations_now(
    script: list[StockStep],
) -> None:
    item = StockItem("RETRO-CLOCK")
    run(item, script)
    for level in route(item.pull_events(), ROUTING).levels:
        for _, body in listings(item, level):
            (patch,) = body["patches"]
            expected = [
                {
                    "fulfillment_channel_code": "DEFAULT",
                    "quantity": item.available("WH-EAST") + item.available("WH-WEST"),
                }
            ]
            assert expected == patch["value"]


@given(stock_scripts())
def test_the_same_level_change_always_yields_the_same_listing_patch(
    script: list[StockStep],
) -> None:
    item = StockItem("RETRO-CLOCK")
    run(item, script)
    for level in route(item.pull_events(), ROUTING).levels:
        again = copy.deepcopy(level)
        assert level_messages(item, level, ROUTING) == level_messages(item, again, ROUTING)
