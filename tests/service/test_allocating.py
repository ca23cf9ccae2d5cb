import pytest

from ordercore.domain.allocation import Policy, allocate
from ordercore.domain.inventory import Allocation, StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.service import apply_plan, demand_of, next_reservation_id, snapshot_of
from ordercore.service.allocating import AppliedPlan
from tests.service.helpers import LOCATIONS, T, an_order


def test_a_line_gets_its_plain_reservation_id_first_then_numbered_ones() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    assert "order-1/line-1" == next_reservation_id(item, "order-1", "line-1")
    for expected in ("order-1/line-1", "order-1/line-1/2", "order-1/line-1/3"):
        rid = next_reservation_id(item, "order-1", "line-1")
        item.reserve(
            rid, order_ref="order-1", line_ref="line-1",
            allocations=[Allocation("WH-EAST", 1)], now=T, hard=True,
        )  # fmt: skip
        assert expected == rid


def test_refuses_a_fill_plan_for_units_that_are_not_backordered() -> None:
    order = an_order(vases=0)
    order.place(T)
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    plan = allocate(demand_of(order, T), snapshot_of([item], LOCATIONS), Policy.default(), T)
    before = (order.version, item.version)
    with pytest.raises(ValidationError, match="waiting"):
        apply_plan(plan, order, {"RETRO-CLOCK": item}, T, filling=True)
    assert before == (order.version, item.version)


def _placed_clock_order_and_stock() -> tuple[Order, StockItem]:
    order = an_order(vases=0)
    order.place(T)
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    return order, item


def test_reserves_under_the_ids_the_handler_read_from_the_stock_item() -> None:
    order, item = _placed_clock_order_and_stock()
    item.reserve(
        "order-1/line-1", order_ref="order-1", line_ref="line-1",
        allocations=[Allocation("WH-EAST", 1)], now=T, hard=True,
    )  # fmt: skip
    ids = {"line-1": item.next_reservation_id("order-1", "line-1")}
    plan = allocate(demand_of(order, T), snapshot_of([item], LOCATIONS), Policy.default(), T)
    apply_plan(plan, order, {"RETRO-CLOCK": item}, T, reservation_ids=ids)
    assert ["order-1/line-1", "order-1/line-1/2"] == list(item.reservations)


def test_reserves_under_the_first_ids_when_the_handler_read_them() -> None:
    order, item = _placed_clock_order_and_stock()
    ids = {"line-1": item.next_reservation_id("order-1", "line-1")}
    plan = allocate(demand_of(order, T), snapshot_of([item], LOCATIONS), Policy.default(), T)
    applied = apply_plan(plan, order, {"RETRO-CLOCK": item}, T, reservation_ids=ids)
    assert {"line-1": 2} == dict(applied.reserved)
    assert ["order-1/line-1"] == list(item.reservations)


def test_what_apply_plan_returns_is_the_applied_plan_the_constructor_builds() -> None:
    order, item = _placed_clock_order_and_stock()
    plan = allocate(demand_of(order, T), snapshot_of([item], LOCATIONS), Policy.default(), T)
    actual = apply_plan(plan, order, {"RETRO-CLOCK": item}, T)
    expected = AppliedPlan(plan, {"line-1": 2}, {})
    assert (expected, repr(expected)) == (actual, repr(actual))


def test_asks_the_stock_item_for_the_id_of_a_line_the_handler_did_not_read() -> None:
    order, item = _placed_clock_order_and_stock()
    item.reserve(
        "order-1/line-1", order_ref="order-1", line_ref="other",
        allocations=[Allocation("WH-EAST", 1)], now=T, hard=True,
    )  # fmt: skip
    plan = allocate(demand_of(order, T), snapshot_of([item], LOCATIONS), Policy.default(), T)
    apply_plan(plan, order, {"RETRO-CLOCK": item}, T, reservation_ids={})
    assert ["order-1/line-1", "order-1/line-1/2"] == list(item.reservations)


def test_the_stock_item_lists_a_lines_active_reservations_oldest_first() -> None:
    _, item = _placed_clock_order_and_stock()
    for rid, line in (
        ("order-1/line-1", "line-1"),
        ("x", "line-2"),
        ("order-1/line-1/2", "line-1"),
    ):
        item.reserve(
            rid, order_ref="order-1", line_ref=line,
            allocations=[Allocation("WH-EAST", 1)], now=T, hard=True,
        )  # fmt: skip
    found = item.line_reservations("order-1", "line-1")
    assert ["order-1/line-1", "order-1/line-1/2"] == [r.id for r in found]
