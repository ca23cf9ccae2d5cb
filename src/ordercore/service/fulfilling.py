"""Engine commands from placing an order to delivering it; each runs inside one :class:`Session`.

* :func:`place` stores and places a draft (policy: an ON_PLACEMENT order is invoiced whole);
  with a catalogue, its lines are screened first (unknown or unsellable SKUs are refused).
* :func:`confirm` confirms it (policy: with ``payment_first`` an ON_PLACEMENT order needs its
  total secured, authorised or captured, by its payments first).
* :func:`allocate_order` plans its unallocated units against stock (policy: the plan is
  reserved, hard, and the order's buckets follow).
* :func:`ship` picks, packs and ships units of several lines at once (the one-step shortcut
  over ``shipping``: a shipment per location, opened, picked, packed and shipped; policies:
  an ON_SHIPMENT order is invoiced for what shipped, the last units complete the order).
* :func:`deliver` moves shipped units to delivered.
* :func:`release_line` gives a line's allocated units back to stock (a line with none: a no-op
  that says so).

The consequences named "policy" are rows of :mod:`ordercore.service.policies`.
:func:`sync_reservations` and :func:`reserved_for` live there too (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ordercore.domain.allocation import allocate
from ordercore.domain.billing import Invoice, Payment, PaymentTerms
from ordercore.domain.catalogue import UnknownSkuPolicy, screen_lines
from ordercore.domain.fulfilment import NotOnShelf
from ordercore.domain.orders import InvoicingPolicy, LineId, Order
from ordercore.kernel.copies import copy
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.ports.catalogue import Catalogue
from ordercore.service import policies, shipping
from ordercore.service.allocating import (
    AppliedPlan,
    LineRelease,
    demand_of,
    order_snapshot,
)
from ordercore.service.policies import reserved_for, sync_reservations
from ordercore.service.session import Session

__all__ = [
    "allocate_order",
    "confirm",
    "deliver",
    "place",
    "release_line",
    "reserved_for",
    "ship",
    "sync_reservations",
]


def place(
    session: Session,
    draft: Order,
    catalogue: Catalogue | None = None,
    *,
    unknown_skus: UnknownSkuPolicy = UnknownSkuPolicy.REFUSE,
) -> str | None:
    """Place a copy of the ``draft`` and add it; the id of the invoice the policy issued, if any.

    Each attempt places its own copy (``ordercore.kernel.copies.copy``: the mutable parts are
    copied, the values shared), so the host's draft is left as it was (a refused or re-run
    attempt starts again from it). With a ``catalogue`` the lines are screened first
    (``screen_lines``): a line for an unknown SKU (unless ``unknown_skus`` accepts it) or an
    unsellable one is refused by name.
    """
    order = copy(draft)
    if catalogue is not None:
        lines = [(str(line.id), line.sku) for line in order.lines.values()]
        screen_lines(order.id, lines, catalogue.get, unknown_skus)
    session.add("orders", order.id, order)
    payments, invoices = session.billing_of(order.id)
    order.place(session.now)
    followed = policies.run(session, policies.OrderPlaced(order, payments, invoices))
    invoice: Invoice | None = followed[policies.INVOICE_ON_PLACEMENT]
    return None if invoice is None else invoice.id


def confirm(session: Session, order_id: str, *, payment_first: bool = True) -> None:
    """Confirm a placed order; ON_PLACEMENT orders need ``captured + capturable >= total``.

    With ``payment_first=False`` the money is not checked (the host checked it).
    """
    order = session.live_order(order_id, "confirm")
    payments = None
    if payment_first and order.invoicing_policy is InvoicingPolicy.ON_PLACEMENT:
        # what the row reads (the payments, not the invoices), loaded with the order
        payments = session.for_order("payments", order.id, Payment)
    policies.run(session, policies.OrderConfirming(order, payment_first, payments))
    order.confirm(session.now)


def allocate_order(session: Session, order_id: str) -> AppliedPlan:
    """Plan the order's unallocated units against current stock, reserve them, record it.

    Allocating again an order with no unallocated units is a no-op that says so
    (``AppliedPlan.noop`` and its ``reason``), not a refusal.
    """
    file = session.order_file(order_id, "allocate", stock=True)
    order, items = file.order, file.stock
    waiting = 0
    for line in order.lines.values():
        waiting += line.ledger.unallocated
    if not waiting:
        return AppliedPlan.nothing_to_do(session.policy.name, session.now, _settled(order))
    demand = demand_of(order, session.now)
    snapshot = order_snapshot(order, items.values(), session.locations)  # pickup: its store
    ids: dict[str, str] = {}  # the id each waiting line's hold takes, read with the stock
    for wanted in demand.lines:
        item = items.get(wanted.sku)
        if item is not None:
            ids[wanted.line_id] = item.next_reservation_id(order.id, wanted.line_id)
    plan = allocate(demand, snapshot, session.policy, session.now)
    fact = policies.OrderPlanned(order, plan, items, reservation_ids=ids)
    followed = policies.run(session, fact)
    applied: AppliedPlan = followed[policies.RESERVE_PLAN]
    return applied


def _settled(order: Order) -> str:
    allocated = sum(line.ledger.allocated for line in order.lines.values())
    backordered = sum(line.ledger.backordered for line in order.lines.values())
    return (
        f"order {order.id} has no unallocated units ({allocated} allocated, {backordered} "
        "backordered, the rest further on or cancelled): nothing to allocate; backordered "
        "units are served by fill_backorders when stock arrives"
    )


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
    for reservation in item.line_reservations(order.id, line_id):
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
    wanted = {
        str(line_id): _positive(f"lines[{line_id!r}]", units) for line_id, units in lines.items()
    }
    order = session.live_order(order_id, "ship")
    by_place: dict[str, dict[str, int]] = {}
    for line_id, units in wanted.items():
        for place, count in _places(session, order, line_id, units).items():
            by_place.setdefault(place, {})[line_id] = count
    numbers = list(tracking)
    for place, here in by_place.items():
        shipment_id = shipping.open_shipment(session, order_id, here, place)
        for line_id, units in here.items():
            shipping.pick(session, shipment_id, line_id, units)
        shipping.pack(session, shipment_id, [])
        shipment = session.shipment(shipment_id)
        shipping.send(session, shipment, order, carrier, numbers, service=service)
    return shipping.after_shipping(session, order, wanted, terms)


def deliver(session: Session, order_id: str, line_id: str, units: int) -> None:
    """Record that ``units`` shipped units of a line reached the customer."""
    order = session.order(order_id)
    order.deliver(line_id, units, session.now)
    policies.run(session, policies.UnitsDelivered(order))


def release_line(session: Session, order_id: str, line_id: str) -> LineRelease:
    """Give back every allocated (not yet picked) unit of one line; they become unallocated.

    A line with no allocated units (never allocated, backordered, released already) is a
    no-op that says so; a line the order does not have is ``NotFound``.
    """
    order = session.live_order(order_id, "release")
    line = order.lines.get(LineId(line_id))
    if line is None:
        raise NotFound("order line", f"{order.id}/{line_id}")
    units = line.ledger.allocated
    if not units:
        return LineRelease(
            order.id,
            line_id,
            0,
            noop=True,
            reason=f"line {order.id}/{line_id} has no allocated units "
            f"({line.ledger.unallocated} unallocated, {line.ledger.backordered} backordered): "
            "nothing to release",
        )
    order.move(line_id, units, "release", session.now)
    released = sync_reservations(session, order, line_id)
    return LineRelease(order.id, line_id, released)
