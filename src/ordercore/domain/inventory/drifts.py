"""Checks of a SKU's counters against its reservations and the invariants of stock.

``StockItem.verify(rows)`` adds these to the ledger's own replay check: a counter can agree with
the ledger and still disagree with the reservations that justify it (the drift Odoo and ERPNext
users report), or break ``0 <= picked <= reserved <= on hand``. :func:`stock_breach` turns the
same checks (and the shape of every part) into the first broken rule, for
``StockItem.check_invariants`` (which the codec runs on every decoded stock item).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ordercore.domain.inventory.book import ReservationBook
from ordercore.domain.inventory.ledger import Drift, compare
from ordercore.domain.inventory.positions import Positions
from ordercore.domain.inventory.reservations import ReservationState
from ordercore.domain.inventory.supplies import SupplyList
from ordercore.domain.inventory.values import PositionKey

__all__ = ["Breach", "reservation_drifts", "stock_breach"]

Breach = tuple[str, object, str]
"""A broken rule: the field (a path inside the stock item), the value found, the rule."""

_OPEN = (ReservationState.HELD, ReservationState.ALLOCATED, ReservationState.PICKED)


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


def stock_breach(
    counters: Positions,
    supplies: SupplyList,
    book: ReservationBook,
    safety_stock: Mapping[str, int],
) -> Breach | None:
    """The first rule of stock the parts break, or ``None`` for a sound stock item.

    Every counter is a whole number (on hand, reserved and picked >= 0; safety stock >= 0);
    ``picked <= reserved <= on hand`` per position; the open reservations are open (held,
    allocated or picked, a hold with an expiry), each allocation holds ``0 <= picked <= units``;
    the reservations' units sum to the reserved, picked and promised counters; each open supply
    line has its counters and ``0 <= promised <= expected``.
    """
    for breach in _counter_breaches(counters, safety_stock):
        return breach
    for breach in _reservation_breaches(book):
        return breach
    lines = set(supplies.lines)
    if lines != set(supplies.expected) or lines != set(supplies.promised):
        return "supplies", sorted(lines), "each open supply line has its two counters"
    for drift in reservation_drifts(counters, supplies, book):
        rule = f"{drift.counter}: found {drift.recorded} against {drift.expected}"
        return f"{drift.counter} at {drift.where}", drift.recorded, rule
    return None


def _counter_breaches(counters: Positions, safety_stock: Mapping[str, int]) -> Iterator[Breach]:
    for name, table in (
        ("on_hand", counters.on_hand),
        ("reserved", counters.reserved),
        ("picked", counters.picked),
    ):
        for key, units in table.items():
            if units.__class__ is not int or units < 0:
                yield f"{name}[{key.label()}]", units, f"{name} is a whole number >= 0"
    for location, units in safety_stock.items():
        if units.__class__ is not int or units < 0:
            yield f"safety_stock[{location}]", units, "safety stock is a whole number >= 0"


def _reservation_breaches(book: ReservationBook) -> Iterator[Breach]:
    for rid, reservation in book.open.items():
        if reservation.id != rid:
            yield f"reservations[{rid}].id", reservation.id, "a reservation is kept under its id"
        if reservation.state not in _OPEN:
            yield f"reservations[{rid}].state", reservation.state, "only open reservations stay"
        if reservation.state is ReservationState.HELD and reservation.expires_at is None:
            yield f"reservations[{rid}].expires_at", None, "a held reservation has an expiry"
        for index, a in enumerate(reservation.allocations):
            if not 0 <= a.picked <= a.quantity or a.quantity < 1:
                where = f"reservations[{rid}].allocations[{index}]"
                yield where, a, "an allocation holds units >= 1 and 0 <= picked <= units"
