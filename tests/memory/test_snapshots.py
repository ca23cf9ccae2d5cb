from typing import Any

import attrs
from hypothesis import given

from ordercore.memory.snapshots import DeepCopied, freeze, thaw
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


def test_keeps_a_deep_copy_of_what_pickle_cannot_encode() -> None:
    @attrs.define
    class Local:
        items: list[Any]
        pick: Any = lambda items: items[0]

    held = Local([1, 2])
    frozen = freeze(held)
    held.items.append(3)
    first = thaw(frozen)
    first.items.append(4)
    assert (True, [1, 2]) == (isinstance(frozen, DeepCopied), thaw(frozen).items)


def test_shares_inner_objects_in_the_thawed_copy_as_they_were_shared() -> None:
    shared = [1]
    pair = (shared, shared)
    back = thaw(freeze(pair))
    assert back[0] is back[1]
    assert isinstance(freeze(pair), bytes)
