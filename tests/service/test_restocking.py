import pendulum
import pytest

from ordercore.errors import UnknownLocation
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.service import Engine, line_reservations
from tests.service.helpers import (
    CLOCK_LINE,
    VASE_LINE,
    an_order,
    ledger,
    shop,
    stock_in,
)


def test_stock_that_arrives_fills_the_backorder_with_a_second_reservation() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    filled = engine.receive_stock("BLUE-VASE", "WH-EAST", 3, order_ids=["order-1"])
    assert {("order-1", VASE_LINE): 1} == filled.filled
    assert {"allocated": 2} == ledger(store, VASE_LINE)
    item = stock_in(store, "BLUE-VASE")
    held = line_reservations(item, "order-1", VASE_LINE)
    assert [("order-1/line-2", 1), ("order-1/line-2/2", 1)] == [(r.id, r.quantity) for r in held]
    assert (4, 2) == (item.on_hand(), item.reserved())


def test_a_line_with_two_reservations_ships_from_both() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.receive_stock("BLUE-VASE", "WH-EAST", 3, order_ids=["order-1"])
    engine.ship_line("order-1", VASE_LINE, 2)
    item = stock_in(store, "BLUE-VASE")
    assert (2, 0) == (item.on_hand(), item.reserved())
    assert {"shipped": 2, "invoiced": 2} == ledger(store, VASE_LINE)


def test_backorders_are_filled_by_priority_then_placing_time() -> None:
    engine, store, clock = shop(clocks=0, vases=0)
    engine.place_order(an_order("order-1", clocks=1, vases=0))
    clock.advance(minutes=1)
    engine.place_order(an_order("order-2", clocks=1, vases=0))
    clock.advance(minutes=1)
    engine.place_order(an_order("order-3", clocks=1, vases=0, priority=1))
    for order_id in ("order-1", "order-2", "order-3"):
        engine.allocate_order(order_id)
    filled = engine.receive_stock(
        "RETRO-CLOCK", "WH-EAST", 2, order_ids=["order-2", "order-1", "order-3"]
    )
    assert {("order-3", CLOCK_LINE): 1, ("order-1", CLOCK_LINE): 1} == filled.filled
    assert {"backordered": 1} == ledger(store, CLOCK_LINE, "order-2")


def test_filling_without_new_stock_changes_nothing() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    before = store.snapshot()
    assert 0 == engine.fill_backorders(["RETRO-CLOCK"], ["order-1"]).units
    assert before.rows == store.snapshot().rows


def test_the_first_receipt_of_a_new_sku_creates_its_stock() -> None:
    engine, store, _ = shop()
    engine.receive_stock("GREEN-LAMP", "WH-WEST", 4)
    assert 4 == stock_in(store, "GREEN-LAMP").on_hand()


def test_announced_supply_is_received_and_fills_backorders() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.place_order(an_order(vases=0))
    engine.allocate_order("order-1")
    engine.expect_stock("RETRO-CLOCK", "PO-1", "WH-EAST", 5, pendulum.date(2026, 12, 1))
    filled = engine.receive_incoming("RETRO-CLOCK", "PO-1", 5, order_ids=["order-1"])
    assert 2 == filled.units
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_refuses_a_receipt_of_negative_units_and_writes_nothing() -> None:
    engine, store, _ = shop()
    before = store.snapshot()
    with pytest.raises(ValidationError):
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", -1)
    assert before == store.snapshot()


def test_refuses_to_fill_for_an_unknown_order_and_writes_nothing() -> None:
    engine, store, _ = shop()
    before = store.snapshot()
    with pytest.raises(NotFound):
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1, order_ids=["order-9"])
    assert before == store.snapshot()


def test_stock_is_received_only_at_a_location_the_engine_knows() -> None:
    engine, store, _ = shop(clocks=5)
    before = store.snapshot()
    with pytest.raises(UnknownLocation) as refused:
        engine.receive_stock("RETRO-CLOCK", "WH-NORTH", 3)
    assert ("WH-NORTH", ("WH-EAST", "WH-WEST")) == (refused.value.location, refused.value.known)
    assert isinstance(refused.value, LookupError)
    assert before == store.snapshot()


def test_supply_is_announced_only_at_a_location_the_engine_knows() -> None:
    engine, store, _ = shop(clocks=5)
    before = store.snapshot()
    with pytest.raises(UnknownLocation):
        engine.expect_stock("RETRO-CLOCK", "PO-1", "WH-NORTH", 3, pendulum.date(2026, 12, 1))
    assert before == store.snapshot()


def test_an_engine_given_no_locations_takes_stock_anywhere() -> None:
    _, store, clock = shop(clocks=5)
    Engine(store, clock).receive_stock("RETRO-CLOCK", "WH-NORTH", 3)
    assert 3 == stock_in(store, "RETRO-CLOCK").on_hand("WH-NORTH")
