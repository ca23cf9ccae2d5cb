import pendulum
import pytest

from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, Bucket, FulfilmentStatus, LineId, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import NotFound
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine

T = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
LOCATIONS = {"WH-EAST": Location("WH-EAST", priority=1), "WH-WEST": Location("WH-WEST", priority=2)}


def shop(clocks: int = 5, vases: int = 1) -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        clock_stock = StockItem("RETRO-CLOCK")
        clock_stock.receive("WH-EAST", clocks, T)
        vase_stock = StockItem("BLUE-VASE")
        vase_stock.receive("WH-WEST", vases, T)
        uow.stock.add(clock_stock)
        uow.stock.add(vase_stock)
        uow.commit()
    return Engine(store, FixedClock(T), LOCATIONS), store


def order_in(store: MemoryStore, order_id: str) -> Order:
    found = store.read("orders", order_id)
    assert isinstance(found, Order)
    return found


def stock_in(store: MemoryStore, sku: str) -> StockItem:
    found = store.read("stock", sku)
    assert isinstance(found, StockItem)
    return found


def an_order(order_id: str = "order-1", clocks: int = 2, vases: int = 2) -> Order:
    order = Order.draft(
        order_id=order_id, number="1001", customer_id="cust-1", currency="EUR", ship_to=HOME, now=T
    )
    order.add_line("RETRO-CLOCK", clocks, Money.of("20.00", "EUR"), T)
    order.add_line("BLUE-VASE", vases, Money.of("35.00", "EUR"), T)
    return order


def test_allocates_what_is_in_stock_and_backorders_the_rest() -> None:
    engine, store = shop(clocks=5, vases=1)
    engine.place_order(an_order())
    applied = engine.allocate_order("order-1")
    assert {"line-1": 2, "line-2": 1} == dict(applied.reserved)
    assert {"line-2": 1} == dict(applied.backordered)
    order = order_in(store, "order-1")
    assert (2, 0) == (
        order.lines[LineId("line-1")].ledger[Bucket.ALLOCATED],
        order.lines[LineId("line-1")].ledger[Bucket.BACKORDERED],
    )
    assert (1, 1) == (
        order.lines[LineId("line-2")].ledger[Bucket.ALLOCATED],
        order.lines[LineId("line-2")].ledger[Bucket.BACKORDERED],
    )
    clock_stock = stock_in(store, "RETRO-CLOCK")
    assert (5, 2, 3) == (clock_stock.on_hand(), clock_stock.reserved(), clock_stock.available())


def test_shipping_a_line_moves_the_order_and_the_stock_together() -> None:
    engine, store = shop()
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", "line-1", 2)
    order = order_in(store, "order-1")
    clock_stock = stock_in(store, "RETRO-CLOCK")
    assert 2 == order.lines[LineId("line-1")].ledger[Bucket.SHIPPED]
    assert (3, 0) == (clock_stock.on_hand(), clock_stock.reserved())
    assert FulfilmentStatus.PARTIALLY_FULFILLED == order.fulfilment_status


def test_every_change_reaches_the_outbox_in_commit_order() -> None:
    engine, store = shop()
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    names = [message.event.name for message in store.pending()]
    assert names[:2] == ["StockReceived", "StockReceived"]
    assert "OrderPlaced" in names
    assert names.count("StockReserved") == 2


def test_a_failed_command_leaves_the_store_as_it_was() -> None:
    engine, store = shop()
    engine.place_order(an_order())
    before = (order_in(store, "order-1"), stock_in(store, "RETRO-CLOCK"))
    with pytest.raises(NotFound):
        engine.ship_line("order-1", "line-1", 1)  # nothing was allocated: no reservation
    after = (order_in(store, "order-1"), stock_in(store, "RETRO-CLOCK"))
    assert before[0] == after[0]
    assert before[1].version == after[1].version
    assert before[1].reserved() == after[1].reserved()


def test_two_orders_for_the_last_unit_never_oversell() -> None:
    engine, store = shop(clocks=1, vases=2)
    engine.place_order(an_order("order-1", clocks=1, vases=1))
    engine.place_order(an_order("order-2", clocks=1, vases=1))
    first = engine.allocate_order("order-1")
    second = engine.allocate_order("order-2")
    assert {"line-1": 1, "line-2": 1} == dict(first.reserved)
    assert {"line-2": 1} == dict(second.reserved)
    assert {"line-1": 1} == dict(second.backordered)
    assert 1 == stock_in(store, "RETRO-CLOCK").reserved()


def test_a_refusal_half_way_through_a_command_writes_neither_aggregate() -> None:
    engine, store = shop()
    engine.place_order(an_order())
    engine.allocate_order("order-1")  # allocated, but the order is not confirmed yet
    stock_before = stock_in(store, "RETRO-CLOCK")
    with pytest.raises(ValueError, match="cannot 'pick' while status='placed'"):
        engine.ship_line(
            "order-1", "line-1", 2
        )  # stock picks and ships first, then the order refuses
    stock_after = stock_in(store, "RETRO-CLOCK")
    assert (stock_before.version, stock_before.on_hand(), stock_before.reserved()) == (
        stock_after.version,
        stock_after.on_hand(),
        stock_after.reserved(),
    )
