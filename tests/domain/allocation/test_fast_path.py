from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    AllocationRule,
    DemandLine,
    OrderDemand,
    Policy,
    Shortfall,
    StockSnapshot,
    Supply,
    allocate,
)
from ordercore.domain.allocation.engine import orders_in_serving_order, plan_orders
from ordercore.testing.strategies_allocation import ANCHOR, batches, policies, snapshots

NOW = ANCHOR
ANCHORS_RULE = (
    Policy.location_priority()
    .with_allocation(AllocationRule.ONE_LOT_PER_LINE)
    .with_shortfall(Shortfall.SHIP_COMPLETE)
)


def _reference(batch: list[OrderDemand], snapshot: StockSnapshot, policy: Policy) -> object:
    return plan_orders(orders_in_serving_order(batch), snapshot, policy, NOW, "", reference=True)


@given(snapshot=snapshots(), batch=batches(), policy=policies())
def test_the_fast_path_plans_exactly_what_the_reference_path_plans(
    snapshot: StockSnapshot, batch: list[OrderDemand], policy: Policy
) -> None:
    assert _reference(batch, snapshot, policy) == allocate(batch, snapshot, policy, NOW)


@given(
    snapshot=snapshots(),
    batch=batches(max_orders=12),
    allocation=st.sampled_from(list(AllocationRule)),
    shortfall=st.sampled_from(list(Shortfall)),
)
def test_the_fast_path_agrees_with_the_reference_on_busy_batches_under_static_rankings(
    snapshot: StockSnapshot,
    batch: list[OrderDemand],
    allocation: AllocationRule,
    shortfall: Shortfall,
) -> None:
    policy = Policy.default().with_allocation(allocation).with_shortfall(shortfall)
    assert _reference(batch, snapshot, policy) == allocate(batch, snapshot, policy, NOW)


@given(snapshot=snapshots(), batch=batches(max_orders=12))
def test_the_anchors_rule_loop_plans_exactly_what_the_reference_path_plans(
    snapshot: StockSnapshot, batch: list[OrderDemand]
) -> None:
    assert _reference(batch, snapshot, ANCHORS_RULE) == allocate(batch, snapshot, ANCHORS_RULE, NOW)


def test_ships_each_line_from_the_first_warehouse_holding_all_of_it_under_the_anchors_rule() -> (
    None
):
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 2, priority=1),
            Supply("RETRO-CLOCK", "WH-WEST", 5, priority=2),
            Supply("RETRO-CLOCK", "STORE-1", 9, priority=3, eta=NOW.date().add(days=3),
                   supply_id="PO-1"),
        ]
    )  # fmt: skip
    order = OrderDemand("O-1", NOW, [DemandLine("O-1", "1", "RETRO-CLOCK", 4)])
    plan = allocate(order, snapshot, ANCHORS_RULE, NOW)
    assert [("WH-WEST", 4)] == [(p.location, p.quantity) for p in plan.lines[0].picks]


def test_backorders_the_whole_order_when_one_line_is_short_under_the_anchors_rule() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 5, priority=1), Supply("BLUE-VASE", "WH-EAST", 1)]
    )
    order = OrderDemand(
        "O-1",
        NOW,
        [DemandLine("O-1", "1", "RETRO-CLOCK", 3), DemandLine("O-1", "2", "BLUE-VASE", 2)],
    )
    plan = allocate(order, snapshot, ANCHORS_RULE, NOW)
    why = "ship complete: nothing allocated, all 3 backordered, because line 2 (BLUE-VASE) is"
    expected = ([(0, 3), (0, 2)], f"{why} short by 1", ())
    actual = (
        [(ln.allocated, ln.backordered) for ln in plan.lines],
        plan.lines[0].reason,
        plan.consumed,
    )
    assert expected == actual
