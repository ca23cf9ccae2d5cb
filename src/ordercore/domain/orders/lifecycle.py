"""The order lifecycle as a kernel transition table, :data:`ORDER_LIFECYCLE` (name ``"order"``).

The status says where the order is in the business process; how far its units have travelled
is the separate, derived fulfilment status (see :mod:`.status`).
"""

from __future__ import annotations

import enum
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = ["ORDER_LIFECYCLE", "OrderFacts", "OrderStatus"]


class OrderStatus(enum.StrEnum):
    """Where an order is in its lifecycle."""

    DRAFT = "draft"
    PLACED = "placed"
    CONFIRMED = "confirmed"
    IN_FULFILMENT = "in_fulfilment"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ARCHIVED = "archived"


class OrderFacts(Protocol):
    """What the lifecycle's guards ask of an order."""

    def has_lines(self) -> bool:
        """Whether the order has at least one line."""
        ...

    def blocked(self, action: str) -> bool:
        """Whether an active hold blocks ``action``."""
        ...

    def nothing_shipped(self) -> bool:
        """Whether no unit of any line has left the warehouse."""
        ...

    def all_shipped(self) -> bool:
        """Whether every unit not cancelled has left the warehouse, and at least one has."""
        ...

    def no_open_returns(self) -> bool:
        """Whether no unit is waiting in ``return_requested``."""
        ...


HAS_LINES = Guard[OrderFacts]("has_lines", lambda o: o.has_lines(), "at least one line")
NO_BLOCKING_HOLD = Guard[OrderFacts](
    "no_blocking_hold", lambda o: not o.blocked("confirm"), "no active hold blocks confirm"
)
NOTHING_SHIPPED = Guard[OrderFacts](
    "nothing_shipped", lambda o: o.nothing_shipped(), "no unit has been shipped"
)
ALL_SHIPPED = Guard[OrderFacts](
    "all_shipped",
    lambda o: o.all_shipped() and not o.blocked("complete"),
    "every unit not cancelled has shipped, and no hold blocks complete",
)
NO_OPEN_RETURNS = Guard[OrderFacts](
    "no_open_returns", lambda o: o.no_open_returns(), "no return is waiting"
)

_S = OrderStatus
ORDER_LIFECYCLE: Lifecycle[OrderStatus, OrderFacts] = Lifecycle(
    "order",
    OrderStatus,
    OrderStatus.DRAFT,
    [
        Transition(_S.DRAFT, "place", _S.PLACED, HAS_LINES),
        Transition(_S.PLACED, "confirm", _S.CONFIRMED, NO_BLOCKING_HOLD),
        Transition(_S.CONFIRMED, "start_fulfilment", _S.IN_FULFILMENT),
        Transition(_S.IN_FULFILMENT, "complete", _S.COMPLETED, ALL_SHIPPED),
        Transition(_S.COMPLETED, "archive", _S.ARCHIVED, NO_OPEN_RETURNS),
        Transition([_S.DRAFT, _S.PLACED, _S.CONFIRMED], "cancel", _S.CANCELLED),
        Transition(_S.IN_FULFILMENT, "cancel", _S.CANCELLED, NOTHING_SHIPPED),
    ],
    terminal=[_S.CANCELLED, _S.ARCHIVED],
)
"""The order lifecycle: draft → placed → confirmed → in_fulfilment → completed → archived."""
