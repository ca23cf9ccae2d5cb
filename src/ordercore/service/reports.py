"""What a merchant asks to see: late orders, backorders per SKU, best sellers.

Pure queries over the orders the host passes in (from its database), or over everything in a
memory store (:func:`stored`). Nothing here changes anything.

* :func:`late_orders`: orders whose promised ship-by date has passed while units still wait
  (unallocated, backordered, allocated, picked or packed), most overdue first;
* :func:`backorders_by_sku`: backordered units per SKU, of the orders still open;
* :func:`best_sellers`: SKUs by units that went out to customers (shipped, delivered, or with
  a return requested; units returned do not count), most first, ties by SKU.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from ordercore.domain.orders import Order, OrderStatus
from ordercore.kernel.clock import require_date
from ordercore.kernel.errors import ValidationError

__all__ = ["LateOrder", "backorders_by_sku", "best_sellers", "late_orders", "stored"]

_OPEN = frozenset({OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.IN_FULFILMENT})


@attrs.frozen
class LateOrder:
    """An open order past its promised ship-by date, and how many units still wait."""

    order_id: str
    number: str
    promised_ship_by: pendulum.Date
    waiting: int
    days_late: int


def _waiting(order: Order) -> int:
    return sum(
        lg.unallocated + lg.backordered + lg.allocated + lg.picked + lg.packed
        for lg in (line.ledger for line in order.lines.values())
    )


def late_orders(orders: Iterable[Order], today: object) -> list[LateOrder]:
    """Open orders promised to ship before ``today`` (a date) with units not yet shipped."""
    day = require_date(today, "today")
    late: list[LateOrder] = []
    for order in orders:
        promised = order.promised_ship_by
        if order.status not in _OPEN or promised is None or promised >= day:
            continue
        waiting = _waiting(order)
        if waiting:
            late.append(LateOrder(order.id, order.number, promised, waiting, (day - promised).days))
    return sorted(late, key=lambda o: (o.promised_ship_by, o.number, o.order_id))


def backorders_by_sku(orders: Iterable[Order]) -> dict[str, int]:
    """Backordered units per SKU over the open orders, SKUs in alphabetical order."""
    totals: dict[str, int] = {}
    for order in orders:
        if order.status not in _OPEN:
            continue
        for line in order.lines.values():
            if line.ledger.backordered:
                totals[line.sku] = totals.get(line.sku, 0) + line.ledger.backordered
    return dict(sorted(totals.items()))


def best_sellers(orders: Iterable[Order], top: int | None = None) -> list[tuple[str, int]]:
    """``(sku, units out)`` pairs, most units first (ties by SKU); the first ``top`` if given."""
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValidationError("top", top, "top is a whole number of at least 1, or None")
    totals: dict[str, int] = {}
    for order in orders:
        for line in order.lines.values():
            lg = line.ledger
            units = lg.shipped + lg.delivered + lg.return_requested
            if units:
                totals[line.sku] = totals.get(line.sku, 0) + units
    ranked = sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))
    return ranked if top is None else ranked[:top]


def stored(store: Any, collection: str) -> list[Any]:
    """Every aggregate of ``collection`` in a memory store (anything with ``snapshot()``)."""
    snapshot = getattr(store, "snapshot", None)
    if not callable(snapshot):
        raise ValidationError(
            "store", type(store).__name__, "listing everything needs a store with snapshot()"
        )
    rows = snapshot().rows
    return [rows[key] for key in sorted(rows) if key[0] == collection]
