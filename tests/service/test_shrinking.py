"""A count or a write-off under reservations: re-served elsewhere first, then backordered."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.errors import ValidationError
from ordercore.memory import MemoryStore
from ordercore.service.fulfilling import reserved_for
from ordercore.service.shrinking import count_stock, write_off
from tests.domain.inventory.helpers import ledger_rows
from tests.service.helpers import an_order, order_in, shop, stock_in
from tests.service.selling_helpers import run


def allocated_shop(clocks_east: int, clocks_west: int) -> MemoryStore:
    engine, store, _ = shop(clocks=clocks_east, vases=0)
    if clocks_west:
        engine.receive_stock("RETRO-CLOCK", "WH-WEST", clocks_west)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.allocate_order("order-1")
    return store


def test_a_damaged_clock_is_re_served_from_the_other_warehouse_and_nothing_is_backordered() -> None:
    store = allocated_shop(clocks_east=2, clocks_west=3)
    result = run(store, lambda s: write_off(s, "RETRO-CLOCK", "WH-EAST", 1, "dropped"))
    line = order_in(store).lines["line-1"]  # type: ignore[index]
    assert ({}, 2, 0) == (dict(result.backordered), line.ledger.allocated, line.ledger.backordered)
    assert [("WH-EAST", "WH-WEST", 1)] == [
        (m.from_location, m.location, m.quantity) for m in result.change.moves
    ]
    assert 1 == stock_in(store, "RETRO-CLOCK").reserved("WH-WEST")


def test_what_no_place_can_serve_is_backordered_on_its_order() -> None:
    store = allocated_shop(clocks_east=2, clocks_west=0)
    result = run(store, lambda s: count_stock(s, "RETRO-CLOCK", "WH-EAST", 1))
    line = order_in(store).lines["line-1"]  # type: ignore[index]
    assert ({("order-1", "line-1"): 1}, 1, 1) == (
        dict(result.backordered),
        line.ledger.allocated,
        line.ledger.backordered,
    )
    assert 1 == stock_in(store, "RETRO-CLOCK").reserved()


def test_a_write_off_states_its_reason_and_a_refusal_changes_nothing() -> None:
    store = allocated_shop(clocks_east=2, clocks_west=0)
    before = store.snapshot()
    with pytest.raises(ValidationError, match="reason"):
        run(store, lambda s: write_off(s, "RETRO-CLOCK", "WH-EAST", 1, " "))
    assert before == store.snapshot()


def test_picked_units_cannot_be_written_off_under_a_shipment() -> None:
    engine, store, _ = shop(clocks=2, vases=0)
    engine.payment_first = False
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment_id = engine.open_shipment("order-1", {"line-1": 2}, "WH-EAST")
    engine.pick(shipment_id, "line-1", 2)
    before = store.snapshot()
    with pytest.raises(ValidationError, match="picked units"):
        run(store, lambda s: write_off(s, "RETRO-CLOCK", "WH-EAST", 2, "dropped"))
    assert before == store.snapshot()


@given(
    east=st.integers(1, 6),
    west=st.integers(0, 6),
    orders=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    counted=st.integers(0, 6),
)
def test_after_a_count_every_lines_buckets_match_its_reservations(
    east: int, west: int, orders: list[int], counted: int
) -> None:
    engine, store, _ = shop(clocks=east, vases=0)
    if west:
        engine.receive_stock("RETRO-CLOCK", "WH-WEST", west)
    for n, clocks in enumerate(orders):
        engine.place_order(an_order(f"order-{n}", clocks=clocks, vases=0))
        engine.allocate_order(f"order-{n}")
    counted = min(counted, east)
    result = run(store, lambda s: count_stock(s, "RETRO-CLOCK", "WH-EAST", counted))
    item = stock_in(store, "RETRO-CLOCK")
    for n in range(len(orders)):
        line = order_in(store, f"order-{n}").lines["line-1"]  # type: ignore[index]
        held = reserved_for(item, f"order-{n}", "line-1")
        assert line.ledger.allocated == held
    moved = sum(m.quantity for m in result.change.moves)
    assert result.change.lost == moved + sum(result.backordered.values())
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok
