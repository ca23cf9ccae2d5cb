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
from ordercore.domain.inventory.values import new_row
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["default_reservation_id", "reserve_for", "reserve_plan"]


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
    orders: dict[str, tuple[int, pendulum.DateTime]] = {
        order.order_id: (order.priority, order.placed_at) for order in demand
    }
    return reserve_for(
        plan, orders, items, now, reservation_id=reservation_id, ttl=ttl, expires_at=expires_at
    )


def reserve_for(
    plan: Plan,
    orders: Mapping[str, tuple[int, pendulum.DateTime]],
    items: Mapping[str, StockItem],
    now: pendulum.DateTime,
    *,
    reservation_id: Callable[[LineAllocation], str] = default_reservation_id,
    ttl: timedelta | None = None,
    expires_at: pendulum.DateTime | None = None,
) -> dict[str, list[Reservation]]:
    """:func:`reserve_plan` given each order's ``(priority, placed_at)`` by order id.

    The one path from a plan to stock: :func:`reserve_plan` reads these from its demand; the
    service's ``apply_plan`` passes its order's two values (no ``OrderDemand`` built for it).
    """
    per_sku: dict[str, list[ReservationRequest]] = {}
    hard = ttl is None and expires_at is None
    naming = None if reservation_id is default_reservation_id else reservation_id
    # Lines served whole from one place share their (immutable) allocations: one tuple per
    # place and quantity per plan, not one per line.
    one_place: dict[tuple[str, int, str | None, str | None], tuple[Allocation, ...]] = {}
    # One pass: every check first (no stock item is touched before all pass); building a
    # request changes nothing, so each line's request is made as the line is checked.
    # A plan lists an order's lines together: its order is looked up once, not once a line.
    current: str | None = None
    priority, placed_at = 0, now
    for line in plan.lines:
        picks = line.picks
        if not picks:
            continue
        wanted = line.line
        order_id = wanted.order_id
        if order_id is not current:  # identity: an equal id in another string looks up again
            current = order_id
            holder = orders.get(order_id)
            if holder is None:
                raise ValidationError(
                    "demand", order_id, "every order the plan serves is in the demand given"
                )
            priority, placed_at = holder
        sku: str = wanted.sku
        requests = per_sku.get(sku)
        if requests is None:
            if sku not in items:
                raise ValidationError("items", sku, "every SKU the plan takes from is loaded")
            requests = per_sku[sku] = []
        if len(picks) == 1:  # the common case: one place, no comprehension
            pick = picks[0]
            row, units = pick.source, pick.quantity
            place = (row.location, units, row.lot, row.supply_id)
            found = one_place.get(place)
            if found is None:  # Allocation(...), every field given: no __new__ frame
                found = one_place[place] = (
                    new_row(Allocation, (row.location, units, row.lot, row.supply_id, 0)),
                )
            places: tuple[Allocation, ...] = found
        else:
            several: list[Allocation] = []
            for pick in picks:  # Allocation(...) per pick, every field given, as above
                row = pick.source
                several.append(
                    new_row(Allocation, (row.location, pick.quantity, row.lot, row.supply_id, 0))
                )
            places = tuple(several)
        line_id = wanted.line_id
        requests.append(
            new_row(  # ReservationRequest(...), every field given: no __new__ frame
                ReservationRequest,
                (
                    f"{order_id}/{line_id}" if naming is None else naming(line),
                    order_id,
                    line_id,
                    places,
                    priority,
                    placed_at,
                    ttl,
                    expires_at,
                    hard,
                ),
            )
        )
    placed: dict[str, list[Reservation]] = {}
    for each, batch in per_sku.items():  # one SKU's requests at a time: they are short-lived
        placed[each] = items[each].reserve_many(batch, now)
    return placed
