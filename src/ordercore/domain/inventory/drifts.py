"""Checks of a SKU's counters against its reservations and the invariants of stock.

``StockItem.verify(rows)`` adds these to the ledger's own replay check: a counter can agree with
the ledger and still disagree with the reservations that justify it (the drift Odoo and ERPNext
users report), or break ``0 <= picked <= reserved <= on hand``.
"""

from __future__ import annotations

from ordercore.domain.inventory.book import ReservationBook
from ordercore.domain.inventory.ledger import Drift, compare
from ordercore.domain.inventory.positions import Positions
from ordercore.domain.inventory.supplies import SupplyList
from ordercore.domain.inventory.values import PositionKey

__all__ = ["reservation_drifts"]


def reservation_drifts(
    counters: Positions, supplies: SupplyList, book: ReservationBook
) -> tuple[Drift, ...]:
    """Counters that disagree with the open reservations, or break an invariant of stock."""
    held: dict[PositionKey, int] = {}
    picked: dict[PositionKey, int] = {}
    promised: dict[str, int] = {}
    for reservation in book.open.values():
        for a in reservation.allocations:
            if a.supply is None:
                held[a.key] = held.get(a.key, 0) + a.quantity
                picked[a.key] = picked.get(a.key, 0) + a.picked
            else:
                promised[a.supply] = promised.get(a.supply, 0) + a.quantity
    drifts = [
        *compare("reserved by reservations", counters.reserved, held),
        *compare("picked by reservations", counters.picked, picked),
        *compare("promised by reservations", supplies.promised, promised),
    ]
    for key in sorted({*counters.on_hand, *counters.reserved}, key=str):
        on_hand = counters.on_hand.get(key, 0)
        reserved = counters.reserved.get(key, 0)
        if not 0 <= reserved <= on_hand:
            drifts.append(Drift("0 <= reserved <= on hand", key.label(), reserved, on_hand))
        if not 0 <= counters.picked.get(key, 0) <= reserved:
            drifts.append(
                Drift("0 <= picked <= reserved", key.label(), counters.picked.get(key, 0), reserved)
            )
    for supply, expected in supplies.expected.items():
        if not 0 <= supplies.promised.get(supply, 0) <= expected:
            drifts.append(
                Drift(
                    "0 <= promised <= expected",
                    supply,
                    supplies.promised.get(supply, 0),
                    expected,
                )
            )
    return tuple(drifts)
