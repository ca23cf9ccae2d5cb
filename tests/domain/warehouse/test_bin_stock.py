"""BinStock: units per bin and lot at one location, changed only by its events."""

from __future__ import annotations

import copy

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.warehouse import (
    Bin,
    BinShort,
    BinStock,
    HostSequence,
    UnitsBinned,
    bin_stock_id,
)
from ordercore.kernel.errors import OrdercoreError, ValidationError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
BINS = (Bin("WH", "A", 1, 1), Bin("WH", "A", 1, 9), Bin("WH", "A", 2, 4), Bin("WH", "B", 1, 1))
LOTS = (None, "LOT-A")


def test_a_new_bin_stock_is_born_at_version_one_and_empty() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    assert ("WH/MUG", 1, 0, ()) == (stock.id, stock.version, stock.units(), stock.shelves)
    assert bin_stock_id("WH", "MUG") == stock.id


def test_taking_more_than_a_bin_holds_is_refused_and_changes_nothing() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[0], 2, NOW, reason="receipt")
    before = copy.deepcopy(stock)
    with pytest.raises(BinShort) as refused:
        stock.take(BINS[0], 3, NOW)
    assert "holds 2 units of MUG" in str(refused.value)
    assert before == stock


def test_a_bin_of_another_location_is_refused() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    with pytest.raises(ValidationError):
        stock.put(Bin("WH-WEST", "A", 1, 1), 1, NOW)


def test_taking_in_walk_order_empties_the_first_bins_first() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[3], 2, NOW)
    stock.put(BINS[1], 2, NOW)
    stock.put(BINS[0], 1, NOW)
    taken = stock.take_in_walk(4, NOW)
    assert [(BINS[0], 1), (BINS[1], 2), (BINS[3], 1)] == list(taken)


def test_a_host_walk_orders_the_bins_it_is_given() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[0], 1, NOW)
    stock.put(BINS[3], 1, NOW)
    walk = HostSequence([BINS[3], BINS[0]])
    assert [BINS[3], BINS[0]] == [place for place, _ in stock.holding(None, walk)]


def test_an_event_that_skips_a_version_is_refused() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    event = UnitsBinned(
        entity_id=stock.id, version=5, occurred_at=NOW, bin=BINS[0], lot=None, units=1, reason=""
    )
    with pytest.raises(ValidationError):
        stock.apply(event)


steps = st.lists(
    st.tuples(
        st.sampled_from(["put", "take", "move", "walk"]),
        st.sampled_from(BINS),
        st.sampled_from(BINS),
        st.sampled_from(LOTS),
        st.integers(0, 4),
    ),
    max_size=30,
)


@given(steps=steps)
def test_units_never_go_below_zero_and_replay_rebuilds_the_bins(
    steps: list[tuple[str, Bin, Bin, str | None, int]],
) -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    events = stock.pull_events()
    expected: dict[tuple[Bin, str | None], int] = {}
    for kind, first, second, lot, units in steps:
        before = copy.deepcopy(stock)
        try:
            if kind == "put":
                stock.put(first, units, NOW, lot=lot)
                expected[(first, lot)] = expected.get((first, lot), 0) + units
            elif kind == "take":
                stock.take(first, units, NOW, lot=lot)
                expected[(first, lot)] -= units
            elif kind == "move":
                stock.move(first, second, units, NOW, lot=lot)
                expected[(first, lot)] -= units
                expected[(second, lot)] = expected.get((second, lot), 0) + units
            else:
                for place, taken in stock.take_in_walk(units, NOW, lot=lot):
                    expected[(place, lot)] -= taken
        except (OrdercoreError, KeyError):
            assert before == stock
            continue
        finally:
            events.extend(stock.pull_events())
    held = {(s.bin, s.lot): s.units for s in stock.shelves}
    assert {key: units for key, units in expected.items() if units} == held
    assert all(units > 0 for units in held.values())
    assert BinStock.replay(events) == stock
    assert len(events) == stock.version


def test_promising_more_than_a_bin_holds_unpromised_is_refused_and_changes_nothing() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[0], 3, NOW, reason="receipt")
    stock.promise(BINS[0], 2, NOW, lot=None, pick_list_id="PL-1")
    before = copy.deepcopy(stock)
    with pytest.raises(BinShort) as refused:
        stock.promise(BINS[0], 2, NOW, lot=None, pick_list_id="PL-2")
    assert "(unpromised to open pick lists) holds 1 units of MUG" in str(refused.value)
    assert before == stock


def test_releasing_more_than_a_bin_promised_is_refused_and_changes_nothing() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[0], 3, NOW, reason="receipt")
    stock.promise(BINS[0], 2, NOW, lot=None, pick_list_id="PL-1")
    before = copy.deepcopy(stock)
    with pytest.raises(ValidationError):
        stock.release(BINS[0], 3, NOW, lot=None, pick_list_id="PL-1", reason="cancelled")
    assert before == stock


def test_a_released_promise_frees_the_units_and_replay_rebuilds_the_promises() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    stock.put(BINS[0], 3, NOW, lot="LOT-A", reason="receipt")
    stock.promise(BINS[0], 3, NOW, lot="LOT-A", pick_list_id="PL-1")
    stock.release(BINS[0], 1, NOW, lot="LOT-A", pick_list_id="PL-1", reason="cancelled")
    assert (2, 1) == (stock.promised_units(BINS[0], "LOT-A"), stock.unpromised(BINS[0], "LOT-A"))
    assert BinStock.replay(stock.pull_events()) == stock


def test_taking_in_walk_order_takes_units_promised_to_no_list_first() -> None:
    stock = BinStock.open("WH", "MUG", NOW)
    near, far = BINS[0], BINS[1]
    stock.put(near, 2, NOW, reason="receipt")
    stock.put(far, 2, NOW, reason="receipt")
    stock.promise(near, 2, NOW, lot=None, pick_list_id="PL-1")
    taken = stock.take_in_walk(3, NOW, reason="shelf lost")
    assert ((far, 2), (near, 1)) == taken
