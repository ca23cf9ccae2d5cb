"""The full-path rows of the allocation benchmark: plan, reservations, ledger entries, events.

The full path plans with :func:`allocate`, then :func:`reserve_plan` places one hard reservation
per served line, as one ``reserve_many`` batch per SKU on its inventory ``StockItem`` (checked on
the batch's totals; it writes the ledger movements), and drains the events. The
reserve/release row runs mixed reserve/release commands on ``StockItem`` against a dict counter.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from allocation_baselines import floor_anchors
from allocation_data import NOW, Order, Row, to_demand, to_snapshot
from ordercore.domain.allocation import Policy, allocate, reserve_plan
from ordercore.domain.inventory import Movement, MovementKind, StockItem
from ordercore.domain.inventory.events import StockReleased, StockReserved
from ordercore.domain.inventory.reservations import (
    ReleaseResult,
    Reservation,
    ReservationKind,
    ReservationState,
)
from ordercore.domain.inventory.values import Allocation

FULL_PATH_READY = True


def _items(rows: list[Row]) -> dict[str, StockItem]:
    items: dict[str, StockItem] = {}
    today = NOW.date()
    for r in rows:
        item = items.get(r.sku)
        if item is None:
            item = items[r.sku] = StockItem(r.sku)
        if r.eta_days is None:
            if r.available:
                item.receive(r.location, r.available, NOW)
        elif r.available:
            item.add_incoming(
                f"PO-{r.sku}-{r.location}", r.location, r.available, today.add(days=r.eta_days), NOW
            )
    for item in items.values():
        item.pull_events()
    return items


def full_path(
    rows: list[Row], orders: list[Order]
) -> tuple[Callable[[], Any], Callable[[Any], object]]:
    """Setup (stock items, untimed) and run (plan + reservations + ledger + events).

    ``run`` returns the number of events drained (one per reservation placed).
    """
    snapshot, demand, policy = to_snapshot(rows), to_demand(orders), Policy.default()

    def run(items: dict[str, StockItem]) -> int:
        plan = allocate(demand, snapshot, policy, NOW)
        reserve_plan(plan, demand, items, NOW)
        return sum(len(item.pull_events()) for item in items.values())

    return (lambda: _items(rows)), run


def reserve_release_ops(ops: int) -> dict[str, int]:
    """``ops`` mixed reserve/release commands on StockItem (events and movements drained).

    Returns the units left free per SKU, to compare with the floors.
    """
    rng = random.Random(7)
    items = {f"SKU-{n}": StockItem(f"SKU-{n}") for n in range(100)}
    for item in items.values():
        item.receive("WH-EAST", 10 * ops, NOW)
        item.pull_events()
    open_holds: list[tuple[StockItem, str]] = []
    ledger: list[Movement] = []  # the ledger stream a unit of work appends the movements to
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            item, rid = open_holds.pop()
            item.release_all(rid, NOW)
        else:
            item = items[f"SKU-{rng.randrange(100)}"]
            rid = f"R-{n}"
            item.reserve(
                rid,
                order_ref=rid,
                line_ref="1",
                allocations=(Allocation("WH-EAST", rng.randint(1, 5)),),
                now=NOW,
                hard=True,
            )
            open_holds.append((item, rid))
        item.pull_events()
        ledger += item.pull_movements()
    return {sku: item.available() for sku, item in items.items()}


def reserve_release_floor(ops: int) -> dict[str, int]:
    """The same operations on a plain dict counter: free units per SKU, holds by id."""
    rng = random.Random(7)
    free = {f"SKU-{n}": 10 * ops for n in range(100)}
    holds: dict[str, tuple[str, int]] = {}
    open_holds: list[str] = []
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            sku, units = holds.pop(open_holds.pop())
            free[sku] += units
        else:
            sku = f"SKU-{rng.randrange(100)}"
            units = rng.randint(1, 5)
            if free[sku] < units:
                raise ValueError(sku)
            free[sku] -= units
            rid = f"R-{n}"
            holds[rid] = (sku, units)
            open_holds.append(rid)
    return free


class _Event:
    """The least an event can be: a slotted object with the fields a reservation event needs."""

    __slots__ = ("entity_id", "quantity", "reservation_id", "version")

    def __init__(self, entity_id: str, version: int, reservation_id: str, quantity: int) -> None:
        self.entity_id = entity_id
        self.version = version
        self.reservation_id = reservation_id
        self.quantity = quantity


def reserve_release_bookkeeping(ops: int) -> dict[str, int]:
    """The dict counter plus the bookkeeping any event-sourced aggregate must do per operation.

    Per operation: a version bump, a ledger row (a tuple) and an event (a slotted object), no
    validation beyond "enough free units". It is not a target, it shows where the floor for
    *recorded* operations lies: nothing that writes a ledger row and an event per operation
    can run below it.
    """
    rng = random.Random(7)
    free = {f"SKU-{n}": 10 * ops for n in range(100)}
    version = dict.fromkeys(free, 0)
    holds: dict[str, tuple[str, int]] = {}
    ledger: list[tuple[int, str, str, int, str]] = []
    events: list[_Event] = []
    open_holds: list[str] = []
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            rid = open_holds.pop()
            sku, units = holds.pop(rid)
            free[sku] += units
            units = -units
        else:
            sku = f"SKU-{rng.randrange(100)}"
            units = rng.randint(1, 5)
            if free[sku] < units:
                raise ValueError(sku)
            free[sku] -= units
            rid = f"R-{n}"
            holds[rid] = (sku, units)
            open_holds.append(rid)
        version[sku] += 1
        ledger.append((len(ledger) + 1, "reserve" if units > 0 else "release", sku, units, rid))
        events.append(_Event(sku, version[sku], rid, units))
        events.clear()  # drained, as the StockItem row drains its events
    return free


def reserve_release_records(ops: int) -> dict[str, int]:
    """The bookkeeping floor built from ordercore's own record types, with no rules at all.

    Per operation, as :func:`reserve_release_bookkeeping`, but the event is ordercore's
    ``StockReserved`` / ``StockReleased``, the ledger row a ``Movement``, and a reserve also
    makes its ``Reservation`` and a release its ``ReleaseResult``: the part of the StockItem
    row that is the cost of the records themselves (frozen attrs events, the ``occurred_at``
    converter), not of the rules. Not a target: it shows what a 3x bound leaves for the rules.
    """
    rng = random.Random(7)
    free = {f"SKU-{n}": 10 * ops for n in range(100)}
    version = dict.fromkeys(free, 0)
    holds: dict[str, tuple[str, int]] = {}
    ledger: list[Movement] = []
    events: list[object] = []
    open_holds: list[str] = []
    for n in range(ops):
        if open_holds and rng.random() < 0.5:
            rid = open_holds.pop()
            sku, units = holds.pop(rid)
            free[sku] += units
            version[sku] += 1
            events.append(
                StockReleased(
                    entity_id=sku,
                    version=version[sku],
                    occurred_at=NOW,
                    reservation_id=rid,
                    quantity=units,
                    all_units=True,
                )
            )
            ledger.append(
                Movement(len(ledger) + 1, MovementKind.RELEASE, "WH-EAST", None, 0, -units, 0, NOW)
            )
            ReleaseResult(rid, units, ReservationState.RELEASED)
        else:
            sku = f"SKU-{rng.randrange(100)}"
            places = (Allocation("WH-EAST", rng.randint(1, 5)),)
            units = places[0].quantity
            if free[sku] < units:
                raise ValueError(sku)
            free[sku] -= units
            rid = f"R-{n}"
            holds[rid] = (sku, units)
            open_holds.append(rid)
            version[sku] += 1
            events.append(
                StockReserved(
                    entity_id=sku,
                    version=version[sku],
                    occurred_at=NOW,
                    reservation_id=rid,
                    order_ref=rid,
                    line_ref="1",
                    quantity=units,
                    hard=True,
                    allocations=places,
                    placed_at=NOW,
                )
            )
            ledger.append(
                Movement(len(ledger) + 1, MovementKind.RESERVE, "WH-EAST", None, 0, units, 0, NOW)
            )
            Reservation(
                rid,
                sku,
                rid,
                "1",
                5,
                NOW,
                ReservationKind.HARD,
                ReservationState.ALLOCATED,
                places,
            )
        events.clear()  # drained, as the StockItem row drains its events
    return free


def anchors_bookkeeping_floor(rows: list[Row], orders: list[Order]) -> int:
    """The anchors' floor plan plus the bookkeeping of a recorded reservation per served line.

    :func:`allocation_baselines.floor_anchors`, then per served line what
    :func:`reserve_release_bookkeeping` does per reserve: a version bump, a ledger row (a tuple)
    and an event (a slotted object). The least plain Python can do for the full path's answer
    *with* a record per reservation; returns the number of events made.
    """
    version: dict[str, int] = {}
    ledger: list[tuple[int, str, str, int, str]] = []
    events: list[_Event] = []
    skus = {(order.order_id, line_id): sku for order in orders for line_id, sku, _ in order.lines}
    made = 0
    for order_id, line_id, location, units in floor_anchors(rows, orders):
        if location is None:
            continue
        sku = skus[(order_id, line_id)]
        rid = f"{order_id}/{line_id}"
        version[sku] = version.get(sku, 0) + 1
        ledger.append((len(ledger) + 1, "reserve", sku, units, rid))
        events.append(_Event(sku, version[sku], rid, units))
        made += 1
    return made
