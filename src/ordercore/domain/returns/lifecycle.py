"""The return (RMA) lifecycle as a kernel transition table, :data:`RMA_LIFECYCLE` ("return").

::

    requested --authorize--> authorized --ship_back--> in_transit
    requested --reject--> rejected
    authorized, in_transit, received --receive--> received
    received --inspect--> received --finish_inspection [every_received_unit_inspected]--> inspected
    inspected --resolve--> resolved --close--> closed
    requested, authorized, in_transit --cancel--> cancelled

``receive`` records units of a line arriving (with lot and condition); ``inspect`` grades
received units and decides each one's disposition. The inspection of the last authorized unit
finishes the inspection in the same command (trigger ``finish_inspection``); when some units
never arrive, the ``finish_inspection`` command ends it with what did. ``resolve`` records how
the customer is made whole (refund, credit, a mix, an exchange); ``close`` ends the file.
"""

from __future__ import annotations

import enum
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = [
    "EVERY_RECEIVED_UNIT_INSPECTED",
    "RMA_LIFECYCLE",
    "RmaFacts",
    "RmaStatus",
]


class RmaStatus(enum.StrEnum):
    """Where a return is, from requested to closed (or rejected, or cancelled)."""

    REQUESTED = "requested"
    AUTHORIZED = "authorized"
    REJECTED = "rejected"
    IN_TRANSIT = "in_transit"
    RECEIVED = "received"
    INSPECTED = "inspected"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class RmaFacts(Protocol):
    """What the lifecycle's guards ask of a return."""

    def every_received_unit_inspected(self) -> bool:
        """Whether at least one unit arrived and every unit that arrived was inspected."""
        ...


EVERY_RECEIVED_UNIT_INSPECTED = Guard[RmaFacts](
    "every_received_unit_inspected",
    lambda r: r.every_received_unit_inspected(),
    "something arrived and every unit that arrived was graded and disposed of",
)
"""Inspection ends only when nothing that arrived is left ungraded."""

_S = RmaStatus

RMA_LIFECYCLE: Lifecycle[RmaStatus, RmaFacts] = Lifecycle(
    "return",
    RmaStatus,
    _S.REQUESTED,
    [
        Transition(_S.REQUESTED, "authorize", _S.AUTHORIZED),
        Transition(_S.REQUESTED, "reject", _S.REJECTED),
        Transition(_S.AUTHORIZED, "ship_back", _S.IN_TRANSIT),
        Transition([_S.AUTHORIZED, _S.IN_TRANSIT, _S.RECEIVED], "receive", _S.RECEIVED),
        Transition(_S.RECEIVED, "inspect", _S.RECEIVED),
        Transition(_S.RECEIVED, "finish_inspection", _S.INSPECTED, EVERY_RECEIVED_UNIT_INSPECTED),
        Transition(_S.INSPECTED, "resolve", _S.RESOLVED),
        Transition(_S.RESOLVED, "close", _S.CLOSED),
        Transition([_S.REQUESTED, _S.AUTHORIZED, _S.IN_TRANSIT], "cancel", _S.CANCELLED),
    ],
    terminal=[_S.REJECTED, _S.CLOSED, _S.CANCELLED],
)
"""The return transition table (see the module docstring)."""
