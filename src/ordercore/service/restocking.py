"""Stock arriving, and backorders filled fairly from it.

* :func:`receive_stock` puts units on hand (creating the SKU's ``StockItem`` on its first
  receipt); :func:`expect_stock` announces incoming supply (a purchase order) and
  :func:`receive_incoming` receives it.
* :func:`fill_backorders` serves the backordered units of the orders the host names, for some
  SKUs, by the allocator's backorder rule (priority, then placing time, then order id:
  ``ordercore.domain.allocation.fill_backorders``). Each served line gets a **new** reservation
  (``"<order>/<line>/2"``...), its units move from backordered to allocated
  (``fill_backorder``); what stays unserved stays backordered. A pickup order
  (``Order.pickup_at``) is filled only from its store's stock on hand. An all-or-nothing order
  (its channel's ``RequestPolicies`` say so, or none of its places may backorder:
  ``may_backorder``) is filled whole or not at all; one that cannot be filled whole keeps its
  place in line and the stock goes on to the orders behind it.

Receiving and filling can run in one unit of work: pass ``order_ids`` to the receipt.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ordercore.domain.allocation import (
    Backorder,
    PreorderCaps,
    RequestPolicies,
    RequestPolicy,
    StockSnapshot,
    cap_preorders,
    pickup_only,
)
from ordercore.domain.allocation import fill_backorders as plan_fill
from ordercore.domain.inventory import Lot, StockItem
from ordercore.domain.orders import Order, OrderStatus
from ordercore.service import policies
from ordercore.service.allocating import AppliedPlan, may_backorder, snapshot_of
from ordercore.service.session import Session

__all__ = ["FillResult", "expect_stock", "fill_backorders", "receive_incoming", "receive_stock"]

_FILLABLE = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.IN_FULFILMENT)


@attrs.frozen
class FillResult:
    """Backordered units that got stock: ``filled[(order id, line id)] = units``."""

    filled: dict[tuple[str, str], int] = attrs.field(factory=dict)

    @property
    def units(self) -> int:
        """Units filled in total."""
        return sum(self.filled.values())


def _item(session: Session, sku: str) -> StockItem:
    item = session.find_stock(sku)
    if item is None:
        item = StockItem(sku)
        session.add("stock", sku, item)
    return item


def receive_stock(
    session: Session,
    sku: str,
    location: str,
    units: int,
    *,
    lot: str | Lot | None = None,
    order_ids: Iterable[str] = (),
    preorders: PreorderCaps | None = None,
    request_policies: RequestPolicies | None = None,
) -> FillResult:
    """Put ``units`` of ``sku`` on hand at ``location``; then fill backorders of ``order_ids``.

    ``location`` must be one of the Engine's locations (when it was given any). The Engine
    passes its ``default_location`` for ``None``; without one, ``location`` is refused
    (``ValidationError`` naming ``location``) before anything changes.
    """
    session.known_location(location)
    item = _item(session, sku)
    item.require_lot(lot)  # selling (#13, #17): stock only into lots the SKU knows
    item.receive(location, units, session.now, lot=lot)
    return fill_backorders(session, [sku], order_ids, preorders, request_policies)


def expect_stock(
    session: Session,
    sku: str,
    supply_id: str,
    location: str,
    units: int,
    expected_on: pendulum.Date,
) -> None:
    """Announce ``units`` of ``sku`` arriving at ``location`` on ``expected_on``."""
    session.known_location(location)
    _item(session, sku).add_incoming(supply_id, location, units, expected_on, session.now)


def receive_incoming(
    session: Session,
    sku: str,
    supply_id: str,
    units: int,
    order_ids: Iterable[str] = (),
    preorders: PreorderCaps | None = None,
    request_policies: RequestPolicies | None = None,
) -> FillResult:
    """Receive ``units`` of an announced supply; then fill backorders of ``order_ids``."""
    session.stock(sku).receive_incoming(supply_id, units, session.now)
    return fill_backorders(session, [sku], order_ids, preorders, request_policies)


def fill_backorders(
    session: Session,
    skus: Iterable[str],
    order_ids: Iterable[str],
    preorders: PreorderCaps | None = None,
    request_policies: RequestPolicies | None = None,
) -> FillResult:
    """Serve backordered units of ``order_ids`` for ``skus`` from free stock, fairly.

    A pickup order is served only from its store's stock on hand; with ``preorders`` an
    order takes of incoming supply only what the caps leave (per SKU and its channel). An
    all-or-nothing order (``request_policies`` for its channel, or no place of it may
    backorder) waiting for one of ``skus`` gets every backordered unit it waits for (of every
    SKU, so that it is never left half allocated), or none.
    """
    wanted = set(skus)
    orders: dict[str, Order] = {}
    waiting: list[Backorder] = []
    whole: set[str] = set()
    for order_id in dict.fromkeys(order_ids):
        order = session.order(order_id)
        if order.status not in _FILLABLE:
            continue
        lines = [line for line in order.lines.values() if line.ledger.backordered]
        if not any(line.sku in wanted for line in lines):
            continue
        if _whole(session, order, request_policies):
            whole.add(order.id)
        for line in lines:
            if line.sku in wanted or order.id in whole:
                orders[order.id] = order
                waiting.append(
                    Backorder(
                        order.id,
                        str(line.id),
                        line.sku,
                        line.ledger.backordered,
                        order.placed_at or session.now,
                        order.priority,
                    )
                )
    if not waiting:
        return FillResult()
    items: dict[str, StockItem] = {}
    for sku in sorted({b.sku for b in waiting}):
        found = session.find_stock(sku)
        if found is not None:
            items[sku] = found
    filled: dict[tuple[str, str], int] = {}
    if preorders is None and all(order.pickup_at is None for order in orders.values()):
        snapshot = _snapshot(session, items, None, None)
        _fill(session, waiting, orders, items, snapshot, filled, whole)
        return FillResult(filled)
    # a pickup order takes stock only at its store, and preorder caps depend on the order's
    # channel: orders are served one by one, in the backorder rule's order (priority, placing
    # time, id), each from what the ones before it left
    ranked = sorted(orders.values(), key=lambda o: (o.priority, o.placed_at or session.now, o.id))
    for order in ranked:
        mine = [b for b in waiting if b.order_id == order.id]
        snapshot = _snapshot(session, items, order, preorders)
        _fill(session, mine, {order.id: order}, items, snapshot, filled, whole)
    return FillResult(filled)


def _whole(session: Session, order: Order, choice: RequestPolicies | None) -> bool:
    """Whether ``order`` is all or nothing: by its channel's request policy, or no place waits."""
    if not may_backorder(session.locations, order.pickup_at):
        return True
    if choice is None:
        return False
    channel = None if order.channel is None else order.channel.channel
    return choice.for_channel(channel) is RequestPolicy.ALL_OR_NOTHING


