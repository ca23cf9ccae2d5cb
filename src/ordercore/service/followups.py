"""Satisfaction follow-ups through the Engine: scheduled on delivery, asked on ``tick``.

* :func:`schedule_after_delivery` schedules the order's :class:`FollowUp` (``FUP-<order id>``)
  once nothing of it is still to ship or on its way: the check falls due the Engine's
  ``follow_ups`` days (per channel) after that last delivery. An order is followed up once.
* :func:`deliver_shipment`, :func:`deliver` and :func:`record_tracking` (a carrier's
  ``delivered`` report) are the delivery commands followed by it.
* :func:`ask_due` (run by ``tick``) asks every named follow-up that has fallen due.
* :func:`record_satisfaction` records the customer's answer: a satisfied customer is asked for a
  review unless they opted out (the host's customer record says so when the answer comes); an
  unhappy one opens a case with a reason. :func:`resolve_case` says how the case was resolved.

Nothing here sends a message: every change is a follow-up event (``FollowUpAsked``,
``FollowUpSatisfied`` with ``review_requested``, ``FollowUpCaseOpened``,
``FollowUpCaseResolved``) that leaves through the outbox in the command's commit, for the host
to send.
"""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from ordercore.domain.fulfilment import Shipment, TrackingResult, TrackingStatus
from ordercore.domain.orders import Order
from ordercore.domain.returns import CaseResolution, FollowUp
from ordercore.service import fulfilling, shipping, tracking
from ordercore.service.session import Session

__all__ = [
    "ask_due",
    "deliver",
    "deliver_shipment",
    "follow_up_id",
    "record_satisfaction",
    "record_tracking",
    "resolve_case",
    "schedule_after_delivery",
]

_DIRECT_CHANNEL = "direct"


def follow_up_id(order_id: str) -> str:
    """The id of an order's follow-up: one per order, named after it."""
    return f"FUP-{order_id}"


def _all_delivered(order: Order) -> bool:
    """Whether some units were delivered and none is still waiting, in the warehouse or en route."""
    ledgers = [line.ledger for line in order.lines.values()]
    waiting = sum(
        ledger.unallocated
        + ledger.backordered
        + ledger.allocated
        + ledger.picked
        + ledger.packed
        + ledger.shipped
        for ledger in ledgers
    )
    return waiting == 0 and any(ledger.delivered for ledger in ledgers)


def schedule_after_delivery(
    session: Session, order_id: str, delivered_at: pendulum.DateTime | None = None
) -> str | None:
    """Schedule the order's follow-up after its last delivery; its id, or None (not yet/already).

    ``delivered_at`` is when that delivery happened (default: the command's time).
    """
    order = session.order(order_id)
    key = follow_up_id(order.id)
    if not _all_delivered(order) or session.find_follow_up(key) is not None:
        return None
    channel = _DIRECT_CHANNEL if order.channel is None else str(order.channel.channel)
    follow_up = FollowUp.schedule(
        key,
        order.id,
        str(order.customer_id),
        channel,
        session.now if delivered_at is None else delivered_at,
        session.follow_up_policy,
        session.now,
    )
    session.add("follow_ups", key, follow_up)
    return key


def deliver_shipment(session: Session, shipment_id: str) -> dict[str, int]:
    """Record the shipment delivered (``shipping.deliver_shipment``), then schedule the check."""
    delivered = shipping.deliver_shipment(session, shipment_id)
    schedule_after_delivery(session, session.shipment(shipment_id).order_id)
    return delivered


def deliver(session: Session, order_id: str, line_id: str, units: int) -> None:
    """Record units of a line delivered (``fulfilling.deliver``), then schedule the check."""
    fulfilling.deliver(session, order_id, line_id, units)
    schedule_after_delivery(session, order_id)


def record_tracking(
    session: Session,
    shipment_id: str,
    status: TrackingStatus | str,
    at: pendulum.DateTime,
    *,
    detail: str | None = None,
    location: str | None = None,
) -> TrackingResult:
    """Record a carrier report (``tracking.record_tracking``); a delivery schedules the check."""
    result = tracking.record_tracking(
        session, shipment_id, status, at, detail=detail, location=location
    )
    if result.delivered:
        shipment: Shipment = session.get("shipments", shipment_id, Shipment)
        schedule_after_delivery(session, shipment.order_id, at)
    return result


def ask_due(session: Session, follow_up_ids: Iterable[str]) -> tuple[str, ...]:
    """Ask every named follow-up that is due at ``session.now``; the ids asked, in order."""
    asked: list[str] = []
    for key in sorted(set(follow_up_ids)):
        follow_up = session.find_follow_up(key)
        if follow_up is not None and follow_up.due(session.now):
            follow_up.ask(session.now)
            asked.append(key)
    return tuple(asked)


def record_satisfaction(
    session: Session,
    order_id: str,
    satisfied: bool,
    *,
    opted_out: bool = False,
    reason: str | None = None,
) -> bool:
    """Record the customer's answer; returns whether a review is requested.

    Satisfied: a review is requested unless ``opted_out``. Not satisfied: a case is opened with
    ``reason`` (required). The order's follow-up must exist (``NotFound``).
    """
    follow_up = session.follow_up(follow_up_id(order_id))
    if satisfied:
        return follow_up.record_satisfied(session.now, opted_out=opted_out)
    follow_up.record_unhappy("" if reason is None else reason, session.now)
    return False


def resolve_case(
    session: Session,
    order_id: str,
    how: CaseResolution,
    *,
    reference: str | None = None,
    note: str = "",
) -> None:
    """Resolve the order's open case ``how`` (refund, credit, replacement, return)."""
    follow_up = session.follow_up(follow_up_id(order_id))
    follow_up.resolve_case(how, session.now, reference=reference, note=note)
