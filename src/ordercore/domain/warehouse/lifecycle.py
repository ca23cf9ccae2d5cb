"""The pick list lifecycle as a kernel transition table, :data:`PICK_LIST_LIFECYCLE`.

::

    open --release--> released --confirm--> in_progress --confirm--> in_progress
    in_progress --finish [nothing_open]--> picked          (every unit found)
    in_progress --finish_short [nothing_open]--> short_picked   (some units not found)
    picked, short_picked --close--> closed
    open, released, in_progress --cancel--> cancelled

``finish`` and ``finish_short`` are fired by the confirmation of the last open unit.
"""

from __future__ import annotations

import enum
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = ["NOTHING_OPEN", "PICK_LIST_LIFECYCLE", "PickListFacts", "PickListStatus"]


class PickListStatus(enum.StrEnum):
    """Where a pick list is, from open to closed (or cancelled)."""

    OPEN = "open"
    RELEASED = "released"
    IN_PROGRESS = "in_progress"
    PICKED = "picked"
    SHORT_PICKED = "short_picked"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PickListFacts(Protocol):
    """What the lifecycle's guards ask of a pick list."""

    def has_open_units(self) -> bool:
        """Whether some unit is neither picked nor found short."""
        ...


NOTHING_OPEN = Guard[PickListFacts](
    "nothing_open", lambda p: not p.has_open_units(), "every unit is picked or found short"
)
"""A list finishes only when every line is confirmed."""

_S = PickListStatus

PICK_LIST_LIFECYCLE: Lifecycle[PickListStatus, PickListFacts] = Lifecycle(
    "pick_list",
    PickListStatus,
    _S.OPEN,
    [
        Transition(_S.OPEN, "release", _S.RELEASED),
        Transition([_S.RELEASED, _S.IN_PROGRESS], "confirm", _S.IN_PROGRESS),
        Transition(_S.IN_PROGRESS, "finish", _S.PICKED, NOTHING_OPEN),
        Transition(_S.IN_PROGRESS, "finish_short", _S.SHORT_PICKED, NOTHING_OPEN),
        Transition([_S.PICKED, _S.SHORT_PICKED], "close", _S.CLOSED),
        Transition([_S.OPEN, _S.RELEASED, _S.IN_PROGRESS], "cancel", _S.CANCELLED),
    ],
    terminal=[_S.CLOSED, _S.CANCELLED],
)
"""The pick list transition table (see the module docstring)."""
