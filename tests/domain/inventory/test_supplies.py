import pendulum

from ordercore.domain.inventory import IncomingSupply
from ordercore.domain.inventory.supplies import SupplyList

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
