import pytest

from ordercore.domain.allocation import (
    AllocationRule,
    DemandLine,
    LineNotInPlan,
    OrderDemand,
    Policy,
    Shortfall,
    StockSnapshot,
    Supply,
    allocate,
)
from ordercore.domain.allocation.plan import Consumption, LineAllocation, Pick, Plan, planned
from ordercore.testing.strategies_allocation import ANCHOR

NOW = ANCHOR
SNAPSHOT = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 3, priority=1)])
ORDER = OrderDemand("O-1", NOW, [DemandLine("O-1", "1", "RETRO-CLOCK", 5)])
ANCHORS = (
    Policy.location_priority()
    .with_allocation(AllocationRule.ONE_LOT_PER_LINE)
    .with_shortfall(Shortfall.SHIP_COMPLETE)
)


def test_finds_a_line_by_order_and_line_id() -> None:
    plan = allocate(ORDER, SNAPSHOT, Policy(), NOW)
    assert (3, 2) == (plan.line("O-1", "1").allocated, plan.line("O-1", "1").backordered)


def test_refuses_to_find_a_line_it_does_not_hold() -> None:
    plan = allocate(ORDER, SNAPSHOT, Policy(), NOW)
    with pytest.raises(LineNotInPlan):
        plan.line("O-1", "2")


def test_explains_itself_line_by_line() -> None:
    plan = allocate(ORDER, SNAPSHOT, Policy(), NOW)
    expected = (
        "plan by policy 'default' at 2026-11-26T09:00:00+00:00\n"
        "O-1/1 RETRO-CLOCK x5: 3 of 5 allocated from WH-EAST; 2 backordered: "
        "no more RETRO-CLOCK that the policy 'default' may use\n"
        "  3 from WH-EAST: on hand, priority 1, 3 available"
    )
    assert expected == plan.explain()


def test_the_remaining_snapshot_subtracts_what_the_plan_consumed() -> None:
    plan = allocate(ORDER, SNAPSHOT, Policy(), NOW)
    assert (0, 3, 3) == (
        SNAPSHOT.after(plan).available("RETRO-CLOCK"),
        plan.consumed_from("RETRO-CLOCK", "WH-EAST"),
        plan.allocated,
    )


def test_a_plan_built_fast_is_the_plan_the_constructor_builds() -> None:
    made = allocate(ORDER, SNAPSHOT, Policy(), NOW)
    expected = [
        Plan(made.policy, made.decided_at, made.lines, made.consumed),
        Plan("default", NOW, (), ()),
    ]
    actual = [made, planned("default", NOW, (), ())]
    assert (expected, repr(expected), hash(expected[1])) == (actual, repr(actual), hash(actual[1]))


@pytest.mark.parametrize("policy", [Policy.default(), ANCHORS], ids=["greedy", "anchors"])
def test_records_built_fast_are_the_records_the_constructors_build(policy: Policy) -> None:
    order = OrderDemand("O-2", NOW, [DemandLine("O-2", "1", "RETRO-CLOCK", 2)])
    plan = allocate(order, SNAPSHOT, policy, NOW)
    line, pick = plan.lines[0], plan.lines[0].picks[0]
    built = Pick(pick.source, 2, 3, pick.phrasing)
    expected = LineAllocation(order.lines[0], (built,), 0, 0, line.reason, ())
    took = Consumption(pick.source, 2)
    assert (
        expected,
        repr(expected),
        "allocated in full from WH-EAST",
        pick.reason,
        (took,),
        repr(took),
    ) == (line, repr(line), line.reason, built.reason, plan.consumed, repr(plan.consumed[0]))
