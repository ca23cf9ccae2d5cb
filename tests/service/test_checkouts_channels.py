"""Checkout holds from a sales channel: its preorder cap and request policy apply (issue #17)."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    PreorderCaps,
    RequestPolicies,
    RequestPolicy,
    Shortage,
    ShortRequest,
)
from ordercore.domain.inventory import InsufficientStock, Location
from ordercore.domain.orders import ChannelRef, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import LOCATIONS, T, an_order
from tests.service.selling_helpers import promised, store_of

TEN_MINUTES = pendulum.duration(minutes=10)
SHOPIFY_CAP = 2
"""Shopify may promise clocks against incoming supply while fewer than 2 are promised."""


def a_shop(clocks_on_hand: int = 1, locations: dict[str, Location] | None = None) -> Engine:
    """One clock on hand, 50 on PO-9; clocks preorder up to 10, Shopify's up to 2 of those.

    Amazon's requests are all or nothing; every other channel allocates and backorders.
    """
    engine = Engine(
        MemoryStore(),
        FixedClock(T),
        LOCATIONS if locations is None else locations,
        preorders=PreorderCaps(per_sku={"RETRO-CLOCK": 10}, per_channel={"shopify": SHOPIFY_CAP}),
        request_policies=RequestPolicies(channels={"amazon": RequestPolicy.ALL_OR_NOTHING}),
    )
    if clocks_on_hand:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", clocks_on_hand)
    engine.receive_stock("BLUE-VASE", "WH-WEST", 1)
    engine.expect_stock("RETRO-CLOCK", "PO-9", "WH-EAST", 50, pendulum.date(2026, 12, 14))
    return engine


def from_channel(order: Order, channel: str) -> Order:
    return attrs.evolve(
        order,
        channel=ChannelRef(
            channel=channel, account="EU", external_id=order.id, external_version="1"
        ),
    )


def test_a_checkout_hold_from_a_channel_stays_within_that_channels_preorder_cap() -> None:
    engine = a_shop()
    shopify = engine.hold_checkout("cart-1", {"RETRO-CLOCK": 4}, ttl=TEN_MINUTES, channel="shopify")
    web = engine.hold_checkout("cart-2", {"RETRO-CLOCK": 4}, ttl=TEN_MINUTES, channel="web")
    assert ((3, 2, 1), (4, 4, 0)) == (
        (
            shopify.held["RETRO-CLOCK"],
            shopify.incoming["RETRO-CLOCK"],
            shopify.short["RETRO-CLOCK"],
        ),
        (web.held["RETRO-CLOCK"], web.incoming["RETRO-CLOCK"], web.short.get("RETRO-CLOCK", 0)),
    )


def test_a_channel_whose_cap_is_used_up_holds_nothing_against_incoming_supply() -> None:
    engine = a_shop(clocks_on_hand=0)
    engine.hold_checkout("cart-1", {"RETRO-CLOCK": SHOPIFY_CAP}, ttl=TEN_MINUTES, channel="web")
    held = engine.hold_checkout("cart-2", {"RETRO-CLOCK": 1}, ttl=TEN_MINUTES, channel="shopify")
    assert ({"RETRO-CLOCK": 0}, {"RETRO-CLOCK": 1}) == (dict(held.held), dict(held.short))


def test_a_checkout_from_a_backordering_channel_holds_what_is_free_and_says_the_rest() -> None:
    engine = a_shop()
    held = engine.hold_checkout(
        "cart-1", {"RETRO-CLOCK": 5, "BLUE-VASE": 3}, ttl=TEN_MINUTES, channel="shopify"
    )
    assert ({"BLUE-VASE": 1, "RETRO-CLOCK": 3}, {"BLUE-VASE": 2, "RETRO-CLOCK": 2}) == (
        dict(held.held),
        dict(held.short),
    )


def test_a_checkout_from_an_all_or_nothing_channel_is_refused_whole_naming_each_short_sku() -> None:
    engine = a_shop()
    before = store_of(engine).snapshot()
    with pytest.raises(ShortRequest) as refused:
        engine.hold_checkout(
            "cart-1", {"RETRO-CLOCK": 2, "BLUE-VASE": 3, "GREEN-LAMP": 1}, ttl=TEN_MINUTES,
            channel="amazon",
        )  # fmt: skip
    assert (Shortage("BLUE-VASE", 3, 1), Shortage("GREEN-LAMP", 1, 0)) == refused.value.shortages
    assert before == store_of(engine).snapshot()


def test_a_checkout_and_an_order_from_one_channel_are_refused_alike() -> None:
    engine = a_shop()
    order = from_channel(an_order(clocks=1, vases=3), "amazon")
    engine.place_order(order)
    with pytest.raises(ShortRequest) as order_refused:
        engine.allocate_order(order.id)
    with pytest.raises(ShortRequest) as cart_refused:
        engine.hold_checkout(
            "cart-1", {"RETRO-CLOCK": 1, "BLUE-VASE": 3}, ttl=TEN_MINUTES, channel="amazon"
        )
    assert order_refused.value.shortages == cart_refused.value.shortages


def test_a_checkout_where_no_location_backorders_is_all_or_nothing_whatever_its_channel() -> None:
    no_backorders = {
        place: attrs.evolve(where, backorders=False) for place, where in LOCATIONS.items()
    }
    engine = a_shop(locations=no_backorders)
    with pytest.raises(ShortRequest):
        engine.hold_checkout("cart-1", {"BLUE-VASE": 5}, ttl=TEN_MINUTES, channel="shopify")


def test_a_checkout_without_a_channel_is_refused_as_before() -> None:
    engine = a_shop()
    with pytest.raises(InsufficientStock):
        engine.hold_checkout("cart-1", {"BLUE-VASE": 3}, ttl=TEN_MINUTES)


def test_a_backordering_checkout_counts_its_own_hold_as_free() -> None:
    engine = a_shop()
    engine.hold_checkout("cart-1", {"BLUE-VASE": 1}, ttl=TEN_MINUTES)
    other = engine.hold_checkout("cart-2", {"BLUE-VASE": 2}, ttl=TEN_MINUTES, channel="web")
    own = engine.hold_checkout("cart-1", {"BLUE-VASE": 3}, channel="web")
    assert ((0, 2), (1, 2)) == (
        (other.held["BLUE-VASE"], other.short["BLUE-VASE"]),
        (own.held["BLUE-VASE"], own.short["BLUE-VASE"]),
    )


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["cart-1", "cart-2", "cart-3"]),
            st.sampled_from([None, "shopify", "web", "amazon"]),
            st.integers(0, 6),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_checkouts_from_any_channel_hold_at_most_their_last_request_within_the_caps(
    steps: list[tuple[str, str | None, int]],
) -> None:
    engine = a_shop()
    for cart, channel, units in steps:
        before = store_of(engine).snapshot()
        try:
            held = engine.hold_checkout(
                cart, {"RETRO-CLOCK": units}, ttl=TEN_MINUTES, channel=channel
            )
        except OrdercoreError:
            assert before == store_of(engine).snapshot()
            continue
        assert units == held.held["RETRO-CLOCK"] + held.short.get("RETRO-CLOCK", 0)
        if channel in (None, "amazon"):
            assert {} == dict(held.short)
        assert promised(engine) <= 10
        if channel == "shopify":
            assert held.incoming.get("RETRO-CLOCK", 0) <= SHOPIFY_CAP
