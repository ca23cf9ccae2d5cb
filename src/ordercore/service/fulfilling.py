"""Engine commands from placing an order to delivering it; each runs inside one :class:`Session`.

* :func:`place` stores and places a draft; an ON_PLACEMENT order is invoiced whole at once.
* :func:`confirm` confirms it; with ``payment_first`` an ON_PLACEMENT order needs its total
  secured (authorised or captured) by its payments first.
* :func:`allocate_order` plans its unallocated units against stock and reserves them (hard).
* :func:`ship` picks, packs and ships units of several lines at once (the one-step shortcut
  over ``shipping``: a shipment per location, opened, picked, packed and shipped); an
  ON_SHIPMENT order is invoiced for what shipped; the last units complete the order.
* :func:`deliver` moves shipped units to delivered.
* :func:`sync_reservations` gives back reserved stock a line no longer needs (cancellations).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ordercore.domain.allocation import allocate
from ordercore.domain.billing import Invoice, PaymentTerms
from ordercore.domain.fulfilment import NotOnShelf
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import InvoicingPolicy, LineId, Order
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.service import shipping
from ordercore.service.allocating import (
    AppliedPlan,
    apply_plan,
    demand_of,
    line_reservations,
    snapshot_of,
)
from ordercore.service.billing import issue_invoice, payments_of, secured
from ordercore.service.errors import PaymentNotAuthorized, ReservationsOutOfStep
from ordercore.service.session import Session

__all__ = [
    "allocate_order",
    "confirm",
    "deliver",
    "place",
    "reserved_for",
    "ship",
    "sync_reservations",
]


def place(session: Session, order: Order) -> Invoice | None:
    """Place the draft ``order`` and add it; invoice it whole if it is invoiced on placement."""
    order.place(session.now)
    session.add("orders", order.id, order)
    if order.invoicing_policy is not InvoicingPolicy.ON_PLACEMENT:
        return None
    wanted = {str(line.id): line.ledger.active for line in order.lines.values()}
    return issue_invoice(session, order, wanted, PaymentTerms.due_on_receipt(), whole_order=True)


def confirm(session: Session, order_id: str, *, payment_first: bool = True) -> None:
    """Confirm a placed order; ON_PLACEMENT orders need ``captured + capturable >= total``.

    With ``payment_first=False`` the money is not checked (the host checked it).
    """
    order = session.live_order(order_id, "confirm")
    if payment_first and order.invoicing_policy is InvoicingPolicy.ON_PLACEMENT:
        money = secured(payments_of(session, order_id), str(order.currency))
        if money < order.total:
            raise PaymentNotAuthorized(order_id, order.total, money)
    order.confirm(session.now)


def allocate_order(session: Session, order_id: str) -> AppliedPlan:
    """Plan the order's unallocated units against current stock, reserve them, record it."""
    order = session.live_order(order_id, "allocate")
    items: dict[str, StockItem] = {}
    for sku in sorted({line.sku for line in order.lines.values()}):
        found = session.find_stock(sku)
        if found is not None:
            items[sku] = found
    demand = demand_of(order, session.now)
    plan = allocate(
        demand, snapshot_of(items.values(), session.locations), session.policy, session.now
    )
    return apply_plan(plan, order, items, session.now)


def _positive(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "units are a whole number (int, not bool)")
    if value < 1:
        raise ValidationError(field, value, "units are at least 1")
    return value


def _places(session: Session, order: Order, line_id: str, units: int) -> dict[str, int]:
    """Where the line's units come from: its reservations oldest first, preferred places first."""
    line = order.lines.get(LineId(line_id))
    if line is None:
        raise NotFound("order line", f"{order.id}/{line_id}")
    item = session.stock(line.sku)
    left = units
    places: dict[str, int] = {}
    for reservation in line_reservations(item, order.id, line_id):
        for allocation in reservation.allocations:
            take = min(left, allocation.quantity - allocation.picked)
            if take > 0 and allocation.supply is None:
                places[allocation.location] = places.get(allocation.location, 0) + take
                left -= take
    if left:
        raise NotOnShelf(order.id, line_id, "any location", None, units, units - left)
    return places


def ship(
    session: Session,
    order_id: str,
    lines: Mapping[str, int],
    terms: PaymentTerms,
    *,
    carrier: str = "unrecorded",
    tracking: Iterable[str] = (),
    service: str | None = None,
) -> Invoice | None:
    """Pick, pack and ship ``lines`` (line id → units) at once; invoice them if ON_SHIPMENT.

    The one-step shortcut: a shipment per location the units come from (the line's
    reservations oldest first, each at its preferred places first) is opened, picked, packed
    (no parcels recorded) and shipped with ``carrier`` and ``tracking``. One invoice covers
    them all; when every unit not cancelled has shipped, the order completes.
    """
    if not lines:
        raise ValidationError("lines", dict(lines), "a shipment ships at least one line")
    wanted = {str(line_id): _positive("units", units) for line_id, units in lines.items()}
    order = session.live_order(order_id, "ship")
    by_place: dict[str, dict[str, int]] = {}
    for line_id, units in wanted.items():
        for place, count in _places(session, order, line_id, units).items():
            by_place.setdefault(place, {})[line_id] = count
    numbers = list(tracking)
    for place, here in by_place.items():
        shipment = shipping.open_shipment(session, order_id, here, place)
        for line_id, units in here.items():
            shipping.pick(session, shipment.id, line_id, units)
        shipping.pack(session, shipment.id, [])
        shipping.send(session, shipment, carrier, numbers, service=service)
    return shipping.after_shipping(session, order, wanted, terms)


def deliver(session: Session, order_id: str, line_id: str, units: int) -> None:
    """Record that ``units`` shipped units of a line reached the customer."""
    session.order(order_id).deliver(line_id, units, session.now)


def reserved_for(item: StockItem, order_id: str, line_id: str) -> int:
    """Units of ``item`` reserved for one order line (all its active reservations)."""
    return sum(r.quantity for r in line_reservations(item, order_id, line_id))


def sync_reservations(session: Session, order: Order, line_id: str) -> int:
    """Give back reserved units the line no longer holds; returns how many were released.

    The target is the line's allocated + picked + packed units. Unpicked units go back from
    the newest reservation first; a reservation whose every unit must go is released whole
    (picked units back on the shelf).
    """
    line = order.lines[LineId(line_id)]
    item = session.find_stock(line.sku)
    if item is None:
        return 0
    ledger = line.ledger
    wanted = ledger.allocated + ledger.picked + ledger.packed
    held = reserved_for(item, order.id, line_id)
    excess = held - wanted
    released = 0
    for reservation in reversed(line_reservations(item, order.id, line_id)):
        if excess <= 0:
            break
        if reservation.quantity <= excess:
            released += reservation.quantity
            excess -= reservation.quantity
            item.release_all(reservation.id, session.now)
            continue
        take = min(excess, reservation.quantity - reservation.picked)
        if take:
            item.release(reservation.id, take, session.now)
            released += take
            excess -= take
    if excess > 0:
        raise ReservationsOutOfStep(order.id, line_id, held, wanted)
    return released
