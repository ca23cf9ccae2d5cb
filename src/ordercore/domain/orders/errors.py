"""The errors an order raises when it refuses a command; each names field, value and rule.

All derive from :class:`~ordercore.kernel.errors.OrdercoreError` and a matching builtin. A refused
command leaves the order exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ordercore.kernel.errors import GuardRejected, OrdercoreError, fact

__all__ = [
    "BillingQuantityExceeded",
    "InsufficientQuantity",
    "LineNotEditable",
    "NotAllowedInStatus",
    "OrderOnHold",
]


class InsufficientQuantity(OrdercoreError, ValueError):
    """A move or cancellation asked for more units than the source bucket(s) of a line hold."""

    template = (
        "quantity={requested} was refused for {action!r} on line {line_id!r}: "
        "only {available} unit(s) are in {source!r}"
    )
    line_id: str
    action: str
    source: str
    requested: int
    available: int


class NotAllowedInStatus(OrdercoreError, ValueError):
    """A command (an edit, a quantity move, a hold) that the order's status does not allow."""

    template = (
        "order {order_id!r} cannot {command!r} while status={status!r}: "
        "it is allowed only while {_allowed}"
    )
    order_id: str
    command: str
    status: str
    allowed: Sequence[str] = fact(converter=tuple)

    @property
    def _allowed(self) -> str:
        return ", ".join(self.allowed) or "never"


class OrderOnHold(GuardRejected):
    """A transition or move that one or more active holds block; names every blocking hold."""

    template = (
        "order {entity_id!r} cannot {action!r}: blocked by hold(s) {_holds}; release them first"
    )

    def __init__(
        self,
        order_id: str,
        status: str,
        action: str,
        hold_ids: Sequence[str],
        hold_types: Sequence[str],
    ) -> None:
        self.action, self.hold_ids, self.hold_types = action, tuple(hold_ids), tuple(hold_types)
        super().__init__("order", order_id, status, action, "no_blocking_hold")

    @property
    def _holds(self) -> str:
        pairs = zip(self.hold_ids, self.hold_types, strict=True)
        return ", ".join(f"{h} ({t})" for h, t in pairs)

    def _more_fields(self) -> Mapping[str, Any]:
        return {"action": self.action, "hold_ids": self.hold_ids, "hold_types": self.hold_types}


class LineNotEditable(OrdercoreError, ValueError):
    """An edit that touches units already picked (or beyond), or already invoiced."""

    template = "{edit} of line {line_id!r} to {value!r} was refused: {rule}"
    line_id: str
    edit: str
    value: object
    rule: str


class BillingQuantityExceeded(OrdercoreError, ValueError):
    """Recording invoiced or credited units beyond what the line allows."""

    template = (
        "{counter}+{requested} on line {line_id!r} was refused: {rule} (at most {limit} more)"
    )
    line_id: str
    counter: str
    requested: int
    limit: int
    rule: str
