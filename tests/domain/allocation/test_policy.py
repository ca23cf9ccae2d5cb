import pytest
from hypothesis import given

from ordercore.domain.allocation import (
    AllocationRule,
    MinShelfLife,
    OrderDemand,
    Policy,
    Shortfall,
    StockSnapshot,
    allocate,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.testing.strategies_allocation import ANCHOR, batches, order_demands, snapshots

NOW = ANCHOR
TODAY = NOW.date()


def test_the_default_policy_is_on_hand_first_then_priority_then_fefo_then_fifo() -> None:
    expected = ["OnHandFirst", "LocationPriority", "Fefo", "Fifo"]
    assert expected == [type(step).__name__ for step in Policy.default().ranking]
    assert (AllocationRule.GREEDY, Shortfall.BACKORDER) == (
        Policy.default().allocation,
        Policy.default().shortfall,
    )


def test_policies_are_values_changed_by_copy() -> None:
    policy = Policy.default()
    changed = policy.with_shortfall(Shortfall.PARTIAL).named("marketplace")
    assert (Shortfall.BACKORDER, Shortfall.PARTIAL) == (policy.shortfall, changed.shortfall)
    assert "marketplace" == changed.name


def test_refuses_an_unknown_timezone() -> None:
    with pytest.raises(ValidationError):
        Policy(timezone="Mars/Olympus")


def test_refuses_an_unknown_shortfall_rule() -> None:
    with pytest.raises(ValidationError, match="ship_everything"):
        Policy(shortfall="ship_everything")


def test_refuses_a_filter_without_a_refusal_method() -> None:
    with pytest.raises(WrongType):
        Policy(filters=(42,))


def test_refuses_a_negative_safety_buffer() -> None:
    with pytest.raises(ValidationError):
        Policy().with_safety_buffers({"marketplace": -1})


def usable_at(snapshot: StockSnapshot, sku: str, location: str) -> int:
    return sum(
        row.available
        for row in snapshot.supply(sku)
        if row.location == location and MinShelfLife(0).refusal(row, TODAY) is None
    )


@given(snapshots(), order_demands("O-1"))
def test_fewest_shipments_ships_from_one_location_whenever_one_covers_the_order(
    snapshot: StockSnapshot, order: OrderDemand
) -> None:
    need: dict[str, int] = {}
    for line in order.lines:
        need[line.sku] = need.get(line.sku, 0) + line.quantity
    locations = {row.location for rows in snapshot.rows.values() for row in rows}
    covers = [
        loc for loc in locations if all(usable_at(snapshot, s, loc) >= n for s, n in need.items())
    ]
    plan = allocate(order, snapshot, Policy.fewest_shipments_first(), NOW)
    used = {loc for line in plan for loc in line.locations}
    if covers and len(order.lines) > 1:
        assert 1 == len(used)
        assert used <= set(covers)


@given(snapshots(), batches())
def test_one_lot_per_line_never_splits_a_line(
    snapshot: StockSnapshot, orders: list[OrderDemand]
) -> None:
    policy = Policy.default().with_allocation(AllocationRule.ONE_LOT_PER_LINE)
    assert all(len(line.picks) <= 1 for line in allocate(orders, snapshot, policy, NOW))


@given(snapshots(), batches())
def test_a_safety_buffer_is_never_taken_by_its_channel(
    snapshot: StockSnapshot, orders: list[OrderDemand]
) -> None:
    policy = Policy.default().with_safety_buffers({"marketplace": 2})
    free = {
        (sku, loc): sum(r.available for r in rows if r.location == loc)
        for sku, rows in snapshot.rows.items()
        for loc in {r.location for r in rows}
    }
    channel = {o.order_id: o.channel for o in orders}
    for line in allocate(orders, snapshot, policy, NOW):
        for pick in line.picks:
            free[(line.sku, pick.location)] -= pick.quantity
            if channel[line.order_id] == "marketplace":
                assert free[(line.sku, pick.location)] >= 2
