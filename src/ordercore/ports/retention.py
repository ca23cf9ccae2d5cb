"""The retention port: what a store lets go of, so that nothing it keeps grows with history.

Two things a store writes only grow unless the host prunes them (a transactional outbox prunes
what it delivered; Stripe expires idempotency keys after 24 hours):

* delivered outbox messages: :meth:`Retention.prune_delivered` drops them (all, or those up to
  a sequence the host names). An undelivered message is never dropped, and the messages left
  keep their sequence numbers. A message id marked delivered after its message was pruned is
  unknown, so it is ignored, as ``mark_delivered`` always ignores unknown ids; nor is a pruned id
  checked for uniqueness any more (it cannot come back: an id names an entity's version, and
  only one commit can write a version).
* idempotency records: :meth:`Retention.expire_idempotency_keys` drops those recorded before an
  instant the host passes (time is injected: ordercore never reads a clock). A retry that comes
  with an expired key is a new request: the command runs again. So the host keeps keys longer
  than its clients retry (Stripe's 24 hours is a common choice) and expires, say, hourly.

Both are ordinary maintenance calls the host makes on its own schedule (a cron job, a relay
loop); both are safe to run while units of work commit.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Protocol

import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError

__all__ = ["Retention", "check_up_to", "epoch_microseconds", "recorded_instant"]

_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")


def check_up_to(up_to: object) -> int | None:
    """``up_to`` of :meth:`Retention.prune_delivered`, checked: a whole number >= 0, or None.

    >>> check_up_to(7), check_up_to(None)
    (7, None)
    """
    if up_to is None:
        return None
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 0:
        raise ValidationError(
            "up_to", up_to, "prune up to a sequence: a whole number of at least 0, or None"
        )
    return up_to


def epoch_microseconds(at: pendulum.DateTime) -> int:
    """``at`` as whole microseconds since the Unix epoch (how SQL adapters store an instant).

    >>> epoch_microseconds(pendulum.datetime(1970, 1, 1, 0, 0, 1, tz="UTC"))
    1000000
    """
    checked = instant(at, "before")
    return calendar.timegm(checked.utctimetuple()) * 1_000_000 + checked.microsecond


def recorded_instant(value: object) -> pendulum.DateTime | None:
    """The instant a SQL adapter stored as :func:`epoch_microseconds` (UTC), or ``None``.

    >>> recorded_instant(1_000_000).isoformat()
    '1970-01-01T00:00:01+00:00'
    """
    if value is None:
        return None
    return _EPOCH + datetime.timedelta(microseconds=int(str(value)))


class Retention(Protocol):
    """A store that can let go of delivered messages and expired idempotency keys."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        """Drop delivered outbox messages; return how many were dropped.

        With ``up_to``, only delivered messages whose ``sequence`` is at most ``up_to`` go. An
        undelivered message is never dropped, and what is left keeps its sequence numbers
        (``pending()`` is the same before and after). ``up_to`` is a whole number (at least 0)
        or ``None`` for every delivered message; anything else is a ``ValidationError``.
        """
        ...

    def expire_idempotency_keys(self, before: pendulum.DateTime) -> int:
        """Drop the idempotency records recorded before ``before``; return how many went.

        A record recorded at or after ``before`` stays (``recorded_at >= before``); one that
        carries no instant (put without one, or stored before records carried one) counts as
        older than any instant and goes. A retry that brings an expired key runs the command
        again, as a new request would: pass ``before = now - retention`` with a retention
        longer than your clients' retry window. ``before`` must be timezone-aware.
        """
        ...
