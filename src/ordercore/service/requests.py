"""All-or-nothing requests: allocate an order in full, or refuse it whole and change nothing.

:func:`allocate_whole` plans the order's unallocated units like ``allocate_order`` does, with
the allocation policy's shortfall set to partial (so a ship-complete policy still shows what
is free), and refuses with :class:`~ordercore.domain.allocation.ShortRequest` when any SKU is
short, naming each short SKU with the units asked and free. Nothing is reserved and the order
is not touched. A plan that serves every unit is carried out by the same policy row as
``allocate_order`` (the plan is reserved hard, the order's buckets follow).

Which orders go this way is a :class:`~ordercore.domain.allocation.RequestPolicies` choice
per channel (``request_policy_of``), or the host names it per request.
"""

from __future__ import annotations

from ordercore.domain.allocation import (
    RequestPolicies,
    RequestPolicy,
    allocate,
    require_whole,
    whole_policy,
)
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.service import policies
from ordercore.service.allocating import AppliedPlan, demand_of, snapshot_of
from ordercore.service.session import Session

__all__ = ["allocate_whole", "request_policy_of"]


def request_policy_of(order: Order, choice: RequestPolicies) -> RequestPolicy:
    """The request policy ``choice`` gives ``order``'s channel (the default without one)."""
    return choice.for_channel(None if order.channel is None else order.channel.channel)


def allocate_whole(session: Session, order_id: str) -> AppliedPlan:
    """Reserve every unallocated unit of the order, or refuse whole (``ShortRequest``).

    An order with nothing unallocated is a no-op that says so, as for ``allocate_order``.
    """
    order = session.live_order(order_id, "allocate")
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
    demand = demand_of(order, session.now)
    plan = allocate(
        demand,
        snapshot_of(items.values(), session.locations),
        whole_policy(session.policy),
        session.now,
    )
    require_whole(plan, order.id)
    followed = policies.run(session, policies.OrderPlanned(order, plan, items))
    applied: AppliedPlan = followed[policies.RESERVE_PLAN]
    return applied
