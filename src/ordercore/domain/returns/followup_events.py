"""The events a satisfaction follow-up emits (``entity_kind`` ``"follow_up"``).

``FollowUpAsked`` and ``FollowUpSatisfied`` with ``review_requested`` are what the service turns
into outbox messages (the survey, the review request); ``FollowUpCaseOpened`` and
``FollowUpCaseResolved`` into case updates.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pendulum

from ordercore.kernel.events import DomainEvent

__all__ = [
    "FollowUpAsked",
    "FollowUpCancelled",
    "FollowUpCaseOpened",
    "FollowUpCaseResolved",
    "FollowUpEvent",
    "FollowUpSatisfied",
    "FollowUpScheduled",
]


@attrs.frozen(kw_only=True)
class FollowUpEvent(DomainEvent):
    """Base of the follow-up events."""

    entity_kind: ClassVar[str] = "follow_up"


@attrs.frozen(kw_only=True)
class FollowUpScheduled(FollowUpEvent):
    """A satisfaction check of ``order_id`` was scheduled; it falls due at ``due_at``."""

    order_id: str
    customer_id: str
    channel: str
    delivered_at: pendulum.DateTime
    due_at: pendulum.DateTime


@attrs.frozen(kw_only=True)
class FollowUpAsked(FollowUpEvent):
    """The customer was asked whether they are satisfied (the host sends the survey)."""

    order_id: str
    customer_id: str


@attrs.frozen(kw_only=True)
class FollowUpSatisfied(FollowUpEvent):
    """The customer is satisfied; ``review_requested`` unless they opted out of such messages."""

    order_id: str
    customer_id: str
    review_requested: bool


@attrs.frozen(kw_only=True)
class FollowUpCaseOpened(FollowUpEvent):
    """The customer is unhappy: a case was opened, saying why."""

    order_id: str
    customer_id: str
    reason: str


@attrs.frozen(kw_only=True)
class FollowUpCaseResolved(FollowUpEvent):
    """The case was resolved ``how`` (refund, credit, replacement, return); ``reference`` links."""

    order_id: str
    customer_id: str
    how: str
    reference: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class FollowUpCancelled(FollowUpEvent):
    """The follow-up was called off (the order was returned in full, the customer left...)."""

    reason: str
