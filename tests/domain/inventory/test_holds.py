"""Held stock on a StockItem: on hand, never available, each change a ledger movement."""

from __future__ import annotations

import pytest

from ordercore.domain.inventory import (
    Allocation,
    HeldKey,
    HoldKind,
    InsufficientStock,
    Lot,
    MovementKind,
    NegativeStock,
    StockItem,
    project,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec
from tests.domain.inventory.helpers import T, stock

Q, R, V = HoldKind.QUARANTINE, HoldKind.REPAIR, HoldKind.VENDOR


def figures(item: StockItem) -> tuple[int, int, int, int]:
    return item.on_hand(), item.available(), item.reserved(), item.held()


def test_quarantined_units_are_on_hand_but_never_available() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 2, T, hold=Q, reference="RMA-1")
    assert (5, 3, 0, 2) == figures(clock)
    assert 2 == clock.held(Q, "WH-EAST")


def test_held_units_are_never_reserved() -> None:
    clock = stock(WH_EAST=1)
    clock.hold_returned("WH-EAST", 4, T, hold=R)
    with pytest.raises(InsufficientStock):
        clock.reserve("R-1", order_ref="O-1", line_ref="L-1",
                      allocations=[Allocation("WH-EAST", 2)], now=T, hard=True)  # fmt: skip
    assert (5, 1, 0, 4) == figures(clock)


def test_on_hand_is_available_plus_reserved_plus_held() -> None:
    clock = stock(WH_EAST=5)
    clock.reserve("R-1", order_ref="O-1", line_ref="L-1",
                  allocations=[Allocation("WH-EAST", 2)], now=T, hard=True)  # fmt: skip
    clock.hold_returned("WH-EAST", 1, T, hold=Q)
    clock.hold_returned("WH-EAST", 1, T, hold=V)
    on_hand, available, reserved, held = figures(clock)
    assert (7, 3, 2, 2) == (on_hand, available, reserved, held)
    assert on_hand == available + reserved + held


def test_a_release_makes_held_units_available_again_at_their_location_and_lot() -> None:
    clock = stock(WH_EAST=1)
    clock.hold_returned("WH-EAST", 2, T, hold=R, lot=Lot("LOT-7"))
    clock.release_hold("WH-EAST", 2, T, hold=R, lot="LOT-7")
    assert (3, 3, 0, 0) == figures(clock)
    assert 2 == clock.available("WH-EAST", "LOT-7")


def test_releasing_more_than_the_hold_keeps_is_refused_and_changes_nothing() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 1, T, hold=Q)
    before = clock.pull_events(), Codec().dumps(clock)
    with pytest.raises(NegativeStock) as refused:
        clock.release_hold("WH-EAST", 2, T, hold=Q)
    assert "at most the units held in quarantine there (1)" in str(refused.value)
    assert before[1] == Codec().dumps(clock)
    assert [] == clock.pull_events()


def test_units_held_for_repair_are_not_released_from_quarantine() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 1, T, hold=R)
    with pytest.raises(NegativeStock):
        clock.release_hold("WH-EAST", 1, T, hold=Q)
    assert (1, 0) == (clock.held(R), clock.held(Q))


def test_scrapping_held_units_takes_them_off_hand() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 2, T, hold=Q)
    clock.scrap_held("WH-EAST", 2, T, hold=Q)
    assert (3, 3, 0, 0) == figures(clock)
    assert [] == clock.held_positions()


def test_units_shipped_to_the_vendor_leave_the_building() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 2, T, hold=V, reference="RMA-1")
    clock.ship_to_vendor("WH-EAST", 1, T, reference="RTV-1")
    assert (4, 3, 0, 1) == figures(clock)
    assert [(HeldKey("WH-EAST", None, V), 1)] == clock.held_positions()


def test_a_returned_unit_scrapped_on_arrival_is_recorded_and_never_on_hand() -> None:
    clock = stock(WH_EAST=3)
    clock.pull_movements()
    clock.scrap_returned("WH-EAST", 1, T, reference="RMA-9")
    rows = [(m.kind, m.on_hand, m.reason, m.reference) for m in clock.pull_movements()]
    assert [
        (MovementKind.HOLD, 1, "quarantine", "RMA-9"),
        (MovementKind.SCRAP_HELD, -1, "quarantine", "RMA-9"),
    ] == rows
    assert (3, 3, 0, 0) == figures(clock)


