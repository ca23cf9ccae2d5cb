"""The service layer: the ``Engine`` façade and the glue between orders, stock and billing.

Each Engine command is one unit of work (see ``docs/service.md``); a command handler changes
the aggregate its command is about and states what happened as a fact; the policy table
(``policies``) says, in one place, what follows in the other aggregates. The modules hold the
commands by theme: ``fulfilling`` (place to deliver), ``shipping`` (shipments: open, pick,
pack, ship, deliver, cancel; ``picking`` keeps stock in step with them), ``paying`` (payment
commands), ``billing`` (an order's invoices and payments, credit notes), ``cancelling``,
``returns``, ``restocking`` (receipts and backorder fills), ``timers`` (``tick``) and
``reports`` (late orders, backorders, best sellers); ``idempotence`` keeps a keyed command's
result with its commit, and ``session`` hands each aggregate out once per attempt. See
``docs/architecture.md`` for the walk of one order through them.
"""

from ordercore.service.allocating import (
    AppliedPlan,
    apply_plan,
    demand_of,
    line_reservations,
    next_reservation_id,
    reservation_id,
    snapshot_of,
)
from ordercore.service.billing import invoice_id, payment_id
from ordercore.service.cancelling import CancellationOutcome
from ordercore.service.engine import Engine
from ordercore.service.errors import (
    PaymentNotAuthorized,
    PaymentOfAnotherOrder,
    ReservationsOutOfStep,
    ShipmentInProgress,
)
from ordercore.service.reports import LateOrder, backorders_by_sku, best_sellers, late_orders
from ordercore.service.restocking import FillResult
from ordercore.service.returns import ReturnOutcome
from ordercore.service.session import Session
from ordercore.service.timers import OverdueInvoice, TickReport

__all__ = [
    "AppliedPlan",
    "CancellationOutcome",
    "Engine",
    "FillResult",
    "LateOrder",
    "OverdueInvoice",
    "PaymentNotAuthorized",
    "PaymentOfAnotherOrder",
    "ReservationsOutOfStep",
    "ReturnOutcome",
    "Session",
    "ShipmentInProgress",
    "TickReport",
    "apply_plan",
    "backorders_by_sku",
    "best_sellers",
    "demand_of",
    "invoice_id",
    "late_orders",
    "line_reservations",
    "next_reservation_id",
    "payment_id",
    "reservation_id",
    "snapshot_of",
]
