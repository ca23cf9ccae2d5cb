"""Stock moves for shipments: what is on the shelf for a line, shipping and unpicking by place.

A shipment knows exactly where (location and lot) each of its units was picked. These helpers
move exactly those units in the line's reservations, naming the place on every ``StockItem``
command: ``ship(..., location=, lot=)`` when the shipment leaves, ``unpick(..., location=,
lot=)`` when it is cancelled. Reservation ids stay stable through pick → cancel → pick again →
ship, and the ledger shows only picks, unpicks and shipments (no release and re-reserve).

Both plan every move first and raise :class:`NotOnShelf` before any stock moves when the
line's reservations do not hold the units at the place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ordercore.domain.fulfilment import NotOnShelf, PickedUnits
from ordercore.domain.inventory import Reservation, StockItem
from ordercore.service.allocating import line_reservations
from ordercore.service.session import Session

__all__ = ["shelf_units", "ship_picked", "unpick"]

# A planned move: the reservation, the units, and the place (location, lot).
_Move = tuple[str, int, str, str | None]


def shelf_units(
    item: StockItem, order_id: str, line_id: str, location: str, lot: str | None = None
) -> int:
    """Units reserved for the line on the shelf at ``location`` (``lot``) and not yet picked."""
    units = 0
    for r in line_reservations(item, order_id, line_id):
        for a in r.allocations:
            if a.supply is None and a.location == location and (lot is None or a.lot == lot):
                units += a.quantity - a.picked
    return units


def _picked_at(reservation: Reservation, pick: PickedUnits) -> int:
    """Units of ``reservation`` picked exactly at the place of ``pick`` (location and lot)."""
    return sum(
        a.picked
        for a in reservation.allocations
        if a.supply is None and (a.location, a.lot) == (pick.location, pick.lot)
    )


def _plan(
    order_id: str,
    line_id: str,
    reservations: Sequence[Reservation],
    picks: Iterable[PickedUnits],
) -> list[_Move]:
    """Which reservation gives how many picked units of each pick, in ``reservations`` order."""
    taken: dict[tuple[str, str, str | None], int] = {}
    moves: list[_Move] = []
    for pick in picks:
        left = pick.units
        for reservation in reservations:
            place = (reservation.id, pick.location, pick.lot)
            take = min(left, _picked_at(reservation, pick) - taken.get(place, 0))
            if take > 0:
                taken[place] = taken.get(place, 0) + take
                moves.append((reservation.id, take, pick.location, pick.lot))
                left -= take
        if left:
            raise NotOnShelf(
                order_id, line_id, pick.location, pick.lot, pick.units, pick.units - left
            )
    return moves


def ship_picked(
    session: Session, item: StockItem, order_id: str, line_id: str, picks: Sequence[PickedUnits]
) -> None:
    """Ship the units a shipment picked, from exactly the places (and lots) it picked them.

    The line's reservations give them oldest first.
    """
    reservations = line_reservations(item, order_id, line_id)
    for reservation_id, units, location, lot in _plan(order_id, line_id, reservations, picks):
        item.ship(reservation_id, units, session.now, location=location, lot=lot)


def unpick(
    session: Session, item: StockItem, order_id: str, line_id: str, pick: PickedUnits
) -> None:
    """Put the units of ``pick`` back on the shelf (still reserved), newest reservation first."""
    reservations = line_reservations(item, order_id, line_id)[::-1]
    for reservation_id, units, location, lot in _plan(order_id, line_id, reservations, [pick]):
        item.unpick(reservation_id, units, session.now, location=location, lot=lot)
