"""The service layer: the ``Engine`` and the pure glue between orders, stock and allocation."""

from ordercore.service.allocating import (
    AppliedPlan,
    apply_plan,
    demand_of,
    reservation_id,
    snapshot_of,
)
from ordercore.service.engine import Engine

__all__ = ["AppliedPlan", "Engine", "apply_plan", "demand_of", "reservation_id", "snapshot_of"]
