import attrs
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    Journal,
    MovementKind,
    PositionKey,
    StockItem,
    project,
)
from ordercore.domain.inventory.positions import Positions
from ordercore.testing.strategies_inventory import LOCATIONS, lot_ids
from tests.domain.inventory.helpers import T, hard, stock


def test_recording_a_movement_buffers_it_until_it_is_pulled() -> None:
    journal = Journal()
    movement = journal.record(MovementKind.RECEIPT, "WH-EAST", None, 5, 0, 0, T)
    assert ([movement], 1, [], 2) == (
        journal.pull(),
        movement.seq,
        journal.pull(),
        journal.next_seq,
    )


def test_a_supply_movement_moves_the_incoming_counters_not_the_position() -> None:
    journal = Journal()
    journal.record(MovementKind.EXPECT, "WH-EAST", None, 8, 0, 0, T, supply="PO-1")
    journal.record(MovementKind.RESERVE, "WH-EAST", None, 0, 3, 0, T, supply="PO-1")
    replay = project(journal.pull())
    assert ({"PO-1": 8}, {"PO-1": 3}, {}) == (replay.expected, replay.promised, replay.on_hand)


def test_recording_a_reservation_s_changes_at_once_makes_the_rows_record_makes() -> None:
    one_by_one, at_once = Journal(), Journal()
    changes = [("R-1", "WH-EAST", None, None, -2, -1), ("R-1", "WH-WEST", "L-1", "PO-1", -1, 0)]
    for rid, location, lot, supply, reserved, picked in changes:
        one_by_one.record(
            MovementKind.RELEASE, location, lot, 0, reserved, picked, T, "release", rid, supply
        )
    at_once.record_changes(MovementKind.RELEASE, changes, T, "release")
    assert (one_by_one.pull(), 3) == (at_once.pull(), at_once.next_seq)


def test_replaying_the_pulled_movements_adds_up_their_deltas() -> None:
    item = stock(WH_EAST=10, WH_WEST=3)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.transfer("WH-EAST", "WH-WEST", 2, T)
    replay = project(item.pull_movements())
    assert ({PositionKey("WH-EAST"): 8, PositionKey("WH-WEST"): 5}, 4) == (
        replay.on_hand,
        replay.reserved[PositionKey("WH-EAST")],
    )


def test_the_ledger_is_numbered_in_order() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.release_all("R-1", T)
    assert [1, 2, 3] == [movement.seq for movement in item.pull_movements()]


def test_numbering_goes_on_across_pulls() -> None:
    item = stock(WH_EAST=10)
    first = item.pull_movements()
    hard(item, "R-1", Allocation("WH-EAST", 4))
    assert ([1], [2], []) == (
        [m.seq for m in first],
        [m.seq for m in item.pull_movements()],
        item.pull_movements(),
    )


def test_a_release_names_its_reservation_and_reason_in_the_ledger() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.release("R-1", 1, T)
    last = item.pull_movements()[-1]
    assert (MovementKind.RELEASE, -1, "R-1", "release") == (
        last.kind,
        last.reserved,
        last.reference,
        last.reason,
    )


def test_verify_names_the_drifted_counter_and_both_values() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    rows = item.pull_movements()
    item.counters.on_hand[PositionKey("WH-EAST")] = 7
    (drift,) = item.verify(rows).drifts
    assert ("on_hand", "WH-EAST", 7, 5) == (
        drift.counter,
        drift.where,
        drift.recorded,
        drift.expected,
    )


def test_verify_counts_the_movements_still_buffered_with_the_rows_given() -> None:
    item = stock(WH_EAST=5)
    rows = item.pull_movements()
    hard(item, "R-1", Allocation("WH-EAST", 2))
    assert (True, 2) == (item.verify(rows).ok, item.verify(rows).movements)


def test_verify_says_when_ledger_rows_are_missing() -> None:
    item = stock(WH_EAST=5)
    item.pull_movements()
    drift = item.verify([]).drifts[0]
    assert ("ledger rows", 0, 1) == (drift.counter, drift.recorded, drift.expected)


def test_rebuild_sets_the_counters_to_the_replay() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    rows = item.pull_movements()
    item.counters = Positions()
    item.rebuild(rows, T)
    assert (5, True) == (item.on_hand(), item.verify(rows).ok)


def test_a_rebuild_that_corrected_something_is_a_versioned_change() -> None:
    item = stock(WH_EAST=5)
    rows = item.pull_movements()
    item.counters = Positions()
    report = item.rebuild(rows, T)
    (event,) = item.pull_events()
    assert (1, 2, 2) == (len(report.drifts), item.version, event.version)


def test_a_rebuilt_item_replays_to_the_same_counters() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    events = item.pull_events()
    rows = item.pull_movements()
    item.counters = Positions()
    item.rebuild(rows, T)
    events += item.pull_events()
    assert item == StockItem.replay(events)


movement_rows = st.lists(
    st.tuples(
        st.sampled_from(LOCATIONS),
        lot_ids(),
        st.integers(-5, 5),
        st.integers(-5, 5),
        st.integers(-5, 5),
    ),
    max_size=30,
)


@given(movement_rows)
def test_positions_keep_exactly_the_nonzero_counters_of_the_movements(
    rows: list[tuple[str, str | None, int, int, int]],
) -> None:
    positions = Positions()
    journal = Journal()
    for location, lot, on_hand, reserved, picked in rows:
        positions.add(location, lot, on_hand, reserved, picked)
        journal.record(MovementKind.ADJUSTMENT, location, lot, on_hand, reserved, picked, T)
    replay = attrs.asdict(project(journal.pull()), recurse=False)
    expected = {
        name: {key: units for key, units in replay[name].items() if units}
        for name in ("on_hand", "reserved", "picked", "held")  # held: none moved here
    }
    actual = attrs.asdict(positions, recurse=False)
    key_types = {type(key) for name in ("on_hand", "reserved", "picked") for key in actual[name]}
    assert (expected, set()) == (actual, key_types - {PositionKey})
