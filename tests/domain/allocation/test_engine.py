import copy
import datetime

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    DemandLine,
    DuplicateDemand,
    LineAllocation,
    OrderDemand,
    Plan,
    Policy,
    Shortfall,
    StockSnapshot,
    Supply,
    SupplyKey,
    allocate,
)
from ordercore.domain.allocation.engine import orders_in_serving_order
from ordercore.kernel.errors import NaiveDatetime, WrongType
from ordercore.testing.strategies_allocation import ANCHOR, batches, policies, snapshots

NOW = ANCHOR
TODAY = NOW.date()


def order(
    order_id: str,
    *lines: tuple[str, int],
    priority: int = 100,
    minutes_ago: int = 0,
    channel: str = "web",
) -> OrderDemand:
    return OrderDemand(
        order_id,
        NOW.subtract(minutes=minutes_ago),
        [DemandLine(order_id, str(n + 1), sku, qty) for n, (sku, qty) in enumerate(lines)],
        priority=priority,
        channel=channel,
    )


def picks_of(plan: Plan) -> list[tuple[str, list[tuple[str, str | None, int]]]]:
    return [(line.line_id, [(p.location, p.lot, p.quantity) for p in line.picks]) for line in plan]


def test_prefers_warehouse_stock_to_incoming_shipments() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 10, eta=TODAY.add(days=3), supply_id="PO-1"),
            Supply("RETRO-CLOCK", "WH-EAST", 10),
        ]
    )
    plan = allocate(order("O-1", ("RETRO-CLOCK", 4)), snapshot, Policy.default(), NOW)
    expected = [("WH-EAST", None, 4, None)]
    assert expected == [(p.location, p.lot, p.quantity, p.eta) for p in plan.lines[0].picks]


def test_falls_back_to_incoming_shipments_and_says_when_they_arrive() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 1),
            Supply("RETRO-CLOCK", "WH-EAST", 10, eta=TODAY.add(days=3), supply_id="PO-1"),
        ]
    )
    plan = allocate(order("O-1", ("RETRO-CLOCK", 4)), snapshot, Policy.default(), NOW)
    incoming = plan.lines[0].picks[1]
    assert (3, TODAY.add(days=3), "PO-1") == (incoming.quantity, incoming.eta, incoming.supply_id)
    assert "incoming, ETA 2026-11-29" in incoming.reason


def test_serves_a_two_line_order_from_the_one_warehouse_that_has_both() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 5, priority=1),
            Supply("RETRO-CLOCK", "WH-WEST", 5, priority=2),
            Supply("BLUE-VASE", "WH-WEST", 5, priority=2),
        ]
    )
    demand = order("O-1", ("RETRO-CLOCK", 2), ("BLUE-VASE", 1))
    plan = allocate(demand, snapshot, Policy.fewest_shipments_first(), NOW)
    assert [("WH-WEST",), ("WH-WEST",)] == [line.locations for line in plan]
    assert "the one location serving the whole order" in plan.lines[0].reason


def test_splits_across_warehouses_when_no_single_one_has_both() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 5, priority=1), Supply("BLUE-VASE", "WH-WEST", 5)]
    )
    demand = order("O-1", ("RETRO-CLOCK", 2), ("BLUE-VASE", 1))
    plan = allocate(demand, snapshot, Policy.fewest_shipments_first(), NOW)
    assert [("WH-EAST",), ("WH-WEST",)] == [line.locations for line in plan]


def test_two_lines_of_the_same_sku_cannot_both_take_the_last_unit() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1)])
    plan = allocate(order("O-1", ("RETRO-CLOCK", 1), ("RETRO-CLOCK", 1)), snapshot, Policy(), NOW)
    assert [(1, 0), (0, 1)] == [(line.allocated, line.backordered) for line in plan]
    assert 1 == plan.allocated


