"""Stock levels: coalesced level changes become Shopify level bodies from the current StockItem."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels.levels import channel_levels, level_messages
from ordercore.channels.messages import LevelChange, MessageKind, UnroutedReason
from ordercore.channels.router import route
from ordercore.channels.routing import AvailableToSell, Routing, StockFeed
from ordercore.domain.inventory import Allocation, StockItem
from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType
from ordercore.testing.strategies_outbound import LOCATIONS, StockStep, T, stock_scripts

FEED = StockFeed(
    channel="shopify",
    account="retro-shop",
    items={"RETRO-CLOCK": "808950810"},
    locations={"WH-EAST": "655441491", "WH-WEST": "905684977", "STORE-1": "905684977"},
)
ROUTING = Routing(feeds=[FEED])


def clocks(**units: int) -> StockItem:
    item = StockItem("RETRO-CLOCK")
    for location, count in units.items():
        item.receive(location.replace("_", "-"), count, T)
    item.pull_events()
    return item


def change(*locations: str, everywhere: bool = False) -> LevelChange:
    return LevelChange(
        sku="RETRO-CLOCK",
        locations=frozenset(locations),
        everywhere=everywhere,
        last_source="stock:RETRO-CLOCK:7:0",
        sources=("stock:RETRO-CLOCK:7:0",),
    )


def test_publishes_the_available_units_at_the_changed_location() -> None:
    outbound = level_messages(clocks(WH_EAST=5), change("WH-EAST"), ROUTING)
    expected = [{"location_id": 655441491, "inventory_item_id": 808950810, "available": 5}]
    assert expected == [message.body for message in outbound.messages]


def test_the_level_message_is_keyed_by_item_location_and_the_last_event() -> None:
    (message,) = level_messages(clocks(WH_EAST=5), change("WH-EAST"), ROUTING).messages
    expected = "shopify:retro-shop:inventory_level:808950810@655441491:stock:RETRO-CLOCK:7:0"
    assert (MessageKind.INVENTORY_LEVEL, expected) == (message.kind, message.idempotency_key)


def test_locations_sharing_a_channel_location_are_added_up() -> None:
    levels = channel_levels(clocks(WH_WEST=2, STORE_1=3), change("STORE-1"), FEED)
    assert {"905684977": 5} == levels


def test_a_change_everywhere_publishes_every_mapped_location_even_at_zero() -> None:
    levels = channel_levels(clocks(WH_WEST=2), change(everywhere=True), FEED)
    assert {"655441491": 0, "905684977": 2} == levels


def test_a_location_the_feed_does_not_map_is_not_published() -> None:
    levels = channel_levels(clocks(WH_NORTH=4), change("WH-NORTH"), FEED)
    assert {} == levels


def test_reserved_units_and_safety_stock_are_not_offered() -> None:
    item = clocks(WH_EAST=10)
    item.set_safety_stock("WH-EAST", 2, T)
    item.reserve(
        "res-1",
        order_ref="order-1",
        line_ref="line-1",
        allocations=[Allocation("WH-EAST", 3)],
        now=T,
        hard=True,
    )
    assert {"655441491": 5} == channel_levels(item, change("WH-EAST"), FEED)


def test_the_feed_rule_holds_units_back_and_caps_the_level() -> None:
    feed = StockFeed(
        channel="shopify",
        account="retro-shop",
        items={"RETRO-CLOCK": "808950810"},
        locations={"WH-EAST": "655441491"},
        rule=AvailableToSell(held_back=2, cap=6),
    )
    assert {"655441491": 6} == channel_levels(clocks(WH_EAST=20), change("WH-EAST"), feed)
    assert {"655441491": 0} == channel_levels(clocks(WH_EAST=1), change("WH-EAST"), feed)


def test_a_sku_no_feed_lists_is_unrouted_not_dropped() -> None:
    outbound = level_messages(clocks(WH_EAST=5), change("WH-EAST"), Routing())
    assert ((), [UnroutedReason.NOT_LISTED]) == (
        outbound.messages,
        [unrouted.reason for unrouted in outbound.unrouted],
    )


def test_refuses_the_stock_of_another_sku() -> None:
    with pytest.raises(ValidationError):
        level_messages(StockItem("BLUE-VASE"), change("WH-EAST"), ROUTING)


def test_refuses_something_that_is_not_a_stock_item() -> None:
    with pytest.raises(WrongType):
        level_messages("RETRO-CLOCK", change("WH-EAST"), ROUTING)  # type: ignore[arg-type]


def run(item: StockItem, script: list[StockStep]) -> None:
    """Apply ``script``; a step the stock refuses changes nothing and is skipped."""
    for number, (operation, location, other, units) in enumerate(script):
        live = [r.id for r in item.reservations.values() if r.is_active]
        try:
            if operation == "receive":
                item.receive(location, units, T)
            elif operation == "adjust_down":
                item.adjust(location, -units, "damaged", T)
            elif operation == "transfer":
                item.transfer(location, other, units, T)
            elif operation == "safety":
                item.set_safety_stock(location, units % 4, T)
            elif operation == "reserve":
                item.reserve(
                    f"res-{number}",
                    order_ref=f"order-{number}",
                    line_ref="line-1",
                    allocations=[Allocation(location, units)],
                    now=T,
                    hard=True,
                )
            elif operation == "release" and live:
                item.release_all(live[0], T)
            elif operation == "ship" and live:
                # a shrink may have taken every unit (the reservation stays, at zero)
                for held in item.reservation(live[0]).allocations[:1]:
                    item.pick(live[0], held.quantity, T, location=held.location)
                    item.ship(live[0], held.quantity, T)
        except OrdercoreError:
            continue


def covered(item: StockItem) -> set[str]:
    """The locations the level changes of ``item``'s new events cover."""
    places: set[str] = set()
    for level in route(item.pull_events(), ROUTING).levels:
        places |= set(LOCATIONS) if level.everywhere else set(level.locations)
    return places


