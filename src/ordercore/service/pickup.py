"""Pickup points (click and collect): ready for pickup, then collected, at one store.

An order for pickup is allocated from its store only (``requests.allocate_request(...,
pickup_at=store)``). Its two floor steps are a shipment from the store that never meets a
carrier, built from the shipping commands so every rule and policy of shipping applies:

* :func:`ready_for_pickup` opens a shipment of every unit reserved for the order on the store's
  shelf, picks and packs it: the order's units are ``packed`` (waiting at the counter);
* :func:`collect` hands it to the customer: the shipment ships with carrier
  :data:`PICKUP_CARRIER` and is delivered in the same commit, so the stock leaves, an
  ON_SHIPMENT order is invoiced, the order completes when nothing is left, and the
  satisfaction follow-up is scheduled, as for a delivery.

:func:`pickup_status` reads where an order stands from its buckets (nothing is stored beside
them): ``waiting``, ``ready_for_pickup``, ``collected``.
"""

from __future__ import annotations

import enum

from ordercore.domain.billing import PaymentTerms
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import require_id
from ordercore.service import followups, shipping
from ordercore.service.picking import shelf_units
from ordercore.service.session import Session

__all__ = ["PICKUP_CARRIER", "PickupStatus", "collect", "pickup_status", "ready_for_pickup"]

PICKUP_CARRIER = "pickup"
"""The carrier a collected pickup shipment records."""


class PickupStatus(enum.StrEnum):
    """Where a pickup order stands, derived from its line buckets."""

    WAITING = "waiting"
    """Units are still to be made ready (allocated, backordered or not yet allocated)."""
    READY_FOR_PICKUP = "ready_for_pickup"
    """Every unit not cancelled is packed at the store, or already collected."""
    COLLECTED = "collected"
    """Every unit not cancelled was collected (delivered)."""


def pickup_status(order: Order) -> PickupStatus:
    """The pickup status of ``order``'s buckets (cancelled units do not count)."""
    wanted = ready = collected = 0
    for line in order.lines.values():
        ledger = line.ledger
        after = ledger.delivered + ledger.return_requested + ledger.returned
        wanted += ledger.active
        ready += ledger.packed + ledger.shipped + after
        collected += after
    if wanted and collected == wanted:
        return PickupStatus.COLLECTED
    if wanted and ready == wanted:
        return PickupStatus.READY_FOR_PICKUP
    return PickupStatus.WAITING


def ready_for_pickup(session: Session, order_id: str, store: str) -> str:
    """Pick and pack every unit reserved for the order at ``store``; returns the shipment id.

    Refused (``ValidationError``) when nothing of the order is reserved there.
    """
    session.known_location(require_id("store", store))
    order = session.live_order(order_id, "ready_for_pickup")
    lines: dict[str, int] = {}
    for line in order.lines.values():
        item = session.find_stock(line.sku)
        units = 0 if item is None else shelf_units(item, order.id, str(line.id), store)
        if units:
            lines[str(line.id)] = units
    if not lines:
        raise ValidationError(
            "store", store, f"order {order.id} has no units reserved at {store} to make ready"
        )
    shipment_id = shipping.open_shipment(session, order.id, lines, store)
    for line_id, units in lines.items():
        shipping.pick(session, shipment_id, line_id, units)
    shipping.pack(session, shipment_id, ())
    return shipment_id


def collect(session: Session, shipment_id: str, terms: PaymentTerms) -> str | None:
    """The customer collected a ready pickup: ship and deliver it in one commit.

    Returns the id of the invoice an ON_SHIPMENT order was issued, if any.
    """
    invoice = shipping.ship_shipment(session, shipment_id, PICKUP_CARRIER, (), terms)
    followups.deliver_shipment(session, shipment_id)
    return invoice
