"""The events a satisfaction follow-up emits (``entity_kind`` ``"follow_up"``).

``FollowUpAsked`` and ``FollowUpSatisfied`` with ``review_requested`` are what the service turns
into outbox messages (the survey, the review request); ``FollowUpCaseOpened`` and
``FollowUpCaseResolved`` into case updates.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.kernel.events import DomainEvent
from ordercore.kernel.slots import draft_class

__all__ = [
    "FollowUpAsked",
    "FollowUpCancelled",
    "FollowUpCaseOpened",
    "FollowUpCaseResolved",
    "FollowUpEvent",
    "FollowUpSatisfied",
    "FollowUpScheduled",
    "follow_up_scheduled",
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


_ScheduledDraft = draft_class(FollowUpScheduled)
"""A ``FollowUpScheduled`` being built (kernel.slots.draft_class): its own and its base's slots."""


def follow_up_scheduled(
    *,
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    order_id: str,
    customer_id: str,
    channel: str,
    delivered_at: pendulum.DateTime,
    due_at: pendulum.DateTime,
) -> FollowUpScheduled:
    """``FollowUpScheduled(...)`` for a follow-up :meth:`FollowUp.schedule` checked.

    The same event, drafted (a plain slot store per field, kernel.slots.draft_class): a
    fraction of the instructions of the generated ``__init__``; every delivered order makes one.
    ``occurred_at`` is what ``instant()`` returned (the converter ``__init__`` would run gives
    it back unchanged).
    """
    draft: Any = _ScheduledDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.order_id = order_id
    draft.customer_id = customer_id
    draft.channel = channel
    draft.delivered_at = delivered_at
    draft.due_at = due_at
    draft.__class__ = FollowUpScheduled
    event: FollowUpScheduled = draft
    return event


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
