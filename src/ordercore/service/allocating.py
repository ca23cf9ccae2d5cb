"""The glue between orders, stock and the allocator: pure functions, no ports.

* :func:`snapshot_of` turns the ``StockItem``s of some SKUs (and the host's ``Location``s, for
  priority and place) into the allocator's ``StockSnapshot``;
* :func:`demand_of` turns what an order still has to allocate into an ``OrderDemand``;
* :func:`apply_plan` carries a plan out: the plan's reservations are placed by the one path
  from a plan to stock, ``ordercore.domain.allocation.reserve_for`` (the core of
  ``reserve_plan``, given the order's priority and placing time; one hard reservation per
  served line in the line's ``StockItem``, id :func:`next_reservation_id`, each SKU's holds in
  one batch checked on their totals), and the order's buckets move from unallocated to
  allocated and backordered. It validates everything first, so a refusal changes nothing.
  With ``filling=True`` it serves backordered units instead (``fill_backorder``), and the units
  the plan could not serve simply stay backordered. Given the host's ``locations``, a plan that
  backorders units of an order that may not wait (:func:`may_backorder`) is refused whole
  with ``ShortRequest`` before anything changes.
* :func:`may_backorder`: the per-location switch (``Location.backorders``). An order may wait
  for stock only when at least one of the places it may take stock from allows backorders:
  its store for a pickup order, else every location of the host.
* A line may hold several reservations: the first is ``"<order>/<line>"``, a later one (stock
  that arrived for a backorder) ``"<order>/<line>/2"``, ``/3``... :func:`line_reservations`
  lists the active ones, oldest first, and :func:`next_reservation_id` names the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any

import attrs
import pendulum

from ordercore.domain.allocation import (
    DemandLine,
    DuplicateDemand,
    LineAllocation,
    OrderDemand,
    Plan,
    ShortRequest,
    StockSnapshot,
    Supply,
    default_reservation_id,
    pickup_only,
    reserve_for,
    shortages,
)
from ordercore.domain.inventory import Location, Reservation, StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.slots import draft_class

__all__ = [
    "AppliedPlan",
    "LineRelease",
    "apply_plan",
    "demand_of",
    "line_reservations",
    "may_backorder",
    "next_reservation_id",
    "order_snapshot",
    "reservation_id",
    "snapshot_of",
]


def reservation_id(order_id: str, line_id: str) -> str:
    """The id of the reservation that holds stock for one order line: ``"<order>/<line>"``."""
    return f"{order_id}/{line_id}"


def next_reservation_id(item: StockItem, order_id: str, line_id: str) -> str:
    """The first unused reservation id of the line in ``item``: ``<order>/<line>``, then ``/2``.

    The stock item answers it (``StockItem.next_reservation_id``).
    """
    return item.next_reservation_id(order_id, line_id)


def line_reservations(item: StockItem, order_id: str, line_id: str) -> list[Reservation]:
    """The active reservations of one order line in ``item``, oldest (first reserved) first.

    The stock item answers it (``StockItem.line_reservations``).
    """
    return item.line_reservations(order_id, line_id)


def may_backorder(locations: Mapping[str, Location], pickup_at: str | None = None) -> bool:
    """Whether an order may wait for stock, by the per-location switch ``Location.backorders``.

    The places an order may take stock from are its store (``pickup_at``) for a pickup order,
    else every location in ``locations``; it may backorder when at least one of them allows
    backorders (as Solidus asks whether any stock location of a variant is backorderable). A
    host without locations, and a store it does not list, keep the default: backorders allowed.

    >>> from ordercore.domain.inventory import Location
    >>> places = {"WH-EAST": Location("WH-EAST"), "STORE": Location("STORE", backorders=False)}
    >>> may_backorder(places), may_backorder(places, "STORE")
    (True, False)
    """
    if pickup_at is not None:
        store = locations.get(pickup_at)
        return store is None or store.backorders
    return not locations or any(place.backorders for place in locations.values())


def snapshot_of(
    items: Iterable[StockItem], locations: Mapping[str, Location] | None = None
) -> StockSnapshot:
    """What the allocator may plan against: every free supply row of ``items``.

    A location missing from ``locations`` ranks last (priority 100) and has no place.
    """
    known = locations or {}
    grouped: dict[str, list[Supply]] = {}
    rows: list[Supply] = []
    for item in items:
        sku = item.sku
        rows = grouped.setdefault(sku, [])  # grouped as StockSnapshot.of groups loose rows
        for row in item.supply_rows():
            if row.available <= 0:
                continue
            location = known.get(row.location)
            rows.append(
                Supply.row(  # positional, no converter for values already checked
                    sku,
                    row.location,
                    row.available,
                    row.lot,
                    100 if location is None else location.priority,
                    None if location is None else location.coordinates or location.region,
                    row.expires_on,
                    row.received_at,
                    row.expected_on,
                    row.supply,
                )
            )
        if not rows:
            del grouped[sku]
    return StockSnapshot.grouped(grouped)  # Supply rows made here, each under its item's SKU


def order_snapshot(
    order: Order, items: Iterable[StockItem], locations: Mapping[str, Location] | None = None
) -> StockSnapshot:
    """What ``order`` may take: :func:`snapshot_of`, at its store only for a pickup order."""
    snapshot = snapshot_of(items, locations)
    if order.pickup_at is None:
        return snapshot
    return pickup_only(snapshot, order.pickup_at)


def demand_of(order: Order, now: pendulum.DateTime, channel: str = "default") -> OrderDemand:
    """The order's lines that still have unallocated units, as allocator demand.

    Orders are served by priority, then by when they were placed (``now`` for a draft).
    """
    order_id = order.id
    lines: list[DemandLine] = []
    for line in order.lines.values():
        waiting = line.ledger.unallocated
        if waiting > 0:  # built as DemandLine(...) would, its converters skipped when idle
            lines.append(DemandLine.row(order_id, line.id, line.sku, waiting))
    return OrderDemand.row(
        order_id, order.placed_at or now, tuple(lines), order.priority, channel, order.ship_to
    )


@attrs.frozen
class AppliedPlan:
    """What :func:`apply_plan` did: units reserved and backordered per line, and the plan.

    ``noop`` is true when there was nothing to do (allocating an order again whose units are
    all allocated or backordered already); ``reason`` then says why, and nothing changed.
    """

    plan: Plan
    reserved: Mapping[str, int]
    """Units reserved per order line id."""
    backordered: Mapping[str, int]
    """Units backordered per order line id."""
    noop: bool = False
    """True when the command found nothing to do and changed nothing."""
    reason: str = ""
    """Why nothing was done, when ``noop``."""

    @classmethod
    def nothing_to_do(cls, policy: str, now: pendulum.DateTime, reason: str) -> AppliedPlan:
        """The result of a command that had nothing to allocate: an empty plan, and why."""
        return cls(Plan(policy, now, (), ()), {}, {}, noop=True, reason=reason)


_AppliedDraft = draft_class(AppliedPlan)
"""An ``AppliedPlan`` being built by :func:`apply_plan` (kernel.slots.draft_class).

