"""Filling backorders of all-or-nothing orders: whole or not at all, the line kept fair."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    Backorder,
    OrderDemand,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
    backorders_of,
    fill_backorders,
)
from ordercore.kernel.errors import WrongType
from ordercore.testing.strategies_allocation import ANCHOR, batches, snapshots

NOW = ANCHOR


def _line(plan: object) -> list[tuple[str, int, int]]:
    return [(ln.order_id, ln.allocated, ln.backordered) for ln in plan]  # type: ignore[attr-defined]


def test_a_whole_order_that_cannot_be_filled_lets_a_later_smaller_order_be_filled() -> None:
    waiting = [
        Backorder("O-FIRST", "1", "RETRO-CLOCK", 5, NOW.subtract(hours=5)),
        Backorder("O-SMALL", "1", "RETRO-CLOCK", 2, NOW.subtract(hours=1)),
    ]
    arrivals = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 3)])
    plan = fill_backorders(waiting, arrivals, Policy.default(), NOW, whole=["O-FIRST"])
    assert [("O-FIRST", 0, 5), ("O-SMALL", 2, 0)] == _line(plan)
    assert 2 == plan.allocated
    assert "all or nothing: not filled (RETRO-CLOCK short: waits for 5, 3 free)" in (
        plan.line("O-FIRST", "1").reason
    )


def test_a_whole_order_that_fits_is_filled_first_as_the_line_says() -> None:
    waiting = [
        Backorder("O-FIRST", "1", "RETRO-CLOCK", 3, NOW.subtract(hours=5)),
        Backorder("O-FIRST", "2", "BLUE-VASE", 1, NOW.subtract(hours=5)),
        Backorder("O-LATER", "1", "RETRO-CLOCK", 2, NOW.subtract(hours=1)),
    ]
    arrivals = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 4), Supply("BLUE-VASE", "WH-WEST", 1)]
    )
    plan = fill_backorders(waiting, arrivals, Policy.default(), NOW, whole=["O-FIRST"])
    assert [("O-FIRST", 3, 0), ("O-FIRST", 1, 0), ("O-LATER", 1, 1)] == _line(plan)


def test_a_whole_order_short_on_one_sku_takes_none_of_the_other() -> None:
    waiting = [
        Backorder("O-1", "1", "RETRO-CLOCK", 1, NOW),
        Backorder("O-1", "2", "BLUE-VASE", 2, NOW),
    ]
    arrivals = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 4), Supply("BLUE-VASE", "WH-WEST", 1)]
    )
    plan = fill_backorders(waiting, arrivals, Policy.default(), NOW, whole=["O-1"])
    assert ([("O-1", 0, 1), ("O-1", 0, 2)], ()) == (_line(plan), plan.consumed)


def test_refuses_one_str_as_the_whole_orders() -> None:
    with pytest.raises(WrongType):
        fill_backorders([], StockSnapshot({}), Policy(), NOW, whole="O-1")


@given(snapshots(), batches(), snapshots(), st.data())
def test_a_fill_serves_every_unit_of_a_whole_order_or_none(
    snapshot: StockSnapshot, orders: list[OrderDemand], arrivals: StockSnapshot, data: st.DataObject
) -> None:
    waiting = backorders_of(allocate(orders, snapshot, Policy(), NOW), orders)
    ids = sorted({b.order_id for b in waiting})
    whole = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))
    plan = fill_backorders(waiting, arrivals, Policy(), NOW, whole=whole)
    for order_id in whole:
        lines = plan.for_order(order_id)
        assert all(ln.allocated == ln.quantity for ln in lines) or all(not ln.picks for ln in lines)
    skipped = {o for o in whole if not any(ln.picks for ln in plan.for_order(o))}
    rest = [b for b in waiting if b.order_id not in skipped]
    alone = fill_backorders(rest, arrivals, Policy(), NOW)
    assert _line(alone) == [
        (ln.order_id, ln.allocated, ln.backordered) for ln in plan if ln.order_id not in skipped
    ]
    arrived = {row.key: row.available for rows in arrivals.rows.values() for row in rows}
    assert all(c.quantity <= arrived[c.key] for c in plan.consumed)
    assert sum(ln.allocated for ln in plan) == plan.allocated
