"""Shipments through the Engine: open, pick, pack, ship, deliver, cancel; each in one Session.

A shipment (``ordercore.domain.fulfilment.Shipment``) carries units of one order from one
location. Each command changes the shipment, the order's quantity buckets and the stock
reservations together (the unit of work commits all or none):

============================  ==============================  ==================================
command                        order buckets                    stock (``StockItem``)
============================  ==============================  ==================================
:func:`open_shipment`          —                                — (checks units are reserved there)
:func:`pick`                   allocated → picked               reservation picks at the location
:func:`pack`                   picked → packed                  —
:func:`ship_shipment`          packed → shipped                 picked units leave (consumed)
:func:`deliver_shipment`       shipped → delivered              —
:func:`cancel_shipment`        packed → picked → allocated      picked units back on the shelf
============================  ==============================  ==================================

Shipment ids come from the ``"SHP"`` number sequence (``SHP-000001``). The stock columns of
shipping and cancelling are rows of the policy table (:mod:`ordercore.service.policies`), as are
invoicing an ON_SHIPMENT order for what shipped and completing the order when every unit has
left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ordercore.domain.billing import Invoice, PaymentTerms
from ordercore.domain.fulfilment import (
    SHIPMENT_LIFECYCLE,
    NotOnShelf,
    OverPick,
    Parcel,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from ordercore.domain.fulfilment.lifecycle import steps
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import LineId, Order
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.service import policies
from ordercore.service.picking import shelf_units
from ordercore.service.session import Session

__all__ = [
    "after_shipping",
    "cancel_shipment",
    "deliver_shipment",
    "open_shipment",
    "pack",
    "pick",
    "send",
    "shelf_units",
    "ship_shipment",
    "shipment_of",
    "shipments_of",
]


_PICK = steps("pick")
"""The statuses a pick leaves (lifecycle.steps): looked up, no ``next_state`` call per pick."""


def shipment_of(session: Session, shipment_id: str) -> Shipment:
    """The shipment ``shipment_id`` (``NotFound`` if unknown)."""
    return session.shipment(shipment_id)


def shipments_of(session: Session, order_id: str) -> list[Shipment]:
    """The order's shipments (the shipment port's ``for_order``), by id, each loaded once."""
    found: list[Shipment] = session.for_order("shipments", order_id, Shipment)
    return found


def _units(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "units are a whole number (int, not bool)")
    if value < 1:
        raise ValidationError(field, value, "units are at least 1")
    return value


def open_shipment(session: Session, order_id: str, lines: Mapping[str, int], location: str) -> str:
    """Open a shipment of ``lines`` (line id → units) of the order from ``location``; its id.

    Each line needs that many units reserved for it on the shelf at ``location``, not yet
    picked; units are not taken yet (two open shipments may ask for the same units: the
    first to pick them wins, the other's pick is refused).
    """
    # a dict needs no isinstance() check against the ABC (the dearer kind)
    if not (lines.__class__ is dict or isinstance(lines, Mapping)) or not lines:
        raise ValidationError("lines", lines, "a shipment ships at least one line")
    wanted: dict[str, int] = {}
    for line_id, units in lines.items():
        # a whole number of at least 1 needs no field name: the f-string only for a refusal
        ok = units.__class__ is int and units >= 1
        wanted[str(line_id)] = units if ok else _units(f"lines[{line_id!r}]", units)
    order = session.live_order(order_id, "open_shipment")
    skus: dict[str, str] = {}
    for line_id in wanted:
        line = order.lines.get(LineId(line_id))
        if line is None:
            raise NotFound("order line", f"{order.id}/{line_id}")
        skus[line_id] = line.sku
    if not session.measures_in_place():  # each stock item read (and read ahead) at once
        session.stock_of(skus.values())
    chosen: dict[str, tuple[str, int]] = {}
    for line_id, units in wanted.items():
        sku = skus[line_id]  # the line's SKU, read above (no second look-up of the line)
        # the units on the shelf counted on the stock item, not on a copy of it (a stock item's
        # copy, only to count, cost ~18k instructions); it joins the read set all the same
        held = session.measure("stock", sku, StockItem, shelf_units, order.id, line_id, location)
        held = held or 0  # no stock item: nothing on the shelf
        if units > held:
            raise NotOnShelf(order.id, line_id, location, None, units, held)
        chosen[line_id] = (sku, units)
    number = session.numbers.next("SHP")
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        number, order.id, location, chosen, session.now, ship_to=order.ship_to
    )
    session.add("shipments", shipment.id, shipment)
    return shipment.id


def pick(
    session: Session,
    shipment_id: str,
    line_id: str,
    units: int,
    lot: str | None = None,
    *,
    pick_list_id: str | None = None,
) -> None:
    """Pick ``units`` of a shipment line at its location (``lot``: only that lot).

    The line's reservations give them oldest first, each at its preferred places first; the
    stock item picks them, then the shipment records where they came from, then the order
    moves them from allocated to picked. A shipment on a pick list is picked only by that
    list's confirmations (``pick_list_id``).
    """
    # a whole number of at least 1 needs no call: _units only words a refusal
    count = units if units.__class__ is int and units >= 1 else _units("units", units)
    shipment = session.shipment(shipment_id)
    order = session.order(shipment.order_id)
    known = shipment.lines.get(line_id) if isinstance(line_id, str) else None
    item = None if known is None else session.find_stock(known.sku)  # loaded with the rest
    line = shipment.line(line_id) if known is None else known  # raises for an unknown line
    if shipment.pick_lists:  # refuse_if_listed's own test, without the call when on none
        shipment.refuse_if_listed("pick", pick_list_id)
    if shipment.status not in _PICK:  # checked before any change; the table's refusal
        SHIPMENT_LIFECYCLE.next_state(shipment.status, "pick", shipment)
    if count > line.remaining:
        raise OverPick(shipment.id, line_id, count, line.remaining)
    if item is None:
        item = session.stock(line.sku)  # raises NotFound
    place = shipment.ship_from
    # which reservation gives how many units at ``place``, oldest first; refused (NotOnShelf)
    # before anything moves when the shelf holds fewer for the line
    left, held = count, 0
    takes: list[tuple[str, int, str | None]] = []
    for reservation in item.line_reservations(order.id, line_id):
        for allocation in reservation.allocations:
            if allocation.supply is not None or allocation.location != place:
                continue
            if lot is not None and allocation.lot != lot:
                continue
            on_shelf = allocation.quantity - allocation.picked
            held += on_shelf
            take = min(left, on_shelf)
            if take > 0:
                takes.append((reservation.id, take, allocation.lot))
                left -= take
    if count > held:
        raise NotOnShelf(order.id, line_id, place, lot, count, held)
    for reservation_id, take, taken_lot in takes:
        item.pick(reservation_id, take, session.now, location=place, lot=taken_lot)
    for _reservation_id, take, taken_lot in takes:
        shipment.pick(line_id, take, session.now, lot=taken_lot, pick_list_id=pick_list_id)
    order.pick(line_id, count, session.now)


def pack(session: Session, shipment_id: str, parcels: Iterable[Parcel]) -> dict[str, int]:
    """Pack the shipment's picked units into ``parcels``; returns units packed per line.

    Units asked for but not picked (a short pick) stay allocated on the order.
    """
    shipment = session.shipment(shipment_id)
    order = session.order(shipment.order_id)
    packed = shipment.pack(parcels, session.now)
    for line_id, units in packed.items():
        order.pack(line_id, units, session.now)
    return packed


def send(
    session: Session,
    shipment: Shipment,
    order: Order,
    carrier: str,
    tracking: Iterable[str],
    *,
    service: str | None = None,
) -> dict[str, int]:
    """Ship a packed shipment: the order's buckets follow, and the policy consumes the stock.

    Returns units shipped per line.
    """
    shipped = shipment.ship(carrier, tracking, session.now, service=service)
    for line_id, units in shipped.items():
        order.ship(line_id, units, session.now)
    lines = {line_id: shipment.lines[line_id] for line_id in shipped}
    policies.run(session, policies.ShipmentSent(shipment, order, lines))
    return shipped


def after_shipping(
    session: Session, order: Order, shipped: Mapping[str, int], terms: PaymentTerms
) -> Invoice | None:
    """Run the shipping policies for ``shipped``; the invoice they issued, if any.

    An ON_SHIPMENT order is invoiced for what shipped; the order completes once every unit
    not cancelled has left.
    """
    followed = policies.run(session, policies.UnitsShipped(order, dict(shipped), terms))
    invoice: Invoice | None = followed[policies.INVOICE_ON_SHIPMENT]
    return invoice


def ship_shipment(
    session: Session,
    shipment_id: str,
    carrier: str,
    tracking: Iterable[str],
    terms: PaymentTerms,
    *,
    service: str | None = None,
) -> str | None:
    """Hand a packed shipment to ``carrier``; the id of the invoice of an ON_SHIPMENT order.

    The picked units leave the stock (their reservations ship); the order moves them from
    packed to shipped and completes when every unit not cancelled has left.
    """
    shipment = session.shipment(shipment_id)
    order = session.order(shipment.order_id)
    # the lines with units picked are the ones that ship (each pick is at least one unit),
    # kept as they are when the shipment leaves (frozen values); what the row consuming their
    # units reads is loaded first and in SKU order (a store whose reads queue on row locks
    # then takes them in one order, as every command does)
    lines: dict[str, ShipmentLine] = {}
    picked: set[str] = set()
    for line_id, line in shipment.lines.items():
        if line.picks:
            lines[line_id] = line
            picked.add(line.sku)
    stock: dict[str, StockItem] = {}
    for sku in sorted(picked):
        stock[sku] = session.stock(sku)
    shipped = shipment.ship(carrier, tracking, session.now, service=service)
    for line_id, units in shipped.items():
        order.ship(line_id, units, session.now)
    facts = (  # the order's rows first (invoice, complete), then the stock's
        policies.UnitsShipped(order, shipped, terms),
        policies.ShipmentSent(shipment, order, lines, stock),
    )
    invoice: Invoice | None = policies.run_all(session, facts)[policies.INVOICE_ON_SHIPMENT]
    return None if invoice is None else invoice.id


def deliver_shipment(session: Session, shipment_id: str) -> dict[str, int]:
    """Record that the carrier delivered the shipment; the order's units move to delivered."""
    shipment = session.shipment(shipment_id)
    order = session.order(shipment.order_id)
    follow_up = session.follow_up_of(order.id)  # what the row reads, loaded with the rest
    delivered = shipment.deliver(session.now)
    for line_id, units in delivered.items():
        order.deliver(line_id, units, session.now)
    policies.run(session, policies.UnitsDelivered(order, follow_up=follow_up))
    return delivered


def cancel_shipment(session: Session, shipment_id: str, reason: str) -> dict[str, int]:
    """Cancel a shipment that has not left; returns the units put back per line.

    Packed units are unpacked, picked units unpicked (back to allocated on the order, back on
    the shelf in stock at the places they were picked, still held by the same reservations).
    """
    shipment = shipment_of(session, shipment_id)
    was = shipment.status
    lines = dict(shipment.lines)
    put_back = shipment.cancel(reason, session.now)
    order = session.order(shipment.order_id)
    for line_id, units in put_back.items():
        if was is ShipmentStatus.PACKED:
            order.move(line_id, units, "unpack", session.now)
        order.move(line_id, units, "unpick", session.now)
    policies.run(session, policies.ShipmentCancelled(shipment, order, lines, put_back))
    return put_back
