import attrs
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    MovementKind,
    PositionKey,
    Projection,
    StockBook,
    StockItem,
    project,
)
from ordercore.testing.strategies_inventory import LOCATIONS, lot_ids
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


movement_rows = st.lists(
    st.tuples(
        st.sampled_from(LOCATIONS),
        lot_ids(),
        st.integers(-5, 5),
        st.integers(-5, 5),
        st.integers(-5, 5),
        st.none() | st.sampled_from(["PO-1", "PO-2"]),
    ),
    max_size=30,
)


@given(movement_rows)
def test_counters_add_up_every_movement_and_keep_position_keys(
    rows: list[tuple[str, str | None, int, int, int, str | None]],
) -> None:
    book = StockBook("RETRO-CLOCK")
    expected: dict[str, dict[object, int]] = {
        "on_hand": {},
        "reserved": {},
        "picked": {},
        "expected": {},
        "promised": {},
    }
    for location, lot, on_hand, reserved, picked, supply in rows:
        kind = MovementKind.EXPECT if supply else MovementKind.ADJUSTMENT
        book.record(
            kind,
            PositionKey(location, lot),
            T,
            on_hand=on_hand,
            reserved=reserved,
            picked=picked if supply is None else 0,
            supply=supply,
        )
        if supply is None:
            deltas = {"on_hand": on_hand, "reserved": reserved, "picked": picked}
            for name, delta in deltas.items():
                counter = expected[name]
                key = PositionKey(location, lot)
                if name == "on_hand" or delta:
                    counter[key] = counter.get(key, 0) + delta
        else:
            for name, delta in (("expected", on_hand), ("promised", reserved)):
                expected[name][supply] = expected[name].get(supply, 0) + delta
    actual = attrs.asdict(book.counters, recurse=False)
    key_types = {type(key) for name in ("on_hand", "reserved", "picked") for key in actual[name]}
    assert (expected, set()) == (actual, key_types - {PositionKey})
    assert actual == attrs.asdict(project(book.ledger), recurse=False)
