"""The domain events an order emits, one per change, past tense, ``entity_kind = "order"``.

Each carries the order id (``entity_id``), the version the change produced and ``occurred_at``,
and enough to apply the change: ``Order`` applies each event type in one place, for the live
command and for :meth:`Order.replay <.order.Order.replay>`, which starts at :class:`OrderPlaced`
(it carries the whole draft as it was placed).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Currency, Money
from ordercore.kernel.slots import draft_class

from .holds import Hold, HoldType
from .ledger import Bucket
from .lines import OrderLine
from .results import LineQuantity
from .values import (
    Address,
    ChannelRef,
    Discount,
    HoldId,
    InvoicingPolicy,
    LineId,
    ShippingCharge,
)

__all__ = [
    "BillToChanged",
    "LineCancellation",
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
    "quantity_moved",
    "recorded",
]


@attrs.frozen(kw_only=True)
class OrderEvent(DomainEvent):
    """Base of every order event."""

    entity_kind: ClassVar[str] = "order"


@attrs.frozen(kw_only=True)
class OrderPlaced(OrderEvent):
    """The customer placed the order: its lines are now demand to allocate.

    ``lines`` is the demand (units per line to allocate); the other fields are the whole draft
    as it was placed (``order_lines`` are the full lines), so that replay can start here.
    ``placed_at`` is ``occurred_at``; ``hold_counter`` counts the holds ever placed (the ids
    of released holds are never reused).
    """

    number: str
    customer_id: str
    total: Money
    lines: tuple[LineQuantity, ...]
    priority: int
    currency: Currency
    ship_to: Address
    bill_to: Address
    order_lines: tuple[OrderLine, ...]
    discounts: tuple[Discount, ...]
    shipping: tuple[ShippingCharge, ...]
    promised_ship_by: pendulum.Date | None
    channel: ChannelRef | None
    invoicing_policy: InvoicingPolicy
    holds: tuple[Hold, ...]
    created_at: pendulum.DateTime | None
    line_counter: int
    hold_counter: int = 0
    pickup_at: str | None = None
    """The store the order is collected at (``None``: shipped; old documents lack it)."""


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
class LineCancellation:
    """Cancelled units of one line: the buckets they came from and the units credited with them.

    ``credited`` counts invoiced units the cancellation credited (net invoiced never exceeds
    the units still ordered).
    """

    line_id: LineId
    quantity: int
    from_buckets: tuple[tuple[Bucket, int], ...]
    credited: int


@attrs.frozen(kw_only=True)
class OrderCancelled(OrderEvent):
    """The whole order was cancelled; ``release`` lists reservations to free.

    ``lines`` says, per line with units left to cancel, where they came from (for replay).
    """

    reason: str
    cancelled: tuple[LineQuantity, ...]
    release: tuple[LineQuantity, ...]
    value: Money
    lines: tuple[LineCancellation, ...]


@attrs.frozen(kw_only=True)
class OrderLineAdded(OrderEvent):
    """A line was added; ``line`` is the whole new line (discounts, taxes, ledger)."""

    line_id: LineId
    sku: str
    quantity: int
    unit_price: Money
    line: OrderLine


@attrs.frozen(kw_only=True)
class OrderLineQuantityChanged(OrderEvent):
    """A line's ordered quantity was changed by an edit; ``line`` is the line after it.

    ``line`` carries the new ledger and the rescaled discounts and taxes.
    """

    line_id: LineId
    old_quantity: int
    new_quantity: int
    released: int
    line: OrderLine


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
class PickupChosen(OrderEvent):
    """The order is to be collected at ``location`` (``None``: shipped, no pickup)."""

    location: str | None


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


_DRAFTS: dict[type[OrderEvent], tuple[type[Any], tuple[str, ...]] | None] = {}
"""Per order event class, its draft and its own fields' names (``None``: ``__init__`` builds it)."""


