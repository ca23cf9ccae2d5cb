"""The allocation benchmark measures like with like: every approach gives the same answer."""

from collections import Counter

from allocation import ANCHORS, anchors_full_path
from allocation_baselines import floor, floor_anchors, naive, naive_anchors
from allocation_data import NOW, generate, to_demand, to_snapshot
from allocation_full import (
    anchors_bookkeeping_floor,
    full_path,
    reserve_release_bookkeeping,
    reserve_release_floor,
    reserve_release_ops,
    reserve_release_records,
)
from ordercore.domain.allocation import Policy, allocate


def _served(rows: list[tuple[str, str, str | None, int]]) -> Counter[tuple[str, str, str | None]]:
    counts: Counter[tuple[str, str, str | None]] = Counter()
    for order_id, line_id, location, units in rows:
        counts[(order_id, line_id, location)] += units
    return counts


def test_the_floor_the_naive_baseline_and_the_plan_serve_every_line_alike() -> None:
    rows, orders = generate(200, 3_000)
    plan = allocate(to_demand(orders), to_snapshot(rows), Policy.default(), NOW)
    ours: list[tuple[str, str, str | None, int]] = []
    for line in plan.lines:
        ours += [(line.order_id, line.line_id, p.location, p.quantity) for p in line.picks]
        if line.backordered + line.unfilled:
            ours.append((line.order_id, line.line_id, None, line.backordered + line.unfilled))
    expected = _served(floor(list(rows), orders))
    assert (expected, expected) == (_served(naive(list(rows), orders)), _served(ours))


def test_the_anchors_floor_naive_baseline_and_plan_serve_every_line_alike() -> None:
    rows, orders = generate(200, 3_000)
    plan = allocate(to_demand(orders), to_snapshot(rows), ANCHORS, NOW)
    ours: list[tuple[str, str, str | None, int]] = []
    for line in plan.lines:
        ours += [(line.order_id, line.line_id, p.location, p.quantity) for p in line.picks]
        if line.backordered + line.unfilled:
            ours.append((line.order_id, line.line_id, None, line.backordered + line.unfilled))
    expected = _served(floor_anchors(list(rows), orders))
    backordered_orders = {order_id for order_id, _, where, _ in ours if where is None}
    assert (expected, expected) == (_served(naive_anchors(list(rows), orders)), _served(ours))
    assert 0 < len(backordered_orders) < len(orders)


def test_the_anchors_full_path_reserves_what_its_plan_allocated() -> None:
    rows, orders = generate(200, 3_000)
    plan = allocate(to_demand(orders), to_snapshot(rows), ANCHORS, NOW)
    setup, run = anchors_full_path(rows, orders)
    items = setup()
    events = run(items)
    held = sum(r.quantity for item in items.values() for r in item.reservations.values())
    assert (plan.allocated, sum(1 for line in plan.lines if line.picks)) == (held, events)


def test_the_full_path_reserves_exactly_what_the_plan_allocated() -> None:

    rows, orders = generate(200, 3_000)
    plan = allocate(to_demand(orders), to_snapshot(rows), Policy.default(), NOW)
    setup, run = full_path(rows, orders)
    items = setup()
    events = run(items)
    on_shelf = sum(item.reserved() for item in items.values())
    incoming = sum(sum(item.supplies.promised.values()) for item in items.values())
    held = sum(r.quantity for item in items.values() for r in item.reservations.values())
    served = sum(1 for line in plan.lines if line.picks)
    assert (plan.allocated, plan.allocated, served) == (on_shelf + incoming, held, events)


def test_the_reserve_release_rows_end_with_the_same_free_units() -> None:

    expected = reserve_release_floor(2_000)
    assert (expected, expected, expected) == (
        reserve_release_ops(2_000),
        reserve_release_bookkeeping(2_000),
        reserve_release_records(2_000),
    )


def test_the_anchors_bookkeeping_floor_records_one_event_per_served_line() -> None:
    rows, orders = generate(200, 3_000)
    plan = allocate(to_demand(orders), to_snapshot(rows), ANCHORS, NOW)
    served = sum(1 for line in plan.lines if line.picks)
    assert served == anchors_bookkeeping_floor(list(rows), orders)
