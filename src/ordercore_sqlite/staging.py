"""The classes the SQL stores decode documents as (the staging is :mod:`ordercore.ports.staging`).

The staging (staged rows, read set, events, keys, numbers, movements) has no I/O and is shared
by every store; its names are re-exported here for the code that imported them from here.
"""

from __future__ import annotations

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.store_credit import StoreCredit
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.domain.returns import FollowUp, ReturnAuthorization
from ordercore.domain.warehouse import Packing, PickList
from ordercore.domain.watermark import TickWatermark
from ordercore.ports.staging import (
    StagedRow,
    Staging,
    aggregate_key,
    aggregate_version,
    outbox_rows,
    sort_key,
)

__all__ = [
    "ORDERCORE_TYPES",
    "StagedRow",
    "Staging",
    "aggregate_key",
    "aggregate_version",
    "outbox_rows",
    "sort_key",
]

ORDERCORE_TYPES: dict[str, type] = {
    "orders": Order,
    "stock": StockItem,
    "payments": Payment,
    "invoices": Invoice,
    "shipments": Shipment,
    "returns": ReturnAuthorization,
    "follow_ups": FollowUp,
    "pick_lists": PickList,
    "packings": Packing,
    "store_credits": StoreCredit,
    "timers": TickWatermark,
}
"""The class stored in each of ``ORDERCORE_COLLECTIONS`` (what a store decodes documents as)."""
