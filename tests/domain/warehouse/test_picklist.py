import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.errors import OverConfirm, UnknownPickLine
from ordercore.domain.warehouse.events import (
    PickLineConfirmed,
    PickListCancelled,
    PickListCreated,
    PickListReleased,
)
from ordercore.domain.warehouse.lifecycle import PickListStatus
from ordercore.domain.warehouse.picklist import PickList, PickResult
from ordercore.domain.warehouse.values import AllocatedLine, LineTally, PickMethod
from ordercore.domain.warehouse.walk import SERPENTINE
from ordercore.kernel.errors import InvalidTransition, ValidationError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
A1 = Bin("WH", "A", 1, 3)
A2 = Bin("WH", "A", 2, 8)
A3 = Bin("WH", "A", 3, 1)


def three_orders() -> list[AllocatedLine]:
    """Three shipments that share two of three bins, given in no particular order."""
    return [
        AllocatedLine("SHP-3", "l1", "CLOCK", 1, A3),
        AllocatedLine("SHP-1", "l1", "VASE", 2, A2),
        AllocatedLine("SHP-1", "l2", "MUG", 1, A1),
        AllocatedLine("SHP-2", "l1", "VASE", 1, A2),
        AllocatedLine("SHP-2", "l2", "CLOCK", 2, A3),
        AllocatedLine("SHP-3", "l2", "MUG", 4, A1),
    ]


def a_released_batch() -> PickList:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    pick_list.release(NOW)
    pick_list.pull_events()
    return pick_list


def test_a_batch_pick_list_for_three_orders_visits_each_bin_once_in_walk_order() -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    stops = [(line.bin, line.sku, line.units) for line in pick_list.walk()]
    assert [(A1, "MUG", 5), (A2, "VASE", 3), (A3, "CLOCK", 3)] == stops


def test_a_batch_line_remembers_which_shipment_lines_it_serves() -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    assert [("SHP-1", "l2", 1), ("SHP-3", "l2", 4)] == [
        (d.shipment_id, d.line_id, d.units) for d in pick_list.line("1").demands
    ]


def test_creating_records_one_event_at_version_one() -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    events = pick_list.pull_events()
    assert [PickListCreated] == [type(e) for e in events]
    assert (1, PickListStatus.OPEN) == (pick_list.version, pick_list.status)


def test_a_single_order_list_refuses_two_shipments() -> None:
    with pytest.raises(ValidationError) as refused:
        PickList.create("PL-1", PickMethod.SINGLE, three_orders(), NOW)
    assert ["SHP-1", "SHP-2", "SHP-3"] == refused.value.value


def test_a_zone_list_refuses_two_zones() -> None:
    lines = [
        AllocatedLine("SHP-1", "l1", "MUG", 1, A1),
        AllocatedLine("SHP-1", "l2", "MUG", 1, Bin("WH", "B", 1, 1)),
    ]
    with pytest.raises(ValidationError):
        PickList.create("PL-1", PickMethod.ZONE, lines, NOW)


def test_a_list_is_confirmed_only_once_released() -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    with pytest.raises(InvalidTransition):
        pick_list.confirm("1", 5, NOW)
    assert 1 == pick_list.version


def test_confirming_every_unit_finishes_the_list_as_picked() -> None:
    pick_list = a_released_batch()
    for line in pick_list.walk():
        pick_list.confirm(line.line_id, line.units, NOW)
    seen = [pick_list.status]
    pick_list.close(NOW)
    seen.append(pick_list.status)
    assert [PickListStatus.PICKED, PickListStatus.CLOSED] == seen


def test_a_batch_confirmation_is_split_back_to_the_orders() -> None:
    pick_list = a_released_batch()
    result = pick_list.confirm("2", 3, NOW)
    assert PickResult({("SHP-1", "l1"): 2, ("SHP-2", "l1"): 1}, {}) == result


def test_a_short_pick_says_the_missing_units_per_shipment_line() -> None:
    pick_list = a_released_batch()
    result = pick_list.confirm("1", 2, NOW, short=True)
    assert PickResult({("SHP-1", "l2"): 1, ("SHP-3", "l2"): 1}, {("SHP-3", "l2"): 3}) == result
    assert LineTally(4, 1, 3) == pick_list.tallies()[("SHP-3", "l2")]


def test_a_list_with_a_short_line_finishes_short_picked() -> None:
    pick_list = a_released_batch()
    pick_list.confirm("1", 0, NOW, short=True)
    pick_list.confirm("2", 3, NOW)
    seen = [pick_list.status]
    pick_list.confirm("3", 3, NOW)
    seen.append(pick_list.status)
    assert [PickListStatus.IN_PROGRESS, PickListStatus.SHORT_PICKED] == seen


