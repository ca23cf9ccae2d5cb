"""The satisfaction follow-up lifecycle, :data:`FOLLOW_UP_LIFECYCLE` ("follow_up").

::

    scheduled --ask--> asked
    scheduled, asked --record_satisfied--> satisfied
    scheduled, asked --record_unhappy--> case_open --resolve_case--> case_resolved
    scheduled, asked --cancel--> cancelled

A follow-up is scheduled when an order is delivered and falls due N days later; the service's
``tick(now)`` asks the customer (``ask``). The customer may answer before being asked (an
e-mail, a call), so the outcomes apply to ``scheduled`` too.
"""

from __future__ import annotations

import enum

from ordercore.kernel.fsm import Lifecycle, Transition

__all__ = ["FOLLOW_UP_LIFECYCLE", "FollowUpStatus"]


class FollowUpStatus(enum.StrEnum):
    """Where a satisfaction follow-up is."""

    SCHEDULED = "scheduled"
    ASKED = "asked"
    SATISFIED = "satisfied"
    CASE_OPEN = "case_open"
    CASE_RESOLVED = "case_resolved"
    CANCELLED = "cancelled"


_S = FollowUpStatus

FOLLOW_UP_LIFECYCLE: Lifecycle[FollowUpStatus, object] = Lifecycle(
    "follow_up",
    FollowUpStatus,
    _S.SCHEDULED,
    [
        Transition(_S.SCHEDULED, "ask", _S.ASKED),
        Transition([_S.SCHEDULED, _S.ASKED], "record_satisfied", _S.SATISFIED),
        Transition([_S.SCHEDULED, _S.ASKED], "record_unhappy", _S.CASE_OPEN),
        Transition(_S.CASE_OPEN, "resolve_case", _S.CASE_RESOLVED),
        Transition([_S.SCHEDULED, _S.ASKED], "cancel", _S.CANCELLED),
    ],
    terminal=[_S.SATISFIED, _S.CASE_RESOLVED, _S.CANCELLED],
)
"""The follow-up transition table (see the module docstring)."""
