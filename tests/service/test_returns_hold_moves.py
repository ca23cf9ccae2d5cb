"""Moving held units between holds through the Engine: quarantine → repair → vendor (#16)."""

from __future__ import annotations

import pytest

from ordercore.channels.router import stock_locations
from ordercore.domain.inventory import HeldStockMoved, HoldKind, MovementKind
from ordercore.domain.returns import Disposition, DispositionKind, Grade
from ordercore.errors import NegativeStock, ValidationError, WrongType
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import CLOCK_LINE, T, stock_in
from tests.service.test_returns_rma import received_one_clock

Q, R, V = HoldKind.QUARANTINE, HoldKind.REPAIR, HoldKind.VENDOR


def quarantined_clock() -> tuple[Engine, MemoryStore, str]:
    """A returned clock that arrived at WH-WEST, graded defective and quarantined there."""
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.QUARANTINE)
    )
    return engine, store, rma


def figures(store: MemoryStore) -> tuple[int, int, int, int, int]:
    item = stock_in(store, "RETRO-CLOCK")
    return item.on_hand(), item.available(), item.held(Q), item.held(R), item.held(V)


def test_a_quarantined_clock_sent_to_repair_is_sellable_only_once_the_repair_is_released() -> None:
    engine, store, _ = quarantined_clock()
    on_hand, available, *_ = figures(store)

    engine.move_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, R, reference="QC-7")
    assert (on_hand, available, 0, 1, 0) == figures(store)

    engine.release_held_stock("RETRO-CLOCK", "WH-WEST", 1, R, reference="repair done")
    assert (on_hand, available + 1, 0, 0, 0) == figures(store)


def test_a_clock_beyond_repair_moves_to_the_vendor_hold_and_ships_back() -> None:
    engine, store, _ = quarantined_clock()
    on_hand, available, *_ = figures(store)
    engine.move_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, R)

    engine.move_held_stock("RETRO-CLOCK", "WH-WEST", 1, R, V, reference="RMA to vendor")
    engine.ship_to_vendor("RETRO-CLOCK", "WH-WEST", 1, reference="RTV-1")

    assert (on_hand - 1, available, 0, 0, 0) == figures(store)
    kinds = [m.kind for m in store.ledger_rows("RETRO-CLOCK")[-5:]]
    assert [MovementKind.MOVE_HOLD] * 4 + [MovementKind.RETURN_TO_VENDOR] == kinds
    assert stock_in(store, "RETRO-CLOCK").verify(store.ledger_rows("RETRO-CLOCK")).ok


@pytest.mark.parametrize(
    ("units", "from_hold", "to_hold", "error", "named"),
    [
        (2, Q, R, NegativeStock, "change=-2 of RETRO-CLOCK at WH-WEST (quarantine)"),
        (1, R, V, NegativeStock, "move at most the units held in repair there (0)"),
        (1, Q, Q, ValidationError, "to_hold='quarantine'"),
        (1, Q, "repair", WrongType, "to_hold='repair'"),
        (1, "quarantine", R, WrongType, "from_hold='quarantine'"),
    ],
)
def test_a_refused_move_names_what_is_wrong_and_changes_nothing(
    units: int, from_hold: HoldKind, to_hold: HoldKind, error: type[Exception], named: str
) -> None:
    engine, store, _ = quarantined_clock()
    before = store.snapshot()

    with pytest.raises(error) as refused:
        engine.move_held_stock("RETRO-CLOCK", "WH-WEST", units, from_hold, to_hold)

    assert named in str(refused.value)
    assert before == store.snapshot()


def test_a_move_repeated_with_its_key_moves_once() -> None:
    engine, store, _ = quarantined_clock()
    engine.move_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, R, idempotency_key="qc-1")
    after = figures(store)
    engine.move_held_stock("RETRO-CLOCK", "WH-WEST", 1, Q, R, idempotency_key="qc-1")
    assert after == figures(store)


def test_a_move_between_holds_pushes_no_level_to_the_channels() -> None:
    event = HeldStockMoved(
        entity_id="RETRO-CLOCK",
        version=5,
        occurred_at=T,
        location="WH-WEST",
        lot=None,
        from_hold=Q,
        to_hold=R,
        quantity=1,
    )
    assert frozenset() == stock_locations(event)