def _snapshot(
    session: Session,
    items: dict[str, StockItem],
    order: Order | None,
    preorders: PreorderCaps | None,
) -> StockSnapshot:
    """What ``order`` may be filled from: its store only for pickup, incoming under the caps."""
    snapshot = snapshot_of(items.values(), session.locations)
    if order is None:
        return snapshot
    if preorders is not None:
        promised = {sku: sum(item.supplies.promised.values()) for sku, item in items.items()}
        channel = None if order.channel is None else order.channel.channel
        snapshot = cap_preorders(snapshot, preorders, promised, channel)
    if order.pickup_at is not None:
        snapshot = pickup_only(snapshot, order.pickup_at)
    return snapshot


def _fill(
    session: Session,
    waiting: list[Backorder],
    orders: dict[str, Order],
    items: dict[str, StockItem],
    snapshot: StockSnapshot,
    filled: dict[tuple[str, str], int],
    whole: set[str],
) -> None:
    plan = plan_fill(waiting, snapshot, session.policy, session.now, whole=whole)
    for order_id, order in orders.items():
        for_order = attrs.evolve(plan, lines=plan.for_order(order_id))
        fact = policies.OrderPlanned(order, for_order, items, filling=True)
        applied: AppliedPlan = policies.run(session, fact)[policies.RESERVE_PLAN]
        for line_id, units in applied.reserved.items():
            filled[(order_id, line_id)] = units
