"""Short picks: units a picker did not find are written off, then re-allocated or backordered.

When a pick list confirmation reports units of a shipment line missing at a bin, it states
:class:`UnitsNotFound` and two rows of the policy table follow
(:mod:`ordercore.service.policies`), in the command's unit of work:

1. :func:`write_off_not_found`: the line's reservation gives the missing units back, then the
   ``StockItem`` writes them off at the place (location and lot) with reason ``"not found"``
   (an ``adjust`` movement in the stock ledger). Writing off what was just given back leaves
   every other reservation whole; a write-off that would still take units another
   reservation holds there (a reservation spread over several places gives back from its
   least preferred place first) is refused, and nothing changes: count the bin instead.
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
from ordercore.service.allocating import apply_plan, line_reservations, order_snapshot
from ordercore.service.session import Session

__all__ = [
    "NOT_FOUND",
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

    @property
    def reallocated_units(self) -> int:
        """Every unit reserved again elsewhere."""
        return sum(units for _, units in self.reallocated)


def write_off_not_found(session: Session, fact: UnitsNotFound) -> int:
    """Give the missing units back from the line's reservations, then write them off there.

    Returns the units written off. Refused (``ValidationError``, nothing kept) when the
    write-off would take units another reservation holds at the place.
    """
    item = session.stock(fact.sku)
    left = fact.units
    for reservation in reversed(line_reservations(item, fact.order.id, fact.line_id)):
        if not left:
            break
        take = min(left, reservation.quantity - reservation.picked)
        if take:
            item.release(reservation.id, take, session.now)
            left -= take
    if left:
        rule = f"the line holds only {fact.units - left} unpicked units to write off"
        raise ValidationError("units", fact.units, rule)
    change = item.adjust(fact.location, -fact.units, NOT_FOUND, session.now, lot=fact.lot)
    if change.losses:
        taken = sorted({loss.reservation_id for loss in change.losses})
        rule = (
            f"writing {fact.units} units off at {fact.location} would take units that "
            f"{', '.join(taken)} hold there; count the bin instead"
        )
        raise ValidationError("units", fact.units, rule)
    return fact.units


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
