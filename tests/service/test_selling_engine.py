"""Selling through the Engine: checkout holds, all or nothing, signals, shrinking, pickup."""

from __future__ import annotations

import pendulum
import pytest

from ordercore.domain.allocation import RequestPolicies, RequestPolicy, Shortage, ShortRequest
from ordercore.domain.inventory import Location, UnknownLot
from ordercore.domain.inventory.events import AvailabilityChanged
from ordercore.domain.inventory.signals import SignalSettings
from ordercore.domain.orders import ChannelRef
from ordercore.memory import MemoryStore
from ordercore.service.pickup import PickupStatus, pickup_status
from tests.service.helpers import LOCATIONS, an_order, order_in, shop, stock_in

TEN_MINUTES = pendulum.duration(minutes=10)


def signals_in(store: MemoryStore) -> list[tuple[str, str, str | None]]:
    pending = store.pending(10_000)
    return [
        (m.event.entity_id, m.event.signal, m.event.channel)
        for m in pending
        if isinstance(m.event, AvailabilityChanged)
    ]


def test_a_checkout_that_changes_2_clocks_to_5_holds_5_not_7() -> None:
    engine, store, _ = shop(clocks=5)
    engine.hold_checkout("cart-1", {"RETRO-CLOCK": 2}, ttl=TEN_MINUTES)
    held = engine.hold_checkout("cart-1", {"RETRO-CLOCK": 5})
    assert ({"RETRO-CLOCK": 5}, 5) == (dict(held.held), stock_in(store, "RETRO-CLOCK").reserved())
    assert (5, 0) == (
        engine.available_for_checkout("cart-1", "RETRO-CLOCK"),
        engine.available_for_checkout("cart-2", "RETRO-CLOCK"),
    )
    assert {"RETRO-CLOCK": 5} == engine.release_checkout("cart-1", ["RETRO-CLOCK"])


def test_an_all_or_nothing_channel_refuses_a_short_order_whole_and_changes_nothing() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.request_policies = RequestPolicies(default=RequestPolicy.ALL_OR_NOTHING)
    engine.place_order(an_order(clocks=2, vases=3))
    before = store.snapshot()
    with pytest.raises(ShortRequest) as refused:
        engine.allocate_order("order-1")
    assert (Shortage("BLUE-VASE", 3, 1),) == refused.value.shortages
    assert before == store.snapshot()


def test_one_order_may_ask_all_or_nothing_itself() -> None:
    engine, _, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order(clocks=2, vases=3))
    with pytest.raises(ShortRequest):
        engine.allocate_order("order-1", request_policy=RequestPolicy.ALL_OR_NOTHING)
    applied = engine.allocate_order("order-1")
    assert {"line-2": 2} == dict(applied.backordered)


def test_the_last_clock_sold_fires_out_of_stock_and_the_next_receipt_back_in_stock() -> None:
    engine, store, _ = shop(clocks=2, vases=0)
    engine.signals = SignalSettings()
    engine.place_order(an_order(clocks=2, vases=0))
    engine.allocate_order("order-1")
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1)
    assert [
        ("RETRO-CLOCK", "out_of_stock", None),
        ("RETRO-CLOCK", "back_in_stock", None),
    ] == signals_in(store)


def test_a_write_off_re_serves_the_order_from_the_other_warehouse() -> None:
    engine, store, _ = shop(clocks=2, vases=0)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 3)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.allocate_order("order-1")
    result = engine.write_off("RETRO-CLOCK", "WH-EAST", 1, "dropped")
    assert ({}, 1) == (dict(result.backordered), stock_in(store, "RETRO-CLOCK").reserved("WH-WEST"))


def test_a_pickup_order_is_allocated_at_its_store_made_ready_and_collected() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.locations = {**LOCATIONS, "STORE-BERLIN": Location("STORE-BERLIN", priority=9)}
    engine.payment_first = False
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 9)
    engine.receive_stock("RETRO-CLOCK", "STORE-BERLIN", 2)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1", pickup_at="STORE-BERLIN")
    shipment_id = engine.ready_for_pickup("order-1", "STORE-BERLIN")
    assert PickupStatus.READY_FOR_PICKUP == pickup_status(order_in(store))
    engine.collect(shipment_id)
    assert PickupStatus.COLLECTED == pickup_status(order_in(store))
    assert (9, 0) == (
        stock_in(store, "RETRO-CLOCK").on_hand("WH-EAST"),
        stock_in(store, "RETRO-CLOCK").on_hand("STORE-BERLIN"),
    )


def test_receipts_go_to_the_default_location_and_only_into_known_lots() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.default_location = "WH-WEST"
    engine.receive_stock("RETRO-CLOCK", None, 3)
    with pytest.raises(UnknownLot):
        engine.receive_stock("RETRO-CLOCK", None, 3, lot="LOT-X")
    assert 3 == stock_in(store, "RETRO-CLOCK").on_hand("WH-WEST")


def test_an_amazon_order_is_all_or_nothing_when_its_channel_says_so() -> None:
    engine, _, _ = shop(clocks=1, vases=0)
    engine.request_policies = RequestPolicies(channels={"amazon": RequestPolicy.ALL_OR_NOTHING})
    order = an_order(clocks=2, vases=0)
    order.channel = ChannelRef(
        channel="amazon", account="EU", external_id="A-1", external_version="1"
    )
    engine.place_order(order)
    with pytest.raises(ShortRequest):
        engine.allocate_order("order-1")


def test_the_selling_commands_repeat_with_a_key_as_no_ops_that_return_the_first_result() -> None:
    engine, store, _ = shop(clocks=5, vases=0)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 2)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.allocate_order("order-1")
    calls = [
        ("hold_checkout", ("cart-1", {"RETRO-CLOCK": 2}), {"ttl": TEN_MINUTES}),
        ("write_off", ("RETRO-CLOCK", "WH-EAST", 4, "dropped"), {}),
        ("count_stock", ("RETRO-CLOCK", "WH-WEST", 1), {}),
        ("release_checkout", ("cart-1", ["RETRO-CLOCK"]), {}),
    ]
    for name, args, kwargs in calls:
        first = getattr(engine, name)(*args, idempotency_key=f"key-{name}", **kwargs)
        before = store.snapshot()
        again = getattr(engine, name)(*args, idempotency_key=f"key-{name}", **kwargs)
        assert first == again, name
        assert before == store.snapshot(), name