def available(item: StockItem) -> dict[str, int]:
    """What is free to sell at each location."""
    return {location: item.available(location) for location in LOCATIONS}


@given(stock_scripts())
def test_no_command_changes_a_level_its_events_do_not_cover(script: list[StockStep]) -> None:
    item = StockItem("RETRO-CLOCK")
    for step in script:
        was = available(item)
        run(item, [step])
        now = available(item)
        assert set() == {place for place in LOCATIONS if now[place] != was[place]} - covered(item)


@given(stock_scripts(), stock_scripts())
def test_coalescing_never_loses_a_location_whose_level_changed(
    before: list[StockStep], script: list[StockStep]
) -> None:
    item = StockItem("RETRO-CLOCK")
    run(item, before)
    item.pull_events()
    was = available(item)
    run(item, script)
    now = available(item)
    assert set() == {place for place in LOCATIONS if now[place] != was[place]} - covered(item)


@given(stock_scripts())
def test_the_coalesced_level_is_the_last_level_of_every_touched_location(
    script: list[StockStep],
) -> None:
    item = StockItem("RETRO-CLOCK")
    run(item, script)
    changes = route(item.pull_events(), ROUTING).levels
    assert len(changes) <= 1
    published: dict[str, int] = {}
    for level in changes:
        for message in level_messages(item, level, ROUTING).messages:
            published[str(message.body["location_id"])] = message.body["available"]
    expected = {
        channel: sum(item.available(o) for o, c in FEED.locations.items() if c == channel)
        for channel in published
    }
    assert expected == published


@given(stock_scripts(), st.sampled_from(LOCATIONS))
def test_publishing_levels_changes_nothing_in_the_stock(
    script: list[StockStep], location: str
) -> None:
    item = StockItem("RETRO-CLOCK")
    run(item, script)
    events = item.pull_events()
    snapshot = copy.deepcopy(item)
    for level in route(events, ROUTING).levels:
        level_messages(item, level, ROUTING)
    assert (snapshot, snapshot.available(location)) == (item, item.available(location))
