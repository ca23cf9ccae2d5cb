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

from collections.abc import Iterable, Mapping, Sequence

import attrs

from ordercore.domain.fulfilment import NotOnShelf, PickedUnits, Shipment, ShipmentLine
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.service.session import Session

__all__ = ["ShipmentSent", "consume_picked_stock", "shelf_units", "ship_picked", "unpick"]

# A planned move: the reservation, the units, and the place (location, lot).
_Move = tuple[str, int, str, str | None]


def shelf_units(
    item: StockItem, order_id: str, line_id: str, location: str, lot: str | None = None
) -> int:
    """Units reserved for the line on the shelf at ``location`` (``lot``) and not yet picked."""
    units = 0
    for r in item.line_reservations(order_id, line_id):
        for a in r.allocations:
            if a.supply is None and a.location == location and (lot is None or a.lot == lot):
                units += a.quantity - a.picked
    return units


def _plan(
    item: StockItem,
    order_id: str,
    line_id: str,
    picks: Iterable[PickedUnits],
    *,
    newest_first: bool = False,
) -> list[_Move]:
    """Which reservation of the line gives how many picked units of each pick.

    The line's reservations are read first (oldest first; ``newest_first`` reverses them), then
    each pick takes from them in that order the units picked exactly at its place (location and
    lot). Raises :class:`NotOnShelf` when they hold fewer; nothing has moved yet.
    """
    reservations = item.line_reservations(order_id, line_id)
    if newest_first:
        reservations.reverse()
    taken: dict[tuple[str, str, str | None], int] = {}
    moves: list[_Move] = []
    for pick in picks:
        left = pick.units
        location, lot = pick.location, pick.lot
        for reservation in reservations:
            if not left:  # the pick is placed: the later reservations give it nothing
                break
            at_place = 0  # units of the reservation picked exactly at the pick's place
            for a in reservation.allocations:
                if a.supply is None and a.location == location and a.lot == lot:
                    at_place += a.picked
            if not at_place:  # nothing picked there: no key built, nothing taken
                continue
            place = (reservation.id, location, lot)
            done = taken.get(place, 0)
            take = min(left, at_place - done)
            if take > 0:
                taken[place] = done + take
                moves.append((reservation.id, take, location, lot))
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
    for reservation_id, units, location, lot in _plan(item, order_id, line_id, picks):
        item.ship(reservation_id, units, session.now, location=location, lot=lot)


def unpick(
    session: Session, item: StockItem, order_id: str, line_id: str, pick: PickedUnits
) -> None:
    """Put the units of ``pick`` back on the shelf (still reserved), newest reservation first."""
    moves = _plan(item, order_id, line_id, [pick], newest_first=True)
    for reservation_id, units, location, lot in moves:
        item.unpick(reservation_id, units, session.now, location=location, lot=lot)


# -- the policy row: shipping consumes the picked stock ------------------------------------------


@attrs.frozen
class ShipmentSent:
    """A packed shipment was handed to the carrier; ``lines`` as they were when it left."""

    shipment: Shipment
    order: Order
    lines: Mapping[str, ShipmentLine]
    stock: Mapping[str, StockItem] | None = None
    """The stock items of the order's SKUs as the handler loaded them (``None``: asked)."""


def consume_picked_stock(session: Session, fact: ShipmentSent) -> None:
    """The row *consume the picked stock*: each line's picked units leave the stock.

    From exactly where they were picked (:func:`ship_picked`), in the stock items the fact
    carries (the session's for a fact that carries none).
    """
    loaded = fact.stock or {}
    for line_id, line in fact.lines.items():
        item = loaded[line.sku] if line.sku in loaded else session.stock(line.sku)
        ship_picked(session, item, fact.order.id, line_id, line.picks)
