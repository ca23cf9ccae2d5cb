"""The domain events an order emits, one per change, past tense, ``entity_kind = "order"``.

Each carries the order id (``entity_id``), the version the change produced and ``occurred_at``.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money

from .holds import HoldType
from .ledger import Bucket
from .results import LineQuantity
from .values import Address, HoldId, LineId

__all__ = [
    "BillToChanged",
    "OrderArchived",
    "OrderCancelled",
    "OrderCompleted",
    "OrderConfirmed",
    "OrderEvent",
    "OrderFulfilmentStarted",
    "OrderHoldPlaced",
    "OrderHoldReleased",
    "OrderLineAdded",
    "OrderLineCancelled",
    "OrderLineCredited",
    "OrderLineInvoiced",
    "OrderLineQuantityChanged",
    "OrderLineRemoved",
    "OrderPlaced",
    "OrderQuantityMoved",
    "ShipToChanged",
]


@attrs.frozen(kw_only=True)
class OrderEvent(DomainEvent):
    """Base of every order event."""

    entity_kind: ClassVar[str] = "order"


@attrs.frozen(kw_only=True)
class OrderPlaced(OrderEvent):
    """The customer placed the order: its lines are now demand to allocate."""

    number: str
    customer_id: str
    total: Money
    lines: tuple[LineQuantity, ...]
    priority: int


@attrs.frozen(kw_only=True)
class OrderConfirmed(OrderEvent):
    """The order was confirmed: ready to fulfil."""


@attrs.frozen(kw_only=True)
class OrderFulfilmentStarted(OrderEvent):
    """The first unit was picked; the order is in fulfilment."""


@attrs.frozen(kw_only=True)
class OrderCompleted(OrderEvent):
    """Every unit not cancelled has shipped; the order is complete."""


@attrs.frozen(kw_only=True)
class OrderArchived(OrderEvent):
    """A completed order was closed for good."""


@attrs.frozen(kw_only=True)
class OrderCancelled(OrderEvent):
    """The whole order was cancelled; ``release`` lists reservations to free."""

    reason: str
    cancelled: tuple[LineQuantity, ...]
    release: tuple[LineQuantity, ...]
    value: Money


@attrs.frozen(kw_only=True)
class OrderLineAdded(OrderEvent):
    """A line was added."""

    line_id: LineId
    sku: str
    quantity: int
    unit_price: Money


@attrs.frozen(kw_only=True)
class OrderLineQuantityChanged(OrderEvent):
    """A line's ordered quantity was changed by an edit."""

    line_id: LineId
    old_quantity: int
    new_quantity: int
    released: int


@attrs.frozen(kw_only=True)
class OrderLineRemoved(OrderEvent):
    """A line was removed by an edit."""

    line_id: LineId
    sku: str
    quantity: int
    released: int


@attrs.frozen(kw_only=True)
class ShipToChanged(OrderEvent):
    """The shipping address was changed."""

    address: Address


@attrs.frozen(kw_only=True)
class BillToChanged(OrderEvent):
    """The billing address was changed."""

    address: Address


@attrs.frozen(kw_only=True)
class OrderQuantityMoved(OrderEvent):
    """Units of a line moved between buckets by a named move."""

    line_id: LineId
    move: str
    source: Bucket
    target: Bucket
    quantity: int


@attrs.frozen(kw_only=True)
class OrderLineCancelled(OrderEvent):
    """Some units of a line were cancelled."""

    line_id: LineId
    quantity: int
    reason: str
    released: int
    value: Money


@attrs.frozen(kw_only=True)
class OrderLineInvoiced(OrderEvent):
    """Units of a line were recorded as invoiced."""

    line_id: LineId
    quantity: int


@attrs.frozen(kw_only=True)
class OrderLineCredited(OrderEvent):
    """Units of a line were recorded as credited (a credit note)."""

    line_id: LineId
    quantity: int


@attrs.frozen(kw_only=True)
class OrderHoldPlaced(OrderEvent):
    """A hold was placed on the order."""

    hold_id: HoldId
    hold_type: HoldType
    reason: str
    by: str


@attrs.frozen(kw_only=True)
class OrderHoldReleased(OrderEvent):
    """A hold was released."""

    hold_id: HoldId
    hold_type: HoldType
    by: str
