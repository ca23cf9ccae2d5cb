import pendulum
import pytest

from ordercore.domain.inventory import IncomingSupply
from ordercore.domain.inventory.supplies import SupplyList
from ordercore.errors import NotFound

PO = IncomingSupply("PO-1", "WH-EAST", "LOT-A", pendulum.date(2026, 12, 3))


def test_a_line_is_kept_while_units_are_expected() -> None:
    supplies = SupplyList()
    supplies.open(PO)
    supplies.add("PO-1", 10, 4)
    assert (None, 6, ["PO-1"]) == (
        supplies.close_if_done("PO-1"),
        supplies.room("PO-1"),
        list(supplies.lines),
    )


def test_a_line_that_expects_nothing_more_closes() -> None:
    supplies = SupplyList()
    supplies.open(PO)
    supplies.add("PO-1", 10, 0)
    supplies.add("PO-1", -10, 0)
    assert (PO, {}, False) == (
        supplies.close_if_done("PO-1"),
        supplies.lines,
        supplies.uses_lot("LOT-A"),
    )


def test_a_closed_line_is_not_found() -> None:
    with pytest.raises(NotFound):
        SupplyList().line("PO-1")


def test_the_lines_still_expected_come_by_expected_date() -> None:
    earlier_po = IncomingSupply("PO-2", "WH-EAST", None, pendulum.date(2026, 12, 1))
    supplies = SupplyList()
    for supply, units in ((PO, 5), (earlier_po, 3)):
        supplies.open(supply)
        supplies.add(supply.id, units, 0)
    assert [earlier_po, PO] == supplies.expected_lines()
