"""Backorders: what waits for stock, and filling it fairly when stock arrives.

:func:`backorders_of` turns the backordered quantities of a plan into :class:`Backorder` values;
:func:`fill_backorders` serves them from arriving stock by priority (1 first), then placing time,
then order id, and returns a plan that says who got what.
"""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from ordercore.domain.allocation.engine import orders_in_serving_order, plan_orders
from ordercore.domain.allocation.inputs import Backorder, DemandLine, OrderDemand, StockSnapshot
from ordercore.domain.allocation.plan import Plan
from ordercore.domain.allocation.policy import Policy
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["backorders_of", "fill_backorders"]


def _group_backorders(backorders: Iterable[Backorder]) -> list[OrderDemand]:
    grouped: dict[str, list[Backorder]] = {}
    for waiting in backorders:
        if not isinstance(waiting, Backorder):
            raise WrongType("backorders", waiting, "backorders are Backorder values")
        grouped.setdefault(waiting.order_id, []).append(waiting)
    orders: list[OrderDemand] = []
    for order_id, items in grouped.items():
        first = items[0]
        for item in items[1:]:
            ours = (item.placed_at, item.priority, item.channel)
            if ours != (first.placed_at, first.priority, first.channel):
                raise ValidationError(
                    "backorders",
                    item,
                    f"every backorder of order {order_id!r} has the same "
                    "placed_at, priority and channel",
                )
        lines = [DemandLine(b.order_id, b.line_id, b.sku, b.quantity) for b in items]
        orders.append(
            OrderDemand(
                order_id, first.placed_at, lines, first.priority, first.channel, first.ship_to
            )
        )
    return orders


def fill_backorders(
    backorders: Iterable[Backorder],
    arrivals: StockSnapshot,
    policy: Policy,
    now: pendulum.DateTime,
) -> Plan:
    """Serve waiting ``backorders`` from ``arrivals``, fairly: by priority, then placing time.

    The plan says who got what; a backorder that still cannot be served stays backordered (or
    unfilled, under a partial policy) with its reason.
    """
    orders = _group_backorders(backorders)
    return plan_orders(
        orders_in_serving_order(orders), arrivals, policy, now, f"{policy.name} (backorder fill)"
    )


def backorders_of(plan: Plan, demand: OrderDemand | Iterable[OrderDemand]) -> tuple[Backorder, ...]:
    """The backordered quantities of ``plan``, as :class:`Backorder` values to fill later."""
    orders = {o.order_id: o for o in orders_in_serving_order(demand)}
    waiting: list[Backorder] = []
    for line in plan.lines:
        order = orders.get(line.order_id)
        if order is None or not line.backordered:
            continue
        waiting.append(
            Backorder(
                line.order_id,
                line.line_id,
                line.sku,
                line.backordered,
                order.placed_at,
                order.priority,
                order.channel,
                order.ship_to,
            )
        )
    return tuple(waiting)
