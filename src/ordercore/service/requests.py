"""Allocating a request the way the shop sells: all or nothing, for pickup, with preorder caps.

:func:`allocate_request` plans the order's unallocated units like ``allocate_order`` does, with
three choices on top:

* ``whole=True`` (an all-or-nothing request): the plan is made with the allocation policy's
  shortfall set to partial (so a ship-complete policy still shows what is free) and refused
  with :class:`~ordercore.domain.allocation.ShortRequest` when any SKU is short, naming each
  short SKU with the units asked and free; nothing is reserved and the order is not touched;
* ``pickup_at=store``: only that store's stock on hand is used (``pickup_only``). An order that
  names its store (``Order.pickup_at``, set at drafting or by :func:`choose_pickup`) always
  uses it; another ``pickup_at`` is refused;
* the per-location switch ``Location.backorders``: an order may backorder only when at least
  one place it may take stock from allows it (its store for pickup, else any of the host's
  locations: :func:`~ordercore.service.allocating.may_backorder`); otherwise the request is
  all or nothing, whatever the request policy says;
* ``preorders=PreorderCaps(...)``: incoming supply rows are lowered to what the caps leave
  (``cap_preorders``), per SKU and for the order's channel.

A plan is carried out by the same policy row as ``allocate_order`` (reserved hard, the order's
buckets follow). Which orders are all or nothing is a
:class:`~ordercore.domain.allocation.RequestPolicies` choice per channel
(:func:`request_policy_of`), or the host names it per request.
"""

from __future__ import annotations

from ordercore.domain.allocation import (
    Plan,
    PreorderCaps,
    RequestPolicies,
    RequestPolicy,
    StockSnapshot,
    allocate,
    cap_preorders,
    pickup_only,
    require_whole,
    whole_policy,
)
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import require_id
from ordercore.service import policies
from ordercore.service.allocating import AppliedPlan, demand_of, may_backorder, snapshot_of
from ordercore.service.session import Session

__all__ = ["allocate_request", "allocate_whole", "choose_pickup", "request_policy_of"]


def request_policy_of(order: Order, choice: RequestPolicies) -> RequestPolicy:
    """The request policy ``choice`` gives ``order``'s channel (the default without one)."""
    return choice.for_channel(_channel(order))


def _channel(order: Order) -> str | None:
    return None if order.channel is None else order.channel.channel


def allocate_whole(session: Session, order_id: str) -> AppliedPlan:
    """Reserve every unallocated unit of the order, or refuse whole (``ShortRequest``)."""
    return allocate_request(session, order_id, whole=True)


def allocate_request(
    session: Session,
    order_id: str,
    *,
    whole: bool = False,
    request_policy: RequestPolicy | None = None,
    request_policies: RequestPolicies | None = None,
    pickup_at: str | None = None,
    preorders: PreorderCaps | None = None,
) -> AppliedPlan:
    """Plan and reserve the order's unallocated units with the choices above.

    The request is all or nothing when ``whole``, when ``request_policy`` says so, or (without
    one) when ``request_policies`` say so for the order's channel. An order with nothing
    unallocated is a no-op that says so, as for ``allocate_order``.
    """
    order = session.live_order(order_id, "allocate")
    if order.pickup_at is not None:  # a pickup order remembers its store (#17)
        if pickup_at is not None and pickup_at != order.pickup_at:
            raise ValidationError(
                "pickup_at", pickup_at, f"order {order.id} is collected at {order.pickup_at}"
            )
        pickup_at = order.pickup_at
    chosen = request_policy
    if chosen is None and request_policies is not None:
        chosen = request_policy_of(order, request_policies)
    whole = whole or chosen is RequestPolicy.ALL_OR_NOTHING
    if pickup_at is not None:
        session.known_location(require_id("pickup_at", pickup_at))
    whole = whole or not may_backorder(session.locations, pickup_at)
    if not any(line.ledger.unallocated for line in order.lines.values()):
        allocated = sum(line.ledger.allocated for line in order.lines.values())
        return AppliedPlan.nothing_to_do(
            session.policy.name,
            session.now,
            f"order {order.id} has no unallocated units ({allocated} allocated): "
            "nothing to allocate",
        )
    items: dict[str, StockItem] = {}
    for sku in sorted({line.sku for line in order.lines.values()}):
        found = session.find_stock(sku)
        if found is not None:
            items[sku] = found
    snapshot = snapshot_of(items.values(), session.locations)
    if preorders is not None:
        promised = {sku: sum(item.supplies.promised.values()) for sku, item in items.items()}
        snapshot = cap_preorders(snapshot, preorders, promised, _channel(order))
    if pickup_at is not None:
        snapshot = pickup_only(snapshot, pickup_at)
    plan = _plan(session, order, snapshot, whole=whole)
    followed = policies.run(session, policies.OrderPlanned(order, plan, items))
    applied: AppliedPlan = followed[policies.RESERVE_PLAN]
    return applied


def _plan(session: Session, order: Order, snapshot: StockSnapshot, *, whole: bool) -> Plan:
    demand = demand_of(order, session.now)
    policy = whole_policy(session.policy) if whole else session.policy
    plan = allocate(demand, snapshot, policy, session.now)
    if whole:
        require_whole(plan, order.id)
    return plan


def choose_pickup(session: Session, order_id: str, location: str | None) -> None:
    """Collect the order at store ``location`` from now on (``None``: ship it).

    The store must be one of the Engine's locations; every later allocation of the order
    (allocating, filling its backorders, re-allocating after an edit) takes stock only there.
    """
    if location is not None:
        session.known_location(require_id("location", location))
    session.live_order(order_id, "choose_pickup").choose_pickup(location, session.now)
