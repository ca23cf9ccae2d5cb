"""Any sequence of pick list commands: a refused one changes nothing; units are conserved."""

import copy

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.picklist import PickList
from ordercore.domain.warehouse.values import AllocatedLine, PickMethod
from ordercore.errors import OrdercoreError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")

places = st.builds(Bin, st.just("WH"), st.sampled_from("AB"), st.integers(1, 3), st.integers(1, 4))
allocated = st.builds(
    AllocatedLine,
    shipment_id=st.sampled_from(["SHP-1", "SHP-2", "SHP-3"]),
    line_id=st.sampled_from(["l1", "l2"]),
    sku=st.sampled_from(["MUG", "VASE"]),
    units=st.integers(1, 5),
    bin=places,
)
commands = st.lists(
    st.one_of(
        st.tuples(st.just("release")),
        st.tuples(st.just("confirm"), st.integers(0, 9), st.integers(-1, 8), st.booleans()),
        st.tuples(st.just("close")),
        st.tuples(st.just("cancel")),
    ),
    max_size=25,
)


def run(pick_list: PickList, command: tuple[object, ...]) -> None:
    match command:
        case ("release",):
            pick_list.release(NOW)
        case ("confirm", index, units, short):
            pick_list.confirm(str(index), units, NOW, short=short)  # type: ignore[arg-type]
        case ("close",):
            pick_list.close(NOW)
        case _:
            pick_list.cancel("withdrawn", NOW)


@given(st.lists(allocated, min_size=1), commands)
def test_a_refused_command_changes_nothing_and_every_unit_stays_accounted_for(
    lines: list[AllocatedLine], steps: list[tuple[object, ...]]
) -> None:
    requested: dict[tuple[str, str], int] = {}
    for line in lines:
        requested[line.key] = requested.get(line.key, 0) + line.units
    pick_list = PickList.create("PL-1", PickMethod.BATCH, lines, NOW)
    for step in steps:
        before = copy.deepcopy(pick_list)
        try:
            run(pick_list, step)
        except OrdercoreError:
            assert before == pick_list
            assert before.events == pick_list.events
        tallies = pick_list.tallies()
        assert requested == {k: t.picked + t.short + t.open for k, t in tallies.items()}
        assert all(t.open >= 0 for t in tallies.values())
        assert pick_list.open_units == sum(t.open for t in tallies.values())
    assert pick_list == PickList.replay(pick_list.pull_events())
