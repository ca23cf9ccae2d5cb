"""Carrier tracking through the Engine: record a carrier's report against a shipped shipment.

:func:`record_tracking` records one report (``Shipment.track``) in one Session. ``delivered``
completes like ``deliver_shipment``: the order's units move from shipped to delivered. A ``lost``
or ``returned_to_sender`` report moves nothing on the order and returns a result whose
``decision`` asks the host to reship from stock or refund; the units stay shipped, never
delivered. Other reports only change the shipment's status.
"""

from __future__ import annotations

import pendulum

from ordercore.domain.fulfilment import TrackingResult, TrackingStatus
from ordercore.service import policies
from ordercore.service.session import Session
from ordercore.service.shipping import shipment_of

__all__ = ["record_tracking"]


def record_tracking(
    session: Session,
    shipment_id: str,
    status: TrackingStatus | str,
    at: pendulum.DateTime,
    *,
    detail: str | None = None,
    location: str | None = None,
) -> TrackingResult:
    """Record the carrier's ``status`` for ``shipment_id`` at the carrier's time ``at``."""
    shipment = shipment_of(session, shipment_id)
    result = shipment.track(status, at, detail=detail, location=location)
    if result.delivered:
        order = session.order(shipment.order_id)
        for line_id, units in result.delivered.items():
            order.deliver(line_id, units, session.now)
        policies.run(session, policies.UnitsDelivered(order, at))
    return result
