"""Checkout holds: one hold per checkout and SKU, grown, shrunk or moved in place."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    HoldReplaced,
    InsufficientStock,
    ReservationExpired,
    ReservationState,
    StockItem,
    StockReserved,
    checkout_hold_id,
    checkout_of,
)
from ordercore.kernel.errors import ValidationError
from tests.domain.inventory.helpers import T, later, snapshot, stock

TEN_MINUTES = pendulum.duration(minutes=10)


def held(item: StockItem, checkout: str = "cart-1") -> int:
    hold = item.checkout_hold(checkout)
    return 0 if hold is None else hold.quantity


def test_a_checkout_that_changes_2_units_to_5_holds_5_not_7() -> None:
    item = stock(WH_EAST=10)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", 5, now=later(1))
    assert (5, 5, 5) == (held(item), item.reserved(), item.available())


def test_the_free_figure_a_checkout_sees_counts_its_own_hold_as_free() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    assert (3, 5, 3) == (
        item.available(),
        item.available_for_checkout("cart-1"),
        item.available_for_checkout("cart-2"),
    )


def test_a_checkout_may_grow_its_hold_to_every_free_unit_another_checkout_may_not() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", 5, now=later(1))
    with pytest.raises(InsufficientStock):
        item.hold_for_checkout("cart-2", 1, now=later(1), ttl=TEN_MINUTES)
    assert 5 == held(item)


def test_shrinking_a_hold_gives_units_back_in_one_event() -> None:
    item = stock(WH_EAST=10)
    item.hold_for_checkout("cart-1", 6, now=T, ttl=TEN_MINUTES)
    item.pull_events()
    item.hold_for_checkout("cart-1", 1, now=later(1))
    events = item.pull_events()
    assert [HoldReplaced] == [type(e) for e in events]
    replaced = events[0]
    assert isinstance(replaced, HoldReplaced)
    assert (6, 1, 1, 9) == (replaced.previous, replaced.quantity, held(item), item.available())


def test_a_hold_moves_to_the_places_given() -> None:
    item = stock(WH_EAST=4, WH_WEST=4)
    item.hold_for_checkout("cart-1", allocations=[Allocation("WH-EAST", 3)], now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", allocations=[Allocation("WH-WEST", 4)], now=later(1))
    assert (0, 4, 4) == (item.reserved("WH-EAST"), item.reserved("WH-WEST"), held(item))


def test_a_hold_grows_at_its_own_place_first() -> None:
    item = stock(WH_EAST=4, WH_WEST=9)
    item.hold_for_checkout("cart-1", allocations=[Allocation("WH-EAST", 1)], now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", 6, now=later(1))
    hold = item.checkout_hold("cart-1")
    assert hold is not None
    assert (Allocation("WH-EAST", 4), Allocation("WH-WEST", 2)) == hold.allocations


def test_a_hold_for_a_pickup_store_takes_only_that_store() -> None:
    item = stock(WH_EAST=9, STORE_BERLIN=2)
    with pytest.raises(InsufficientStock, match="STORE-BERLIN"):
        item.hold_for_checkout("cart-1", 3, now=T, ttl=TEN_MINUTES, location="STORE-BERLIN")
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES, location="STORE-BERLIN")
    assert (0, 2) == (item.reserved("WH-EAST"), item.reserved("STORE-BERLIN"))


def test_a_refused_change_leaves_the_hold_as_it_was() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    before = snapshot(item)
    with pytest.raises(InsufficientStock):
        item.hold_for_checkout("cart-1", 6, now=later(1))
    assert before == snapshot(item)


def test_asking_for_the_same_hold_again_changes_nothing() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    version = item.version
    item.hold_for_checkout("cart-1", 2, now=later(1))
    assert version == item.version


def test_a_new_expiry_moves_the_hold_expiry() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", 2, now=later(5), ttl=TEN_MINUTES)
    assert [] == item.tick(later(10))
    assert ["checkout:cart-1"] == [r.id for r in item.tick(later(15))]


def test_a_checkout_hold_expires_as_any_hold_does() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    expired = item.tick(later(10))
    assert (["checkout:cart-1"], 5, None) == (
        [r.id for r in expired],
        item.available(),
        item.checkout_hold("cart-1"),
    )


def test_asking_again_after_the_time_is_up_expires_the_hold_and_places_a_new_one() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.pull_events()
    item.hold_for_checkout("cart-1", 5, now=later(10), ttl=TEN_MINUTES)
    events = item.pull_events()
    assert [ReservationExpired, StockReserved] == [type(e) for e in events]
    hold = item.checkout_hold("cart-1")
    assert hold is not None
    assert (5, later(20), 0) == (held(item), hold.expires_at, item.available())


def test_a_new_checkout_hold_needs_an_expiry() -> None:
    item = stock(WH_EAST=5)
    with pytest.raises(ValidationError, match="ttl"):
        item.hold_for_checkout("cart-1", 2, now=T)


def test_a_confirmed_checkout_hold_is_no_longer_adjusted() -> None:
    item = stock(WH_EAST=5)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.confirm(checkout_hold_id("cart-1"), later(1))
    with pytest.raises(ValidationError, match="allocated"):
        item.hold_for_checkout("cart-1", 3, now=later(2))
    hold = item.checkout_hold("cart-1")
    assert hold is not None
    assert ReservationState.ALLOCATED == hold.state


def test_a_checkout_hold_is_named_for_its_checkout() -> None:
    item = stock(WH_EAST=5)
    hold = item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    assert ("checkout:cart-1", "cart-1", "cart-1") == (
        hold.id,
        hold.order_ref,
        checkout_of(hold.id),
    )


def test_replay_rebuilds_adjusted_checkout_holds_and_the_ledger_verifies() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    item.receive("WH-WEST", 5, T)
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES)
    item.hold_for_checkout("cart-1", 7, now=later(1))
    item.hold_for_checkout("cart-1", allocations=[Allocation("WH-WEST", 3)], now=later(2))
    item.hold_for_checkout("cart-1", 4, now=later(12), ttl=TEN_MINUTES)
    rows = item.pull_movements()
    assert item.verify(rows).ok
    assert item == StockItem.replay(item.pull_events())


@given(requests=st.lists(st.integers(min_value=1, max_value=12), min_size=1))
def test_a_checkouts_repeated_holds_never_hold_more_than_its_last_request(
    requests: list[int],
) -> None:
    item = stock(WH_EAST=6, WH_WEST=4)
    item.hold_for_checkout("cart-9", 1, now=T, ttl=TEN_MINUTES)  # another checkout
    last = None
    for units in requests:
        try:
            item.hold_for_checkout("cart-1", units, now=later(1), ttl=TEN_MINUTES)
            last = units
        except InsufficientStock:
            pass
        assert (last or 0) == held(item)
        assert held(item) + held(item, "cart-9") == item.reserved()
        assert item.available() >= 0
    assert item.verify().ok
