import copy
from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    DemandLine,
    OrderDemand,
    Plan,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
    reserve_plan,
)
from ordercore.domain.inventory import (
    DuplicateReservation,
    InsufficientStock,
    ReservationState,
    StockItem,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.testing.strategies_allocation import ANCHOR, SKUS, batches, policies
from ordercore.testing.strategies_inventory import stocked_items

NOW = ANCHOR


def snapshot_of(items: dict[str, StockItem]) -> StockSnapshot:
    return StockSnapshot.of(
        Supply(
            sku,
            row.location,
            row.available,
            lot=row.lot,
            expires_on=row.expires_on,
            received_at=row.received_at,
            eta=row.expected_on,
            supply_id=row.supply,
        )
        for sku, item in items.items()
        for row in item.supply_rows()
        if row.available > 0
    )


def shop() -> dict[str, StockItem]:
    clocks = StockItem("RETRO-CLOCK")
    clocks.receive("WH-EAST", 2, NOW)
    clocks.add_incoming("PO-7", "WH-WEST", 5, NOW.date().add(days=4), NOW)
    vases = StockItem("BLUE-VASE")
    vases.receive("WH-EAST", 3, NOW)
    for item in (clocks, vases):
        item.pull_events()
    return {"RETRO-CLOCK": clocks, "BLUE-VASE": vases}


def order(order_id: str, *lines: tuple[str, int], priority: int = 100) -> OrderDemand:
    return OrderDemand(
        order_id,
        NOW.subtract(hours=1),
        [DemandLine(order_id, str(n), sku, units) for n, (sku, units) in enumerate(lines, 1)],
        priority=priority,
    )


def plan_for(items: dict[str, StockItem], *orders: OrderDemand) -> Plan:
    return allocate(list(orders), snapshot_of(items), Policy.default(), NOW)


def state(items: dict[str, StockItem]) -> list[object]:
    return [copy.deepcopy((item.book, item.reservations, item.version)) for item in items.values()]


def test_reserves_one_hard_hold_per_served_line_in_the_plans_preference_order() -> None:
    items = shop()
    wanted = order("O-1", ("RETRO-CLOCK", 4), ("BLUE-VASE", 1), priority=2)
    placed = reserve_plan(plan_for(items, wanted), [wanted], items, NOW)
    (clock_hold,) = placed["RETRO-CLOCK"]
    expected = (
        "O-1/1",
        [("WH-EAST", 2, None), ("WH-WEST", 2, "PO-7")],
        ReservationState.ALLOCATED,
        2,
        wanted.placed_at,
    )
    actual = (
        clock_hold.id,
        [(a.location, a.quantity, a.supply) for a in clock_hold.allocations],
        clock_hold.state,
        clock_hold.priority,
        clock_hold.placed_at,
    )
    assert expected == actual
    assert ["O-1/2"] == [r.id for r in placed["BLUE-VASE"]]


def test_places_soft_holds_when_given_a_time_to_live() -> None:
    items = shop()
    wanted = order("O-1", ("BLUE-VASE", 2))
    placed = reserve_plan(plan_for(items, wanted), [wanted], items, NOW, ttl=timedelta(minutes=15))
    (hold,) = placed["BLUE-VASE"]
    assert (ReservationState.HELD, NOW.add(minutes=15)) == (hold.state, hold.expires_at)


def test_names_holds_with_the_function_given() -> None:
    items = shop()
    wanted = order("O-1", ("BLUE-VASE", 2))
    placed = reserve_plan(
        plan_for(items, wanted),
        [wanted],
        items,
        NOW,
        reservation_id=lambda line: f"HOLD-{line.order_id}-{line.line_id}-2",
    )
    assert ["HOLD-O-1-1-2"] == [r.id for r in placed["BLUE-VASE"]]


def test_gives_each_hold_its_own_orders_priority_when_the_plans_lines_interleave() -> None:
    items = shop()
    first = order("O-1", ("BLUE-VASE", 1), ("RETRO-CLOCK", 1), priority=1)
    second = order("O-2", ("BLUE-VASE", 1), priority=3)
    made = plan_for(items, first, second)
    mixed = Plan(
        made.policy,
        made.decided_at,
        (made.line("O-1", "1"), made.line("O-2", "1"), made.line("O-1", "2")),
        made.consumed,
    )
    placed = reserve_plan(mixed, [first, second], items, NOW)
    expected = [("O-1/1", 1), ("O-2/1", 3), ("O-1/2", 1)]
    actual = [(r.id, r.priority) for sku in ("BLUE-VASE", "RETRO-CLOCK") for r in placed[sku]]
    assert expected == actual


def test_skips_lines_the_plan_could_not_serve() -> None:
    items = shop()
    wanted = order("O-1", ("BRASS-LAMP", 1), ("BLUE-VASE", 1))
    items["BRASS-LAMP"] = StockItem("BRASS-LAMP")
    placed = reserve_plan(plan_for(items, wanted), [wanted], items, NOW)
    assert ["BLUE-VASE"] == sorted(placed)


def test_refuses_a_line_whose_order_is_not_in_the_demand_before_touching_any_item() -> None:
    items = shop()
    first, second = order("O-1", ("BLUE-VASE", 1)), order("O-2", ("RETRO-CLOCK", 1))
    before = state(items)
    with pytest.raises(ValidationError, match=r"'O-2'.*every order the plan serves"):
        reserve_plan(plan_for(items, first, second), [first], items, NOW)
    assert before == state(items)


def test_refuses_a_sku_that_is_not_loaded_before_touching_any_item() -> None:
    items = shop()
    wanted = order("O-1", ("BLUE-VASE", 1), ("RETRO-CLOCK", 1))
    plan = plan_for(items, wanted)
    only_vases = {"BLUE-VASE": items["BLUE-VASE"]}
    before = state(only_vases)
    with pytest.raises(ValidationError, match=r"'RETRO-CLOCK'.*every SKU the plan takes from"):
        reserve_plan(plan, [wanted], only_vases, NOW)
    assert before == state(only_vases)


def test_refuses_anything_but_a_plan() -> None:
    with pytest.raises(WrongType, match="plan"):
        reserve_plan("a plan", [], shop(), NOW)  # type: ignore[arg-type]


def test_a_sku_whose_stock_moved_since_the_snapshot_refuses_its_whole_batch() -> None:
    items = shop()
    first, second = order("O-1", ("BLUE-VASE", 2)), order("O-2", ("BLUE-VASE", 1))
    plan = plan_for(items, first, second)
    items["BLUE-VASE"].adjust("WH-EAST", -2, "found broken", NOW)
    items["BLUE-VASE"].pull_events()
    before = state(items)
    with pytest.raises(InsufficientStock):
        reserve_plan(plan, [first, second], items, NOW)
    assert before == state(items)


def test_reserving_the_same_plan_twice_is_refused_as_a_duplicate() -> None:
    items = shop()
    wanted = order("O-1", ("BLUE-VASE", 1))
    plan = plan_for(items, wanted)
    reserve_plan(plan, [wanted], items, NOW)
    with pytest.raises(DuplicateReservation):
        reserve_plan(plan, [wanted], items, NOW)


@given(
    st.fixed_dictionaries({sku: stocked_items(sku) for sku in SKUS}),
    batches(),
    policies(),
)
def test_reserves_exactly_what_any_plan_allocated_and_the_ledger_still_proves_it(
    items: dict[str, StockItem], orders: list[OrderDemand], policy: Policy
) -> None:
    plan = allocate(orders, snapshot_of(items), policy, NOW)
    placed = reserve_plan(plan, orders, items, NOW)
    planned: Counter[str] = Counter()
    for line in plan.lines:
        planned[line.sku] += line.allocated
    held = Counter({sku: sum(r.quantity for r in holds) for sku, holds in placed.items()})
    reserved = Counter({sku: item.reserved() for sku, item in items.items()})
    drift = [drift for item in items.values() for drift in item.verify().drifts]
    assert (+planned, +planned, []) == (+held, +reserved, drift)