``AppliedPlan`` has no converter or validator, so assigning every field of a draft and setting
its class gives what ``AppliedPlan(plan, reserved, backordered)`` gives, without
the frozen ``__init__``'s ``object.__setattr__`` per field; every ``allocate_order`` makes one.
"""


@attrs.frozen
class LineRelease:
    """What releasing one order line's allocated units did.

    ``released`` units went back to stock; ``noop`` is true when the line held no allocated
    units (never allocated, backordered, or released already), and ``reason`` says so.
    """

    order_id: str
    line_id: str
    released: int
    """Units given back to stock (0 when ``noop``)."""
    noop: bool = False
    """True when there was nothing to release and nothing changed."""
    reason: str = ""
    """Why nothing was released, when ``noop``."""


_BACKORDERED = attrgetter("backordered")
"""A line allocation's backordered units (``map`` reads them without a Python frame)."""


def apply_plan(
    plan: Plan,
    order: Order,
    items: Mapping[str, StockItem],
    now: pendulum.DateTime,
    *,
    filling: bool = False,
    locations: Mapping[str, Location] | None = None,
    reservation_ids: Mapping[str, str] | None = None,
) -> AppliedPlan:
    """Reserve what ``plan`` allocated for ``order`` and move the order's buckets to match.

    With ``filling=True`` the plan serves backordered units (moved by ``fill_backorder``) and
    what it could not serve stays backordered. Every check runs before anything changes: the
    plan must be for this order's waiting units (unallocated; backordered when filling), and
    every SKU it takes from must be among ``items``. A stock item that refuses (its stock moved
    since the snapshot) raises before the order is touched; the caller's unit of work then
    discards the items it already changed.

    With the host's ``locations``, an order that may not backorder (:func:`may_backorder`: none
    of its places allows it) is all or nothing: a plan that would backorder any of its units
    is refused whole with ``ShortRequest`` (each short SKU, asked and what the plan could
    reserve), and nothing changes.
    """
    if (
        not filling
        and locations is not None
        and any(map(_BACKORDERED, plan.lines))  # read in C: no generator frame
        and not may_backorder(locations, order.pickup_at)
    ):
        raise ShortRequest(order.id, shortages(plan))
    reserved: dict[str, int] = {}
    backordered: dict[str, int] = {}
    served: set[str] = set()
    order_id, order_lines = order.id, order.lines
    # One pass checks every line and notes what it moves (nothing changes until all pass).
    for line in plan.lines:
        wanted = line.line  # its fields read once, not through LineAllocation's properties
        line_id = wanted.line_id
        found = order_lines.get(line_id)  # type: ignore[call-overload] # LineId(...) is a call
        if wanted.order_id != order_id or found is None:
            raise ValidationError(
                "plan", line_id, f"the plan serves a line that order {order.id} lacks"
            )
        ledger = found.ledger
        waiting = ledger.backordered if filling else ledger.unallocated
        if wanted.quantity > waiting:
            raise ValidationError(
                "plan", line_id, "the plan allocates more than the line has waiting"
            )
        picks = line.picks
        if picks:
            sku = wanted.sku
            if sku not in items:
                raise ValidationError("items", sku, "the plan takes from a SKU not loaded")
            if line_id in served:  # a line is held once per plan
                raise DuplicateDemand("line_id", line_id, f"order {order.id!r}")
            served.add(line_id)
            allocated = sum(p.quantity for p in picks) if len(picks) > 1 else picks[0].quantity
            if allocated:
                reserved[line_id] = allocated
        if line.backordered and not filling:
            backordered[line_id] = line.backordered
    if reserved:
        # who the holds are for: the order's priority and placing time (no OrderDemand built)
        holder: dict[str, tuple[int, pendulum.DateTime]] = {
            order.id: (order.priority, order.placed_at or now)
        }
        naming_of = _naming(order.id, plan, items, reservation_ids)
        reserve_for(plan, holder, items, now, reservation_id=naming_of)
    for line_id, units in reserved.items():
        order.move(line_id, units, "fill_backorder" if filling else "allocate", now)
    for line_id, units in backordered.items():
        order.backorder(line_id, units, now)
    # AppliedPlan(plan, reserved, backordered), its draft's fields assigned here (no call back
    # into this module after the order's: the one-order walk counts that as a revisit)
    draft: Any = _AppliedDraft()
    draft.plan = plan
    draft.reserved = reserved
    draft.backordered = backordered
    draft.noop = False  # the field's default: something was done
    draft.reason = ""
    draft.__class__ = AppliedPlan
    applied: AppliedPlan = draft
    return applied


def _naming(
    order_id: str,
    plan: Plan,
    items: Mapping[str, StockItem],
    reservation_ids: Mapping[str, str] | None,
) -> Callable[[LineAllocation], str]:
    """How :func:`apply_plan` names each served line's hold: the ids read, else the item's.

    When every line served (with picks) takes its first id (``<order>/<line>``), the default
    names.
    """
    if reservation_ids is not None:
        for served in plan.lines:  # the first hold of every line: the default names
            line_id = served.line.line_id  # the slot, not LineAllocation's property
            if served.picks and reservation_ids.get(line_id) != f"{order_id}/{line_id}":
                break
        else:
            return default_reservation_id
    known: Mapping[str, str] = {} if reservation_ids is None else reservation_ids

    def naming(line: LineAllocation) -> str:
        found = known.get(line.line_id)
        if found is not None:
            return found
        return items[line.sku].next_reservation_id(order_id, line.line_id)

    return naming