def test_each_hold_change_is_a_ledger_movement_naming_its_hold() -> None:
    clock = stock(WH_EAST=1)
    clock.pull_movements()
    clock.hold_returned("QC-BAY", 2, T, hold=Q, lot="LOT-1", reference="RMA-1")
    clock.release_hold("QC-BAY", 1, T, hold=Q, lot="LOT-1")
    clock.hold_returned("WH-EAST", 1, T, hold=V)
    clock.ship_to_vendor("WH-EAST", 1, T)
    rows = [(m.kind.value, m.location, m.lot, m.on_hand, m.hold) for m in clock.pull_movements()]
    assert [
        ("hold", "QC-BAY", "LOT-1", 2, Q),
        ("release_hold", "QC-BAY", "LOT-1", -1, Q),
        ("release_hold", "QC-BAY", "LOT-1", 1, None),
        ("hold", "WH-EAST", None, 1, V),
        ("return_to_vendor", "WH-EAST", None, -1, V),
    ] == rows


def test_the_ledger_rows_add_up_to_on_hand_held_units_included() -> None:
    clock = StockItem("RETRO-CLOCK")
    clock.receive("WH-EAST", 4, T)
    clock.hold_returned("WH-EAST", 3, T, hold=Q)
    clock.release_hold("WH-EAST", 1, T, hold=Q)
    clock.scrap_held("WH-EAST", 1, T, hold=Q)
    rows = clock.pull_movements()
    assert clock.on_hand() == sum(m.on_hand for m in rows)
    assert {HeldKey("WH-EAST", None, Q): 1} == project(rows).held


def test_verify_finds_a_held_counter_that_drifted_and_rebuild_restores_it() -> None:
    clock = StockItem("RETRO-CLOCK")
    clock.receive("WH-EAST", 2, T)
    clock.hold_returned("WH-EAST", 3, T, hold=R)
    rows = clock.pull_movements()
    assert clock.verify(rows).ok
    clock.counters.held[HeldKey("WH-EAST", None, R)] = 5  # a bad write
    assert ["held"] == [d.counter for d in clock.verify(rows).drifts]
    clock.rebuild(rows, T)
    assert (3, 5) == (clock.held(R), clock.on_hand())
    assert clock.verify(rows).ok


def test_replaying_the_events_rebuilds_the_holds_exactly() -> None:
    clock = StockItem("RETRO-CLOCK")
    clock.receive("WH-EAST", 2, T)
    clock.hold_returned("WH-EAST", 3, T, hold=R, lot=Lot("LOT-3"))
    clock.release_hold("WH-EAST", 1, T, hold=R, lot="LOT-3")
    clock.scrap_returned("WH-EAST", 1, T)
    assert clock == StockItem.replay(clock.pull_events())


def test_a_held_lot_stays_known_until_its_last_held_unit_leaves() -> None:
    clock = StockItem("RETRO-CLOCK")
    clock.hold_returned("WH-EAST", 1, T, hold=V, lot=Lot("LOT-9"))
    assert clock.knows_lot("LOT-9")
    clock.ship_to_vendor("WH-EAST", 1, T, lot="LOT-9")
    assert not clock.knows_lot("LOT-9")


def test_a_hold_is_named_by_its_kind() -> None:
    clock = stock(WH_EAST=1)
    with pytest.raises(WrongType):
        clock.hold_returned("WH-EAST", 1, T, hold="quarantine")  # type: ignore[arg-type]
    assert 0 == clock.held()


def test_held_units_round_trip_through_the_codec() -> None:
    codec = Codec()
    clock = stock(WH_EAST=1)
    clock.hold_returned("QC-BAY", 2, T, hold=Q, lot="LOT-1")
    clock.hold_returned("WH-EAST", 1, T, hold=V)
    assert clock == codec.loads(StockItem, codec.dumps(clock))


def test_the_held_stock_events_round_trip_through_the_codec() -> None:
    codec = Codec()
    clock = stock(WH_EAST=1)
    clock.hold_returned("QC-BAY", 2, T, hold=Q, lot=Lot("LOT-1"), reference="RMA-1")
    clock.release_hold("QC-BAY", 1, T, hold=Q, lot="LOT-1")
    clock.scrap_held("QC-BAY", 1, T, hold=Q, lot="LOT-1")
    clock.hold_returned("WH-EAST", 1, T, hold=V)
    clock.ship_to_vendor("WH-EAST", 1, T)
    clock.scrap_returned("WH-EAST", 1, T)
    events = clock.pull_events()
    assert events == [codec.loads(DomainEvent, codec.dumps(event)) for event in events]
    assert 5 == len({type(event) for event in events})  # every held stock event


# -- moving units between holds ------------------------------------------------------------


def test_a_quarantined_unit_moved_to_repair_stays_held_and_never_available() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 2, T, hold=Q, reference="RMA-1")
    clock.move_hold("WH-EAST", 1, T, from_hold=Q, to_hold=R, reference="QC-7")
    assert (5, 3, 0, 2) == figures(clock)
    assert (1, 1) == (clock.held(Q, "WH-EAST"), clock.held(R, "WH-EAST"))


def test_a_move_between_holds_is_two_ledger_rows_naming_each_hold() -> None:
    clock = stock(WH_EAST=1)
    clock.hold_returned("QC-BAY", 2, T, hold=R, lot="LOT-1")
    clock.pull_movements()
    clock.move_hold("QC-BAY", 2, T, from_hold=R, to_hold=V, lot="LOT-1", reference="RTV-3")
    rows = [(m.kind.value, m.location, m.lot, m.on_hand, m.hold, m.reference)
            for m in clock.pull_movements()]  # fmt: skip
    assert [
        ("move_hold", "QC-BAY", "LOT-1", -2, R, "RTV-3"),
        ("move_hold", "QC-BAY", "LOT-1", 2, V, "RTV-3"),
    ] == rows


def test_moving_more_units_than_the_hold_keeps_is_refused_and_changes_nothing() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 1, T, hold=Q)
    clock.pull_events()
    before = Codec().dumps(clock)
    with pytest.raises(NegativeStock) as refused:
        clock.move_hold("WH-EAST", 2, T, from_hold=Q, to_hold=R)
    assert "move at most the units held in quarantine there (1)" in str(refused.value)
    assert (before, []) == (Codec().dumps(clock), clock.pull_events())


def test_moving_units_into_the_hold_they_are_in_is_refused_by_name() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 1, T, hold=R)
    with pytest.raises(ValidationError) as refused:
        clock.move_hold("WH-EAST", 1, T, from_hold=R, to_hold=R)
    assert ("to_hold", "repair") == (refused.value.field, refused.value.value)
    assert "two different holds" in str(refused.value)
    assert 1 == clock.held(R)


def test_a_hold_to_move_to_is_named_by_its_kind() -> None:
    clock = stock(WH_EAST=3)
    clock.hold_returned("WH-EAST", 1, T, hold=Q)
    with pytest.raises(WrongType) as refused:
        clock.move_hold("WH-EAST", 1, T, from_hold=Q, to_hold="repair")  # type: ignore[arg-type]
    assert "to_hold" == refused.value.field
    assert 1 == clock.held(Q)


def test_verify_and_rebuild_reproduce_holds_after_a_move() -> None:
    clock = StockItem("RETRO-CLOCK")
    clock.hold_returned("WH-EAST", 3, T, hold=Q)
    clock.move_hold("WH-EAST", 2, T, from_hold=Q, to_hold=V)
    rows = clock.pull_movements()
    assert {HeldKey("WH-EAST", None, Q): 1, HeldKey("WH-EAST", None, V): 2} == project(rows).held
    assert clock.verify(rows).ok
    clock.counters.held[HeldKey("WH-EAST", None, V)] = 9  # a bad write
    clock.rebuild(rows, T)
    assert (1, 2, True) == (clock.held(Q), clock.held(V), clock.verify(rows).ok)


def test_a_move_between_holds_replays_and_round_trips_through_the_codec() -> None:
    codec = Codec()
    clock = StockItem("RETRO-CLOCK")
    clock.hold_returned("WH-EAST", 2, T, hold=Q, lot=Lot("LOT-3"))
    clock.move_hold("WH-EAST", 1, T, from_hold=Q, to_hold=R, lot="LOT-3", reference="QC-1")
    events = clock.pull_events()
    assert clock == StockItem.replay(events)
    assert events == [codec.loads(DomainEvent, codec.dumps(event)) for event in events]
    assert clock == codec.loads(StockItem, codec.dumps(clock))
