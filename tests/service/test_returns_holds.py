"""Dispositions that move stock: quarantine, repair and return to vendor hold units on hand."""

from __future__ import annotations

import pytest

from ordercore.domain.inventory import HoldKind, MovementKind
from ordercore.domain.returns import Disposition, DispositionKind, Grade
from ordercore.errors import NegativeStock
from ordercore.memory import MemoryStore
from tests.service.helpers import CLOCK_LINE, stock_in
from tests.service.test_returns_rma import delivered_two_clocks, received_one_clock

Q, R, V = HoldKind.QUARANTINE, HoldKind.REPAIR, HoldKind.VENDOR


def clocks(store: MemoryStore) -> tuple[int, int, int]:
    item = stock_in(store, "RETRO-CLOCK")
    return item.on_hand(), item.available(), item.held()


def test_a_damaged_unit_graded_for_scrap_never_becomes_available() -> None:
    engine, store, rma = received_one_clock()
    before = clocks(store)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DAMAGED, Disposition(DispositionKind.SCRAP)
    )
    engine.resolve_return(rma)
    with pytest.raises(NegativeStock):
        engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q)
    assert before == clocks(store)
    scrapped = [
        (m.kind, m.location, m.on_hand, m.reference)
        for m in store.ledger_rows("RETRO-CLOCK")
        if m.reference == rma
    ]
    assert [
        (MovementKind.HOLD, "WH-WEST", 1, rma),
        (MovementKind.SCRAP_HELD, "WH-WEST", -1, rma),
    ] == scrapped


def test_a_quarantined_unit_is_on_hand_at_the_dispositions_location_and_lot() -> None:
    engine, store, rma = received_one_clock()
    on_hand, available, _ = clocks(store)
    engine.inspect_return_line(
        rma,
        CLOCK_LINE,
        1,
        Grade.DEFECTIVE,
        Disposition(DispositionKind.QUARANTINE, "QC-BAY", "LOT-R"),
    )
    item = stock_in(store, "RETRO-CLOCK")
    assert (on_hand + 1, available, 1) == clocks(store)
    assert 1 == item.held(Q, "QC-BAY", "LOT-R")
    assert item.verify(store.ledger_rows("RETRO-CLOCK")).ok


def test_a_unit_sent_to_repair_is_available_again_only_once_released() -> None:
    engine, store, rma = received_one_clock()
    on_hand, available, _ = clocks(store)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.REPAIR)
    )
    assert (on_hand + 1, available, 1) == clocks(store)
    assert 1 == stock_in(store, "RETRO-CLOCK").held(R, "WH-WEST")  # where it arrived
    engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 1, R, reference="repair done")
    assert (on_hand + 1, available + 1, 0) == clocks(store)


def test_a_unit_for_the_vendor_leaves_the_building_when_shipped_back() -> None:
    engine, store, rma = received_one_clock()
    on_hand, available, _ = clocks(store)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.RETURN_TO_VENDOR)
    )
    assert (on_hand + 1, available, 1) == clocks(store)
    engine.ship_to_vendor("RETRO-CLOCK", "WH-WEST", 1, reference="RTV-1")
    assert (on_hand, available, 0) == clocks(store)
    last = store.ledger_rows("RETRO-CLOCK")[-1]
    assert (MovementKind.RETURN_TO_VENDOR, -1, V, "RTV-1") == (
        last.kind,
        last.on_hand,
        last.hold,
        last.reference,
    )


def test_held_units_scrapped_after_all_never_become_available() -> None:
    engine, store, rma = received_one_clock()
    on_hand, available, _ = clocks(store)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DAMAGED, Disposition(DispositionKind.QUARANTINE)
    )
    engine.scrap_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q)
    assert (on_hand, available, 0) == clocks(store)


def test_releasing_more_than_is_held_is_refused_and_changes_nothing() -> None:
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.REPAIR)
    )
    before = store.snapshot()
    with pytest.raises(NegativeStock):
        engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 2, R)
    with pytest.raises(NegativeStock):
        engine.ship_to_vendor("RETRO-CLOCK", "WH-WEST", 1)  # held for repair, not the vendor
    assert before == store.snapshot()


def test_a_release_repeated_with_its_key_releases_once() -> None:
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.QUARANTINE)
    )
    engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, idempotency_key="qc-1")
    after = clocks(store)
    engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, idempotency_key="qc-1")
    assert after == clocks(store)


def test_the_one_step_receive_without_restock_records_the_units_scrapped_where_they_arrived() -> (
    None
):
    engine, store, _ = delivered_two_clocks()
    engine.request_return("order-1", CLOCK_LINE, 1)
    before = clocks(store)
    engine.receive_return("order-1", CLOCK_LINE, 1, "WH-WEST", restock=False)
    assert before == clocks(store)
    rows = [(m.kind, m.location) for m in store.ledger_rows("RETRO-CLOCK")[-2:]]
    assert [(MovementKind.HOLD, "WH-WEST"), (MovementKind.SCRAP_HELD, "WH-WEST")] == rows