def test_two_orders_in_a_batch_cannot_both_take_the_last_unit_and_priority_wins() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1)])
    early_but_low = order("O-1", ("RETRO-CLOCK", 1), priority=2, minutes_ago=60)
    late_but_high = order("O-2", ("RETRO-CLOCK", 1), priority=1)
    plan = allocate([early_but_low, late_but_high], snapshot, Policy(), NOW)
    assert [("O-2", 1), ("O-1", 0)] == [(line.order_id, line.allocated) for line in plan]


def test_ship_complete_allocates_nothing_when_one_line_is_short() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 5), Supply("BLUE-VASE", "WH-EAST", 1)]
    )
    demand = order("O-1", ("RETRO-CLOCK", 2), ("BLUE-VASE", 2))
    policy = Policy().with_shortfall(Shortfall.SHIP_COMPLETE)
    plan = allocate(demand, snapshot, policy, NOW)
    assert [(0, 2), (0, 2)] == [(line.allocated, line.backordered) for line in plan]
    assert () == plan.consumed
    assert "line 2 (BLUE-VASE) is short by 1" in plan.lines[0].reason


def test_ship_complete_sums_the_lines_of_one_sku_before_checking() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 3)])
    demand = order("O-1", ("RETRO-CLOCK", 2), ("RETRO-CLOCK", 2))
    plan = allocate(demand, snapshot, Policy().with_shortfall(Shortfall.SHIP_COMPLETE), NOW)
    assert 0 == plan.allocated


def test_partial_leaves_the_rest_unfilled_instead_of_backordering_it() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 3)])
    plan = allocate(
        order("O-1", ("RETRO-CLOCK", 5)), snapshot, Policy().with_shortfall(Shortfall.PARTIAL), NOW
    )
    line = plan.lines[0]
    assert (3, 0, 2) == (line.allocated, line.backordered, line.unfilled)
    assert "2 left unfilled" in line.reason


def test_backorders_a_sku_the_snapshot_does_not_know_and_says_so() -> None:
    plan = allocate(order("O-1", ("BRASS-LAMP", 2)), StockSnapshot({}), Policy(), NOW)
    assert (0, 2) == (plan.lines[0].allocated, plan.lines[0].backordered)
    assert "no stock of BRASS-LAMP in the snapshot" in plan.lines[0].reason


def test_reason_names_the_location_its_priority_what_is_available_and_the_lot() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 40, lot="L-07", priority=1, expires_on=TODAY.add(days=9))]
    )
    plan = allocate(order("O-1", ("RETRO-CLOCK", 2)), snapshot, Policy(), NOW)
    expected = "WH-EAST: on hand, priority 1, 40 available; lot L-07 expires first (2026-12-05)"
    assert expected == plan.lines[0].picks[0].reason


def test_refuses_a_duplicate_order_in_a_batch_and_names_it() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1)])
    with pytest.raises(DuplicateDemand) as refused:
        allocate([order("O-1", ("RETRO-CLOCK", 1))] * 2, snapshot, Policy(), NOW)
    assert ("order_id", "O-1") == (refused.value.field, refused.value.value)


def test_refuses_a_naive_now() -> None:
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1)])
    with pytest.raises(NaiveDatetime):
        allocate(order("O-1", ("RETRO-CLOCK", 1)), snapshot, Policy(), pendulum.naive(2026, 1, 1))


def test_refuses_a_snapshot_that_is_not_a_snapshot() -> None:
    with pytest.raises(WrongType):
        allocate(order("O-1", ("RETRO-CLOCK", 1)), {}, Policy(), NOW)  # type: ignore[arg-type]


def sequentially(
    orders: list[OrderDemand], snapshot: StockSnapshot, policy: Policy
) -> tuple[list[LineAllocation], StockSnapshot]:
    lines: list[LineAllocation] = []
    for one in sorted(orders, key=lambda o: o.serving_key):
        plan = allocate(one, snapshot, policy, NOW)
        lines.extend(plan.lines)
        snapshot = snapshot.after(plan)
    return lines, snapshot


def available_by_key(snapshot: StockSnapshot) -> dict[SupplyKey, int]:
    return {row.key: row.available for rows in snapshot.rows.values() for row in rows}


