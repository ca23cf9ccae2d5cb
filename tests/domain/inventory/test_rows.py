"""The rows the hot paths build with ``new_row`` are the rows their constructors build.

``new_row(cls, fields)`` skips a ``NamedTuple``'s generated ``__new__``; a tuple compares equal
to a tuple of another type, so each row is pinned by its type and repr as well as by ``==``.
"""

from __future__ import annotations

import pendulum

from ordercore.domain.allocation import (
    DemandLine,
    OrderDemand,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
    reserve_plan,
)
from ordercore.domain.inventory import (
    Allocation,
    Movement,
    MovementKind,
    PositionKey,
    ReleaseResult,
    ReservationState,
    StockItem,
    SupplyRow,
)
from ordercore.domain.inventory.ledger import Journal
from ordercore.domain.inventory.values import new_row

AT = pendulum.datetime(2026, 12, 7, 9, tz="UTC")


def pinned(row: object) -> tuple[object, ...]:
    """What pins a row to its constructor's: its type, value, hash and repr."""
    return (type(row), row, hash(row), repr(row))


def test_new_row_builds_what_the_constructor_builds_from_every_field() -> None:
    assert pinned(PositionKey("WH-EAST")) == pinned(new_row(PositionKey, ("WH-EAST", None)))
    assert pinned(Allocation("WH-EAST", 2)) == pinned(
        new_row(Allocation, ("WH-EAST", 2, None, None, 0))
    )


def test_the_journal_records_movements_as_the_constructor_builds_them() -> None:
    journal = Journal()
    journal.record(MovementKind.RECEIPT, "WH-EAST", None, 5, 0, 0, AT)
    journal.record_changes(MovementKind.RELEASE, [("R-1", "WH-EAST", "L-1", None, -2, 0)], AT, "x")
    item = StockItem("VASE")
    item.receive("WH-EAST", 5, AT)
    item.pull_movements()
    item.reserve("R-1", order_ref="O-1", line_ref="1", allocations=[Allocation("WH-EAST", 2)],
                 now=AT, hard=True)  # fmt: skip
    expected = [
        Movement(1, MovementKind.RECEIPT, "WH-EAST", None, 5, 0, 0, AT),
        Movement(2, MovementKind.RELEASE, "WH-EAST", "L-1", 0, -2, 0, AT, "x", "R-1"),
        Movement(2, MovementKind.RESERVE, "WH-EAST", None, 0, 2, 0, AT, "", "R-1"),
    ]
    actual = [*journal.pull(), *item.pull_movements()]
    assert [pinned(row) for row in expected] == [pinned(row) for row in actual]


def test_a_pick_and_a_ship_keep_allocations_and_keys_as_the_constructors_build_them() -> None:
    item = StockItem("VASE")
    item.receive("WH-EAST", 5, AT)
    item.reserve("R-1", order_ref="O-1", line_ref="1", allocations=[Allocation("WH-EAST", 3)],
                 now=AT, hard=True)  # fmt: skip
    item.pick("R-1", 3, AT, location="WH-EAST")
    picked = item.reservation("R-1").allocations
    keys = [*item.counters.on_hand, *item.counters.reserved, *item.counters.picked]
    item.ship("R-1", 1, AT, location="WH-EAST")
    shipped = item.reservation("R-1").allocations
    assert [pinned(Allocation("WH-EAST", 3, picked=3))] == [pinned(a) for a in picked]
    assert [pinned(Allocation("WH-EAST", 2, picked=2))] == [pinned(a) for a in shipped]
    assert [pinned(PositionKey("WH-EAST"))] * 3 == [pinned(key) for key in keys]


def test_supply_rows_are_built_as_the_constructor_builds_them() -> None:
    item = StockItem("VASE")
    item.receive("WH-EAST", 5, AT)
    assert [pinned(SupplyRow("WH-EAST", None, 5, 5))] == [pinned(r) for r in item.supply_rows()]


def test_release_all_answers_the_result_the_constructor_builds() -> None:
    item = StockItem("VASE")
    item.receive("WH-EAST", 5, AT)
    item.reserve("R-1", order_ref="O-1", line_ref="1", allocations=[Allocation("WH-EAST", 3)],
                 now=AT, hard=True)  # fmt: skip
    expected = ReleaseResult("R-1", 3, ReservationState.RELEASED)
    assert pinned(expected) == pinned(item.release_all("R-1", AT))


def test_a_plan_reserves_allocations_as_the_constructor_builds_them() -> None:
    item = StockItem("VASE")
    item.receive("WH-EAST", 5, AT)
    order = OrderDemand("O-1", AT, [DemandLine("O-1", "1", "VASE", 2)])
    plan = allocate(order, StockSnapshot.of([Supply("VASE", "WH-EAST", 5)]), Policy.default(), AT)
    placed = reserve_plan(plan, [order], {"VASE": item}, AT)
    assert [pinned(Allocation("WH-EAST", 2))] == [pinned(a) for a in placed["VASE"][0].allocations]
