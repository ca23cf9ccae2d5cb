import copy

import pytest
from hypothesis import given

from ordercore.domain.allocation import (
    DemandLine,
    IncomingWithin,
    MinShelfLife,
    OnHandOnly,
    OrderDemand,
    Policy,
    StockSnapshot,
    Supply,
    allocate,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.testing.strategies_allocation import ANCHOR, batches, snapshots

NOW = ANCHOR
TODAY = NOW.date()


def one_line(sku: str, quantity: int, channel: str = "web") -> OrderDemand:
    return OrderDemand("O-1", NOW, [DemandLine("O-1", "1", sku, quantity)], channel=channel)


def test_refuses_a_lot_that_expires_inside_the_minimum_shelf_life() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 10, lot="L-01", expires_on=TODAY.add(days=29))]
    )
    plan = allocate(one_line("RETRO-CLOCK", 1), snapshot, Policy.fefo(30), NOW)
    line = plan.lines[0]
    assert (0, 1) == (line.allocated, line.backordered)
    expected = (
        (
            "WH-EAST: lot L-01 refused: expires 2026-12-25, inside the minimum shelf life of "
            "30 days (needs 2026-12-26 or later)"
        ),
    )
    assert expected == line.notes


def test_accepts_a_lot_that_expires_exactly_at_the_end_of_the_minimum_shelf_life() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 10, lot="L-01", expires_on=TODAY.add(days=30))]
    )
    plan = allocate(one_line("RETRO-CLOCK", 1), snapshot, Policy.fefo(30), NOW)
    assert 1 == plan.lines[0].allocated


def test_the_default_policy_refuses_expired_lots_but_not_lots_expiring_today() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 1, lot="L-OLD", expires_on=TODAY.subtract(days=1)),
            Supply("RETRO-CLOCK", "WH-EAST", 1, lot="L-TODAY", expires_on=TODAY),
        ]
    )
    plan = allocate(one_line("RETRO-CLOCK", 2), snapshot, Policy.default(), NOW)
    assert ["L-TODAY"] == [p.lot for p in plan.lines[0].picks]


def test_shelf_life_of_incoming_stock_counts_from_its_eta() -> None:
    row = Supply(
        "RETRO-CLOCK",
        "WH-EAST",
        5,
        lot="L-02",
        eta=TODAY.add(days=10),
        expires_on=TODAY.add(days=15),
        supply_id="PO-1",
    )
    assert MinShelfLife(10).refusal(row, TODAY) is not None
    assert MinShelfLife(5).refusal(row, TODAY) is None


def test_today_is_the_date_of_now_in_the_policy_timezone() -> None:
    late_evening_utc = NOW.replace(hour=23)
    snapshot = StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1, lot="L-01", expires_on=TODAY)])
    utc = allocate(one_line("RETRO-CLOCK", 1), snapshot, Policy.default(), late_evening_utc)
    tokyo = Policy(timezone="Asia/Tokyo")
    in_tokyo = allocate(one_line("RETRO-CLOCK", 1), snapshot, tokyo, late_evening_utc)
    assert (1, 0) == (utc.lines[0].allocated, in_tokyo.lines[0].allocated)


def test_on_hand_only_refuses_incoming_shipments() -> None:
    snapshot = StockSnapshot.of(
        [Supply("BLUE-VASE", "WH-EAST", 5, eta=TODAY.add(days=2), supply_id="PO-9")]
    )
    policy = Policy.default().with_filters(OnHandOnly())
    plan = allocate(one_line("BLUE-VASE", 1), snapshot, policy, NOW)
    assert 0 == plan.lines[0].allocated
    assert "on-hand stock only" in plan.lines[0].notes[0]


def test_incoming_within_refuses_shipments_that_arrive_too_late() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("BLUE-VASE", "WH-EAST", 5, eta=TODAY.add(days=9), supply_id="PO-LATE"),
            Supply("BLUE-VASE", "WH-EAST", 5, eta=TODAY.add(days=3), supply_id="PO-SOON"),
        ]
    )
    policy = Policy.default().with_filters(IncomingWithin(7))
    plan = allocate(one_line("BLUE-VASE", 6), snapshot, policy, NOW)
    assert ["PO-SOON"] == [p.supply_id for p in plan.lines[0].picks]


def test_a_safety_buffer_holds_the_last_units_back_from_one_channel_only() -> None:
    snapshot = StockSnapshot.of([Supply("BLUE-VASE", "WH-EAST", 5)])
    policy = Policy.default().with_safety_buffers({"marketplace": 2})
    marketplace = allocate(one_line("BLUE-VASE", 5, "marketplace"), snapshot, policy, NOW)
    web = allocate(one_line("BLUE-VASE", 5, "web"), snapshot, policy, NOW)
    assert (3, 5) == (marketplace.lines[0].allocated, web.lines[0].allocated)
    assert "2 per location held back from this channel" in marketplace.lines[0].reason


def test_refuses_a_negative_or_boolean_shelf_life() -> None:
    with pytest.raises(ValidationError):
        MinShelfLife(-1)
    with pytest.raises(WrongType):
        MinShelfLife(days=True)


@given(snapshots(on_hand_only=True), batches())
def test_fefo_never_picks_a_later_lot_while_an_earlier_usable_one_has_stock(
    snapshot: StockSnapshot, orders: list[OrderDemand]
) -> None:
    policy = Policy.fefo(7)
    remaining = {row.key: row.available for rows in snapshot.rows.values() for row in rows}
    usable = {
        row.key: row.expires_on
        for rows in snapshot.rows.values()
        for row in rows
        if MinShelfLife(7).refusal(row, TODAY) is None
    }
    plan = allocate(orders, snapshot, policy, NOW)
    for line in plan:
        for pick in line.picks:
            key = pick.source.key
            assert key in usable
            chosen = pick.source.expires_on
            if chosen is not None:
                earlier_with_stock = [
                    k
                    for k, expiry in usable.items()
                    if k[0] == line.sku
                    and remaining[k] > 0
                    and (expiry is not None and expiry < chosen)
                ]
                assert [] == earlier_with_stock
            remaining[key] -= pick.quantity


@given(snapshots(), batches())
def test_a_plan_never_uses_a_row_that_a_filter_refused(
    snapshot: StockSnapshot, orders: list[OrderDemand]
) -> None:
    before = copy.deepcopy(snapshot)
    plan = allocate(orders, snapshot, Policy.fefo(20), NOW)
    assert all(
        MinShelfLife(20).refusal(p.source, TODAY) is None for line in plan for p in line.picks
    )
    assert before == snapshot
