"""Short picks: units a picker did not find are written off, then re-allocated or backordered.

When a pick list confirmation reports units of a shipment line missing at a bin, it states
:class:`UnitsNotFound` and two rows of the policy table follow
(:mod:`ordercore.service.policies`), in the command's unit of work:

1. :func:`write_off_not_found`: the line's reservation gives the missing units back, then the
   ``StockItem`` writes them off at the place (location and lot) with reason ``"not found"``
   (an ``adjust`` movement in the stock ledger) through the shrink path
   (:func:`ordercore.service.shrinking.take_off`): free units go first; when other
   reservations hold the rest there, the shrink rule cuts them (lowest priority, latest placed
   first), they are re-served from other places in the same unit of work
   (``ReservationRefilled``) or backordered on their orders. :class:`Displaced` says who moved
   where. Picked units are never written off (refused, nothing changes).
2. :func:`reallocate_short`: the order line's missing units go from allocated back to
   unallocated and the allocator plans them again, leaving out the place where they were not
   found: reserved elsewhere (a second warehouse) or backordered. :class:`ShortPick` says
   which.
"""

from __future__ import annotations

import attrs

from ordercore.domain.allocation import DemandLine, OrderDemand, StockSnapshot, allocate
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.service import shrinking
from ordercore.service.allocating import apply_plan, order_snapshot
from ordercore.service.session import Session
from ordercore.service.shrinking import ShrinkResult

__all__ = [
    "NOT_FOUND",
    "Displaced",
    "ShortPick",
    "UnitsNotFound",
    "reallocate_short",
    "write_off_not_found",
]

NOT_FOUND = "not found"
"""The reason a short pick's write-off carries in the stock ledger."""


@attrs.frozen
class UnitsNotFound:
    """``units`` of ``line_id`` of ``order`` were not found at ``location`` (``lot``).

    The fact a short pick states for the policy table: ``shipment_id`` and ``pick_list_id`` say
    where the picker looked for them.
    """

    order: Order
    shipment_id: str
    pick_list_id: str
    line_id: str
    sku: str
    location: str
    lot: str | None
    units: int


@attrs.frozen
class Displaced:
    """Units of another order line the short pick's write-off took where they were not found.

    ``moved`` says where they were reserved again; the rest was ``backordered`` on its order
    (a checkout hold that lost units simply holds fewer: ``moved`` and ``backordered`` empty).
    """

    order_id: str
    line_id: str
    lost: int
    """Units the write-off took from the line's reservations."""
    moved: tuple[tuple[str, int], ...] = ()
    """``(location, units)`` reserved again elsewhere."""
    backordered: int = 0
    """Units backordered because no other place could serve them."""


def displaced_by(result: ShrinkResult) -> tuple[Displaced, ...]:
    """Who a write-off cut, per order line (in order): where they moved, what was backordered."""
    lost: dict[tuple[str, str], int] = {}
    for loss in result.change.losses:
        key = (loss.order_ref, loss.line_ref)
        lost[key] = lost.get(key, 0) + loss.quantity
    moved: dict[tuple[str, str], dict[str, int]] = {}
    for move in result.change.moves:
        places = moved.setdefault((move.order_ref, move.line_ref), {})
        places[move.location] = places.get(move.location, 0) + move.quantity
    return tuple(
        Displaced(
            order_id,
            line_id,
            units,
            tuple(sorted(moved.get((order_id, line_id), {}).items())),
            result.backordered.get((order_id, line_id), 0),
        )
        for (order_id, line_id), units in sorted(lost.items())
    )


@attrs.frozen
class ShortPick:
    """What became of units not found: written off, then re-allocated (where) or backordered."""

    shipment_id: str
    order_id: str
    line_id: str
    sku: str
    location: str
    """Where the units were not found (and were written off)."""
    lot: str | None
    units: int
    """Units not found, written off as ``"not found"``."""
    reallocated: tuple[tuple[str, int], ...] = ()
    """``(location, units)`` reserved again elsewhere, most preferred first."""
    backordered: int = 0
    """Units backordered because no other place had them."""
    unallocated: int = 0
    """Units the allocation policy left unallocated (neither reserved nor backordered)."""
    displaced: tuple[Displaced, ...] = ()
    """Other order lines whose reserved units the write-off took, and where they went."""

    @property
    def reallocated_units(self) -> int:
        """Every unit reserved again elsewhere."""
        return sum(units for _, units in self.reallocated)


def write_off_not_found(session: Session, fact: UnitsNotFound) -> ShrinkResult:
    """Give the missing units back from the line's reservations, then write them off there.

    The write-off takes free units first, then cuts other reservations through the shrink
    path (re-served elsewhere, else backordered); its result says who moved where. Refused
    (nothing kept) when the line holds fewer unpicked units, or the place too few units
    that are not picked.
    """
    item = session.stock(fact.sku)
    left = fact.units
    for reservation in reversed(item.line_reservations(fact.order.id, fact.line_id)):
        if not left:
            break
        take = min(left, reservation.quantity - reservation.picked)
        if take:
            item.release(reservation.id, take, session.now)
            left -= take
    if left:
        rule = f"the line holds only {fact.units - left} unpicked units to write off"
        raise ValidationError("units", fact.units, rule)
    return shrinking.take_off(session, item, fact.location, fact.units, NOT_FOUND, fact.lot)


def _without(snapshot: StockSnapshot, location: str, lot: str | None) -> StockSnapshot:
    """``snapshot`` less the shelf rows at ``location`` (``lot``): where units were not found."""
    return StockSnapshot.of(
        row
        for rows in snapshot.rows.values()
        for row in rows
        if not (row.supply_id is None and row.location == location and row.lot == lot)
    )


def reallocate_short(session: Session, fact: UnitsNotFound) -> ShortPick:
    """Move the missing units back to unallocated and plan them again, elsewhere.

    The allocator sees every place but the one where the units were not found; what it
    reserves is reserved through the one plan path (``apply_plan``), the rest backordered.
    """
    order = fact.order
    order.move(fact.line_id, fact.units, "release", session.now)
    item = session.stock(fact.sku)
    demand = OrderDemand(
        order.id,
        order.placed_at or session.now,
        [DemandLine(order.id, fact.line_id, fact.sku, fact.units)],
        priority=order.priority,
        ship_to=order.ship_to,
    )
    snapshot = _without(order_snapshot(order, [item], session.locations), fact.location, fact.lot)
    plan = allocate(demand, snapshot, session.policy, session.now)
    applied = apply_plan(plan, order, {fact.sku: item}, session.now)
    line = plan.line(order.id, fact.line_id)
    places: dict[str, int] = {}
    for pick in line.picks:
        places[str(pick.location)] = places.get(str(pick.location), 0) + pick.quantity
    reserved = applied.reserved.get(fact.line_id, 0)
    backordered = applied.backordered.get(fact.line_id, 0)
    return ShortPick(
        fact.shipment_id,
        order.id,
        fact.line_id,
        fact.sku,
        fact.location,
        fact.lot,
        fact.units,
        tuple(places.items()),
        backordered,
        fact.units - reserved - backordered,
    )
