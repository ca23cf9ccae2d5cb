"""Rebuilding an order from its events: every order event carries enough to replay its change.

A new order is a draft at version 0 with no event (like every new aggregate), so replay starts
at :class:`~.events.OrderPlaced`, the first event every stored order has: it carries the whole
draft as it was placed (lines, addresses, discounts, shipping, channel, priority, holds...).
Events recorded while the order was a draft (``OrderLineAdded`` on a draft, holds placed on a
draft...) come before it in the log; their effect is already in ``OrderPlaced``, so replay skips
them. After the placement, each event must follow the one before it: its version is one more,
except the ``OrderQuantityMoved`` of the first pick, which shares its version with the
``OrderFulfilmentStarted`` just before it. Replay applies recorded facts and re-runs no rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import CustomerId, OrderId

from . import events as ev
from .lifecycle import OrderStatus
from .lines import OrderLine
from .state import OrderState
from .values import LineId

__all__ = ["apply_event", "placed_order", "replay_events"]

OrderT = TypeVar("OrderT", bound=OrderState)

_STATUS_AFTER: Mapping[type[ev.OrderEvent], OrderStatus] = {
    ev.OrderConfirmed: OrderStatus.CONFIRMED,
    ev.OrderFulfilmentStarted: OrderStatus.IN_FULFILMENT,
    ev.OrderCompleted: OrderStatus.COMPLETED,
    ev.OrderArchived: OrderStatus.ARCHIVED,
}


def placed_order(cls: type[OrderT], placed: ev.OrderPlaced) -> OrderT:
    """The order exactly as ``placed`` left it (status placed, the event's version)."""
    return cls(
        id=OrderId(placed.entity_id),
        number=placed.number,
        customer_id=CustomerId(placed.customer_id),
        currency=placed.currency,
        ship_to=placed.ship_to,
        bill_to=placed.bill_to,
        lines={line.id: line for line in placed.order_lines},
        discounts=placed.discounts,
        shipping=placed.shipping,
        priority=placed.priority,
        promised_ship_by=placed.promised_ship_by,
        channel=placed.channel,
        invoicing_policy=placed.invoicing_policy,
        status=OrderStatus.PLACED,
        holds=placed.holds,
        created_at=placed.created_at,
        placed_at=placed.occurred_at,
        line_counter=placed.line_counter,
        version=placed.version,
    )


def replay_events(cls: type[OrderT], events: Iterable[ev.OrderEvent]) -> OrderT:
    """The order that ``events`` (its whole log, oldest first) describe; see the module doc.

    Raises :class:`WrongType` for a value that is not an order event, and
    :class:`ValidationError` (field ``events``) when there is no ``OrderPlaced``, an event
    belongs to another order, names a line the order lacks, would make a count negative, or
    the versions after the placement do not follow on.
    """
    placed: ev.OrderPlaced | None = None
    later: list[ev.OrderEvent] = []
    for index, event in enumerate(events):
        if not isinstance(event, ev.OrderEvent):
            raise WrongType(f"events[{index}]", event, "an order replays OrderEvent values only")
        if placed is not None:
            later.append(event)
        elif isinstance(event, ev.OrderPlaced):
            placed = event
    if placed is None:
        raise ValidationError("events", "no OrderPlaced", "a replay starts at an OrderPlaced event")
    order = placed_order(cls, placed)
    last: ev.OrderEvent = placed
    for event in later:
        apply_event(order, event, after=last)
        last = event
    return order


def apply_event(
    order: OrderState, event: ev.OrderEvent, *, after: ev.OrderEvent | None = None
) -> None:
    """Apply one recorded ``event`` to ``order`` (a placed order), checking id and version.

    ``after`` is the event applied just before, if known: an ``OrderQuantityMoved`` may share
    its version with the ``OrderFulfilmentStarted`` before it. A refused event changes nothing.
    """
    if event.entity_id != order.id:
        raise ValidationError(
            "events", event.entity_id, f"every event replayed belongs to order {order.id!r}"
        )
    shares = isinstance(after, ev.OrderFulfilmentStarted) and isinstance(
        event, ev.OrderQuantityMoved
    )
    expected = order.version if shares else order.version + 1
    if event.version != expected:
        raise ValidationError(
            "events",
            f"{event.name} v{event.version}",
            f"versions follow on from the placement: expected version {expected}",
        )
    status = _STATUS_AFTER.get(type(event))
    handler = _HANDLERS.get(type(event))
    if status is None and handler is None:
        raise ValidationError("events", event.name, "an event replay can apply to a placed order")
    trial = attrs.evolve(order)
    if handler is not None:
        handler(trial, event)
    if status is not None:
        trial.status = status
    trial.version = event.version
    for field in attrs.fields(type(order)):
        setattr(order, field.name, getattr(trial, field.name))


# -- one handler per event that changes more than the status --------------------------------------


def _line(order: OrderState, line_id: str) -> OrderLine:
    line = order.lines.get(LineId(line_id))
    if line is None:
        raise ValidationError("events", line_id, "an event replayed names a line the order has")
    return line


def _put(order: OrderState, line: OrderLine) -> None:
    order.lines = {**order.lines, line.id: line}


def _line_added(order: OrderState, event: ev.OrderLineAdded) -> None:
    _put(order, event.line)
    order.line_counter += 1


def _quantity_changed(order: OrderState, event: ev.OrderLineQuantityChanged) -> None:
    _put(order, event.line)


def _line_removed(order: OrderState, event: ev.OrderLineRemoved) -> None:
    order.lines = {key: line for key, line in order.lines.items() if key != event.line_id}


def _ship_to_changed(order: OrderState, event: ev.ShipToChanged) -> None:
    order.ship_to = event.address


def _bill_to_changed(order: OrderState, event: ev.BillToChanged) -> None:
    order.bill_to = event.address


def _moved(order: OrderState, event: ev.OrderQuantityMoved) -> None:
    line = _line(order, event.line_id)
    ledger = line.ledger.moved(event.source, event.target, event.quantity)
    _put(order, attrs.evolve(line, ledger=ledger))


def _cancel(order: OrderState, cancellation: ev.LineCancellation) -> None:
    line = _line(order, cancellation.line_id)
    changes = {bucket.value: line.ledger[bucket] - n for bucket, n in cancellation.from_buckets}
    ledger = attrs.evolve(line.ledger, **changes)
    ledger = attrs.evolve(
        ledger,
        cancelled=ledger.cancelled + cancellation.quantity,
        credited=ledger.credited + cancellation.credited,
    )
    _put(order, attrs.evolve(line, ledger=ledger))


def _line_cancelled(order: OrderState, event: ev.OrderLineCancelled) -> None:
    _cancel(order, event.cancellation)


def _order_cancelled(order: OrderState, event: ev.OrderCancelled) -> None:
    for cancellation in event.lines:
        _cancel(order, cancellation)
    order.status = OrderStatus.CANCELLED


def _invoiced(order: OrderState, event: ev.OrderLineInvoiced) -> None:
    line = _line(order, event.line_id)
    ledger = attrs.evolve(line.ledger, invoiced=line.ledger.invoiced + event.quantity)
    _put(order, attrs.evolve(line, ledger=ledger))


def _credited(order: OrderState, event: ev.OrderLineCredited) -> None:
    line = _line(order, event.line_id)
    ledger = attrs.evolve(line.ledger, credited=line.ledger.credited + event.quantity)
    _put(order, attrs.evolve(line, ledger=ledger))


def _hold_placed(order: OrderState, event: ev.OrderHoldPlaced) -> None:
    order.holds = (*order.holds, event.hold)


def _hold_released(order: OrderState, event: ev.OrderHoldReleased) -> None:
    order.holds = tuple(
        attrs.evolve(h, released_by=event.by, released_at=event.occurred_at)
        if h.id == event.hold_id
        else h
        for h in order.holds
    )


_HANDLERS: Mapping[type[ev.OrderEvent], Callable[[OrderState, Any], None]] = {
    ev.OrderLineAdded: _line_added,
    ev.OrderLineQuantityChanged: _quantity_changed,
    ev.OrderLineRemoved: _line_removed,
    ev.ShipToChanged: _ship_to_changed,
    ev.BillToChanged: _bill_to_changed,
    ev.OrderQuantityMoved: _moved,
    ev.OrderLineCancelled: _line_cancelled,
    ev.OrderCancelled: _order_cancelled,
    ev.OrderLineInvoiced: _invoiced,
    ev.OrderLineCredited: _credited,
    ev.OrderHoldPlaced: _hold_placed,
    ev.OrderHoldReleased: _hold_released,
}
