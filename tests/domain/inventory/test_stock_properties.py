"""Hypothesis properties of the decided inventory rules (the stateful machine covers sequences)."""

from __future__ import annotations

import contextlib
import copy

import attrs
import pendulum
from hypothesis import assume, given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    InsufficientStock,
    Position,
    PositionKey,
    ReservationRequest,
    StockItem,
)
from ordercore.domain.inventory.positions import Positions
from ordercore.testing.strategies_inventory import (
    ANCHOR,
    LOCATIONS,
    allocation_lists,
    instants,
    quantities,
    stocked_items,
)
from tests.domain.inventory.helpers import snapshot


def _key(position: Position) -> PositionKey:
    return position.key


def requests_for(batches: list[list[Allocation]]) -> list[ReservationRequest]:
    return [
        ReservationRequest(
            f"R-{n}", f"O-{n}", "L-1", tuple(allocations), ttl=pendulum.duration(minutes=5)
        )
        for n, allocations in enumerate(batches)
    ]


@given(stocked_items(), st.lists(allocation_lists(), min_size=1, max_size=4))
def test_a_batch_is_placed_exactly_when_its_totals_fit_and_a_refusal_changes_nothing(
    item: StockItem, batches: list[list[Allocation]]
) -> None:
    totals: dict[PositionKey, int] = {}
    for allocations in batches:
        for a in allocations:
            totals[a.key] = totals.get(a.key, 0) + a.quantity
    room = {p.key: p.available for p in item.positions()}
    fits = all(units <= room.get(key, 0) for key, units in totals.items())
    before = snapshot(item)
    try:
        item.reserve_many(requests_for(batches), ANCHOR)
    except InsufficientStock:
        assert (False, before) == (fits, snapshot(item))
    else:
        assert (True, sum(totals.values())) == (fits, item.reserved())


@given(stocked_items(), st.data())
def test_a_partial_release_always_gives_back_from_the_last_allocation_first(
    item: StockItem, data: st.DataObject
) -> None:
    rows = [p for p in item.positions() if p.available]
    chosen = data.draw(st.lists(st.sampled_from(rows), min_size=1, unique_by=lambda p: p.key))
    allocations = [
        Allocation(p.key.location, data.draw(quantities(1, p.available)), p.key.lot) for p in chosen
    ]
    item.reserve(
        "R-1", order_ref="O-1", line_ref="L-1", allocations=allocations, now=ANCHOR, hard=True
    )
    total = sum(a.quantity for a in allocations)
    units = data.draw(quantities(1, total))
    expected: list[Allocation] = []
    left = total - units
    for allocation in allocations:  # keep the most preferred units
        keep = min(left, allocation.quantity)
        if keep:
            expected.append(Allocation(allocation.location, keep, allocation.lot))
        left -= keep
    item.release("R-1", units, ANCHOR)
    assert tuple(expected) == item.reservation("R-1").allocations


@given(
    st.lists(st.tuples(st.integers(1, 9), st.integers(0, 60), quantities(1, 4)), min_size=1),
    st.data(),
)
def test_a_shrink_takes_units_from_the_lowest_priority_latest_placed_first(
    holds: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", sum(units for _, _, units in holds), ANCHOR)
    for n, (priority, minute, units) in enumerate(holds):
        item.reserve(
            f"R-{n:02}",
            order_ref=f"O-{n}",
            line_ref="L-1",
            allocations=[Allocation("WH-EAST", units)],
            now=ANCHOR,
            priority=priority,
            placed_at=ANCHOR.add(minutes=minute),
            hard=True,
        )
    shrink = data.draw(quantities(1, item.on_hand()))
    order = sorted(
        range(len(holds)), key=lambda n: (holds[n][0], holds[n][1], f"R-{n:02}"), reverse=True
    )
    expected: list[tuple[str, int]] = []
    left = shrink
    for n in order:
        take = min(left, holds[n][2])
        if take:
            expected.append((f"R-{n:02}", take))
        left -= take
    change = item.adjust("WH-EAST", -shrink, "flood", ANCHOR)
    assert expected == [(loss.reservation_id, loss.quantity) for loss in change.losses]


@given(quantities(1, 30), quantities(1, 30), quantities(1, 40))
def test_growing_a_reservation_needs_only_the_difference_in_free_units(
    on_hand: int, held: int, new_size: int
) -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", on_hand + held, ANCHOR)
    item.reserve(
        "R-1",
        order_ref="O-1",
        line_ref="L-1",
        allocations=[Allocation("WH-EAST", held)],
        now=ANCHOR,
        ttl=pendulum.duration(minutes=5),
    )
    before = snapshot(item)
    try:
        item.resize("R-1", new_size, ANCHOR)
    except InsufficientStock:
        assert (True, before) == (new_size - held > on_hand, snapshot(item))
    else:
        assert (False, new_size) == (new_size - held > on_hand, item.reserved())


@given(st.integers(1, 120), instants())
def test_a_hold_expires_exactly_when_now_reaches_expires_at(
    ttl: int, now: pendulum.DateTime
) -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 1, ANCHOR)
    item.reserve(
        "R-1",
        order_ref="O-1",
        line_ref="L-1",
        allocations=[Allocation("WH-EAST", 1)],
        now=ANCHOR,
        ttl=pendulum.duration(minutes=ttl),
    )
    expired = item.tick(now)
    assert (now >= ANCHOR.add(minutes=ttl)) == bool(expired)


