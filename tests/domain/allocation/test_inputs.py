import datetime

import attrs
import pendulum
import pytest

from ordercore.domain.allocation import (
    DemandLine,
    DuplicateDemand,
    DuplicateSupply,
    OrderDemand,
    StockSnapshot,
    Supply,
)
from ordercore.kernel.errors import NaiveDatetime, OrdercoreError, ValidationError, WrongType
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


def test_a_snapshot_grouped_fast_is_the_snapshot_the_constructor_builds() -> None:
    rows = {
        "RETRO-CLOCK": [
            Supply("RETRO-CLOCK", "WH-EAST", 4),
            Supply("RETRO-CLOCK", "WH-EAST", 6, eta=NOW.date().add(days=2), supply_id="PO-1"),
        ],
        "BLUE-VASE": [Supply("BLUE-VASE", "WH-WEST", 1)],
    }
    expected = StockSnapshot(rows)
    actual = StockSnapshot.grouped(rows)
    assert (expected, repr(expected)) == (actual, repr(actual))


def test_a_snapshot_grouped_fast_still_refuses_a_row_twice() -> None:
    row = Supply("RETRO-CLOCK", "WH-EAST", 1)
    with pytest.raises(DuplicateSupply) as by_constructor:
        StockSnapshot({"RETRO-CLOCK": (row, row)})
    with pytest.raises(DuplicateSupply) as fast:
        StockSnapshot.grouped({"RETRO-CLOCK": [row, row]})
    assert str(by_constructor.value) == str(fast.value)


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


FULL_ROW: tuple[object, ...] = (
    "RETRO-CLOCK",
    "WH-EAST",
    4,
    "LOT-7",
    2,
    (52.5, 13.4),
    pendulum.date(2027, 3, 1),
    pendulum.datetime(2026, 11, 1, 8, tz="Europe/Berlin"),
    None,
    None,
)


@pytest.mark.parametrize(
    "values",
    [
        FULL_ROW,
        ("RETRO-CLOCK", "WH-EAST", 0, None, 100, None, None, None, None, None),
        (
            "RETRO-CLOCK",
            "WH-EAST",
            4,
            None,
            1,
            "EU",
            None,
            None,
            pendulum.date(2026, 12, 1),
            "PO-1",
        ),
    ],
)
def test_a_row_built_fast_is_the_row_the_constructor_builds(values: tuple[object, ...]) -> None:
    expected = Supply(*values)
    actual = Supply.row(*values)
    assert (type(expected), repr(expected)) == (type(actual), repr(actual))


def test_each_builder_gives_what_its_constructor_gives() -> None:
    lines = (DemandLine("O-1", "1", "RETRO-CLOCK", 2), DemandLine("O-1", "2", "BLUE-VASE", 1))
    expected: list[object] = [
        Supply(*FULL_ROW),
        Supply("RETRO-CLOCK", "WH-EAST", 0, None, 100, None, None, None, None, None),
        *lines,
        OrderDemand("O-1", NOW, lines, 3, "web", ("EU",)),
    ]
    built_lines = (
        DemandLine.row("O-1", "1", "RETRO-CLOCK", 2),
        DemandLine.row("O-1", "2", "BLUE-VASE", 1),
    )
    actual: list[object] = [
        Supply.row(*FULL_ROW),
        Supply.row("RETRO-CLOCK", "WH-EAST", 0, None, 100, None, None, None, None, None),
        *built_lines,
        OrderDemand.row("O-1", NOW, built_lines, 3, "web", ("EU",)),
    ]
    assert (expected, [hash(e) for e in expected], [repr(e) for e in expected]) == (
        actual,
        [hash(a) for a in actual],
        [repr(a) for a in actual],
    )


def test_a_row_built_fast_converts_what_the_converters_convert() -> None:
    values: list[object] = list(FULL_ROW)
    values[6] = datetime.date(2027, 3, 1)
    values[7] = datetime.datetime(2026, 11, 1, 8, tzinfo=datetime.UTC)
    actual = Supply.row(*values)
    assert (pendulum.Date, pendulum.DateTime) == (
        type(actual.expires_on),
        type(actual.received_at),
    )


@pytest.mark.parametrize(
    ("index", "bad", "field"),
    [
        (0, " RETRO-CLOCK", "sku"),
        (1, "", "location"),
        (2, -1, "available"),
        (2, True, "available"),
        (3, 7, "lot"),
        (4, -2, "priority"),
        (6, pendulum.datetime(2027, 3, 1, tz="UTC"), "expires_on"),
        (7, pendulum.naive(2026, 11, 1, 8), "received_at"),
        (9, "", "supply_id"),
    ],
)
def test_a_row_built_fast_refuses_what_the_constructor_refuses(
    index: int, bad: object, field: str
) -> None:
    values: list[object] = list(FULL_ROW)
    values[index] = bad
    with pytest.raises(OrdercoreError) as by_constructor:
        Supply(*values)
    with pytest.raises(OrdercoreError) as fast:
        Supply.row(*values)
    expected = (type(by_constructor.value), str(by_constructor.value), field)
    assert expected == (type(fast.value), str(fast.value), getattr(fast.value, "field", None))


