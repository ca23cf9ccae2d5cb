"""The errors an order raises when it refuses a command; each names field, value and rule.

All derive from :class:`~ordercore.kernel.errors.OrdercoreError` and a matching builtin. A refused
command leaves the order exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from ordercore.kernel.errors import GuardRejected, OrdercoreError

__all__ = [
    "BillingQuantityExceeded",
    "InsufficientQuantity",
    "LineNotEditable",
    "NotAllowedInStatus",
    "OrderOnHold",
]


class InsufficientQuantity(OrdercoreError, ValueError):
    """A move or cancellation asked for more units than the source bucket(s) of a line hold."""

    def __init__(
        self, line_id: str, action: str, source: str, requested: int, available: int
    ) -> None:
        super().__init__(
            f"quantity={requested} was refused for {action!r} on line {line_id!r}: "
            f"only {available} unit(s) are in {source!r}",
            line_id=line_id,
            action=action,
            source=source,
            requested=requested,
            available=available,
        )
        self.line_id = line_id
        self.action = action
        self.source = source
        self.requested = requested
        self.available = available


class NotAllowedInStatus(OrdercoreError, ValueError):
    """A command (an edit, a quantity move, a hold) that the order's status does not allow."""

    def __init__(self, order_id: str, command: str, status: str, allowed: Sequence[str]) -> None:
        super().__init__(
            f"order {order_id!r} cannot {command!r} while status={status!r}: "
            f"it is allowed only while {', '.join(allowed) or 'never'}",
            order_id=order_id,
            command=command,
            status=status,
            allowed=tuple(allowed),
        )
        self.order_id = order_id
        self.command = command
        self.status = status
        self.allowed = tuple(allowed)


class OrderOnHold(GuardRejected):
    """A transition or move that one or more active holds block; names every blocking hold."""

    def __init__(
        self,
        order_id: str,
        status: str,
        action: str,
        hold_ids: Sequence[str],
        hold_types: Sequence[str],
    ) -> None:
        super().__init__("order", order_id, status, action, "no_blocking_hold")
        message = (
            f"order {order_id!r} cannot {action!r}: blocked by hold(s) "
            + ", ".join(f"{h} ({t})" for h, t in zip(hold_ids, hold_types, strict=True))
            + "; release them first"
        )
        self.message = message
        self.args = (message,)
        self.fields = {
            **self.fields,
            "action": action,
            "hold_ids": tuple(hold_ids),
            "hold_types": tuple(hold_types),
        }
        self.action = action
        self.hold_ids = tuple(hold_ids)
        self.hold_types = tuple(hold_types)


class LineNotEditable(OrdercoreError, ValueError):
    """An edit that touches units already picked (or beyond), or already invoiced."""

    def __init__(self, line_id: str, edit: str, value: object, rule: str) -> None:
        super().__init__(
            f"{edit} of line {line_id!r} to {value!r} was refused: {rule}",
            line_id=line_id,
            edit=edit,
            value=value,
            rule=rule,
        )
        self.line_id = line_id
        self.edit = edit
        self.value = value
        self.rule = rule


class BillingQuantityExceeded(OrdercoreError, ValueError):
    """Recording invoiced or credited units beyond what the line allows."""

    def __init__(self, line_id: str, counter: str, requested: int, limit: int, rule: str) -> None:
        super().__init__(
            f"{counter}+{requested} on line {line_id!r} was refused: {rule} (at most {limit} more)",
            line_id=line_id,
            counter=counter,
            requested=requested,
            limit=limit,
            rule=rule,
        )
        self.line_id = line_id
        self.counter = counter
        self.requested = requested
        self.limit = limit
        self.rule = rule
