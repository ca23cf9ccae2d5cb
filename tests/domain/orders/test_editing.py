"""Edits of an order: lines added, resized and removed, addresses changed."""

import pytest

from ordercore.domain.orders import (
    Discount,
    LineId,
    LineNotEditable,
    NotAllowedInStatus,
    OrderLineQuantityChanged,
    ShipToChanged,
)
from ordercore.kernel.errors import ValidationError

from .helpers import HOME, NOW, OFFICE, clock_and_vase, draft, eur, snapshot, unchanged, units

CLOCK = LineId("line-1")
VASE = LineId("line-2")


def test_asks_to_allocate_a_line_added_after_placing() -> None:
    order = clock_and_vase()
    result = order.add_line("BRASS-LAMP", 2, eur("15.00"), NOW)
    assert units("line-3", "BRASS-LAMP", 2) == result.allocate


def test_asks_to_allocate_nothing_for_a_draft() -> None:
    result = draft().add_line("BRASS-LAMP", 2, eur("15.00"), NOW)
    assert () == result.allocate


def test_never_reuses_the_id_of_a_removed_line() -> None:
    order = clock_and_vase()
    order.remove_line(VASE, NOW)
    assert "line-3" == order.add_line("OAK-STOOL", 1, eur("9.00"), NOW).line_id


def test_growing_a_line_asks_for_the_new_units_only() -> None:
    order = clock_and_vase()
    result = order.change_quantity(CLOCK, 5, NOW)
    assert units("line-1", "RETRO-CLOCK", 2) == result.allocate
    assert 5 == order.lines[CLOCK].ledger.unallocated


def test_shrinking_takes_unallocated_then_backordered_then_allocated() -> None:
    order = clock_and_vase()
    order.change_quantity(CLOCK, 6, NOW)
    order.allocate(CLOCK, 3, NOW)
    order.backorder(CLOCK, 2, NOW)
    result = order.change_quantity(CLOCK, 2, NOW)
    assert units("line-1", "RETRO-CLOCK", 1) == result.release
    ledger = order.lines[CLOCK].ledger
    assert (0, 0, 2) == (ledger.unallocated, ledger.backordered, ledger.allocated)


def test_rescales_line_tax_with_the_quantity() -> None:
    order = clock_and_vase()
    order.change_quantity(CLOCK, 1, NOW)
    assert eur("3.80") == order.lines[CLOCK].tax_total


def test_refuses_to_shrink_into_picked_units_and_changes_nothing() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate(CLOCK, 3, NOW)
    order.pick(CLOCK, 2, NOW)
    before = snapshot(order)
    with pytest.raises(LineNotEditable) as caught:
        order.change_quantity(CLOCK, 1, NOW)
    assert "go down to 2 at the least" in str(caught.value)
    assert unchanged(order, before)


def test_refuses_to_shrink_below_the_invoiced_units() -> None:
    order = clock_and_vase()
    order.record_invoiced(CLOCK, 3, NOW)
    with pytest.raises(LineNotEditable):
        order.change_quantity(CLOCK, 2, NOW)


def test_refuses_a_cut_that_leaves_order_discounts_bigger_than_the_lines() -> None:
    order = draft(discounts=[Discount(code_or_reason="BIG", amount=eur("50.00"))])
    order.add_line("RETRO-CLOCK", 3, eur("20.00"), NOW)
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        order.change_quantity(CLOCK, 2, NOW)
    assert "discounts" == caught.value.field
    assert unchanged(order, before)


def test_a_change_to_the_same_quantity_is_a_no_op() -> None:
    order = clock_and_vase()
    version = order.version
    order.change_quantity(CLOCK, 3, NOW)
    assert (version, []) == (order.version, order.events)


def test_records_the_change_with_what_it_released() -> None:
    order = clock_and_vase()
    order.allocate(CLOCK, 3, NOW)
    order.pull_events()
    order.change_quantity(CLOCK, 1, NOW)
    event = order.pull_events()[0]
    assert isinstance(event, OrderLineQuantityChanged)
    assert (3, 1, 2) == (event.old_quantity, event.new_quantity, event.released)


def test_removing_a_line_releases_its_allocation() -> None:
    order = clock_and_vase()
    order.allocate(VASE, 1, NOW)
    assert units("line-2", "BLUE-VASE", 1) == order.remove_line(VASE, NOW).release
    assert [CLOCK] == list(order.lines)


def test_refuses_to_remove_the_last_line_of_a_placed_order() -> None:
    order = clock_and_vase()
    order.remove_line(VASE, NOW)
    with pytest.raises(LineNotEditable):
        order.remove_line(CLOCK, NOW)


def test_refuses_to_remove_an_invoiced_line() -> None:
    order = clock_and_vase()
    order.record_invoiced(VASE, 1, NOW)
    with pytest.raises(LineNotEditable):
        order.remove_line(VASE, NOW)


def test_changing_ship_to_asks_to_reconsider_allocations() -> None:
    order = clock_and_vase()
    order.allocate(CLOCK, 2, NOW)
    result = order.change_ship_to(OFFICE, NOW)
    assert units("line-1", "RETRO-CLOCK", 2) == result.reallocate
    assert [ShipToChanged] == [type(e) for e in order.pull_events()][-1:]
    assert OFFICE == order.ship_to


def test_refuses_to_change_ship_to_once_a_unit_is_picked() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate(CLOCK, 1, NOW)
    order.pick(CLOCK, 1, NOW)
    with pytest.raises(LineNotEditable):
        order.change_ship_to(OFFICE, NOW)
    assert HOME == order.ship_to


def test_refuses_edits_on_a_cancelled_order() -> None:
    order = clock_and_vase()
    order.cancel("duplicate", NOW)
    with pytest.raises(NotAllowedInStatus):
        order.add_line("OAK-STOOL", 1, eur("9.00"), NOW)


def test_removes_a_line_whose_invoiced_units_were_all_credited() -> None:
    order = clock_and_vase()
    order.record_invoiced(VASE, 1, NOW)
    order.record_credited(VASE, 1, NOW)
    order.remove_line(VASE, NOW)
    assert [CLOCK] == list(order.lines)
