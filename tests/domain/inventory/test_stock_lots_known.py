"""Stock goes only into lots the SKU knows: registered with their expiry, or still holding stock."""

from __future__ import annotations

import pytest

from ordercore.domain.inventory import Lot, StockItem, UnknownLot
from tests.domain.inventory.helpers import T


def test_a_lot_named_by_an_id_the_sku_never_saw_is_refused_by_name() -> None:
    item = StockItem("RETRO-CLOCK")
    with pytest.raises(UnknownLot, match="LOT-X"):
        item.require_lot("LOT-X")


def test_a_lot_given_with_its_expiry_passes_and_then_its_id_does_too() -> None:
    item = StockItem("RETRO-CLOCK")
    lot = Lot("LOT-X", T.add(days=90).date())
    item.require_lot(lot)
    item.receive("WH-EAST", 3, T, lot=lot)
    item.require_lot("LOT-X")
    assert item.knows_lot("LOT-X")


def test_untracked_stock_needs_no_lot() -> None:
    StockItem("RETRO-CLOCK").require_lot(None)


def test_a_lot_is_forgotten_once_nothing_of_it_is_left() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 1, T, lot=Lot("LOT-X", T.add(days=90).date()))
    item.scrap("WH-EAST", 1, T, lot="LOT-X")
    assert not item.knows_lot("LOT-X")
    with pytest.raises(UnknownLot):
        item.require_lot("LOT-X")
