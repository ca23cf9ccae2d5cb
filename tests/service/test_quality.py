import pendulum
import pytest

from ordercore.cli import report_lines
from ordercore.domain.inventory import Lot, StockItem
from ordercore.domain.orders import InvoicingPolicy
from ordercore.domain.returns import ReturnReason
from ordercore.kernel.errors import ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.quality import (
    ExpiringLot,
    LowStock,
    PerfectOrder,
    perfect_order_rate,
    perfect_orders,
    return_rate_by_reason,
    stock_at_risk,
)
from ordercore.service.reports import Rate, stored
from tests.service.helpers import CLOCK_LINE, VASE_LINE, T, an_order, shop

PROMISE = pendulum.date(2026, 11, 27)


def shipped(
    engine: Engine, order_id: str, *, tracking: tuple[str, ...] = ("TRK-1",), clocks: int = 1
) -> None:
    engine.place_order(
        an_order(
            order_id,
            clocks=clocks,
            vases=1,
            promised_ship_by=PROMISE,
            policy=InvoicingPolicy.ON_PLACEMENT,
        )
    )
    engine.payment_first = False
    engine.confirm_order(order_id)
    engine.allocate_order(order_id)
    engine.ship(order_id, {CLOCK_LINE: clocks, VASE_LINE: 1}, carrier="DHL", tracking=tracking)


def judged(store: MemoryStore) -> list[PerfectOrder]:
    return perfect_orders(
        stored(store, "orders"), stored(store, "shipments"), stored(store, "returns")
    )


def test_an_order_shipped_whole_on_time_tracked_and_invoiced_is_perfect() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    shipped(engine, "order-1")
    marks = {"complete": True, "on_time": True, "undamaged": True, "correct_documents": True}
    assert [PerfectOrder("order-1", **marks)] == judged(store)


def test_a_late_shipment_and_a_missing_tracking_number_each_cost_one_mark() -> None:
    engine, store, clock = shop(clocks=5, vases=5)
    clock.advance(days=3)
    shipped(engine, "order-1", tracking=())
    (order,) = judged(store)
    assert (False, False, True, True) == (
        order.perfect,
        order.on_time,
        order.complete,
        order.undamaged,
    )
    assert not order.correct_documents


def test_a_damaged_return_makes_an_order_imperfect_and_counts_by_reason() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    shipped(engine, "order-1", clocks=2)
    shipped(engine, "order-2")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    engine.request_return("order-1", CLOCK_LINE, 1, reason=ReturnReason.DAMAGED)
    rma = engine.request_return("order-2", VASE_LINE, 1, reason=ReturnReason.SIZE_OR_FIT)
    engine.reject_return(rma, "used")
    assert Rate(1, 2) == perfect_order_rate(
        stored(store, "orders"), stored(store, "shipments"), stored(store, "returns")
    )
    assert {"damaged": Rate(1, 5)} == return_rate_by_reason(
        stored(store, "orders"), stored(store, "returns")
    )


def test_orders_still_waiting_for_units_are_not_judged() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order("order-1"))
    assert [] == judged(store)
    assert Rate(0, 0) == perfect_order_rate(stored(store, "orders"), [], [])


def test_stock_at_risk_names_low_skus_and_lots_expiring_soon() -> None:
    today = pendulum.date(2026, 11, 26)
    tea = StockItem("GREEN-TEA")
    tea.receive("WH-EAST", 4, T, lot=Lot("LOT-A", expires_on=pendulum.date(2026, 12, 6)))
    tea.receive("WH-EAST", 9, T, lot=Lot("LOT-B", expires_on=pendulum.date(2027, 6, 1)))
    clocks = StockItem("RETRO-CLOCK")
    clocks.receive("WH-EAST", 2, T)
    risk = stock_at_risk([tea, clocks], today, threshold=3, per_sku={"GREEN-TEA": 20})
    assert [LowStock("RETRO-CLOCK", 2, 3), LowStock("GREEN-TEA", 13, 20)] == risk.low
    assert [ExpiringLot("GREEN-TEA", "LOT-A", pendulum.date(2026, 12, 6), 10, 4)] == risk.expiring
    assert [] == stock_at_risk([tea], today, threshold=0, within_days=9).expiring


def test_stock_at_risk_refuses_a_negative_horizon() -> None:
    with pytest.raises(ValidationError):
        stock_at_risk([], pendulum.date(2026, 11, 26), within_days=-1)


def test_a_refused_return_is_not_a_return_by_reason() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    shipped(engine, "order-1")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    rma = engine.request_return("order-1", CLOCK_LINE, 1, reason=ReturnReason.WRONG_ITEM)
    engine.cancel_return(rma, "kept it")
    assert {} == return_rate_by_reason(stored(store, "orders"), stored(store, "returns"))


def test_the_report_command_prints_perfect_orders_returns_by_reason_and_stock_at_risk() -> None:
    lines = report_lines()
    assert "Perfect orders: 33.3% (1/3)" in lines
    assert "  order-1002  yes       yes      yes        yes        yes" in lines
    assert "  damaged  5.0%  1/20" in lines
    assert "  GREEN-TEA  TEA-2611  2026-12-10  10         6" in lines
