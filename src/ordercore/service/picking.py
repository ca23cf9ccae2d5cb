"""Stock moves for shipments: what is on the shelf for a line, shipping and unpicking by place.

``StockItem`` picks at a place, but ships picked units "preferred places first" and has no
unpick. A shipment knows exactly where its units were picked, so these helpers keep the stock
in step with it: when a reservation's picked units sit at several places, the reservation is
*rebuilt* — released whole (its picked units go back on the shelf) and reserved again under
the line's next reservation id with the same places, priority and placement time, then the
units that stay picked are picked again. Shipping rebuilds it with the shipment's place first
(so the right units leave); unpicking rebuilds it with fewer units picked.
"""

from __future__ import annotations

from collections.abc import Sequence

from ordercore.domain.fulfilment import NotOnShelf, PickedUnits
from ordercore.domain.inventory import Allocation, Reservation, StockItem
from ordercore.service.allocating import line_reservations, next_reservation_id
from ordercore.service.session import Session

__all__ = ["rebuild_reservation", "shelf_units", "ship_picked", "unpick"]


def _on_shelf(allocation: Allocation, location: str, lot: str | None) -> bool:
    return (
        allocation.supply is None
        and allocation.location == location
        and (lot is None or allocation.lot == lot)
    )


def shelf_units(
    item: StockItem, order_id: str, line_id: str, location: str, lot: str | None = None
) -> int:
    """Units reserved for the line on the shelf at ``location`` (``lot``) and not yet picked."""
    return sum(
        a.quantity - a.picked
        for r in line_reservations(item, order_id, line_id)
        for a in r.allocations
        if _on_shelf(a, location, lot)
    )


def rebuild_reservation(
    session: Session,
    item: StockItem,
    reservation: Reservation,
    picked: Sequence[int],
    first: int = 0,
) -> str:
    """Reserve ``reservation``'s places again with ``picked`` units picked at each.

    ``picked`` runs parallel to its allocations; allocation ``first`` moves to the front.
    Returns the new reservation's id.
    """
    order = list(range(len(reservation.allocations)))
    order.insert(0, order.pop(first))
    allocations = [
        Allocation(a.location, a.quantity, lot=a.lot, supply=a.supply)
        for a in (reservation.allocations[i] for i in order)
    ]
    counts = [picked[i] for i in order]
    item.release_all(reservation.id, session.now)
    new_id = next_reservation_id(item, reservation.order_ref, reservation.line_ref)
    item.reserve(
        new_id,
        order_ref=reservation.order_ref,
        line_ref=reservation.line_ref,
        allocations=allocations,
        now=session.now,
        priority=reservation.priority,
        placed_at=reservation.placed_at,
        hard=True,
    )
    for allocation, count in zip(allocations, counts, strict=True):
        if count:
            item.pick(new_id, count, session.now, location=allocation.location, lot=allocation.lot)
    return new_id


def _at(reservation: Reservation, pick: PickedUnits) -> int | None:
    return next(
        (
            index
            for index, a in enumerate(reservation.allocations)
            if a.supply is None and (a.location, a.lot) == (pick.location, pick.lot) and a.picked
        ),
        None,
    )


def ship_picked(
    session: Session, item: StockItem, order_id: str, line_id: str, picks: Sequence[PickedUnits]
) -> None:
    """Ship the units a shipment picked, from exactly the places (and lots) it picked them."""
    for pick in picks:
        left = pick.units
        for reservation in line_reservations(item, order_id, line_id):
            index = _at(reservation, pick)
            if not left or index is None:
                continue
            take = min(left, reservation.allocations[index].picked)
            target = reservation.id
            if any(a.picked for a in reservation.allocations[:index]):
                counts = [a.picked for a in reservation.allocations]
                target = rebuild_reservation(session, item, reservation, counts, first=index)
            item.ship(target, take, session.now)
            left -= take
        if left:
            raise NotOnShelf(order_id, line_id, pick.location, pick.lot, pick.units, 0)


def unpick(
    session: Session, item: StockItem, order_id: str, line_id: str, pick: PickedUnits
) -> None:
    """Put the units of ``pick`` back on the shelf (still reserved), newest reservation first."""
    left = pick.units
    for reservation in reversed(line_reservations(item, order_id, line_id)):
        counts = [a.picked for a in reservation.allocations]
        for index, allocation in reversed(list(enumerate(reservation.allocations))):
            if allocation.supply is None and (allocation.location, allocation.lot) == (
                pick.location,
                pick.lot,
            ):
                back = min(left, counts[index])
                counts[index] -= back
                left -= back
        if counts != [a.picked for a in reservation.allocations]:
            rebuild_reservation(session, item, reservation, counts)
        if not left:
            return
    raise NotOnShelf(order_id, line_id, pick.location, pick.lot, pick.units, pick.units - left)