@given(stocked_items(), st.lists(allocation_lists(), min_size=1, max_size=3), st.integers(-5, 5))
def test_rebuild_restores_wiped_counters_exactly_from_the_ledger(
    item: StockItem, batches: list[list[Allocation]], delta: int
) -> None:
    for n, allocations in enumerate(batches):
        request = ReservationRequest(f"R-{n}", "O-1", f"L-{n}", tuple(allocations), hard=True)
        with contextlib.suppress(InsufficientStock):
            item.reserve_many([request], ANCHOR)
    if delta and item.counters.on_hand.get(PositionKey("WH-EAST"), 0) + delta >= 0:
        item.adjust("WH-EAST", delta, "audit", ANCHOR)
    rows = item.pull_movements()
    healthy = attrs.asdict(item.counters, recurse=False)
    item.counters = Positions()
    report = item.rebuild(rows, ANCHOR)
    anything = any(value for counter in healthy.values() for value in counter.values())
    assert (not anything, True) == (report.ok, item.verify(rows).ok)
    assert healthy == attrs.asdict(item.counters, recurse=False)


@given(stocked_items(), st.data(), st.booleans())
def test_a_batch_of_holds_leaves_what_placing_them_one_by_one_leaves(
    item: StockItem, data: st.DataObject, hard: bool
) -> None:
    rows = [p for p in item.positions() if p.available >= 4]
    assume(rows)
    batches = [
        [
            Allocation(p.key.location, data.draw(quantities(1, p.available // 4)), p.key.lot)
            for p in data.draw(st.lists(st.sampled_from(rows), min_size=1, unique_by=_key))
        ]
        for _ in range(data.draw(st.integers(1, 4)))
    ]
    one_by_one = copy.deepcopy(item)
    ttl = None if hard else pendulum.duration(minutes=5)
    requests = [
        ReservationRequest(f"R-{n}", f"O-{n}", "L-1", tuple(places), ttl=ttl, hard=hard)
        for n, places in enumerate(batches)
    ]
    placed = item.reserve_many(requests, ANCHOR)
    singly = [
        one_by_one.reserve(
            r.reservation_id,
            order_ref=r.order_ref,
            line_ref=r.line_ref,
            allocations=r.allocations,
            now=ANCHOR,
            ttl=ttl,
            hard=hard,
        )
        for r in requests
    ]
    events, their_events = item.pull_events(), one_by_one.pull_events()
    assert (
        singly,
        attrs.asdict(one_by_one.counters, recurse=False),
        one_by_one.pull_movements(),
        [attrs.evolve(e, version=item.version) for e in their_events],
    ) == (placed, attrs.asdict(item.counters, recurse=False), item.pull_movements(), events)


@given(
    st.lists(st.tuples(st.sampled_from(LOCATIONS), quantities(1, 30)), min_size=1, max_size=4),
    st.lists(allocation_lists(), min_size=1, max_size=4),
)
def test_a_stock_item_rebuilds_exactly_from_its_events_after_a_batch_of_holds(
    receipts: list[tuple[str, int]], batches: list[list[Allocation]]
) -> None:
    item = StockItem("RETRO-CLOCK")
    for location, units in receipts:
        item.receive(location, units, ANCHOR)
    history = item.pull_events()
    with contextlib.suppress(InsufficientStock):
        item.reserve_many(requests_for(batches), ANCHOR)
    assert item == StockItem.replay([*history, *item.pull_events()])
