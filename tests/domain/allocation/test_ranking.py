import pytest

from ordercore.domain.allocation import (
    AllocationRule,
    DemandLine,
    OrderDemand,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
)
from ordercore.kernel.errors import WrongType
from ordercore.testing.strategies_allocation import ANCHOR

NOW = ANCHOR


def one_line(sku: str, quantity: int, ship_to: object = None) -> OrderDemand:
    return OrderDemand("O-1", NOW, [DemandLine("O-1", "1", sku, quantity)], ship_to=ship_to)


LOTS = StockSnapshot.of(
    [
        Supply("BRASS-LAMP", "WH-EAST", 5, lot="L-OLD", received_at=NOW.subtract(days=30)),
        Supply("BRASS-LAMP", "WH-EAST", 5, lot="L-NEW", received_at=NOW.subtract(days=1)),
    ]
)


def test_fifo_takes_the_lot_received_first() -> None:
    plan = allocate(one_line("BRASS-LAMP", 2), LOTS, Policy.fifo(), NOW)
    assert ["L-OLD"] == [p.lot for p in plan.lines[0].picks]
    assert "lot L-OLD received first (2026-10-27)" in plan.lines[0].picks[0].reason


def test_lifo_takes_the_lot_received_last() -> None:
    plan = allocate(one_line("BRASS-LAMP", 2), LOTS, Policy.lifo(), NOW)
    assert ["L-NEW"] == [p.lot for p in plan.lines[0].picks]


def test_location_priority_takes_the_higher_priority_location_first() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("BLUE-VASE", "WH-WEST", 5, priority=2),
            Supply("BLUE-VASE", "WH-EAST", 5, priority=1),
        ]
    )
    plan = allocate(one_line("BLUE-VASE", 7), snapshot, Policy.location_priority(), NOW)
    assert [("WH-EAST", 5), ("WH-WEST", 2)] == [
        (p.location, p.quantity) for p in plan.lines[0].picks
    ]


def test_most_available_takes_the_location_with_the_most_free_units() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("BLUE-VASE", "WH-EAST", 3, priority=1),
            Supply("BLUE-VASE", "WH-WEST", 8, priority=2),
        ]
    )
    plan = allocate(one_line("BLUE-VASE", 2), snapshot, Policy.most_available(), NOW)
    assert ["WH-WEST"] == [p.location for p in plan.lines[0].picks]


def test_closest_takes_the_location_nearest_the_ship_to() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("BLUE-VASE", "WH-EAST", 5, priority=1, place=100),
            Supply("BLUE-VASE", "WH-WEST", 5, priority=2, place=10),
        ]
    )

    def distance(ship_to: object, place: object) -> float:
        assert isinstance(ship_to, int)
        assert isinstance(place, int)
        return float(abs(ship_to - place))

    plan = allocate(one_line("BLUE-VASE", 2, ship_to=12), snapshot, Policy.closest(distance), NOW)
    assert ["WH-WEST"] == [p.location for p in plan.lines[0].picks]
    assert "distance 2" in plan.lines[0].picks[0].reason


def test_refuses_a_distance_that_is_not_a_number() -> None:
    snapshot = StockSnapshot.of([Supply("BLUE-VASE", "WH-EAST", 5, place=1)])
    policy = Policy.closest(lambda ship_to, place: "far")  # type: ignore[arg-type,return-value]
    with pytest.raises(WrongType):
        allocate(one_line("BLUE-VASE", 1, ship_to=1), snapshot, policy, NOW)


def test_one_lot_per_line_takes_the_first_lot_that_holds_the_whole_line() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 2, lot="L-01", priority=1),
            Supply("RETRO-CLOCK", "WH-WEST", 9, lot="L-02", priority=2),
        ]
    )
    policy = Policy.default().with_allocation(AllocationRule.ONE_LOT_PER_LINE)
    plan = allocate(one_line("RETRO-CLOCK", 4), snapshot, policy, NOW)
    assert [("L-02", 4)] == [(p.lot, p.quantity) for p in plan.lines[0].picks]


def test_one_lot_per_line_backorders_what_no_single_lot_holds() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 2, lot="L-01", priority=1),
            Supply("RETRO-CLOCK", "WH-WEST", 3, lot="L-02", priority=2),
        ]
    )
    policy = Policy.default().with_allocation(AllocationRule.ONE_LOT_PER_LINE)
    line = allocate(one_line("RETRO-CLOCK", 4), snapshot, policy, NOW).lines[0]
    assert ([("L-01", 2)], 2) == ([(p.lot, p.quantity) for p in line.picks], line.backordered)
    assert "no single lot holds 4" in line.reason


def test_refuses_a_rank_step_without_a_key() -> None:
    with pytest.raises(WrongType):
        Policy(ranking=(object(),))
