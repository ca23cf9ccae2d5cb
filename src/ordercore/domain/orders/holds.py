"""Holds: typed, stackable stops on an order, each blocking a declared set of actions.

A hold is placed with a reason by someone at a time, and released individually (by someone, at
a time). Two holds of one type may be active at once (two payment checks); an action is blocked
while any active hold's type lists it in :data:`HOLD_BLOCKS`. Cancelling is never blocked. An
order keeps its active holds only: a released hold leaves it, and who released it and when is
in its ``OrderHoldReleased`` event, so an order does not grow with every hold it ever had.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs
import pendulum

from ordercore.kernel.clock import instant

from .values import HoldId

__all__ = ["HOLD_BLOCKS", "Hold", "HoldType"]


class HoldType(enum.StrEnum):
    """Why an order is held."""

    PAYMENT = "payment"
    FRAUD_REVIEW = "fraud_review"
    CREDIT_LIMIT = "credit_limit"
    ADDRESS = "address"
    MANUAL = "manual"


_WAREHOUSE = frozenset({"pick", "pack", "ship"})

HOLD_BLOCKS: Mapping[HoldType, frozenset[str]] = {
    HoldType.PAYMENT: frozenset({"confirm"}) | _WAREHOUSE,
    HoldType.FRAUD_REVIEW: frozenset({"confirm", "allocate", "fill_backorder"}) | _WAREHOUSE,
    HoldType.CREDIT_LIMIT: frozenset({"confirm"}) | _WAREHOUSE,
    HoldType.ADDRESS: frozenset({"pack", "ship"}),
    HoldType.MANUAL: frozenset({"confirm", "allocate", "fill_backorder", "complete"}) | _WAREHOUSE,
}
"""Which lifecycle triggers and bucket moves each hold type blocks (see docs/orders.md)."""


@attrs.frozen(kw_only=True)
class Hold:
    """One hold on an order; active until ``released_at`` is set.

    The order itself keeps only active holds (``released_by`` and ``released_at`` are ``None``
    there); a caller may still build a released ``Hold`` from the two events to show its story.
    """

    id: HoldId
    type: HoldType
    reason: str
    placed_by: str
    placed_at: pendulum.DateTime = attrs.field(converter=instant)
    released_by: str | None = None
    released_at: pendulum.DateTime | None = None

    @property
    def active(self) -> bool:
        """Whether the hold still blocks (it has not been released)."""
        return self.released_at is None

    def blocks(self, action: str) -> bool:
        """Whether this hold, while active, blocks ``action`` (a trigger or a move name)."""
        return self.active and action in HOLD_BLOCKS[self.type]
