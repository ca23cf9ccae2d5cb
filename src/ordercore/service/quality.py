"""Reports on how well orders went and where stock is at risk, as exact data.

Pure queries, like :mod:`ordercore.service.reports` (whose :class:`~.reports.Rate` they use):
nothing here changes anything, and the host passes the aggregates in (or reads a memory store).

* :func:`perfect_orders`: each finished order judged on the four marks of a perfect order, and
  :func:`perfect_order_rate` the share that earned all four:

  - **complete**: every unit ordered went out, none cancelled and none waiting, and no unit
    came back as the wrong item;
  - **on time**: its last shipment left on or before the promised ship-by day (UTC); an order
    with no promise is on time;
  - **undamaged**: no return of it names a damaged or defective unit, and no carrier last
    reported one of its parcels damaged;
  - **correct documents**: every shipment left with a tracking number, and every unit that went
    out was invoiced.

  An order is *finished* (counted) once it has units out and none waiting (unallocated,
  backordered, allocated, picked or packed).
* :func:`return_rate_by_reason`: units asked back per return reason over all units that went
  out (returns rejected or cancelled do not count).
* :func:`stock_at_risk`: SKUs whose free units are below a threshold (per SKU, else a default),
  and lots that expire within N days of today while units of them are on hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs
import pendulum

from ordercore.domain.fulfilment import Shipment
from ordercore.domain.fulfilment.tracking import TrackingStatus
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.domain.returns import ReturnAuthorization, ReturnReason, RmaStatus
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import require_date
from ordercore.service.reports import Rate

__all__ = [
    "ExpiringLot",
    "LowStock",
    "PerfectOrder",
    "StockAtRisk",
    "perfect_order_rate",
    "perfect_orders",
    "return_rate_by_reason",
    "stock_at_risk",
]

_DAMAGE = frozenset({ReturnReason.DAMAGED, ReturnReason.DEFECTIVE})
_NOT_RETURNED = frozenset({RmaStatus.REJECTED, RmaStatus.CANCELLED})


@attrs.frozen
class PerfectOrder:
    """One finished order judged on the four marks of a perfect order."""

    order_id: str
    complete: bool
    on_time: bool
    undamaged: bool
    correct_documents: bool

    @property
    def perfect(self) -> bool:
        """Whether the order earned all four marks."""
        return self.complete and self.on_time and self.undamaged and self.correct_documents


def _waiting(order: Order) -> int:
    return sum(
        lg.unallocated + lg.backordered + lg.allocated + lg.picked + lg.packed
        for lg in (line.ledger for line in order.lines.values())
    )


def _out(order: Order) -> int:
    return sum(
        lg.shipped + lg.delivered + lg.return_requested + lg.returned
        for lg in (line.ledger for line in order.lines.values())
    )


def _by_order(items: Iterable[object], attribute: str = "order_id") -> dict[str, list[object]]:
    grouped: dict[str, list[object]] = {}
    for item in items:
        grouped.setdefault(str(getattr(item, attribute)), []).append(item)
    return grouped


def _judge(
    order: Order, shipments: list[Shipment], returns: list[ReturnAuthorization]
) -> PerfectOrder:
    ledgers = [line.ledger for line in order.lines.values()]
    reasons = {
        line.reason
        for rma in returns
        if rma.status not in _NOT_RETURNED
        for line in rma.lines.values()
    }
    complete = all(lg.cancelled == 0 for lg in ledgers) and ReturnReason.WRONG_ITEM not in reasons
    sent = [s for s in shipments if s.shipped_at is not None]
    last = max((s.shipped_at for s in sent if s.shipped_at is not None), default=None)
    promised = order.promised_ship_by
    on_time = promised is None or (last is not None and last.in_timezone("UTC").date() <= promised)
    undamaged = not (reasons & _DAMAGE) and all(
        s.tracking_status is not TrackingStatus.DAMAGED for s in sent
    )
    documents = all(s.tracking for s in sent) and all(
        line.ledger.invoiced
        >= line.ledger.shipped
        + line.ledger.delivered
        + line.ledger.return_requested
        + line.ledger.returned
        for line in order.lines.values()
    )
    return PerfectOrder(str(order.id), complete, on_time, undamaged, documents)


def perfect_orders(
    orders: Iterable[Order],
    shipments: Iterable[Shipment],
    returns: Iterable[ReturnAuthorization] = (),
) -> list[PerfectOrder]:
    """Every finished order (units out, none waiting) judged on the four marks, by order id."""
    shipped = _by_order(shipments)
    returned = _by_order(returns)
    judged = [
        _judge(
            order,
            [s for s in shipped.get(str(order.id), []) if isinstance(s, Shipment)],
            [r for r in returned.get(str(order.id), []) if isinstance(r, ReturnAuthorization)],
        )
        for order in orders
        if order.placed_at is not None and _out(order) and not _waiting(order)
    ]
    return sorted(judged, key=lambda p: p.order_id)


def perfect_order_rate(
    orders: Iterable[Order],
    shipments: Iterable[Shipment],
    returns: Iterable[ReturnAuthorization] = (),
) -> Rate:
    """Finished orders that earned all four marks, of every finished order."""
    judged = perfect_orders(orders, shipments, returns)
    return Rate(sum(1 for p in judged if p.perfect), len(judged))


def return_rate_by_reason(
    orders: Iterable[Order], returns: Iterable[ReturnAuthorization]
) -> dict[str, Rate]:
    """Per return reason (in the reasons' order): units asked back over all units that went out.

    Returns rejected or cancelled are not counted; a reason nobody gave is left out.
    """
    out = sum(_out(order) for order in orders)
    units: dict[ReturnReason, int] = {}
    for rma in returns:
        if rma.status in _NOT_RETURNED:
            continue
        for line in rma.lines.values():
            units[line.reason] = units.get(line.reason, 0) + line.units
    return {reason.value: Rate(units[reason], out) for reason in ReturnReason if units.get(reason)}


@attrs.frozen
class LowStock:
    """A SKU whose free units are below its threshold."""

    sku: str
    available: int
    threshold: int


@attrs.frozen
class ExpiringLot:
    """A lot with units on hand that expires within the horizon (``days_left`` may be < 0)."""

    sku: str
    lot: str
    expires_on: pendulum.Date
    days_left: int
    on_hand: int


@attrs.frozen
class StockAtRisk:
    """SKUs running low and lots about to expire."""

    low: list[LowStock]
    expiring: list[ExpiringLot]


def stock_at_risk(
    items: Iterable[StockItem],
    today: object,
    *,
    threshold: int = 5,
    per_sku: Mapping[str, int] | None = None,
    within_days: int = 30,
) -> StockAtRisk:
    """SKUs with fewer free units than their threshold, and lots expiring within ``within_days``.

    A SKU's threshold is ``per_sku[sku]`` if given, else ``threshold``; free units are
    ``StockItem.available()`` (on hand - reserved - safety stock). A lot is at risk when it
    expires on or before ``today + within_days`` and units of it are on hand (expired lots
    still on the shelf included, with negative ``days_left``). Low SKUs fewest free first,
    lots soonest first.
    """
    day = require_date(today, "today")
    default = require_quantity("threshold", threshold, minimum=0)
    horizon = require_quantity("within_days", within_days, minimum=0)
    limits = {
        str(k): require_quantity(f"per_sku[{k}]", v, minimum=0) for k, v in (per_sku or {}).items()
    }
    low: list[LowStock] = []
    expiring: list[ExpiringLot] = []
    for item in items:
        limit = limits.get(str(item.sku), default)
        free = item.available()
        if free < limit:
            low.append(LowStock(str(item.sku), free, limit))
        on_hand_by_lot: dict[str, int] = {}
        for position in item.positions():
            lot_id = position.key.lot
            if lot_id is not None and position.on_hand:
                on_hand_by_lot[lot_id] = on_hand_by_lot.get(lot_id, 0) + position.on_hand
        for lot_id, units in on_hand_by_lot.items():
            found = item.lots.get(lot_id)
            expires = None if found is None else found.expires_on
            if expires is None:
                continue
            left = (expires - day).days
            if left <= horizon:
                expiring.append(ExpiringLot(str(item.sku), lot_id, expires, left, units))
    low.sort(key=lambda s: (s.available, s.sku))
    expiring.sort(key=lambda e: (e.expires_on, e.sku, e.lot))
    return StockAtRisk(low, expiring)