@given(snapshots(), batches(), policies())
def test_no_plan_ever_assigns_more_than_is_available(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    plan = allocate(orders, snapshot, policy, NOW)
    available = available_by_key(snapshot)
    assert all(0 < c.quantity <= available[c.key] for c in plan.consumed)
    picked: dict[SupplyKey, int] = {}
    for line in plan:
        for p in line.picks:
            key = (line.sku, p.location, p.lot, p.supply_id)
            picked[key] = picked.get(key, 0) + p.quantity
    assert {c.key: c.quantity for c in plan.consumed} == picked


@given(snapshots(), batches(), policies())
def test_every_line_is_split_into_allocated_backordered_and_unfilled(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    plan = allocate(orders, snapshot, policy, NOW)
    wanted = {(ln.order_id, ln.line_id): ln.quantity for o in orders for ln in o.lines}
    split = {
        (line.order_id, line.line_id): line.allocated + line.backordered + line.unfilled
        for line in plan
    }
    assert wanted == split
    assert all(p.quantity > 0 for line in plan for p in line.picks)


@given(snapshots(), batches(), policies())
def test_batch_allocation_equals_sequential_allocation(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    batch = allocate(orders, snapshot, policy, NOW)
    lines, remaining = sequentially(orders, snapshot, policy)
    assert list(batch.lines) == lines
    assert available_by_key(snapshot.after(batch)) == available_by_key(remaining)


@given(snapshots(), batches(), policies())
def test_ship_complete_serves_every_line_of_an_order_in_full_or_none(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    plan = allocate(orders, snapshot, policy.with_shortfall(Shortfall.SHIP_COMPLETE), NOW)
    for one in orders:
        served = [line.allocated == line.quantity for line in plan.for_order(one.order_id)]
        assert all(served) or not any(line.allocated for line in plan.for_order(one.order_id))


@given(snapshots(), batches(), policies())
def test_allocating_changes_neither_the_snapshot_nor_the_demand(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    before = (copy.deepcopy(snapshot), copy.deepcopy(orders))
    allocate(orders, snapshot, policy, NOW)
    assert before == (snapshot, orders)


@given(snapshots(), batches(), st.data())
def test_a_rejected_batch_changes_nothing(
    snapshot: StockSnapshot, orders: list[OrderDemand], data: st.DataObject
) -> None:
    duplicate = attrs.evolve(orders[0])
    before = (copy.deepcopy(snapshot), copy.deepcopy(orders))
    with pytest.raises(DuplicateDemand):
        allocate([*orders, duplicate], snapshot, data.draw(policies()), NOW)
    assert before == (snapshot, orders)


@given(snapshots(), batches(), policies())
def test_a_plan_is_deterministic(
    snapshot: StockSnapshot, orders: list[OrderDemand], policy: Policy
) -> None:
    first: Plan = allocate(orders, snapshot, policy, NOW)
    assert first == allocate(list(reversed(orders)), snapshot, policy, NOW)


_ZONES = [
    pendulum.UTC,
    datetime.UTC,
    pendulum.timezone("Europe/Paris"),
    datetime.timezone(datetime.timedelta(hours=-5)),
]


@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 600), st.sampled_from(_ZONES)),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
)
def test_a_batch_is_served_in_serving_key_order_in_every_time_zone(
    drawn: list[tuple[int, int, datetime.tzinfo]], utc_only: bool
) -> None:
    # around the night Paris turns its clocks back: wall times repeat there
    start = pendulum.datetime(2026, 10, 25, 0, 0, tz="UTC")
    batch = [
        OrderDemand(
            f"O-{n}",
            start.add(minutes=minutes).astimezone(pendulum.UTC if utc_only else zone),
            [DemandLine(f"O-{n}", "1", "RETRO-CLOCK", 1)],
            priority=priority,
        )
        for n, (priority, minutes, zone) in enumerate(drawn)
    ]
    expected = [o.order_id for o in sorted(batch, key=lambda o: o.serving_key)]
    assert expected == [o.order_id for o in orders_in_serving_order(reversed(batch))]
