"""Turning a plan into reservations: one hard (or soft) hold per served line, per SKU in a batch.

:func:`allocate` decides; :func:`reserve_plan` makes the decision binding on the stock items the
snapshot was taken from. Each SKU's holds are placed with one ``StockItem.reserve_many`` batch,
which checks them on their **totals** per place and places all of them or none. Across SKUs the
stock items are separate consistency boundaries: run it inside a unit of work (as the ``Engine``
does) so that a refusal on one SKU discards the holds already placed on the others.

>>> import pendulum
>>> from ordercore.domain.allocation import OrderDemand, DemandLine, StockSnapshot, Supply
>>> from ordercore.domain.allocation import Policy, allocate
>>> from ordercore.domain.inventory import StockItem
>>> now = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> vases = StockItem("BLUE-VASE")
>>> _ = vases.receive("WH-EAST", 5, now)
>>> order = OrderDemand("O-1", now, [DemandLine("O-1", "1", "BLUE-VASE", 2)])
>>> snapshot = StockSnapshot.of([Supply("BLUE-VASE", "WH-EAST", 5)])
>>> plan = allocate(order, snapshot, Policy.default(), now)
>>> placed = reserve_plan(plan, [order], {"BLUE-VASE": vases}, now)
>>> [(r.id, r.quantity, r.state.value) for r in placed["BLUE-VASE"]]
[('O-1/1', 2, 'allocated')]
>>> vases.available()
3
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

import pendulum

from ordercore.domain.allocation.inputs import OrderDemand
from ordercore.domain.allocation.plan import LineAllocation, Plan
from ordercore.domain.inventory import Allocation, Reservation, ReservationRequest, StockItem
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["default_reservation_id", "reserve_plan"]


def default_reservation_id(line: LineAllocation) -> str:
    """``"<order id>/<line id>"``: unique while each line is reserved by one plan only."""
    return f"{line.line.order_id}/{line.line.line_id}"


def reserve_plan(
    plan: Plan,
    demand: Iterable[OrderDemand],
    items: Mapping[str, StockItem],
    now: pendulum.DateTime,
    *,
    reservation_id: Callable[[LineAllocation], str] = default_reservation_id,
    ttl: timedelta | None = None,
    expires_at: pendulum.DateTime | None = None,
) -> dict[str, list[Reservation]]:
    """Reserve what ``plan`` allocated on ``items`` (stock by SKU); the holds, by SKU.

    Every line with picks becomes one reservation with one allocation per pick, in the plan's
    preference order, carrying its order's ``priority`` and ``placed_at`` from ``demand`` (the
    orders the plan was made for). Holds are hard (allocations) unless ``ttl`` or
    ``expires_at`` makes them soft. A line whose order is not in ``demand``, or whose SKU is not
    in ``items``, is refused before any stock item is touched; a stock item whose stock moved
    since the snapshot refuses its batch with ``InsufficientStock`` (see the module's note on
    units of work). Lines with ids already reserved are refused (``DuplicateReservation``):
    pass ``reservation_id`` when a line may be reserved by more than one plan.
    """
    if not isinstance(plan, Plan):
        raise WrongType("plan", plan, "reserve_plan reserves a Plan made by allocate()")
    orders: dict[str, OrderDemand] = {order.order_id: order for order in demand}
    per_sku: dict[str, list[LineAllocation]] = {}
    for line in plan.lines:  # every check first: no stock item is touched before all pass
        if not line.picks:
            continue
        wanted = line.line
        if wanted.order_id not in orders:
            raise ValidationError(
                "demand", wanted.order_id, "every order the plan serves is in the demand given"
            )
        sku: str = wanted.sku
        if sku not in items:
            raise ValidationError("items", sku, "every SKU the plan takes from is loaded")
        lines = per_sku.get(sku)
        if lines is None:
            per_sku[sku] = [line]
        else:
            lines.append(line)
    hard = ttl is None and expires_at is None
    naming = None if reservation_id is default_reservation_id else reservation_id
    placed: dict[str, list[Reservation]] = {}
    for each, lines in per_sku.items():  # one SKU's requests at a time: they are short-lived
        batch = [_request(line, orders, naming, ttl, expires_at, hard) for line in lines]
        placed[each] = items[each].reserve_many(batch, now)
    return placed


def _request(
    line: LineAllocation,
    orders: Mapping[str, OrderDemand],
    naming: Callable[[LineAllocation], str] | None,
    ttl: timedelta | None,
    expires_at: pendulum.DateTime | None,
    hard: bool,
) -> ReservationRequest:
    """The request that reserves ``line``'s picks, in their preference order."""
    wanted = line.line
    picks = line.picks
    if len(picks) == 1:  # the common case, without the comprehension's frame
        pick = picks[0]
        row = pick.source
        places: tuple[Allocation, ...] = (
            Allocation(row.location, pick.quantity, row.lot, row.supply_id),
        )
    else:
        places = tuple(
            [
                Allocation(p.source.location, p.quantity, p.source.lot, p.source.supply_id)
                for p in picks
            ]
        )
    order = orders[wanted.order_id]
    return ReservationRequest(
        f"{wanted.order_id}/{wanted.line_id}" if naming is None else naming(line),
        wanted.order_id,
        wanted.line_id,
        places,
        order.priority,
        order.placed_at,
        ttl,
        expires_at,
        hard,
    )
