"""The state of an order: its fields, the facts its guards ask, its money, and shared checks.

:class:`OrderState` holds no commands; :class:`~.editing.EditableOrder` adds edits and
cancellation, and :class:`~.order.Order` the lifecycle, holds, moves and billing counters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs
import pendulum

from ordercore.kernel.errors import CurrencyMismatch, NotFound, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import CustomerId, OrderId
from ordercore.kernel.money import Currency, Money, sum_money

from . import events as ev
from .errors import InsufficientQuantity, NotAllowedInStatus, OrderOnHold
from .holds import Hold
from .lifecycle import ORDER_LIFECYCLE, OrderStatus
from .lines import OrderLine
from .pricing import discount_shares
from .results import LineQuantity
from .status import FulfilmentStatus, fulfilment_status
from .values import (
    Address,
    ChannelRef,
    Discount,
    InvoicingPolicy,
    LineId,
    ShippingCharge,
)

__all__ = ["EDIT_STATUSES", "OrderState", "typed"]

T = TypeVar("T")

_S = OrderStatus
EDIT_STATUSES = frozenset({_S.DRAFT, _S.PLACED, _S.CONFIRMED, _S.IN_FULFILMENT})
"""Statuses in which lines and addresses may be edited and holds placed."""


def typed(field: str, value: object, kind: type[T], rule: str) -> T:
    """``value`` if it is a ``kind``, else :class:`WrongType` naming ``field`` and ``rule``."""
    if not isinstance(value, kind):
        raise WrongType(field, value, rule)
    return value


@attrs.define(kw_only=True)
class OrderState:
    """An order's state, facts and money; :class:`~.order.Order` adds the commands.

    Build orders with ``Order.draft(...)``; the plain constructor is for repositories that
    rebuild a stored order and performs no checks.
    """

    id: OrderId
    number: str
    customer_id: CustomerId
    currency: Currency
    ship_to: Address
    bill_to: Address
    lines: dict[LineId, OrderLine] = attrs.field(factory=dict)
    discounts: tuple[Discount, ...] = ()
    shipping: tuple[ShippingCharge, ...] = ()
    priority: int = 100
    promised_ship_by: pendulum.Date | None = None
    channel: ChannelRef | None = None
    invoicing_policy: InvoicingPolicy = InvoicingPolicy.ON_PLACEMENT
    status: OrderStatus = OrderStatus.DRAFT
    holds: tuple[Hold, ...] = ()
    created_at: pendulum.DateTime | None = None
    placed_at: pendulum.DateTime | None = None
    line_counter: int = 0
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)

    @staticmethod
    def _same_currency(currency: Currency, field: str, money: object) -> Money:
        amount = typed(field, money, Money, "amounts are ordercore Money")
        if amount.currency != currency:
            raise CurrencyMismatch(f"use {field} on an order in", str(amount), currency.code)
        return amount

    # -- events and checks -------------------------------------------------------------------

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then cleared."""
        pulled = list(self.events)
        self.events.clear()
        return pulled

    def _emit(
        self, event_type: type[ev.OrderEvent], at: pendulum.DateTime, **fields: object
    ) -> None:
        self.events.append(
            event_type(entity_id=self.id, version=self.version, occurred_at=at, **fields)
        )

    def _require_status(self, command: str, allowed: Iterable[OrderStatus]) -> None:
        allowed_set = frozenset(allowed)
        if self.status not in allowed_set:
            names = [s.value for s in OrderStatus if s in allowed_set]
            raise NotAllowedInStatus(self.id, command, self.status.value, names)

    def _check_holds(self, action: str) -> None:
        blocking = self.blocking_holds(action)
        if blocking:
            raise OrderOnHold(
                self.id,
                self.status.value,
                action,
                [h.id for h in blocking],
                [h.type.value for h in blocking],
            )

    def _line(self, line_id: object) -> OrderLine:
        line = self.lines.get(LineId(line_id)) if isinstance(line_id, str) else None
        if line is None:
            raise NotFound("order line", line_id)
        return line

    def _check_enough(self, line: OrderLine, action: str, source: str, qty: int, have: int) -> None:
        if qty > have:
            raise InsufficientQuantity(line.id, action, source, qty, have)

    def _check_discounts_fit(self, lines: Sequence[OrderLine]) -> None:
        net = sum_money((line.net for line in lines), self.currency)
        if self.order_discount_total > net:
            raise ValidationError(
                "discounts",
                str(self.order_discount_total),
                f"order discounts cannot exceed the lines' net amount {net}",
            )

    # -- facts (the lifecycle's guards ask these) --------------------------------------------

    def has_lines(self) -> bool:
        """Whether the order has at least one line."""
        return bool(self.lines)

    @property
    def active_holds(self) -> tuple[Hold, ...]:
        """Holds not yet released."""
        return tuple(h for h in self.holds if h.active)

    def blocking_holds(self, action: str) -> tuple[Hold, ...]:
        """The active holds that block ``action`` (a lifecycle trigger or a move name)."""
        return tuple(h for h in self.holds if h.blocks(action))

    def blocked(self, action: str) -> bool:
        """Whether any active hold blocks ``action``."""
        return bool(self.blocking_holds(action))

    def nothing_shipped(self) -> bool:
        """Whether no unit of any line has left the warehouse."""
        return all(line.ledger.out == 0 for line in self.lines.values())

    def all_shipped(self) -> bool:
        """Whether every unit not cancelled has left the warehouse, and at least one has."""
        ledgers = [line.ledger for line in self.lines.values()]
        return any(lg.out for lg in ledgers) and all(lg.out == lg.active for lg in ledgers)

    def no_open_returns(self) -> bool:
        """Whether no unit is waiting in ``return_requested``."""
        return all(line.ledger.return_requested == 0 for line in self.lines.values())

    @property
    def fulfilment_status(self) -> FulfilmentStatus:
        """How far the units have travelled, derived from the buckets (see docs/orders.md)."""
        return fulfilment_status(line.ledger for line in self.lines.values())

    def allowed_triggers(self) -> tuple[str, ...]:
        """Lifecycle triggers the current status has a row for (guards not evaluated)."""
        return ORDER_LIFECYCLE.allowed(self.status)

    def demand(self) -> tuple[LineQuantity, ...]:
        """Units still waiting for stock (unallocated), per line."""
        return tuple(
            LineQuantity(line_id=line.id, sku=line.sku, quantity=line.ledger.unallocated)
            for line in self.lines.values()
            if line.ledger.unallocated
        )

    # -- money ---------------------------------------------------------------------------------

    @property
    def subtotal(self) -> Money:
        """Sum of the lines' subtotals (unit price times quantity)."""
        return sum_money((line.subtotal for line in self.lines.values()), self.currency)

    @property
    def order_discount_total(self) -> Money:
        """Sum of the order-level discounts."""
        return sum_money((d.amount for d in self.discounts), self.currency)

    @property
    def discount_total(self) -> Money:
        """Line discounts plus order-level discounts."""
        lines = sum_money((line.discount_total for line in self.lines.values()), self.currency)
        return lines + self.order_discount_total

    @property
    def shipping_total(self) -> Money:
        """Shipping charges, before their tax."""
        return sum_money((s.amount for s in self.shipping), self.currency)

    @property
    def tax_total(self) -> Money:
        """Tax on the lines plus tax on shipping."""
        lines = sum_money((line.tax_total for line in self.lines.values()), self.currency)
        return lines + sum_money((s.tax for s in self.shipping if s.tax), self.currency)

    @property
    def total(self) -> Money:
        """Subtotal - discounts + shipping + tax: what the customer pays."""
        return self.subtotal - self.discount_total + self.shipping_total + self.tax_total

    def order_discount_shares(self) -> dict[LineId, Money]:
        """The order-level discounts split over the lines by net amount (largest remainder)."""
        return discount_shares(list(self.lines.values()), self.order_discount_total)

    # -- lifecycle -------------------------------------------------------------------------------

    def _next(self, trigger: str) -> OrderStatus:
        if ORDER_LIFECYCLE.can(self.status, trigger):
            self._check_holds(trigger)
        return ORDER_LIFECYCLE.next_state(self.status, trigger, self)
