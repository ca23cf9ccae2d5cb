"""What a merchant asks to see: late orders, backorders, best sellers, rates and balances.

Pure queries over the orders the host passes in (from its database), or over everything in a
memory store (:func:`stored`). Nothing here changes anything.

* :func:`late_orders`: orders whose promised ship-by date has passed while units still wait
  (unallocated, backordered, allocated, picked or packed), most overdue first;
* :func:`backorders_by_sku`: backordered units per SKU, of the orders still open;
* :func:`best_sellers`: SKUs by units that went out to customers (shipped, delivered, or with
  a return requested; units returned do not count), most first, ties by SKU;
* :func:`orders_by_status_and_age`: how many orders per status, by age since placing;
* :func:`fill_rate`: units that went out over units still wanted (ordered - cancelled);
* :func:`on_time_ship_rate`: of the orders with a promise that shipped everything, those whose
  last shipment left on or before the promised day (in UTC);
* :func:`return_rate_by_sku`: units returned (or with a return requested) over units that went
  out, per SKU;
* :func:`open_balances_by_customer`: what issued invoices still ask of each customer;
* :func:`shop_report`: all of them at once over a memory store, as one :class:`ShopReport`,
  with the perfect-order marks, returns by reason and stock at risk of
  :mod:`ordercore.service.quality`.

Rates are :class:`Rate` values (``part`` of ``whole``, exact), never floats.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ordercore.domain.billing import Invoice, InvoiceStatus
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.orders import Order, OrderStatus
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money

if TYPE_CHECKING:
    from ordercore.service.quality import PerfectOrder, StockAtRisk

__all__ = [
    "AGE_BUCKETS",
    "LateOrder",
    "Rate",
    "ShopReport",
    "backorders_by_sku",
    "best_sellers",
    "fill_rate",
    "late_orders",
    "on_time_ship_rate",
    "open_balances_by_customer",
    "orders_by_status_and_age",
    "return_rate_by_sku",
    "shop_report",
    "stored",
]

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


AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("0-1d", 1),
    ("2-7d", 7),
    ("8-30d", 30),
    (">30d", None),
)
"""Age buckets of :func:`orders_by_status_and_age`: a label and its last whole day (None: open)."""


@attrs.frozen
class Rate:
    """``part`` of ``whole``, exact; ``value`` is None when ``whole`` is 0 (nothing to rate)."""

    part: int
    whole: int

    @property
    def value(self) -> Fraction | None:
        """``part / whole`` as an exact fraction, or None when ``whole`` is 0."""
        return None if self.whole == 0 else Fraction(self.part, self.whole)

    def percent(self) -> str:
        """The rate as a percentage with one decimal (``"87.5%"``), or ``"-"`` without a whole."""
        value = self.value
        if value is None:
            return "-"
        tenths = (value * 1000 + Fraction(1, 2)) // 1
        return f"{tenths // 10}.{tenths % 10}%"


def _age_bucket(days: int) -> str:
    for label, last in AGE_BUCKETS:
        if last is None or days <= last:
            return label
    return AGE_BUCKETS[-1][0]  # pragma: no cover - the last bucket is open


def orders_by_status_and_age(orders: Iterable[Order], now: object) -> dict[str, dict[str, int]]:
    """Per status (alphabetical), how many placed orders fall in each :data:`AGE_BUCKETS` bucket.

    The age is whole days from ``placed_at`` to ``now``; drafts (never placed) are left out.
    """
    moment = instant(now, "now")
    table: dict[str, dict[str, int]] = {}
    for order in orders:
        if order.placed_at is None:
            continue
        days = max(0, (moment - order.placed_at).in_days())
        row = table.setdefault(str(order.status), {label: 0 for label, _ in AGE_BUCKETS})
        row[_age_bucket(days)] += 1
    return dict(sorted(table.items()))


def _out(order: Order) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in order.lines.values():
        lg = line.ledger
        gone = lg.shipped + lg.delivered + lg.return_requested + lg.returned
        units[line.sku] = units.get(line.sku, 0) + gone
    return units


def fill_rate(orders: Iterable[Order]) -> Rate:
    """Units that went out over units still wanted, over every placed order.

    Out: shipped, delivered, returned or with a return requested; wanted: ordered - cancelled.
    """
    part = whole = 0
    for order in orders:
        if order.placed_at is None:
            continue
        part += sum(_out(order).values())
        whole += sum(line.ledger.active for line in order.lines.values())
    return Rate(part, whole)


def on_time_ship_rate(orders: Iterable[Order], shipments: Iterable[Shipment]) -> Rate:
    """Orders whose last shipment left on or before their promised day, of those that shipped.

    Counted: orders with a promised ship-by date that shipped everything still wanted; on time
    when the last shipment's day (in UTC) is on or before the promise.
    """
    last_shipped: dict[str, pendulum.DateTime] = {}
    for shipment in shipments:
        if shipment.shipped_at is None:
            continue
        seen = last_shipped.get(shipment.order_id)
        if seen is None or shipment.shipped_at > seen:
            last_shipped[shipment.order_id] = shipment.shipped_at
    part = whole = 0
    for order in orders:
        shipped_at = last_shipped.get(order.id)
        promised = order.promised_ship_by
        if promised is None or shipped_at is None or _waiting(order):
            continue
        whole += 1
        if shipped_at.in_timezone("UTC").date() <= promised:
            part += 1
    return Rate(part, whole)


def return_rate_by_sku(orders: Iterable[Order]) -> dict[str, Rate]:
    """Per SKU (alphabetical): units returned (or with a return requested) over units out."""
    returned: dict[str, int] = {}
    out: dict[str, int] = {}
    for order in orders:
        for sku, units in _out(order).items():
            out[sku] = out.get(sku, 0) + units
        for line in order.lines.values():
            back = line.ledger.returned + line.ledger.return_requested
            returned[line.sku] = returned.get(line.sku, 0) + back
    return {sku: Rate(returned.get(sku, 0), out[sku]) for sku in sorted(out) if out[sku]}


_OWING = frozenset({InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID})


def open_balances_by_customer(
    orders: Iterable[Order], invoices: Iterable[Invoice]
) -> dict[str, Money]:
    """What issued, unpaid invoices still ask of each customer (alphabetical, one currency each).

    An invoice counts through its order's customer; invoices of no known order are left out.
    """
    customer_of = {str(order.id): str(order.customer_id) for order in orders}
    balances: dict[str, Money] = {}
    for invoice in invoices:
        customer = customer_of.get(str(invoice.order_id))
        if invoice.status not in _OWING or customer is None or not invoice.balance:
            continue
        balance = invoice.balance
        balances[customer] = balances[customer] + balance if customer in balances else balance
    return dict(sorted(balances.items()))


@attrs.frozen
class ShopReport:
    """Every report at once, as plain data (what ``python -m ordercore report`` prints)."""

    orders_by_status_and_age: dict[str, dict[str, int]]
    late_orders: list[LateOrder]
    fill_rate: Rate
    on_time_ship_rate: Rate
    return_rate_by_sku: dict[str, Rate]
    best_sellers: list[tuple[str, int]]
    open_balances_by_customer: dict[str, Money]
    perfect_orders: list[PerfectOrder]
    perfect_order_rate: Rate
    return_rate_by_reason: dict[str, Rate]
    stock_at_risk: StockAtRisk


def shop_report(store: Any, now: object) -> ShopReport:
    """Every report over the orders, shipments, invoices, returns and stock of a memory store.

    Stock at risk uses :func:`~ordercore.service.quality.stock_at_risk`'s defaults (fewer than
    5 free units; lots expiring within 30 days of ``now``'s day in UTC).
    """
    from ordercore.service import quality  # noqa: PLC0415 - quality builds on Rate, defined here

    moment = instant(now, "now")
    orders: list[Order] = stored(store, "orders")
    shipments: list[Shipment] = stored(store, "shipments")
    invoices: list[Invoice] = stored(store, "invoices")
    returns: list[Any] = stored(store, "returns")
    judged = quality.perfect_orders(orders, shipments, returns)
    return ShopReport(
        orders_by_status_and_age=orders_by_status_and_age(orders, moment),
        late_orders=late_orders(orders, moment.in_timezone("UTC").date()),
        fill_rate=fill_rate(orders),
        on_time_ship_rate=on_time_ship_rate(orders, shipments),
        return_rate_by_sku=return_rate_by_sku(orders),
        best_sellers=best_sellers(orders),
        open_balances_by_customer=open_balances_by_customer(orders, invoices),
        perfect_orders=judged,
        perfect_order_rate=Rate(sum(1 for p in judged if p.perfect), len(judged)),
        return_rate_by_reason=quality.return_rate_by_reason(orders, returns),
        stock_at_risk=quality.stock_at_risk(
            stored(store, "stock"), moment.in_timezone("UTC").date()
        ),
    )
