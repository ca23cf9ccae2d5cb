"""A return line's slot-written copies give what attrs' constructor gives."""

from __future__ import annotations

import attrs

from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    InspectedUnits,
    ReceivedUnits,
    ReturnLine,
    ReturnReason,
    ReturnRequestLine,
)

LINE = ReturnLine(
    "line-1",
    "RETRO-CLOCK",
    3,
    ReturnReason.SIZE_OR_FIT,
    "too loud",
    "SHP-1",
    "LOT-A",
    receipts=(ReceivedUnits(1, Condition.SEALED, "LOT-A", "WH-EAST"),),
)
ARRIVED = ReceivedUnits(2, Condition.OPENED, None, "WH-WEST")
GRADED = InspectedUnits(1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-EAST"))


def seen(line: ReturnLine) -> tuple[ReturnLine, int, str]:
    return line, hash(line), repr(line)


def test_a_line_with_a_receipt_is_the_line_evolved_with_it() -> None:
    expected = seen(attrs.evolve(LINE, receipts=(*LINE.receipts, ARRIVED)))
    assert expected == seen(LINE.with_receipt(ARRIVED))


def test_a_line_with_an_inspection_is_the_line_evolved_with_it() -> None:
    expected = seen(attrs.evolve(LINE, inspections=(*LINE.inspections, GRADED)))
    assert expected == seen(LINE.with_inspection(GRADED))


def test_a_copy_leaves_the_line_it_was_made_from_as_it_was() -> None:
    before = seen(attrs.evolve(LINE))
    LINE.with_receipt(ARRIVED).with_inspection(GRADED)
    assert before == seen(LINE)


def test_a_line_opened_from_a_request_is_the_line_its_constructor_builds() -> None:
    asked = ReturnRequestLine("line-1", 2, ReturnReason.DAMAGED, "cracked", "SHP-1", "LOT-A")
    expected = seen(
        ReturnLine("line-1", "RETRO-CLOCK", 2, ReturnReason.DAMAGED, "cracked", "SHP-1", "LOT-A")
    )
    assert expected == seen(ReturnLine.requested(asked, "RETRO-CLOCK"))
