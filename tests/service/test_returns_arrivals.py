"""The RMA records where each returned unit arrived; dispositions happen there (#16)."""

from __future__ import annotations

import pytest

from ordercore.domain.inventory import HoldKind, MovementKind
from ordercore.domain.returns import Condition, Disposition, DispositionKind, Grade
from ordercore.errors import UnknownReturnLine
from tests.service.helpers import CLOCK_LINE, stock_in
from tests.service.test_returns_rma import delivered_two_clocks, rma_in

Q = HoldKind.QUARANTINE


def test_units_received_without_a_location_arrived_where_the_line_shipped_from() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma)

    engine.receive_return_line(rma, CLOCK_LINE, 1, condition=Condition.SEALED)

    (receipt,) = rma_in(store, rma).line(CLOCK_LINE).receipts
    assert ("WH-EAST", 1) == (receipt.location, receipt.units)


def test_two_clocks_arriving_at_two_warehouses_are_each_quarantined_where_they_arrived() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST")
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-WEST")

    engine.inspect_return_line(
        rma, CLOCK_LINE, 2, Grade.DEFECTIVE, Disposition(DispositionKind.QUARANTINE)
    )

    item = stock_in(store, "RETRO-CLOCK")
    assert (1, 1) == (item.held(Q, "WH-EAST"), item.held(Q, "WH-WEST"))
    assert item.verify(store.ledger_rows("RETRO-CLOCK")).ok


def test_units_are_disposed_of_in_the_order_they_arrived() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-WEST")
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST")

    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DAMAGED, Disposition(DispositionKind.SCRAP)
    )
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.REPAIR)
    )

    rows = [(m.kind, m.location) for m in store.ledger_rows("RETRO-CLOCK") if m.reference == rma]
    assert [
        (MovementKind.HOLD, "WH-WEST"),
        (MovementKind.SCRAP_HELD, "WH-WEST"),
        (MovementKind.HOLD, "WH-EAST"),
    ] == rows
    assert 1 == stock_in(store, "RETRO-CLOCK").held(HoldKind.REPAIR, "WH-EAST")


def test_a_disposition_that_names_its_place_wins_over_where_the_units_arrived() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-WEST")

    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DAMAGED, Disposition(DispositionKind.QUARANTINE, "QC-BAY")
    )

    item = stock_in(store, "RETRO-CLOCK")
    assert (1, 0) == (item.held(Q, "QC-BAY"), item.held(Q, "WH-WEST"))


def test_receiving_a_line_the_return_does_not_hold_is_refused_and_changes_nothing() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma)
    before = store.snapshot()

    with pytest.raises(UnknownReturnLine):
        engine.receive_return_line(rma, "line-2", 1)

    assert before == store.snapshot()
