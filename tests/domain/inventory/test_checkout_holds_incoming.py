"""Checkout holds against incoming supply: preorders in a cart, within an allowance."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import InsufficientStock, StockItem
from tests.domain.inventory.helpers import T, later, stock

TEN_MINUTES = pendulum.duration(minutes=10)
DECEMBER = pendulum.date(2026, 12, 14)


def with_incoming(on_hand: int, *supplies: tuple[str, int, int]) -> StockItem:
    """``RETRO-CLOCK`` with ``on_hand`` units at WH-EAST and (id, units, day) incoming lines."""
    item = stock(WH_EAST=on_hand) if on_hand else StockItem("RETRO-CLOCK")
    for supply_id, units, day in supplies:
        item.add_incoming(supply_id, "WH-EAST", units, pendulum.date(2026, 12, day), T)
    return item


def parts(item: StockItem, checkout: str = "cart-1") -> list[tuple[str | None, int]]:
    hold = item.checkout_hold(checkout)
    return [] if hold is None else [(a.supply, a.quantity) for a in hold.allocations]


def test_a_hold_takes_stock_on_hand_first_and_the_rest_from_incoming() -> None:
    item = with_incoming(2, ("PO-9", 50, 14))
    item.hold_for_checkout("cart-1", 5, now=T, ttl=TEN_MINUTES, incoming=10)
    assert [(None, 2), ("PO-9", 3)] == parts(item)
    assert (0, 3) == (item.available(), item.incoming("PO-9")[2])


def test_without_an_allowance_a_hold_takes_stock_on_hand_only() -> None:
    item = with_incoming(2, ("PO-9", 50, 14))
    with pytest.raises(InsufficientStock, match=r"quantity=5 of RETRO-CLOCK .* only 2 available"):
        item.hold_for_checkout("cart-1", 5, now=T, ttl=TEN_MINUTES)
    assert ([], 0) == (parts(item), item.incoming("PO-9")[2])


def test_a_hold_beyond_the_allowance_is_refused_whole() -> None:
    item = with_incoming(2, ("PO-9", 50, 14))
    with pytest.raises(InsufficientStock):
        item.hold_for_checkout("cart-1", 6, now=T, ttl=TEN_MINUTES, incoming=3)
    assert ([], 0, 2) == (parts(item), item.incoming("PO-9")[2], item.available())


def test_the_supply_that_arrives_first_is_held_first() -> None:
    item = with_incoming(0, ("PO-LATE", 5, 20), ("PO-SOON", 2, 10))
    item.hold_for_checkout("cart-1", 4, now=T, ttl=TEN_MINUTES, incoming=4)
    assert [("PO-SOON", 2), ("PO-LATE", 2)] == parts(item)


def test_a_checkout_that_changes_2_preordered_units_to_5_holds_5_not_7() -> None:
    item = with_incoming(0, ("PO-9", 6, 14))
    item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES, incoming=5)
    item.hold_for_checkout("cart-1", 5, now=later(1), incoming=5)
    assert ([("PO-9", 5)], 5) == (parts(item), item.incoming("PO-9")[2])


def test_a_pickup_hold_never_takes_incoming_supply() -> None:
    item = with_incoming(1, ("PO-9", 50, 14))
    with pytest.raises(InsufficientStock):
        item.hold_for_checkout("cart-1", 2, now=T, ttl=TEN_MINUTES, location="WH-EAST", incoming=9)


def test_a_preordered_hold_expires_and_gives_its_promise_back() -> None:
    item = with_incoming(0, ("PO-9", 6, 14))
    item.hold_for_checkout("cart-1", 4, now=T, ttl=TEN_MINUTES, incoming=4)
    item.tick(later(10))
    assert ([], 0) == (parts(item), item.incoming("PO-9")[2])


def test_a_preordered_hold_follows_the_supply_to_the_shelf() -> None:
    item = with_incoming(0, ("PO-9", 6, 14))
    item.hold_for_checkout("cart-1", 4, now=T, ttl=TEN_MINUTES, incoming=4)
    item.receive_incoming("PO-9", 6, later(1))
    assert ([(None, 4)], 4, 2) == (parts(item), item.reserved(), item.available())


def test_replay_rebuilds_preordered_holds_and_the_ledger_verifies() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 2, T)
    item.add_incoming("PO-9", "WH-EAST", 6, DECEMBER, T)
    item.hold_for_checkout("cart-1", 5, now=T, ttl=TEN_MINUTES, incoming=3)
    item.hold_for_checkout("cart-1", 3, now=later(1), incoming=3)
    item.hold_for_checkout("cart-1", 4, now=later(2), incoming=3)
    assert item.verify(item.pull_movements()).ok
    assert item == StockItem.replay(item.pull_events())


@given(
    requests=st.lists(st.tuples(st.integers(1, 12), st.integers(0, 6)), min_size=1),
)
def test_repeated_preordered_holds_hold_the_last_request_and_stay_within_the_allowance(
    requests: list[tuple[int, int]],
) -> None:
    item = with_incoming(3, ("PO-1", 4, 10), ("PO-2", 4, 12))
    item.hold_for_checkout("cart-9", 1, now=T, ttl=TEN_MINUTES)  # another checkout, on hand
    last = 0
    for units, allowance in requests:
        try:
            item.hold_for_checkout(
                "cart-1", units, now=later(1), ttl=TEN_MINUTES, incoming=allowance
            )
            last = units
            assert sum(n for supply, n in parts(item) if supply) <= allowance
        except InsufficientStock:
            pass
        assert last == sum(n for _, n in parts(item))
        assert item.available() >= 0
        assert all(item.incoming(s)[2] <= item.incoming(s)[1] for s in ("PO-1", "PO-2"))
    assert item.verify().ok
