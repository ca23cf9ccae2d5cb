"""Structural copies: every mutable object is new, every immutable one is shared."""

from decimal import Decimal
from typing import Any, NamedTuple

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.copies import copy, immutable_type
from ordercore.kernel.money import Money
from ordercore.testing.contract import Tally
from ordercore.testing.contract_strategies import tallies
from tests.kernel.mutability import mutable_ids


@attrs.frozen
class Price:
    amount: Money
    note: str | None = None


@attrs.frozen
class Basket:
    items: list[str]


@attrs.define
class Shelf:
    sku: str
    price: Price
    counts: dict[str, int]
    history: list[Any] = attrs.field(factory=list)


class Pair(NamedTuple):
    left: Any
    right: Any


class Plain:
    def __init__(self, items: list[int]) -> None:
        self.items = items


def a_shelf() -> Shelf:
    return Shelf("RETRO-CLOCK", Price(Money.of("19.99", "USD")), {"WH-1": 3}, [("in", 3)])


def test_copies_a_mutable_aggregate_and_shares_its_values() -> None:
    shelf = a_shelf()
    copied = copy(shelf)
    assert shelf == copied
    shared = (copied is shelf, copied.counts is shelf.counts, copied.price is shelf.price)
    assert (False, False, True) == shared


def test_a_change_to_the_copy_never_reaches_the_original() -> None:
    shelf = a_shelf()
    copied = copy(shelf)
    copied.counts["WH-1"] = 0
    copied.history.append(("out", 3))
    copied.sku = "BLUE-VASE"
    assert a_shelf() == shelf


def test_copies_a_list_inside_a_frozen_value() -> None:
    basket = Basket(["RETRO-CLOCK"])
    copied = copy(basket)
    copied.items.append("BLUE-VASE")
    assert (["RETRO-CLOCK"], False) == (basket.items, copied is basket)


def test_shares_a_frozen_value_that_holds_only_immutable_values() -> None:
    price = Price(Money.of("5.00", "EUR"), "sale")
    assert price is copy(price)


def test_copies_the_mutable_items_of_tuples_and_named_tuples_only() -> None:
    frozen_pair = Pair("RETRO-CLOCK", 3)
    open_pair = Pair([1], (2, [3]))
    copied = copy(open_pair)
    copied.right[1].append(4)
    assert (True, [3], Pair) == (copy(frozen_pair) is frozen_pair, open_pair.right[1], type(copied))


def test_keeps_objects_shared_as_they_were_shared() -> None:
    shared = [1]
    shelf = a_shelf()
    shelf.history = [shared, shared, {"again": shared}]
    copied = copy(shelf)
    assert copied.history[0] is copied.history[1] is copied.history[2]["again"]
    assert copied.history[0] is not shared


def test_copies_a_list_that_contains_itself() -> None:
    loop: list[Any] = [1]
    loop.append(loop)
    copied = copy(loop)
    assert (True, False) == (copied[1] is copied, copied is loop)


def test_copies_sets_dicts_and_plain_objects() -> None:
    value: dict[str, Any] = {"skus": {"RETRO-CLOCK"}, "plain": Plain([1])}
    copied = copy(value)
    copied["skus"].add("BLUE-VASE")
    copied["plain"].items.append(2)
    assert ({"RETRO-CLOCK"}, [1]) == (value["skus"], value["plain"].items)


def test_judges_declared_types() -> None:
    judged = [
        immutable_type(t)
        for t in (str, Money, tuple[Money, ...], Price | None, list[str], dict[str, int], Any)
    ]
    assert [True, True, True, True, False, False, False] == judged


def test_shares_atoms() -> None:
    atoms = ["RETRO-CLOCK", 3, Decimal("1.50"), pendulum.datetime(2026, 12, 1, tz="UTC"), None]
    assert all(copy(atom) is atom for atom in atoms)


@given(tallies(), st.lists(st.integers(), max_size=3))
def test_a_copy_is_equal_and_shares_nothing_that_can_change(tally: Tally, extra: list[int]) -> None:
    value = (tally, extra, {"tally": tally})
    copied = copy(value)
    assert value == copied
    assert set() == mutable_ids(value) & mutable_ids(copied)


@attrs.define
class Bin:
    _label: str
    _counts: dict[str, int]
    _shelves: list[Shelf]
    _spare: dict[str, int]


def test_copies_private_fields_and_keeps_a_flat_container_shared_where_it_was() -> None:
    counts = {"WH-1": 3}
    value = Bin("A-1", counts, [a_shelf(), a_shelf()], counts)
    copied = copy(value)
    copied._counts["WH-1"] = 4
    assert ("A-1", {"WH-1": 4}, {"WH-1": 3}) == (copied._label, copied._spare, counts)
    assert (True, True) == (copied._counts is copied._spare, copied._label is value._label)
    assert set() == mutable_ids(value) & mutable_ids(copied)


def test_a_copy_never_runs_validators_or_setattr_hooks() -> None:
    seen: list[object] = []

    def hook(_instance: object, _attribute: object, new: list[int]) -> list[int]:
        seen.append(new)
        return new

    @attrs.define
    class Watched:
        items: list[int] = attrs.field(on_setattr=hook)

    copied = copy(Watched([1]))
    assert ([], [1]) == (seen, copied.items)


def test_copies_a_dict_subclass_held_where_a_dict_is_declared_and_shares_none() -> None:
    from collections import OrderedDict  # noqa: PLC0415 - only this test uses it

    counts: OrderedDict[str, int] = OrderedDict(WH_1=3)
    shelf = Shelf("RETRO-CLOCK", Price(Money.of("19.99", "USD")), counts, history=None)  # type: ignore[arg-type]
    copied = copy(shelf)
    copied.counts["WH_1"] = 0
    assert (OrderedDict, 3, None) == (type(copied.counts), counts["WH_1"], copied.history)


@attrs.define
class Aisle:
    front: Shelf
    back: Shelf | None
    spare: Shelf | None = None


def test_copies_a_part_declared_as_a_mutable_class_once_and_keeps_it_shared() -> None:
    shelf = a_shelf()
    aisle = Aisle(shelf, shelf)
    copied = copy(aisle)
    copied.front.counts["WH-1"] = 0
    assert (True, False, None) == (copied.back is copied.front, copied.front is shelf, copied.spare)
    assert ({"WH-1": 3}, set()) == (shelf.counts, mutable_ids(aisle) & mutable_ids(copied))


@attrs.define
class Ledger:
    rows: list[int]
    made: list[str] = attrs.field(factory=list, eq=False)

    def __deepcopy__(self, memo: dict[int, Any]) -> "Ledger":
        self.made.append("copied")  # seen by the test: the class's own copy ran
        return Ledger(self.rows.copy())


def test_a_class_that_copies_itself_is_copied_by_its_own_deepcopy_once_per_object() -> None:
    ledger = Ledger([1, 2])
    copied = copy({"a": ledger, "b": ledger})
    copied["a"].rows.append(3)
    seen = (ledger.made, ledger.rows, copied["a"] is copied["b"], copied["b"].rows)
    assert (["copied"], [1, 2], True, [1, 2, 3]) == seen