def _draft(kind: type[OrderEvent]) -> tuple[type[Any], tuple[str, ...]] | None:
    """The draft of ``kind`` and its own fields, or ``None`` when ``__init__`` must build it.

    ``__init__`` must when the class has a field beyond the base's three (``occurred_at``,
    converted) with a converter or a validator, or hooks that ``__init__`` runs.
    """
    fields = attrs.fields(kind)
    own = fields[3:]
    usable = (
        [field.name for field in fields[:3]] == ["entity_id", "version", "occurred_at"]
        and all(field.init and field.converter is None and field.validator is None for field in own)
        and not hasattr(kind, "__attrs_pre_init__")
        and not hasattr(kind, "__attrs_post_init__")
    )
    found = (draft_class(kind), tuple(field.name for field in own)) if usable else None
    _DRAFTS[kind] = found
    return found


def recorded(
    kind: type[OrderEvent],
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    fields: dict[str, Any],
) -> OrderEvent:
    """``kind(entity_id=..., version=..., occurred_at=..., **fields)``, an order's decided event.

    The same event; the slots of a draft are written (kernel.slots.draft_class) when
    ``fields`` names every own field of ``kind`` (no default to supply) and none has a
    converter or validator: a fraction of the instructions of the generated ``__init__`` (one
    ``object.__setattr__`` call per field). ``occurred_at`` is what ``instant()`` returned
    (the converter ``__init__`` runs gives it back unchanged). Anything else goes through
    ``__init__``, which builds or refuses it as it always has.
    """
    plan = _DRAFTS[kind] if kind in _DRAFTS else _draft(kind)
    if plan is None or len(plan[1]) != len(fields):
        return kind(entity_id=entity_id, version=version, occurred_at=occurred_at, **fields)
    draft_kind, names = plan
    draft: Any = draft_kind()
    try:
        for name in names:
            setattr(draft, name, fields[name])  # a slot of the draft, by name
    except KeyError:  # a field named wrongly: __init__ says which, as it always has
        return kind(entity_id=entity_id, version=version, occurred_at=occurred_at, **fields)
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.__class__ = kind  # built: frozen from here on
    event: OrderEvent = draft
    return event


_MovedDraft = draft_class(OrderQuantityMoved)
"""An ``OrderQuantityMoved`` being built: its slots written by plain assignment."""


def quantity_moved(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    line_id: LineId,
    move: str,
    source: Bucket,
    target: Bucket,
    quantity: int,
) -> OrderQuantityMoved:
    """``OrderQuantityMoved(...)`` for a move the order decided, ``occurred_at`` an instant.

    The same event, the slots of a draft written (kernel.slots.draft_class): a fraction of the
    instructions of the generated ``__init__`` (one ``object.__setattr__`` call per field),
    and an order makes about ten (it passes the fields by position: matching eight keywords
    costs half a call). ``occurred_at`` is what ``instant()`` returned (the converter
    ``__init__`` would run gives it back unchanged).
    """
    draft: Any = _MovedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.line_id = line_id
    draft.move = move
    draft.source = source
    draft.target = target
    draft.quantity = quantity
    draft.__class__ = OrderQuantityMoved  # built: frozen from here on
    event: OrderQuantityMoved = draft
    return event


@attrs.frozen(kw_only=True)
class OrderLineCancelled(OrderEvent):
    """Some units of a line were cancelled; ``cancellation`` says from where (for replay)."""

    line_id: LineId
    quantity: int
    reason: str
    released: int
    value: Money
    cancellation: LineCancellation


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
    """A hold was placed on the order (at ``occurred_at``); ``hold`` rebuilds it."""

    hold_id: HoldId
    hold_type: HoldType
    reason: str
    by: str

    @property
    def hold(self) -> Hold:
        """The hold as the order keeps it."""
        return Hold(
            id=self.hold_id,
            type=self.hold_type,
            reason=self.reason,
            placed_by=self.by,
            placed_at=self.occurred_at,
        )


@attrs.frozen(kw_only=True)
class OrderHoldReleased(OrderEvent):
    """A hold was released."""

    hold_id: HoldId
    hold_type: HoldType
    by: str
