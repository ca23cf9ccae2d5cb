"""The allocation engine: ``allocate(demand, snapshot, policy, now) -> Plan``, a pure function.

Orders are served one after another by ``(priority, placed_at, order_id)``; each takes from what
the orders before it left, so allocating a batch gives exactly the plan of allocating the orders
one by one in that order (each against ``snapshot.after(previous plan)``), only faster: each
SKU's supply is filtered, ranked and described once per run, not once per line.

Lines of one order (and of a batch) draw from one running balance per supply row, so two lines of
the same SKU can never both take the last unit; an order's demand is summed per SKU before the
ship-complete and one-location checks. ``fill_backorders`` (in ``backorders``) serves waiting
backorders from arriving stock with the same fairness rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from operator import attrgetter

import pendulum

from ordercore.domain.allocation.errors import DuplicateDemand
from ordercore.domain.allocation.fast_path import serve_general, serve_greedy
from ordercore.domain.allocation.inputs import (
    OrderDemand,
    StockSnapshot,
)
from ordercore.domain.allocation.plan import (
    Consumption,
    LineAllocation,
    Pick,
    Plan,
    new_record,
    planned,
)
from ordercore.domain.allocation.policy import Policy, Shortfall
from ordercore.domain.allocation.reasons import line_reason
from ordercore.domain.allocation.supply_run import Sources, SupplyRun, undo
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import WrongType

__all__ = ["allocate", "orders_in_serving_order", "plan_orders"]

_UTC = (pendulum.UTC, datetime.UTC)
"""Zones whose wall time is UTC: instants in them compare exactly, with no offset to apply."""
_ORDER_ID, _PLACED_AT, _PRIORITY = (
    attrgetter("order_id"),
    attrgetter("placed_at"),
    attrgetter("priority"),
)
"""The fields of ``serving_key``'s order for instants in UTC, sorted on one at a time."""
_SERVING_KEY = attrgetter("serving_key")


def _serve_order(run: SupplyRun, order: OrderDemand, out: list[LineAllocation]) -> None:
    policy = run.policy
    held = policy.buffers.held_back(order.channel) if policy.buffers.units else 0
    journal: list[tuple[Sources, int, int]] = []
    lines = order.lines
    served: list[list[Pick]] | None = None
    single = False
    if policy.fewest_shipments and len(lines) > 1:
        for loc in run.location_candidates(order, held):
            attempt = [
                run.serve(run.of(ln.sku), ln.quantity, order, held, journal, loc) for ln in lines
            ]
            if all(
                sum(p.quantity for p in ps) == ln.quantity
                for ps, ln in zip(attempt, lines, strict=True)
            ):
                served, single = attempt, True
                break
            undo(journal)
    if served is None:
        served = [run.serve(run.of(ln.sku), ln.quantity, order, held, journal) for ln in lines]
    if policy.shortfall is Shortfall.SHIP_COMPLETE:
        for ln, picks in zip(lines, served, strict=True):
            short = ln.quantity - sum(p.quantity for p in picks)
            if short:
                undo(journal)
                why = (
                    f"ship complete: nothing allocated, all {{q}} backordered, because line "
                    f"{ln.line_id} ({ln.sku}) is short by {short}"
                )
                out.extend(
                    LineAllocation(
                        each,
                        (),
                        each.quantity,
                        0,
                        why.format(q=each.quantity),
                        run.of(each.sku).notes,
                    )
                    for each in lines
                )
                return
    for ln, picks in zip(lines, served, strict=True):
        src = run.of(ln.sku)
        backordered, unfilled, reason = line_reason(
            ln, picks, policy, held=held, single=single, known=bool(src.rows or src.notes)
        )
        out.append(
            LineAllocation(
                ln,
                tuple(picks),
                backordered,
                unfilled,
                reason,
                src.notes,
            )
        )


def orders_in_serving_order(demand: OrderDemand | Iterable[OrderDemand]) -> list[OrderDemand]:
    """``demand`` as a list sorted by ``(priority, placed_at, order_id)``; duplicates refused."""
    if isinstance(demand, OrderDemand):
        return [demand]  # one order: nothing to check against, nothing to sort
    orders = list(demand)
    seen: set[str] = set()
    in_utc = True
    for order in orders:
        if not isinstance(order, OrderDemand):
            raise WrongType("demand", order, "demand is an OrderDemand or an iterable of them")
        if order.order_id in seen:
            raise DuplicateDemand("order_id", order.order_id, "the batch")
        seen.add(order.order_id)
        if in_utc and order.placed_at.tzinfo not in _UTC:
            in_utc = False
    if not in_utc:
        orders.sort(key=_SERVING_KEY)
        return orders
    # Every placed_at in UTC: the instants compare as they are, so no serving_key is worked
    # out (about 5 k instructions an order). Stable sorts on one field each, the least
    # significant first, give the order of one sort on (priority, placed_at, order_id) and
    # compare one type each, in C, instead of tuples (about 2 k instructions an order less).
    orders.sort(key=_ORDER_ID)
    orders.sort(key=_PLACED_AT)
    orders.sort(key=_PRIORITY)
    return orders


def plan_orders(
    orders: list[OrderDemand],
    snapshot: object,
    policy: object,
    now: object,
    name: str,
    *,
    reference: bool = False,
) -> Plan:
    """The plan of serving ``orders`` in the order given; ``name`` overrides the policy's.

    Every policy takes a fast path (``fast_path``); ``reference=True`` serves every order on
    the per-order reference path instead, which gives the same plan (the differential tests
    compare the two).
    """
    if not isinstance(snapshot, StockSnapshot):
        raise WrongType("snapshot", snapshot, "the stock is given as a StockSnapshot")
    if not isinstance(policy, Policy):
        raise WrongType("policy", policy, "the policy is a Policy value (Policy.default())")
    moment = instant(now, "now")
    # "today" (about 6 k instructions) is worked out only if a filter reads a row (SupplyRun.of)
    run = SupplyRun(snapshot, policy, None, moment=moment)
    lines: list[LineAllocation] = []
    if reference:
        for order in orders:
            _serve_order(run, order, lines)
    elif run.fast and not policy.buffers.units:
        serve_greedy(run, orders, lines)
    else:
        serve_general(run, orders, lines)
    consumed: list[Consumption] = []
    for src in run.sources.values():  # an index loop: zip(..., strict=True) costs more
        rows = src.rows
        for i, left in enumerate(src.remaining):
            row = rows[i]
            if left != row.available:
                took = new_record(Consumption)  # Consumption(row, units), its slots written
                took.source = row
                took.quantity = row.available - left
                consumed.append(took)
    return planned(name or policy.name, moment, tuple(lines), tuple(consumed))


def allocate(
    demand: OrderDemand | Iterable[OrderDemand],
    snapshot: StockSnapshot,
    policy: Policy,
    now: pendulum.DateTime,
) -> Plan:
    """Plan which location and lot serve each line of ``demand`` from ``snapshot`` under ``policy``.

    ``demand`` is one order or many; many are served by ``(priority, placed_at, order_id)``.
    ``now`` (an aware instant) decides "today" for shelf-life and ETA rules, in the policy's
    timezone. Nothing is changed: the snapshot that remains is ``snapshot.after(plan)``.
    """
    return plan_orders(orders_in_serving_order(demand), snapshot, policy, now, "")
