"""Backorders: what waits for stock, and filling it fairly when stock arrives.

:func:`backorders_of` turns the backordered quantities of a plan into :class:`Backorder` values;
:func:`fill_backorders` serves them from arriving stock by priority (1 first), then placing time,
then order id, and returns a plan that says who got what.

**All or nothing.** The orders named in ``whole`` (placed under the all-or-nothing request
policy) are filled whole or not at all: such an order gets every backordered unit it waits
for, or nothing, never a part that would leave it half allocated. Fairness stays the
backorder rule's: orders are served in line (priority, placing time, order id), each from what
the ones before it left. *Next in line* is the first order, in that line, that the stock left
can serve: an all-or-nothing order that cannot be filled whole takes nothing, keeps its place
for the next arrival, and the stock goes on to the orders behind it (a later, smaller order
that fits is filled). Solidus fills a stock location's backorders unit by unit in the order
they were made, and Shopify's "skip to the next order that can be fulfilled" is the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from ordercore.domain.allocation.engine import orders_in_serving_order, plan_orders
from ordercore.domain.allocation.inputs import Backorder, DemandLine, OrderDemand, StockSnapshot
from ordercore.domain.allocation.plan import Consumption, LineAllocation, Plan
from ordercore.domain.allocation.policy import Policy
from ordercore.domain.allocation.requests import shortages, whole_policy
from ordercore.kernel.clock import instant
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
    *,
    whole: Iterable[str] = (),
) -> Plan:
    """Serve waiting ``backorders`` from ``arrivals``, fairly: by priority, then placing time.

    The plan says who got what; a backorder that still cannot be served stays backordered (or
    unfilled, under a partial policy) with its reason. The orders whose ids are in ``whole``
    are all or nothing: each is filled in full or not at all, and one that cannot be filled
    whole lets the stock go on to the orders behind it (see the module docstring).
    """
    if isinstance(whole, str):
        raise WrongType("whole", whole, "an iterable of order ids (not one str)")
    all_or_nothing = frozenset(whole)
    orders = orders_in_serving_order(_group_backorders(backorders))
    name = f"{policy.name} (backorder fill)"
    if not any(order.order_id in all_or_nothing for order in orders):
        return plan_orders(orders, arrivals, policy, now, name)
    return _fill_one_by_one(orders, arrivals, policy, instant(now, "now"), name, all_or_nothing)


def _fill_one_by_one(
    orders: list[OrderDemand],
    arrivals: StockSnapshot,
    policy: Policy,
    now: pendulum.DateTime,
    name: str,
    whole: frozenset[str],
) -> Plan:
    """Serve ``orders`` in line, each from what the ones before it left; ``whole`` ones whole.

    Serving the orders one by one against ``snapshot.after(previous plan)`` gives the plan of
    serving them as a batch (the allocation engine's own rule), so the orders that are not all
    or nothing get exactly what a batch fill gives them in the same line.
    """
    original = {row.key: row for rows in arrivals.rows.values() for row in rows}
    left = arrivals
    lines: list[LineAllocation] = []
    taken: dict[tuple[str, str, str | None, str | None], int] = {}
    for order in orders:
        is_whole = order.order_id in whole
        plan = plan_orders([order], left, whole_policy(policy) if is_whole else policy, now, name)
        short = shortages(plan) if is_whole else ()
        if short:
            why = "; ".join(f"{s.sku} short: waits for {s.asked}, {s.free} free" for s in short)
            lines.extend(
                LineAllocation(
                    line.line,
                    (),
                    line.quantity,
                    0,
                    f"all or nothing: not filled ({why}); it keeps its place in line",
                    line.notes,
                )
                for line in plan.lines
            )
            continue
        lines.extend(plan.lines)
        for used in plan.consumed:
            taken[used.key] = taken.get(used.key, 0) + used.quantity
        left = left.after(plan)
    consumed = tuple(Consumption(original[key], units) for key, units in taken.items())
    return Plan(name, now, tuple(lines), consumed)


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
