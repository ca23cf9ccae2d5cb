import pytest

from ordercore.domain.allocation import Policy, allocate
from ordercore.domain.inventory import Allocation, StockItem
from ordercore.kernel.errors import ValidationError
from ordercore.service import apply_plan, demand_of, next_reservation_id, snapshot_of
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