def test_a_demand_built_fast_is_the_demand_the_constructors_build() -> None:
    lines = (DemandLine("O-1", "1", "RETRO-CLOCK", 2), DemandLine("O-1", "2", "BLUE-VASE", 1))
    expected = OrderDemand("O-1", NOW, lines, 3, "web", ("EU",))
    fast_lines = (
        DemandLine.row("O-1", "1", "RETRO-CLOCK", 2),
        DemandLine.row("O-1", "2", "BLUE-VASE", 1),
    )
    actual = OrderDemand.row("O-1", NOW, fast_lines, 3, "web", ("EU",))
    assert (expected, expected.serving_key) == (actual, actual.serving_key)


@pytest.mark.parametrize(
    "values",
    [
        (" O-1", "1", "RETRO-CLOCK", 1),
        ("O-1", "", "RETRO-CLOCK", 1),
        ("O-1", "1", 7, 1),
        ("O-1", "1", "RETRO-CLOCK", 0),
        ("O-1", "1", "RETRO-CLOCK", True),
    ],
)
def test_a_line_built_fast_refuses_what_the_constructor_refuses(values: tuple[object, ...]) -> None:
    with pytest.raises(OrdercoreError) as by_constructor:
        DemandLine(*values)
    with pytest.raises(OrdercoreError) as fast:
        DemandLine.row(*values)
    expected = (type(by_constructor.value), str(by_constructor.value))
    assert expected == (type(fast.value), str(fast.value))


@pytest.mark.parametrize(
    ("index", "bad"),
    [(0, ""), (1, NOW.naive()), (3, -1), (4, " web"), (2, ())],
)
def test_a_demand_built_fast_refuses_what_the_constructor_refuses(index: int, bad: object) -> None:
    values: list[object] = ["O-1", NOW, (DemandLine("O-1", "1", "RETRO-CLOCK", 1),), 3, "web", None]
    values[index] = bad
    with pytest.raises(OrdercoreError) as by_constructor:
        OrderDemand(*values)  # type: ignore[arg-type]
    with pytest.raises(OrdercoreError) as fast:
        OrderDemand.row(*values)  # type: ignore[arg-type]
    expected = (type(by_constructor.value), str(by_constructor.value))
    assert expected == (type(fast.value), str(fast.value))


def test_a_demand_built_fast_still_refuses_a_line_twice() -> None:
    line = DemandLine.row("O-1", "1", "RETRO-CLOCK", 1)
    with pytest.raises(DuplicateDemand):
        OrderDemand.row("O-1", NOW, (line, line), 100, "default", None)


@attrs.frozen
class TaggedSupply(Supply):
    """A subclass with a field of its own: its builder must not hand back a plain ``Supply``."""

    tag: str = ""


@attrs.frozen
class TaggedLine(DemandLine):
    """A subclass of ``DemandLine`` with a field of its own."""

    tag: str = ""


@attrs.frozen
class TaggedDemand(OrderDemand):
    """A subclass of ``OrderDemand`` with a field of its own."""

    tag: str = ""


@attrs.frozen
class TaggedSnapshot(StockSnapshot):
    """A subclass of ``StockSnapshot`` with a field of its own."""

    tag: str = ""


def test_a_subclass_builder_gives_what_the_subclass_constructor_gives() -> None:
    supply = ("RETRO-CLOCK", "WH-EAST", 1, None, 100, None, None, None, None, None)
    line = DemandLine("O-1", "1", "RETRO-CLOCK", 1)
    rows = {"RETRO-CLOCK": (Supply("RETRO-CLOCK", "WH-EAST", 1),)}
    expected: list[object] = [
        TaggedSupply(*supply),
        TaggedLine("O-1", "1", "RETRO-CLOCK", 1),
        TaggedDemand("O-1", NOW, (line,), 100, "default", None),
        TaggedSnapshot(rows),
    ]
    actual: list[object] = [
        TaggedSupply.row(*supply),
        TaggedLine.row("O-1", "1", "RETRO-CLOCK", 1),
        TaggedDemand.row("O-1", NOW, (line,), 100, "default", None),
        TaggedSnapshot.grouped(rows),
    ]
    assert ([type(e) for e in expected], expected) == ([type(a) for a in actual], actual)
