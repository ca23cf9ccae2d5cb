"""Channel mappers: pure functions between channel payloads and ordercore values.

Inbound, a payload (a parsed JSON ``dict``; parse with ``parse_float=Decimal``) becomes an import
command (:class:`ImportOrder`) or a typed value, keyed by an :class:`ExternalRef` and an
:class:`ExternalVersion` that a :class:`SyncLedger` judges new, same, stale or newer. Outbound,
ordercore values become the JSON bodies a host sends. Nothing here does I/O. Channel modules:
:mod:`ordercore.channels.shopify`, :mod:`ordercore.channels.amazon`,
:mod:`ordercore.channels.quickbooks`.
"""

from ordercore.channels.errors import ChannelPayloadError, TotalsDoNotReconcile, VersionKindMismatch
from ordercore.channels.imports import (
    ChannelWarning,
    ExternalCustomer,
    ImportedLine,
    ImportOrder,
    PaymentState,
    ShippingState,
    WarningCode,
    assemble_order,
    computed_totals,
)
from ordercore.channels.outbound import ShipmentNotice, ShippedLine, Tracking
from ordercore.channels.payload import MISSING, Node
from ordercore.channels.reconciliation import (
    ComputedTotals,
    Reconciliation,
    StatedTotal,
    TotalCheck,
    TotalKind,
    reconcile,
)
from ordercore.channels.versions import (
    ExternalRef,
    ExternalVersion,
    SyncDecision,
    SyncLedger,
    SyncOutcome,
    VersionKind,
    decide,
)

__all__ = [
    "MISSING",
    "ChannelPayloadError",
    "ChannelWarning",
    "ComputedTotals",
    "ExternalCustomer",
    "ExternalRef",
    "ExternalVersion",
    "ImportOrder",
    "ImportedLine",
    "Node",
    "PaymentState",
    "Reconciliation",
    "ShipmentNotice",
    "ShippedLine",
    "ShippingState",
    "StatedTotal",
    "SyncDecision",
    "SyncLedger",
    "SyncOutcome",
    "TotalCheck",
    "TotalKind",
    "TotalsDoNotReconcile",
    "Tracking",
    "VersionKind",
    "VersionKindMismatch",
    "WarningCode",
    "assemble_order",
    "computed_totals",
    "decide",
    "reconcile",
]