def test_a_confirmation_of_more_than_is_open_is_refused_and_changes_nothing() -> None:
    pick_list = a_released_batch()
    pick_list.confirm("2", 2, NOW)
    with pytest.raises(OverConfirm) as refused:
        pick_list.confirm("2", 2, NOW)
    assert (2, 1) == (refused.value.units, refused.value.open_units)
    assert (3, 2) == (pick_list.version, pick_list.line("2").picked)


def test_a_confirmation_of_nothing_is_refused() -> None:
    pick_list = a_released_batch()
    with pytest.raises(ValidationError):
        pick_list.confirm("2", 0, NOW)


def test_an_unknown_pick_line_is_refused_by_name() -> None:
    pick_list = a_released_batch()
    with pytest.raises(UnknownPickLine) as refused:
        pick_list.confirm("9", 1, NOW)
    assert ("9", ("1", "2", "3")) == (refused.value.line_id, refused.value.known)


def test_cancelling_says_which_picked_units_go_back() -> None:
    pick_list = a_released_batch()
    pick_list.confirm("3", 2, NOW)
    assert {("SHP-2", "l2"): 2} == pick_list.cancel("wave withdrawn", NOW)
    assert PickListStatus.CANCELLED == pick_list.status
    assert [PickLineConfirmed, PickListCancelled] == [type(e) for e in pick_list.pull_events()]


def test_release_due_waits_for_the_release_time() -> None:
    due = NOW.add(hours=2)
    pick_list = PickList.create("PL-1", PickMethod.WAVE, three_orders(), NOW, release_at=due)
    assert False is pick_list.release_due(NOW.add(hours=1))
    assert True is pick_list.release_due(due)
    assert False is pick_list.release_due(due)
    assert [PickListCreated, PickListReleased] == [type(e) for e in pick_list.pull_events()]


def test_replay_rebuilds_the_list_from_its_events() -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW)
    pick_list.release(NOW)
    pick_list.confirm("1", 3, NOW, short=True)
    pick_list.confirm("2", 3, NOW)
    pick_list.confirm("3", 3, NOW)
    pick_list.close(NOW)
    events = pick_list.pull_events()
    assert pick_list == PickList.replay(events)


def test_replay_refuses_a_log_that_skips_a_version() -> None:
    pick_list = a_released_batch()
    pick_list.confirm("1", 1, NOW)
    created = PickList.create("PL-1", PickMethod.BATCH, three_orders(), NOW).pull_events()
    with pytest.raises(ValidationError):
        PickList.replay([*created, *pick_list.pull_events()])


skus = st.sampled_from(["MUG", "VASE", "CLOCK"])
places = st.builds(Bin, st.just("WH"), st.sampled_from("AB"), st.integers(1, 4), st.integers(1, 5))
allocated = st.builds(
    AllocatedLine,
    shipment_id=st.sampled_from(["SHP-1", "SHP-2", "SHP-3", "SHP-4"]),
    line_id=st.sampled_from(["l1", "l2"]),
    sku=skus,
    units=st.integers(1, 6),
    bin=places,
)
confirmations = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 7), st.booleans()))


def requested(lines: list[AllocatedLine]) -> dict[tuple[str, str], int]:
    totals: dict[tuple[str, str], int] = {}
    for line in lines:
        totals[line.key] = totals.get(line.key, 0) + line.units
    return totals


@given(st.lists(allocated, min_size=1), confirmations)
def test_units_are_conserved_per_shipment_line(
    lines: list[AllocatedLine], steps: list[tuple[int, int, bool]]
) -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, lines, NOW)
    pick_list.release(NOW)
    picked: dict[tuple[str, str], int] = {}
    missing: dict[tuple[str, str], int] = {}
    for index, units, short in steps:
        line = pick_list.walk()[index % len(pick_list.lines)]
        if units > line.open or (units == 0 and not (short and line.open)):
            continue
        result = pick_list.confirm(line.line_id, units, NOW, short=short)
        for key, n in result.picked.items():
            picked[key] = picked.get(key, 0) + n
        for key, n in result.missing.items():
            missing[key] = missing.get(key, 0) + n
    tallies = pick_list.tallies()
    assert requested(lines) == {k: t.picked + t.short + t.open for k, t in tallies.items()}
    assert {k: t.picked for k, t in tallies.items() if t.picked} == picked
    assert {k: t.short for k, t in tallies.items() if t.short} == missing
    assert pick_list == PickList.replay(pick_list.pull_events())


@given(st.lists(allocated, min_size=1))
def test_a_batch_list_visits_each_bin_and_sku_once_in_walk_order(
    lines: list[AllocatedLine],
) -> None:
    pick_list = PickList.create("PL-1", PickMethod.BATCH, lines, NOW)
    stops = [(line.bin, line.sku) for line in pick_list.walk()]
    assert len(set(stops)) == len(stops)
    keys = [SERPENTINE.key(place) for place, _ in stops]
    assert sorted(keys) == keys
