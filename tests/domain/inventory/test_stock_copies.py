"""A stock item copies itself (kernel.copies' protocol): equal, every field, sharing nothing."""

import copy as stdlib_copy
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, HoldKind, Lot, StockItem
from ordercore.kernel.copies import copy
from ordercore.kernel.events import attach
from ordercore.testing.strategies_inventory import (
    ANCHOR,
    run_stock_commands,
    stock_commands,
    stocked_items,
)
from tests.kernel.mutability import mutable_ids


def state(value: Any) -> Any:
    """Everything ``value`` holds, every attrs field (those left out of ``==`` too), as plain data.

    A field the copy forgot to write is a slot left empty: reading it raises ``AttributeError``.
    """
    if attrs.has(type(value)) and not attrs.inspect(type(value)).is_frozen:
        fields = attrs.fields(type(value))
        return (type(value).__name__, {f.name: state(getattr(value, f.name)) for f in fields})
    if isinstance(value, dict):
        return {key: state(item) for key, item in value.items()}
    if isinstance(value, list):
        return [state(item) for item in value]
    return value


def an_item_with_everything() -> StockItem:
    """Every part in use: positions, held units, a hold, incoming supply, a lot, safety stock."""
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 10, ANCHOR)
    item.receive("WH-EAST", 4, ANCHOR, lot=Lot("LOT-7", ANCHOR.date().add(days=90)))
    item.hold_returned("WH-EAST", 2, ANCHOR, hold=HoldKind.QUARANTINE)
    item.add_incoming("PO-1", "WH-EAST", 5, ANCHOR.date().add(days=3), ANCHOR, lot="LOT-7")
    item.set_safety_stock("WH-EAST", 1, ANCHOR)
    item.reserve(
        "R-1",
        order_ref="O-1",
        line_ref="L-1",
        allocations=[Allocation("WH-EAST", 3), Allocation("WH-EAST", 2, "LOT-7", "PO-1")],
        now=ANCHOR,
        ttl=ANCHOR.add(minutes=15) - ANCHOR,
    )
    item.reserve(
        "R-2", order_ref="O-2", line_ref="L-1", allocations=[Allocation("WH-EAST", 1)],
        now=ANCHOR, hard=True,
    )  # fmt: skip
    item.release_all("R-2", ANCHOR)  # closed, its events not pulled: in the closing dict
    return item


def test_a_copy_holds_every_field_of_every_part_and_shares_nothing_that_can_change() -> None:
    item = an_item_with_everything()
    copied = copy(item)
    assert state(item) == state(copied)
    assert set() == mutable_ids(item) & mutable_ids(copied)


def test_copy_deepcopy_makes_the_same_copy() -> None:
    item = an_item_with_everything()
    copied = stdlib_copy.deepcopy(item)
    assert (state(item), set()) == (state(copied), mutable_ids(item) & mutable_ids(copied))


def test_a_copy_has_no_sink_and_its_own_ledger_buffer() -> None:
    item = an_item_with_everything()
    attach(item)
    item.receive("WH-EAST", 1, ANCHOR)  # the journal now records into the sink's list
    copied = copy(item)
    copied.receive("WH-EAST", 1, ANCHOR)
    moved = (len(item.pull_movements()), len(copied.pull_movements()))
    assert (None, (9, 10)) == (copied.sink, moved)  # 9 unpulled, and the copy's own 10th


@given(stocked_items(), stock_commands(max_size=25), stock_commands(max_size=10))
def test_changing_a_copy_never_changes_the_original_nor_the_other_way_round(
    item: StockItem, history: list[Any], more: list[Any]
) -> None:
    run_stock_commands(item, history)  # events, movements and closed reservations unpulled
    before = state(item)
    copied = copy(item)
    assert before == state(copied)
    assert set() == mutable_ids(item) & mutable_ids(copied)
    run_stock_commands(copied, more)
    copied.pull_events()
    copied.pull_movements()
    assert before == state(item)
    again = copy(item)
    run_stock_commands(item, more)
    item.pull_events()
    assert before == state(again)


@given(st.integers(1, 3))
def test_an_item_reached_twice_is_copied_once(times: int) -> None:
    item = an_item_with_everything()
    copied = copy([item] * times)
    assert (times, 1) == (len(copied), len({id(each) for each in copied}))
