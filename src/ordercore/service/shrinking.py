"""Stock that shrinks under reservations: a count or a write-off, re-served before backordered.

:func:`count_stock` records a cycle count and :func:`write_off` scraps damaged or expired
units. Either may take units from reservations (the shrink rule: lowest priority, latest placed
first). Those units are first served again from free stock at other places in the same command
(``reserve_elsewhere=True``: the result's ``moves`` say who moved where), and only what no place
could serve is backordered on its order (the policy row ``BACKORDER_UNSERVED``): the units move
back to unallocated and on to backordered, where ``fill_backorders`` serves them when stock
arrives. A checkout hold that loses units simply holds fewer (there is no order to backorder).

Picked units are in a shipment's hands: a count or write-off that would take them is refused
(cancel the shipment or unpick first), so orders, shipments and stock stay in step.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ordercore.domain.inventory import PositionKey, StockChange, StockItem
from ordercore.domain.inventory.values import quantity
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import require_id
from ordercore.service import policies, restocking
from ordercore.service.session import Session
from ordercore.service.shrink_rows import StockShrank

__all__ = ["ShrinkResult", "count_stock", "take_off", "write_off"]


@attrs.frozen
class ShrinkResult:
    """What a shrinking command did: the stock change, and what its orders had to backorder."""

    change: StockChange
    """Losses, moves (re-served elsewhere) and what stayed unserved."""
    backordered: Mapping[tuple[str, str], int]
    """Units backordered per ``(order id, line id)`` because no place could serve them again."""


def count_stock(
    session: Session, sku: str, location: str, counted: int, lot: str | None = None
) -> ShrinkResult:
    """Record a count of ``counted`` units at ``location`` (``lot``); re-serve, then backorder."""
    item = session.stock(require_id("sku", sku))
    session.known_location(require_id("location", location))
    picked = item.counters.picked.get(PositionKey(location, lot), 0)
    elsewhere = _may_move(session, item, location)
    change = item.count(location, counted, session.now, lot=lot, reserve_elsewhere=elsewhere)
    _keep_picked(item, change, picked)
    return ShrinkResult(change, _backorder(session, change, item.sku, refill=not elsewhere))


def write_off(
    session: Session,
    sku: str,
    location: str,
    units: int,
    reason: str,
    lot: str | None = None,
) -> ShrinkResult:
    """Scrap ``units`` at ``location`` (``lot``) for ``reason``; re-serve, then backorder."""
    item = session.stock(require_id("sku", sku))
    session.known_location(require_id("location", location))
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError("reason", reason, "a write-off states its reason")
    units = quantity("units", units)
    picked = item.counters.picked.get(PositionKey(location, lot), 0)
    elsewhere = _may_move(session, item, location)
    change = item.scrap(
        location, units, session.now, lot=lot, reason=reason, reserve_elsewhere=elsewhere
    )
    _keep_picked(item, change, picked)
    return ShrinkResult(change, _backorder(session, change, item.sku, refill=not elsewhere))


def take_off(
    session: Session,
    item: StockItem,
    location: str,
    units: int,
    reason: str,
    lot: str | None = None,
) -> ShrinkResult:
    """Adjust ``units`` off on hand at ``location`` (``lot``) for ``reason``: the shrink path.

    For a command that has loaded and checked ``item`` already (a short pick's write-off,
    ``short_picks``): free units go first, then the shrink rule takes reservations, which are
    re-served elsewhere, else backordered (as :func:`write_off`, but an ``adjust`` movement).
    Refused when it would take picked units.
    """
    picked = item.counters.picked.get(PositionKey(location, lot), 0)
    elsewhere = _may_move(session, item, location)
    change = item.adjust(
        location, -units, reason, session.now, lot=lot, reserve_elsewhere=elsewhere
    )
    _keep_picked(item, change, picked)
    return ShrinkResult(change, _backorder(session, change, item.sku, refill=not elsewhere))


def _may_move(session: Session, item: StockItem, location: str) -> bool:
    """Whether lost units may be re-served by the stock item: not where a pickup order holds.

    The stock item re-serves at any place; a pickup order takes stock only at its store, so a
    shrink where one holds stock backorders instead and refills by the order-aware path.
    """
    for held in item.reservations.values():
        if not held.is_active or all(a.location != location for a in held.allocations):
            continue
        order = session.find("orders", held.order_ref, Order)
        if isinstance(order, Order) and order.pickup_at is not None:
            return False
    return True


def _keep_picked(item: StockItem, change: StockChange, picked: int) -> None:
    """Refuse a shrink that took picked units (the command's unit of work is then dropped)."""
    if item.counters.picked.get(PositionKey(change.location, change.lot), 0) < picked:
        raise ValidationError(
            "units",
            -change.delta,
            f"picked units of {item.sku} at {change.location} would be lost; cancel the "
            "shipment or unpick them first",
        )


def _backorder(
    session: Session, change: StockChange, sku: str, *, refill: bool = False
) -> dict[tuple[str, str], int]:
    """Run the policy row that backorders what no place could serve again.

    With ``refill`` (the stock item did not re-serve: a pickup order held stock there) the
    backordered units are filled at once by ``fill_backorders``, which serves a pickup order
    only at its store, within the Engine's preorder caps, and an all-or-nothing order (by its
    channel's request policy) whole or not at all; what it filled is not reported as
    backordered.
    """
    followed = policies.run(session, StockShrank(change))
    backordered: dict[tuple[str, str], int] = followed[policies.BACKORDER_UNSERVED]
    if not refill or not backordered:
        return backordered
    orders = sorted({order_id for order_id, _ in backordered})
    filled = restocking.fill_backorders(
        session, [sku], orders, session.preorders, session.request_policies
    ).filled
    left = {key: units - filled.get(key, 0) for key, units in backordered.items()}
    return {key: units for key, units in left.items() if units > 0}
