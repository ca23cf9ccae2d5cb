import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    ReservationState,
    StockReleased,
    StockReserved,
)
from ordercore.domain.inventory.builders import (
    new_release_result,
    new_stock_released,
    new_stock_reserved,
)
from ordercore.domain.inventory.ledger import Movement, MovementKind, StockBook
from ordercore.domain.inventory.reservations import ReleaseResult
from tests.domain.inventory.helpers import T

ids = st.sampled_from(["R-1", "RETRO-CLOCK", "WH-EAST", "O-7"])
lots = st.none() | st.sampled_from(["LOT-1", "LOT-2"])
units = st.integers(min_value=-50, max_value=50)


@given(ids, st.integers(0, 9), ids, ids, ids, st.integers(1, 9), st.booleans(), lots)
def test_a_fast_stock_reserved_equals_one_made_by_the_class(
    sku: str, version: int, rid: str, order: str, line: str, qty: int, hard: bool, lot: str | None
) -> None:
    rows = (Allocation("WH-EAST", qty, lot),)
    expires = None if hard else T.add(hours=1)
    expected = StockReserved(
        entity_id=sku,
        version=version,
        occurred_at=T,
        reservation_id=rid,
        order_ref=order,
        line_ref=line,
        quantity=qty,
        hard=hard,
        expires_at=expires,
        allocations=rows,
    )
    actual = new_stock_reserved(sku, version, T, rid, order, line, qty, hard, expires, rows)
    assert (expected, repr(expected), hash(expected)) == (actual, repr(actual), hash(actual))


@given(ids, st.integers(0, 9), ids, st.integers(0, 9), st.booleans())
def test_a_fast_stock_released_equals_one_made_by_the_class(
    sku: str, version: int, rid: str, qty: int, everything: bool
) -> None:
    expected = StockReleased(
        entity_id=sku,
        version=version,
        occurred_at=T,
        reservation_id=rid,
        quantity=qty,
        all_units=everything,
    )
    assert expected == new_stock_released(sku, version, T, rid, qty, everything)


@given(ids, st.integers(0, 9), st.sampled_from(list(ReservationState)))
def test_a_fast_release_result_equals_one_made_by_the_class(
    rid: str, released: int, state: ReservationState
) -> None:
    assert ReleaseResult(rid, released, state) == new_release_result(rid, released, state)


@given(st.sampled_from(list(MovementKind)), ids, lots, units, units, units)
def test_a_ledger_row_appended_on_the_hot_path_equals_one_made_by_the_class(
    kind: MovementKind, where: str, lot: str | None, on_hand: int, held: int, picked: int
) -> None:
    book = StockBook("RETRO-CLOCK")
    actual = book.append(kind, where, lot, on_hand, held, picked, T, "why", "R-1", None)
    expected = Movement(1, kind, where, lot, on_hand, held, picked, T, "why", "R-1", None)
    assert (expected, expected._asdict(), Movement) == (actual, actual._asdict(), type(actual))


def test_fast_built_events_are_still_frozen() -> None:
    everything = True
    event = new_stock_released("RETRO-CLOCK", 1, T, "R-1", 2, everything)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.quantity = 3  # type: ignore[misc]
