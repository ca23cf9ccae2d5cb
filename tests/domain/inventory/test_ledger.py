from ordercore.domain.inventory import (
    Allocation,
    MovementKind,
    PositionKey,
    Projection,
    StockBook,
    StockItem,
    project,
)
from tests.domain.inventory.helpers import T, hard, stock


def test_recording_a_movement_appends_it_and_moves_the_counters() -> None:
    book = StockBook("RETRO-CLOCK")
    movement = book.record(MovementKind.RECEIPT, PositionKey("WH-EAST"), T, on_hand=5)
    assert ([movement], 1, 5) == (
        book.ledger,
        movement.seq,
        book.counters.on_hand[PositionKey("WH-EAST")],
    )


def test_a_supply_movement_moves_the_incoming_counters_not_the_position() -> None:
    book = StockBook("RETRO-CLOCK")
    book.record(MovementKind.EXPECT, PositionKey("WH-EAST"), T, on_hand=8, supply="PO-1")
    book.record(MovementKind.RESERVE, PositionKey("WH-EAST"), T, reserved=3, supply="PO-1")
    assert ({"PO-1": 8}, {"PO-1": 3}, {}) == (
        book.counters.expected,
        book.counters.promised,
        book.counters.on_hand,
    )


def test_replaying_a_ledger_adds_up_its_deltas() -> None:
    item = stock(WH_EAST=10, WH_WEST=3)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.transfer("WH-EAST", "WH-WEST", 2, T)
    replay = project(item.book.ledger)
    assert ({PositionKey("WH-EAST"): 8, PositionKey("WH-WEST"): 5}, 4) == (
        replay.on_hand,
        replay.reserved[PositionKey("WH-EAST")],
    )


def test_the_ledger_is_numbered_in_order() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.release_all("R-1", T)
    assert [1, 2, 3] == [movement.seq for movement in item.book.ledger]


def test_a_release_names_its_reservation_and_reason_in_the_ledger() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.release("R-1", 1, T)
    last = item.book.ledger[-1]
    assert (MovementKind.RELEASE, -1, "R-1", "release") == (
        last.kind,
        last.reserved,
        last.reference,
        last.reason,
    )


def test_verify_names_the_drifted_counter_and_both_values() -> None:
    book = StockBook("RETRO-CLOCK")
    book.record(MovementKind.RECEIPT, PositionKey("WH-EAST"), T, on_hand=5)
    book.counters.on_hand[PositionKey("WH-EAST")] = 7
    (drift,) = book.verify().drifts
    assert ("on_hand", "WH-EAST", 7, 5) == (
        drift.counter,
        drift.where,
        drift.recorded,
        drift.expected,
    )


def test_rebuild_sets_the_counters_to_the_replay() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    item.book.counters = Projection()
    item.rebuild(T)
    assert (5, True) == (item.on_hand(), item.verify().ok)


def test_a_rebuild_that_corrected_something_is_a_versioned_change() -> None:
    item = stock(WH_EAST=5)
    item.book.counters = Projection()
    report = item.rebuild(T)
    (event,) = item.pull_events()
    assert (1, 2, 2) == (len(report.drifts), item.version, event.version)
