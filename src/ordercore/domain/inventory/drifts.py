"""Checks of a SKU's counters against its reservations and the invariants of stock.

``StockItem.verify()`` adds these to the ledger's own replay check: a counter can agree with the
ledger and still disagree with the reservations that justify it (the drift Odoo and ERPNext users
report), or break ``0 <= picked <= reserved <= on hand``.
"""

from __future__ import annotations

from ordercore.domain.inventory.ledger import Drift, _compare
from ordercore.domain.inventory.state import StockState
from ordercore.domain.inventory.values import PositionKey

__all__ = ["reservation_drifts"]


def reservation_drifts(item: StockState) -> tuple[Drift, ...]:
    """Counters that disagree with the reservations, or break an invariant of stock."""
    counters = item.book.counters
    held: dict[PositionKey, int] = {}
    picked: dict[PositionKey, int] = {}
    promised: dict[str, int] = {}
    for reservation in item.reservations.values():
        for a in reservation.allocations if reservation.is_active else ():
            if a.supply is None:
                held[a.key] = held.get(a.key, 0) + a.quantity
                picked[a.key] = picked.get(a.key, 0) + a.picked
            else:
                promised[a.supply] = promised.get(a.supply, 0) + a.quantity
    drifts = [
        *_compare("reserved by reservations", counters.reserved, held),
        *_compare("picked by reservations", counters.picked, picked),
        *_compare("promised by reservations", counters.promised, promised),
    ]
    for key, on_hand in counters.on_hand.items():
        reserved = counters.reserved.get(key, 0)
        if not 0 <= reserved <= on_hand:
            drifts.append(Drift("0 <= reserved <= on hand", key.label(), reserved, on_hand))
        if not 0 <= counters.picked.get(key, 0) <= reserved:
            drifts.append(
                Drift(
                    "0 <= picked <= reserved",
                    key.label(),
                    counters.picked.get(key, 0),
                    reserved,
                )
            )
    for supply, expected in counters.expected.items():
        if not 0 <= counters.promised.get(supply, 0) <= expected:
            drifts.append(
                Drift(
                    "0 <= promised <= expected",
                    supply,
                    counters.promised.get(supply, 0),
                    expected,
                )
            )
    return tuple(drifts)
