"""The catalogue of every lifecycle ordercore declares, by name (for docs, the CLI and tests).

A function, not a mutable global registry: each call builds the mapping from the domain modules.
"""

from __future__ import annotations

from typing import Any

from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE
from ordercore.domain.billing.payment_lifecycle import PAYMENT_LIFECYCLE
from ordercore.domain.fulfilment.lifecycle import SHIPMENT_LIFECYCLE
from ordercore.domain.inventory import RESERVATION_LIFECYCLE
from ordercore.domain.orders.lifecycle import ORDER_LIFECYCLE
from ordercore.domain.returns.followup_lifecycle import FOLLOW_UP_LIFECYCLE
from ordercore.domain.returns.lifecycle import RMA_LIFECYCLE
from ordercore.domain.warehouse.lifecycle import PICK_LIST_LIFECYCLE
from ordercore.kernel.fsm import Lifecycle

__all__ = ["catalogue"]


def catalogue() -> dict[str, Lifecycle[Any, Any]]:
    """Every declared lifecycle, keyed by its name, sorted by name."""
    found: list[Lifecycle[Any, Any]] = [
        ORDER_LIFECYCLE,
        PAYMENT_LIFECYCLE,
        INVOICE_LIFECYCLE,
        RESERVATION_LIFECYCLE,
        SHIPMENT_LIFECYCLE,
        RMA_LIFECYCLE,
        FOLLOW_UP_LIFECYCLE,
        PICK_LIST_LIFECYCLE,
    ]
    return {lifecycle.name: lifecycle for lifecycle in sorted(found, key=lambda lc: lc.name)}
