import pytest

from ordercore.domain.allocation import (
    DemandLine,
    DuplicateDemand,
    DuplicateSupply,
    OrderDemand,
    StockSnapshot,
    Supply,
)
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.testing.strategies_allocation import ANCHOR

NOW = ANCHOR


@pytest.mark.parametrize("bad", [True, 1.0, "3"])
def test_refuses_a_quantity_that_is_not_a_whole_number(bad: object) -> None:
    with pytest.raises(WrongType):
        DemandLine("O-1", "1", "RETRO-CLOCK", bad)


def test_refuses_a_line_of_no_units() -> None:
    with pytest.raises(ValidationError) as refused:
        DemandLine("O-1", "1", "RETRO-CLOCK", 0)
    assert ("quantity", 0) == (refused.value.field, refused.value.value)


def test_refuses_negative_available_stock() -> None:
    with pytest.raises(ValidationError):
        Supply("RETRO-CLOCK", "WH-EAST", -1)


def test_refuses_a_naive_placing_time() -> None:
    with pytest.raises(NaiveDatetime):
        OrderDemand("O-1", NOW.naive(), [DemandLine("O-1", "1", "RETRO-CLOCK", 1)])


def test_refuses_the_same_line_twice_in_one_order() -> None:
    line = DemandLine("O-1", "1", "RETRO-CLOCK", 1)
    with pytest.raises(DuplicateDemand):
        OrderDemand("O-1", NOW, [line, line])


def test_refuses_a_line_of_another_order() -> None:
    with pytest.raises(ValidationError):
        OrderDemand("O-1", NOW, [DemandLine("O-2", "1", "RETRO-CLOCK", 1)])


def test_refuses_an_order_without_lines() -> None:
    with pytest.raises(ValidationError):
        OrderDemand("O-1", NOW, [])


def test_refuses_two_rows_with_one_key_in_a_snapshot() -> None:
    with pytest.raises(DuplicateSupply):
        StockSnapshot.of([Supply("RETRO-CLOCK", "WH-EAST", 1)] * 2)


def test_refuses_a_row_filed_under_another_sku() -> None:
    with pytest.raises(ValidationError):
        StockSnapshot({"BLUE-VASE": (Supply("RETRO-CLOCK", "WH-EAST", 1),)})


def test_counts_available_stock_on_hand_and_incoming() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 4),
            Supply("RETRO-CLOCK", "WH-EAST", 6, eta=NOW.date().add(days=2), supply_id="PO-1"),
        ]
    )
    assert (10, 4, 0) == (
        snapshot.available("RETRO-CLOCK"),
        snapshot.available("RETRO-CLOCK", on_hand_only=True),
        snapshot.available("BLUE-VASE"),
    )
