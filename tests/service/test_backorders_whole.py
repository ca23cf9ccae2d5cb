"""Backorder filling keeps all-or-nothing orders whole, and the line fair (issue #17)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.allocation import RequestPolicies, RequestPolicy
from ordercore.domain.inventory import Location, Lot
from ordercore.domain.orders import ChannelRef, Order
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import HOME, LOCATIONS, T, an_order, eur, order_in

EVERY_ORDER_WHOLE = RequestPolicies(default=RequestPolicy.ALL_OR_NOTHING)
BACKORDER = RequestPolicy.ALLOCATE_AND_BACKORDER


def waiting_shop(*orders: tuple[int, int], whole: bool = True) -> Engine:
    """Orders ``order-1``... of (clocks, vases), each backordered whole (no stock at all)."""
    engine = Engine(MemoryStore(), FixedClock(T), LOCATIONS)
    if whole:
        engine.request_policies = EVERY_ORDER_WHOLE
    for n, (clocks, vases) in enumerate(orders, start=1):
        engine.place_order(an_order(f"order-{n}", clocks=clocks, vases=vases))
        engine.allocate_order(f"order-{n}", request_policy=BACKORDER)  # waits, by the host's word
    return engine


def waits(engine: Engine, order_id: str) -> dict[str, int]:
    order = order_in(engine.store, order_id)  # type: ignore[arg-type]
    return {str(line.id): line.ledger.backordered for line in order.lines.values()}


def test_a_whole_order_that_cannot_be_filled_lets_a_later_smaller_order_be_filled() -> None:
    engine = waiting_shop((5, 0), (2, 0))
    filled = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, order_ids=["order-1", "order-2"])
    assert {("order-2", "line-1"): 2} == filled.filled
    assert ({"line-1": 5}, {"line-1": 0}) == (waits(engine, "order-1"), waits(engine, "order-2"))


def test_the_first_whole_order_keeps_its_place_for_the_next_arrival() -> None:
    engine = waiting_shop((5, 0), (2, 0), (1, 0))
    ids = ["order-1", "order-2", "order-3"]
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 2, order_ids=ids)  # order-2 fits, is filled
    filled = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5, order_ids=ids)
    assert {("order-1", "line-1"): 5} == filled.filled  # first in line, whole now; order-3 waits
    assert {"line-1": 1} == waits(engine, "order-3")


def test_a_whole_order_is_filled_on_every_sku_or_on_none() -> None:
    engine = waiting_shop((2, 1))
    engine.receive_stock("BLUE-VASE", "WH-WEST", 1)  # no order named: nothing filled yet
    filled = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 2, order_ids=["order-1"])
    assert {("order-1", "line-1"): 2, ("order-1", "line-2"): 1} == filled.filled


def test_a_whole_order_short_on_another_sku_takes_none_of_the_arrival() -> None:
    engine = waiting_shop((2, 1))
    filled = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 5, order_ids=["order-1"])
    assert ({}, {"line-1": 2, "line-2": 1}) == (filled.filled, waits(engine, "order-1"))


def test_an_order_that_may_backorder_is_still_filled_in_part() -> None:
    engine = waiting_shop((5, 0), whole=False)
    filled = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, order_ids=["order-1"])
    assert {("order-1", "line-1"): 3} == filled.filled


def test_a_pickup_order_at_a_store_that_may_not_backorder_is_filled_whole() -> None:
    stores = {**LOCATIONS, "STORE-PARIS": Location("STORE-PARIS", 6, backorders=False)}
    engine = Engine(MemoryStore(), FixedClock(T), stores)
    engine.place_order(an_order(clocks=3, vases=0))
    engine.receive_stock("RETRO-CLOCK", "STORE-PARIS", 3)
    engine.choose_pickup("order-1", "STORE-PARIS")
    engine.allocate_order("order-1")
    engine.write_off("RETRO-CLOCK", "STORE-PARIS", 2, "dropped")  # 2 lost: backordered
    assert {"line-1": 2} == waits(engine, "order-1")
    assert {} == engine.receive_stock("RETRO-CLOCK", "STORE-PARIS", 1, order_ids=["order-1"]).filled
    filled = engine.receive_stock("RETRO-CLOCK", "STORE-PARIS", 1, order_ids=["order-1"])
    assert {("order-1", "line-1"): 2} == filled.filled


def an_order_from(channel: str, order_id: str, clocks: int, vases: int) -> Order:
    order = Order.draft(
        order_id=order_id,
        number=order_id.upper(),
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        channel=ChannelRef(
            channel=channel, account="acct-1", external_id=order_id, external_version="1"
        ),
    )
    if clocks:
        order.add_line("RETRO-CLOCK", clocks, eur("20.00"), T)
    if vases:
        order.add_line("BLUE-VASE", vases, eur("35.00"), T)
    return order


@settings(max_examples=40)
@given(
    orders=st.lists(
        st.tuples(st.sampled_from(["b2b", "web"]), st.integers(0, 4), st.integers(0, 3)),
        min_size=1,
        max_size=4,
    ),
    arrivals=st.lists(
        st.tuples(st.sampled_from(["RETRO-CLOCK", "BLUE-VASE"]), st.integers(1, 5)), max_size=4
    ),
)
def test_a_fill_serves_every_backordered_unit_of_a_whole_order_or_changes_nothing_for_it(
    orders: list[tuple[str, int, int]], arrivals: list[tuple[str, int]]
) -> None:
    engine = Engine(MemoryStore(), FixedClock(T), LOCATIONS)
    engine.request_policies = RequestPolicies(channels={"b2b": RequestPolicy.ALL_OR_NOTHING})
    whole: dict[str, bool] = {}
    for n, (channel, clocks, vases) in enumerate(orders, start=1):
        order = an_order_from(channel, f"order-{n}", clocks or (0 if vases else 1), vases)
        engine.place_order(order)
        engine.allocate_order(order.id, request_policy=BACKORDER)  # waits, by the host's word
        whole[order.id] = channel == "b2b"
    for sku, units in arrivals:
        before = {order_id: waits(engine, order_id) for order_id in whole}
        location = "WH-EAST" if sku == "RETRO-CLOCK" else "WH-WEST"
        filled = engine.receive_stock(sku, location, units, order_ids=list(whole)).filled
        for order_id, is_whole in whole.items():
            after = waits(engine, order_id)
            if is_whole:
                assert after in (before[order_id], dict.fromkeys(after, 0))
            got = sum(n for (o, _), n in filled.items() if o == order_id)
            assert got == sum(before[order_id].values()) - sum(after.values())


def test_a_write_off_refill_keeps_an_order_whole_by_its_channel_policy() -> None:
    # A pickup order's lost units are refilled at its store right away (the stock item may not
    # re-serve them elsewhere); an order that is all or nothing by the channel's request policy
    # takes the one free unit there only if it covers everything it waits for: here it does not.
    stores = {**LOCATIONS, "STORE-PARIS": Location("STORE-PARIS", 6)}
    engine = Engine(MemoryStore(), FixedClock(T), stores)
    engine.request_policies = EVERY_ORDER_WHOLE
    engine.place_order(an_order(clocks=3, vases=0))
    engine.receive_stock("RETRO-CLOCK", "STORE-PARIS", 3, lot=Lot("LOT-1"))
    engine.choose_pickup("order-1", "STORE-PARIS")
    engine.allocate_order("order-1")
    engine.receive_stock("RETRO-CLOCK", "STORE-PARIS", 1, lot=Lot("LOT-2"))  # one free unit
    engine.write_off("RETRO-CLOCK", "STORE-PARIS", 2, "dropped", lot="LOT-1")  # 2 lost
    assert {"line-1": 2} == waits(engine, "order-1")
