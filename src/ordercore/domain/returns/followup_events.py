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
from ordercore.kernel.slots import slot_setters

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


_new_event = object.__new__
(
    _set_entity_id,
    _set_version,
    _set_occurred_at,
    _set_order_id,
    _set_customer_id,
    _set_channel,
    _set_delivered_at,
    _set_due_at,
) = slot_setters(FollowUpScheduled)
"""The slots of a ``FollowUpScheduled`` in field order (its own and its base's)."""


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

    The same event, its slots written directly (as attrs' own ``__setstate__`` does): about
    half the instructions of the generated ``__init__``, and every delivered order makes one.
    ``occurred_at`` is what ``instant()`` returned (the converter ``__init__`` would run gives
    it back unchanged).
    """
    event: FollowUpScheduled = _new_event(FollowUpScheduled)
    _set_entity_id(event, entity_id)
    _set_version(event, version)
    _set_occurred_at(event, occurred_at)
    _set_order_id(event, order_id)
    _set_customer_id(event, customer_id)
    _set_channel(event, channel)
    _set_delivered_at(event, delivered_at)
    _set_due_at(event, due_at)
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
