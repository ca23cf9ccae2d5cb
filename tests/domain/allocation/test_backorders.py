import pytest
from hypothesis import given

from ordercore.domain.allocation import (
    Backorder,
    DemandLine,
    OrderDemand,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
    backorders_of,
    fill_backorders,
)
from ordercore.kernel.errors import ValidationError
from ordercore.testing.strategies_allocation import ANCHOR, batches, snapshots

NOW = ANCHOR


def test_fills_backorders_by_priority_then_placing_time() -> None:
    waiting = [
        Backorder("O-LATE", "1", "RETRO-CLOCK", 2, NOW.subtract(hours=1), priority=2),
        Backorder("O-EARLY", "1", "RETRO-CLOCK", 2, NOW.subtract(hours=5), priority=2),
        Backorder("O-VIP", "1", "RETRO-CLOCK", 2, NOW, priority=1),
    ]
    arrivals = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 5)])
    plan = fill_backorders(waiting, arrivals, Policy.default(), NOW)
    expected = [("O-VIP", 2, 0), ("O-EARLY", 2, 0), ("O-LATE", 1, 1)]
    assert expected == [(ln.order_id, ln.allocated, ln.backordered) for ln in plan]
    assert "default (backorder fill)" == plan.policy


def test_backorders_of_a_plan_carry_the_orders_priority_and_placing_time() -> None:
    order = OrderDemand(
        "O-1", NOW, [DemandLine("O-1", "1", "BLUE-VASE", 3)], priority=2, channel="web"
    )
    plan = allocate(order, StockSnapshot.of([Supply("BLUE-VASE", "WH-EAST", 1)]), Policy(), NOW)
    expected = (Backorder("O-1", "1", "BLUE-VASE", 2, NOW, priority=2, channel="web"),)
    assert expected == backorders_of(plan, order)


def test_refuses_backorders_of_one_order_that_disagree_on_its_priority() -> None:
    waiting = [
        Backorder("O-1", "1", "BLUE-VASE", 1, NOW, priority=1),
        Backorder("O-1", "2", "BLUE-VASE", 1, NOW, priority=2),
    ]
    with pytest.raises(ValidationError):
        fill_backorders(waiting, StockSnapshot({}), Policy(), NOW)


@given(snapshots(), batches(), snapshots())
def test_filling_never_gives_more_than_was_backordered_or_arrived(
    snapshot: StockSnapshot, orders: list[OrderDemand], arrivals: StockSnapshot
) -> None:
    plan = allocate(orders, snapshot, Policy(), NOW)
    waiting = backorders_of(plan, orders)
    filled = fill_backorders(waiting, arrivals, Policy(), NOW)
    assert {(b.order_id, b.line_id): b.quantity for b in waiting} == {
        (ln.order_id, ln.line_id): ln.allocated + ln.backordered for ln in filled
    }
    arrived = {row.key: row.available for rows in arrivals.rows.values() for row in rows}
    assert all(c.quantity <= arrived[c.key] for c in filled.consumed)
