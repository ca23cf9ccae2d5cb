"""Checkout holds against incoming supply, within the preorder caps (issue #17)."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.allocation import PreorderCaps
from ordercore.domain.inventory import InsufficientStock
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.checkouts import preorder_room
from tests.service.helpers import LOCATIONS, T, an_order, order_in
from tests.service.selling_helpers import clocks, promised, store_of

TEN_MINUTES = pendulum.duration(minutes=10)
CAP = 4


def a_shop(on_hand: int = 2, caps: PreorderCaps | None = None) -> Engine:
    """Clocks on hand at WH-EAST and 50 on purchase order PO-9; clocks preorder up to ``CAP``."""
    engine = Engine(
        MemoryStore(),
        FixedClock(T),
        LOCATIONS,
        preorders=caps or PreorderCaps(per_sku={"RETRO-CLOCK": CAP}),
    )
    if on_hand:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", on_hand)
    engine.receive_stock("BLUE-VASE", "WH-WEST", 1)
    engine.expect_stock("RETRO-CLOCK", "PO-9", "WH-EAST", 50, pendulum.date(2026, 12, 14))
    engine.expect_stock("BLUE-VASE", "PO-7", "WH-WEST", 50, pendulum.date(2026, 12, 14))
    return engine


def test_a_hold_says_which_part_is_on_hand_and_which_incoming() -> None:
    engine = a_shop()
    hold = engine.hold_checkout("cart-1", {"RETRO-CLOCK": 5}, ttl=TEN_MINUTES)
    assert (5, 2, 3) == (
        hold.held["RETRO-CLOCK"],
        hold.on_hand("RETRO-CLOCK"),
        hold.incoming["RETRO-CLOCK"],
    )


def test_a_cart_that_changes_2_preorders_to_5_holds_5_not_7() -> None:
    engine = a_shop(on_hand=0)
    engine.hold_checkout("cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES)
    hold = engine.hold_checkout("cart-1", {"RETRO-CLOCK": 4})
    assert ({"RETRO-CLOCK": 4}, 4) == (dict(hold.incoming), promised(engine))


def test_a_hold_beyond_the_cap_is_refused_and_changes_nothing() -> None:
    engine = a_shop()
    before = store_of(engine).snapshot()
    with pytest.raises(InsufficientStock):
        engine.hold_checkout("cart-1", {"RETRO-CLOCK": 2 + CAP + 1}, ttl=TEN_MINUTES)
    assert before == store_of(engine).snapshot()


def test_a_cart_short_on_one_sku_holds_none_of_the_others() -> None:
    engine = a_shop()
    before = store_of(engine).snapshot()
    with pytest.raises(InsufficientStock):  # vases have no cap: no preorders, 1 on hand
        engine.hold_checkout("cart-1", {"RETRO-CLOCK": 5, "BLUE-VASE": 2}, ttl=TEN_MINUTES)
    assert before == store_of(engine).snapshot()


def test_orders_and_carts_share_one_preorder_cap() -> None:
    engine = a_shop(on_hand=0)
    engine.place_order(an_order(clocks=3, vases=0))
    engine.allocate_order("order-1")  # 3 promised against PO-9, under the cap of 4
    assert 3 == order_in(store_of(engine)).lines["line-1"].ledger.allocated  # type: ignore[index]
    with pytest.raises(InsufficientStock):
        engine.hold_checkout("cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES)
    hold = engine.hold_checkout("cart-1", {"RETRO-CLOCK": 1}, ttl=TEN_MINUTES)
    assert (1, CAP) == (hold.incoming["RETRO-CLOCK"], promised(engine))


def test_a_sku_without_a_cap_is_held_on_hand_only() -> None:
    engine = a_shop(caps=PreorderCaps(per_channel={"web": 10}))
    with pytest.raises(InsufficientStock):
        engine.hold_checkout("cart-1", {"RETRO-CLOCK": 3}, ttl=TEN_MINUTES)
    assert 0 == preorder_room(clocks(engine), "cart-1", engine.preorders)


def test_a_pickup_hold_takes_no_incoming_supply() -> None:
    engine = a_shop()
    with pytest.raises(InsufficientStock):
        engine.hold_checkout("cart-1", {"RETRO-CLOCK": 3}, ttl=TEN_MINUTES, location="WH-EAST")


def test_a_preordered_hold_expires_and_its_promise_goes_back_to_the_pool() -> None:
    engine = a_shop(on_hand=0)
    engine.hold_checkout("cart-1", {"RETRO-CLOCK": 4}, ttl=TEN_MINUTES)
    clock = engine.clock
    assert isinstance(clock, FixedClock)
    clock.advance(minutes=10)
    engine.tick()
    assert (0, None) == (promised(engine), clocks(engine).checkout_hold("cart-1"))


@settings(max_examples=40)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["cart-1", "cart-2", "order"]), st.integers(0, 7)),
        min_size=1,
        max_size=8,
    )
)
def test_holds_hold_the_last_request_free_never_negative_incoming_within_the_cap(
    steps: list[tuple[str, int]],
) -> None:
    engine = a_shop()
    last = {"cart-1": 0, "cart-2": 0}
    for n, (who, units) in enumerate(steps):
        try:
            if who == "order":
                order = an_order(f"order-{n}", clocks=units or 1, vases=0)
                engine.place_order(order)
                engine.allocate_order(order.id)
            else:
                engine.hold_checkout(who, {"RETRO-CLOCK": units}, ttl=TEN_MINUTES)
                last[who] = units
        except OrdercoreError:
            pass
        item = clocks(engine)
        for cart, units_held in last.items():
            hold = item.checkout_hold(cart)
            assert units_held == (0 if hold is None else hold.quantity)
        assert item.available() >= 0
        assert promised(engine) <= CAP
