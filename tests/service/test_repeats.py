"""Repeating an allocation or a release: a no-op that says so, never an unrelated refusal."""

import pytest

from ordercore.kernel.errors import NotFound
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, ledger, shop, stock_in


def test_allocating_a_fully_allocated_order_again_is_a_no_op_that_says_so() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    before = store.snapshot()
    again = engine.allocate_order("order-1")
    assert (True, {}, {}, ()) == (
        again.noop,
        dict(again.reserved),
        dict(again.backordered),
        again.plan.lines,
    )
    assert "order order-1 has no unallocated units (4 allocated, 0 backordered" in again.reason
    assert before == store.snapshot()


def test_allocating_again_an_order_whose_rest_is_backordered_is_a_no_op_too() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    before = store.snapshot()
    again = engine.allocate_order("order-1")
    assert again.noop
    assert "(3 allocated, 1 backordered" in again.reason
    assert "fill_backorders" in again.reason
    assert before == store.snapshot()


def test_a_first_allocation_is_not_a_no_op() -> None:
    engine, _, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    applied = engine.allocate_order("order-1")
    assert (False, "") == (applied.noop, applied.reason)


def test_releasing_an_allocated_line_gives_its_units_back_to_stock() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    released = engine.release_line("order-1", CLOCK_LINE)
    assert (2, False) == (released.released, released.noop)
    assert {"unallocated": 2} == ledger(store, CLOCK_LINE)
    assert {"allocated": 2} == ledger(store, VASE_LINE)
    clocks = stock_in(store, "RETRO-CLOCK")
    assert (5, 0, 5) == (clocks.on_hand(), clocks.reserved(), clocks.available())


def test_releasing_a_line_that_was_never_allocated_is_a_no_op_that_says_so() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    before = store.snapshot()
    released = engine.release_line("order-1", CLOCK_LINE)
    assert (0, True) == (released.released, released.noop)
    assert "line order-1/line-1 has no allocated units (2 unallocated" in released.reason
    assert before == store.snapshot()


def test_releasing_a_line_twice_is_a_no_op_the_second_time() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    engine.release_line("order-1", CLOCK_LINE)
    before = store.snapshot()
    again = engine.release_line("order-1", CLOCK_LINE)
    assert (0, True) == (again.released, again.noop)
    assert before == store.snapshot()


def test_a_released_line_is_allocated_again_by_the_next_allocation() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    engine.release_line("order-1", CLOCK_LINE)
    applied = engine.allocate_order("order-1")
    assert {CLOCK_LINE: 2} == dict(applied.reserved)
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_releasing_a_line_the_order_does_not_have_is_still_not_found() -> None:
    engine, _, _ = shop()
    engine.place_order(an_order())
    with pytest.raises(NotFound):
        engine.release_line("order-1", "line-9")


def test_a_keyed_release_is_recalled_with_its_result() -> None:
    engine, _, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    first = engine.release_line("order-1", CLOCK_LINE, idempotency_key="rel-1")
    assert first == engine.release_line("order-1", CLOCK_LINE, idempotency_key="rel-1")


def test_a_keyed_no_op_allocation_is_recalled_with_its_reason() -> None:
    engine, _, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    first = engine.allocate_order("order-1", idempotency_key="alloc-2")
    assert first == engine.allocate_order("order-1", idempotency_key="alloc-2")
    assert first.noop
