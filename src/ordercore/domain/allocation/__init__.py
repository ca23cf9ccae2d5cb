"""Allocation: a pure function from (demand, stock snapshot, policy, now) to a plan.

The plan says, for each order line, which location and lot serve how much, what is backordered,
and why each choice was made. Policies are pipelines (filter → rank → allocate → split) built from
small steps; see ``docs/allocation.md``.
"""

from ordercore.domain.allocation.backorders import backorders_of, fill_backorders
from ordercore.domain.allocation.engine import allocate
from ordercore.domain.allocation.errors import (
    DuplicateDemand,
    DuplicateSupply,
    LineNotInPlan,
    ShortRequest,
)
from ordercore.domain.allocation.filters import (
    IncomingWithin,
    MinShelfLife,
    OnHandOnly,
    RowFilter,
    SafetyBuffers,
)
from ordercore.domain.allocation.inputs import (
    Backorder,
    DemandLine,
    OrderDemand,
    StockSnapshot,
    Supply,
    SupplyKey,
)
from ordercore.domain.allocation.plan import Consumption, LineAllocation, Pick, Plan
from ordercore.domain.allocation.policy import AllocationRule, Policy, Shortfall
from ordercore.domain.allocation.ranking import (
    Closest,
    DistanceFunction,
    Fefo,
    Fifo,
    Lifo,
    LocationPriority,
    MostAvailable,
    OnHandFirst,
    RankStep,
)
from ordercore.domain.allocation.requests import (
    RequestPolicies,
    RequestPolicy,
    Shortage,
    require_whole,
    shortages,
    whole_policy,
)
from ordercore.domain.allocation.reserving import (
    default_reservation_id,
    reserve_for,
    reserve_plan,
)
from ordercore.domain.allocation.selling import PreorderCaps, cap_preorders, pickup_only

__all__ = [
    "AllocationRule",
    "Backorder",
    "Closest",
    "Consumption",
    "DemandLine",
    "DistanceFunction",
    "DuplicateDemand",
    "DuplicateSupply",
    "Fefo",
    "Fifo",
    "IncomingWithin",
    "Lifo",
    "LineAllocation",
    "LineNotInPlan",
    "LocationPriority",
    "MinShelfLife",
    "MostAvailable",
    "OnHandFirst",
    "OnHandOnly",
    "OrderDemand",
    "Pick",
    "Plan",
    "Policy",
    "PreorderCaps",
    "RankStep",
    "RequestPolicies",
    "RequestPolicy",
    "RowFilter",
    "SafetyBuffers",
    "ShortRequest",
    "Shortage",
    "Shortfall",
    "StockSnapshot",
    "Supply",
    "SupplyKey",
    "allocate",
    "backorders_of",
    "cap_preorders",
    "default_reservation_id",
    "fill_backorders",
    "pickup_only",
    "require_whole",
    "reserve_for",
    "reserve_plan",
    "shortages",
    "whole_policy",
]
