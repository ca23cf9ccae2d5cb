"""The ``FollowUp`` aggregate: asking a customer, after delivery, whether they are satisfied.

A follow-up is scheduled for an order when it is delivered (:meth:`FollowUp.schedule`) and
falls due ``days`` later, per channel (:class:`FollowUpPolicy`); :meth:`FollowUp.due` tells the
service's ``tick(now)`` whether to :meth:`~FollowUp.ask`. The outcome:

* :meth:`~FollowUp.record_satisfied` ends it and requests a review, unless the customer opted
  out (the caller passes the customer's preference as it is now): never a review request then.
  One follow-up per order (the service names it after the order), and a satisfied follow-up is
  final, so a review is requested at most once per order.
* :meth:`~FollowUp.record_unhappy` opens a case with a reason; :meth:`~FollowUp.resolve_case`
  resolves it by refund, credit, replacement or return (:class:`CaseResolution`) and records
  how, with a reference (the refund, credit note, replacement order or RMA id).

Each command validates, then records one event; :meth:`~FollowUp.apply` (one mutator per event
type) changes the follow-up for live commands and :meth:`~FollowUp.replay` alike.

>>> import pendulum
>>> delivered = pendulum.datetime(2026, 11, 2, 15, tz="UTC")
>>> check = FollowUp.schedule(
...     "FUP-1", "order-1", "cust-7", "shopify", delivered, FollowUpPolicy(14), delivered
... )
>>> check.due(delivered.add(days=13)), check.due(delivered.add(days=14))
(False, True)
>>> check.ask(delivered.add(days=14))
>>> check.record_satisfied(delivered.add(days=15), opted_out=True)
False
>>> [e.name for e in check.pull_events()]
['FollowUpScheduled', 'FollowUpAsked', 'FollowUpSatisfied']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs
import pendulum

from ordercore.domain.orders.values import require_text
from ordercore.domain.returns.followup_events import (
    FollowUpAsked,
    FollowUpCancelled,
    FollowUpCaseOpened,
    FollowUpCaseResolved,
    FollowUpEvent,
    FollowUpSatisfied,
    FollowUpScheduled,
    follow_up_scheduled,
)
from ordercore.domain.returns.followup_lifecycle import FOLLOW_UP_LIFECYCLE, FollowUpStatus
from ordercore.domain.returns.window import day_table
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id

__all__ = ["CaseResolution", "FollowUp", "FollowUpPolicy", "replay_follow_up"]

_S = FollowUpStatus

_DATETIME = pendulum.DateTime
"""The usual instant: an aware one is taken as it is (``instant()``'s test, without its call)."""

_SPANS: dict[int, timedelta] = {}
"""``timedelta(days=n)`` by ``n``, each built once (~4,000 instructions a build): one per
delay a policy names, and at most :data:`_SPANS_KEPT` of them (bounded by configuration)."""

_SPANS_KEPT = 64


class CaseResolution(enum.StrEnum):
    """How an unhappy customer's case was resolved."""

    REFUND = "refund"
    CREDIT = "credit"
    REPLACEMENT = "replacement"
    RETURN = "return"


def _channels(value: object) -> dict[str, int]:
    return day_table("per_channel", value)


@attrs.frozen
class FollowUpPolicy:
    """How many days after delivery the satisfaction check falls due, per channel."""

    default_days: int = attrs.field(
        default=14, validator=lambda _, __, v: require_quantity("default_days", v, minimum=0)
    )
    per_channel: Mapping[str, int] = attrs.field(factory=dict, converter=_channels)

    def days_for(self, channel: str) -> int:
        """The delay for ``channel`` (its own, else the default)."""
        return self.per_channel.get(channel, self.default_days)

    def due_at(self, delivered_at: pendulum.DateTime, channel: str) -> pendulum.DateTime:
        """The instant a follow-up of an order delivered at ``delivered_at`` falls due (UTC)."""
        aware = delivered_at.__class__ is _DATETIME and delivered_at.tzinfo is not None
        start = delivered_at if aware else instant(delivered_at, "delivered_at")  # no call if aware
        if start.tzinfo is not pendulum.UTC:
            start = start.in_timezone("UTC")
        # a day in UTC is always 24 hours, so the stdlib's addition gives exactly what pendulum's
        # ``add(days=...)`` gives (a pendulum DateTime in UTC), for a twentieth of its cost
        days = self.per_channel.get(channel, self.default_days)  # days_for(), without the call
        span = _SPANS.get(days)
        if span is None:
            span = timedelta(days=days)
            if len(_SPANS) < _SPANS_KEPT:
                _SPANS[days] = span
        due: pendulum.DateTime = datetime.__add__(start, span)
        return due


@attrs.define
class FollowUp:
    """The satisfaction check of one delivered order (see the module doc)."""

    id: str
    order_id: str
    customer_id: str
    channel: str
    status: FollowUpStatus = FollowUpStatus.SCHEDULED
    version: int = 0
    delivered_at: pendulum.DateTime | None = None
    due_at: pendulum.DateTime | None = None
    asked_at: pendulum.DateTime | None = None
    review_requested: bool = False
    case_reason: str | None = None
    resolution: CaseResolution | None = None
    resolution_reference: str | None = None
    cancel_reason: str | None = None
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @classmethod
    def schedule(
        cls,
        followup_id: str,
        order_id: str,
        customer_id: str,
        channel: str,
        delivered_at: pendulum.DateTime,
        policy: FollowUpPolicy,
        now: pendulum.DateTime,
    ) -> FollowUp:
        """A new follow-up (version 1, ``FollowUpScheduled``), due per ``policy``."""
        # four well-formed ids tested inline (require_id is a call each, ~1,000 instructions);
        # anything else goes through require_id, in order, to be refused in its words
        if not (
            followup_id.__class__ is str
            and order_id.__class__ is str
            and customer_id.__class__ is str
            and channel.__class__ is str
            and followup_id != ""
            and order_id != ""
            and customer_id != ""
            and channel != ""
            and followup_id == followup_id.strip()
            and order_id == order_id.strip()
            and customer_id == customer_id.strip()
            and channel == channel.strip()
        ):
            require_id("followup_id", followup_id)
            require_id("order_id", order_id)
            require_id("customer_id", customer_id)
            require_id("channel", channel)
        if not isinstance(policy, FollowUpPolicy):
            raise WrongType("policy", policy, "a FollowUpPolicy value")
        # an aware pendulum DateTime is taken as it is, without the call to instant()
        aware = delivered_at.__class__ is _DATETIME and delivered_at.tzinfo is not None
        delivered = delivered_at if aware else instant(delivered_at, "delivered_at")
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        scheduled = follow_up_scheduled(  # every field checked above: written by slots
            entity_id=followup_id,
            version=1,
            occurred_at=at,
            order_id=order_id,
            customer_id=customer_id,
            channel=channel,
            delivered_at=delivered,
            due_at=policy.due_at(delivered, channel),
        )
        follow_up = cls._unscheduled(scheduled)
        _LOG.record(follow_up, scheduled)
        return follow_up

    @classmethod
    def _unscheduled(cls, event: FollowUpScheduled) -> FollowUp:
        return cls(event.entity_id, event.order_id, event.customer_id, event.channel)

    # -- queries --------------------------------------------------------------------------------

    def due(self, now: pendulum.DateTime) -> bool:
        """Whether the check falls due at ``now``: still scheduled, and ``now >= due_at``."""
        at = instant(now, "now")
        return self.status is _S.SCHEDULED and self.due_at is not None and at >= self.due_at

    # -- commands -------------------------------------------------------------------------------

    def _who(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "customer_id": self.customer_id}

    def ask(self, now: pendulum.DateTime) -> None:
        """Ask the customer whether they are satisfied; refused before the check falls due."""
        at = instant(now, "now")
        FOLLOW_UP_LIFECYCLE.next_state(self.status, "ask", self)
        if self.due_at is not None and at < self.due_at:
            rule = f"the follow-up falls due at {self.due_at.isoformat()}"
            raise ValidationError("now", at.isoformat(), rule)
        _LOG.record(self, FollowUpAsked(**_LOG.stamp(self, at), **self._who()))

    def record_satisfied(self, now: pendulum.DateTime, *, opted_out: bool) -> bool:
        """Record a satisfied customer; returns whether a review is requested (not if opted out)."""
        if not isinstance(opted_out, bool):
            raise WrongType("opted_out", opted_out, "opted_out is True or False")
        at = instant(now, "now")
        FOLLOW_UP_LIFECYCLE.next_state(self.status, "record_satisfied", self)
        review = not opted_out
        _LOG.record(
            self, FollowUpSatisfied(**_LOG.stamp(self, at), **self._who(), review_requested=review)
        )
        return review

    def record_unhappy(self, reason: str, now: pendulum.DateTime) -> None:
        """Record an unhappy customer: a case is opened, saying why."""
        require_text("reason", reason)
        at = instant(now, "now")
        FOLLOW_UP_LIFECYCLE.next_state(self.status, "record_unhappy", self)
        _LOG.record(self, FollowUpCaseOpened(**_LOG.stamp(self, at), **self._who(), reason=reason))

    def resolve_case(
        self,
        how: CaseResolution,
        now: pendulum.DateTime,
        *,
        reference: str | None = None,
        note: str = "",
    ) -> None:
        """Resolve the open case ``how``, linking what did it (``reference``: refund, RMA...)."""
        if not isinstance(how, CaseResolution):
            raise WrongType("how", how, "a CaseResolution member")
        if reference is not None:
            require_id("reference", reference)
        require_text("note", note, optional=True)
        at = instant(now, "now")
        FOLLOW_UP_LIFECYCLE.next_state(self.status, "resolve_case", self)
        _LOG.record(
            self,
            FollowUpCaseResolved(
                **_LOG.stamp(self, at), **self._who(), how=how.value, reference=reference, note=note
            ),
        )

    def cancel(self, reason: str, now: pendulum.DateTime) -> None:
        """Call the follow-up off before an outcome, saying why."""
        require_text("reason", reason)
        at = instant(now, "now")
        FOLLOW_UP_LIFECYCLE.next_state(self.status, "cancel", self)
        _LOG.record(self, FollowUpCancelled(**_LOG.stamp(self, at), reason=reason))

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- the mutators, one per event type, and replay --------------------------------------------

    def apply(self, event: FollowUpEvent) -> None:
        """Change the follow-up as ``event`` reports: the one place it changes (see the doc)."""
        _LOG.apply(self, event)

    def _scheduled(self, event: FollowUpScheduled) -> None:
        self.status = _S.SCHEDULED
        self.delivered_at, self.due_at = event.delivered_at, event.due_at

    def _asked(self, event: FollowUpAsked) -> None:
        self.status = FOLLOW_UP_LIFECYCLE.next_state(self.status, "ask", self)
        self.asked_at = event.occurred_at

    def _satisfied(self, event: FollowUpSatisfied) -> None:
        self.status = FOLLOW_UP_LIFECYCLE.next_state(self.status, "record_satisfied", self)
        self.review_requested = event.review_requested

    def _case_opened(self, event: FollowUpCaseOpened) -> None:
        self.status = FOLLOW_UP_LIFECYCLE.next_state(self.status, "record_unhappy", self)
        self.case_reason = event.reason

    def _case_resolved(self, event: FollowUpCaseResolved) -> None:
        self.status = FOLLOW_UP_LIFECYCLE.next_state(self.status, "resolve_case", self)
        self.resolution = CaseResolution(event.how)
        self.resolution_reference = event.reference

    def _cancelled(self, event: FollowUpCancelled) -> None:
        self.status = FOLLOW_UP_LIFECYCLE.next_state(self.status, "cancel", self)
        self.cancel_reason = event.reason

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> FollowUp:
        """The follow-up that emitted ``events`` (in order), rebuilt from them alone."""
        return _LOG.replay(events, cls._unscheduled)


_LOG: EventLog[FollowUp] = EventLog(
    "follow-up",
    FollowUpScheduled,
    FollowUpEvent,
    {
        FollowUpScheduled: FollowUp._scheduled,
        FollowUpAsked: FollowUp._asked,
        FollowUpSatisfied: FollowUp._satisfied,
        FollowUpCaseOpened: FollowUp._case_opened,
        FollowUpCaseResolved: FollowUp._case_resolved,
        FollowUpCancelled: FollowUp._cancelled,
    },
)
"""A follow-up's log: it opens with FollowUpScheduled, and the one mutator of each event type."""

replay_follow_up = FollowUp.replay
"""The follow-up that emitted ``events`` (in order): :meth:`FollowUp.replay`."""
