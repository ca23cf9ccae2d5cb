"""Satisfaction follow-ups through the Engine: scheduled on delivery, asked on ``tick``.

* The order's :class:`FollowUp` (``FUP-<order id>``) is scheduled by the policy table, not
  here: every delivery command (:func:`deliver_shipment`, :func:`deliver`, and
  :func:`record_tracking` for a carrier's ``delivered`` report; the handlers of ``shipping``,
  ``fulfilling`` and ``tracking``, named here too) states ``UnitsDelivered``, and the row
  ``policies.FOLLOW_UP_AFTER_LAST_DELIVERY`` schedules it once nothing of the order is still
  to ship or on its way, due the Engine's ``follow_ups`` days (per channel) after that last
  delivery. An order is followed up once.
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

from ordercore.domain.returns import CaseResolution
from ordercore.service.fulfilling import deliver
from ordercore.service.policies import follow_up_id, schedule_after_delivery
from ordercore.service.session import Session
from ordercore.service.shipping import deliver_shipment
from ordercore.service.tracking import record_tracking

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
