from typing import Any

import attrs
from hypothesis import given

from ordercore.memory.snapshots import freeze, thaw
from ordercore.testing.contract import Tally
from ordercore.testing.contract_strategies import tallies


@given(tallies())
def test_thaws_what_was_frozen(tally: Tally) -> None:
    assert tally == thaw(freeze(tally))


def test_a_change_after_freezing_does_not_reach_the_frozen_state() -> None:
    tally = Tally.start("TALLY-1", label="RETRO-CLOCK")
    frozen = freeze(tally)
    tally.bump()
    tally.label = "BLUE-VASE"
    assert (1, 0, "RETRO-CLOCK") == (thaw(frozen).version, thaw(frozen).count, thaw(frozen).label)


def test_each_thaw_is_a_new_object() -> None:
    frozen = freeze(Tally.start("TALLY-1"))
    first = thaw(frozen)
    first.bump()
    assert 0 == thaw(frozen).count
    assert thaw(frozen) is not thaw(frozen)


def test_freezes_an_object_pickle_could_not_encode() -> None:
    @attrs.define
    class Local:
        items: list[Any]
        pick: Any = lambda items: items[0]

    held = Local([1, 2])
    frozen = freeze(held)
    held.items.append(3)
    first = thaw(frozen)
    first.items.append(4)
    assert ([1, 2], 1) == (thaw(frozen).items, thaw(frozen).pick([1]))


def test_shares_inner_objects_in_the_thawed_copy_as_they_were_shared() -> None:
    shared = [1]
    pair = (shared, shared)
    back = thaw(freeze(pair))
    assert back[0] is back[1]
    assert back[0] is not shared
