"""Checkout holds through a session: one hold per checkout and SKU, all SKUs or none."""

from __future__ import annotations

import pendulum
import pytest

from ordercore.domain.inventory import InsufficientStock
from ordercore.service.checkouts import (
    available_for_checkout,
    hold_checkout,
    release_checkout,
)
from ordercore.service.errors import UnknownLocation
from tests.service.helpers import T, shop, stock_in
from tests.service.selling_helpers import run

TEN_MINUTES = pendulum.duration(minutes=10)


def test_a_checkout_that_changes_2_clocks_to_5_holds_5_not_7() -> None:
    _, store, _ = shop(clocks=5)
    run(store, lambda s: hold_checkout(s, "cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES))
    held = run(store, lambda s: hold_checkout(s, "cart-1", {"RETRO-CLOCK": 5}))
    assert ({"RETRO-CLOCK": 5}, 5, 0) == (
        dict(held.held),
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "RETRO-CLOCK").available(),
    )


def test_a_checkout_sees_its_own_hold_as_free_and_others_do_not() -> None:
    _, store, _ = shop(clocks=5)
    run(store, lambda s: hold_checkout(s, "cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES))
    assert (5, 3) == (
        run(store, lambda s: available_for_checkout(s, "cart-1", "RETRO-CLOCK")),
        run(store, lambda s: available_for_checkout(s, "cart-2", "RETRO-CLOCK")),
    )


def test_a_checkout_that_cannot_get_one_sku_changes_nothing() -> None:
    _, store, _ = shop(clocks=5, vases=1)
    before = store.snapshot()
    with pytest.raises(InsufficientStock, match="BLUE-VASE"):
        run(
            store,
            lambda s: hold_checkout(
                s, "cart-1", {"RETRO-CLOCK": 2, "BLUE-VASE": 2}, ttl=TEN_MINUTES
            ),
        )
    assert before == store.snapshot()


def test_zero_units_lets_go_of_a_sku_and_release_gives_the_rest_back() -> None:
    _, store, _ = shop(clocks=5, vases=1)
    run(
        store,
        lambda s: hold_checkout(s, "cart-1", {"RETRO-CLOCK": 2, "BLUE-VASE": 1}, ttl=TEN_MINUTES),
    )
    run(store, lambda s: hold_checkout(s, "cart-1", {"BLUE-VASE": 0}))
    given_back = run(store, lambda s: release_checkout(s, "cart-1", ["RETRO-CLOCK", "BLUE-VASE"]))
    assert ({"RETRO-CLOCK": 2, "BLUE-VASE": 0}, 0, 0) == (
        given_back,
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "BLUE-VASE").reserved(),
    )


def test_a_hold_for_pickup_names_a_known_store() -> None:
    _, store, _ = shop(clocks=5)
    with pytest.raises(UnknownLocation):
        run(
            store,
            lambda s: hold_checkout(
                s, "cart-1", {"RETRO-CLOCK": 1}, ttl=TEN_MINUTES, location="STORE-MOON"
            ),
        )


def test_a_sku_the_shop_never_stocked_cannot_be_held() -> None:
    _, store, _ = shop()
    with pytest.raises(InsufficientStock, match="MOON-ROCK"):
        run(store, lambda s: hold_checkout(s, "cart-1", {"MOON-ROCK": 1}, ttl=TEN_MINUTES))


def test_checkout_holds_expire_at_tick() -> None:
    _, store, _ = shop(clocks=5)
    run(store, lambda s: hold_checkout(s, "cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES))
    item = stock_in(store, "RETRO-CLOCK")
    assert ["checkout:cart-1"] == [r.id for r in item.tick(T.add(minutes=10))]
