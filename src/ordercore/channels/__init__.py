"""Channel mappers: pure functions between channel payloads and ordercore values.

Inbound, a payload (a parsed JSON ``dict``; parse with ``parse_float=Decimal``) becomes an import
command (:class:`ImportOrder`) or a typed value, keyed by an :class:`ExternalRef` and an
:class:`ExternalVersion` that a :class:`SyncLedger` judges new, same, stale or newer. Outbound,
ordercore values become the JSON bodies a host sends, and :func:`route` turns the outbox's domain
events into :class:`ChannelMessage` values addressed by the host's :class:`Routing` (stock levels
through :func:`level_messages`, accounting documents through :func:`document_messages`). Nothing
here does I/O. Channel modules:
:mod:`ordercore.channels.shopify`, :mod:`ordercore.channels.amazon`,
:mod:`ordercore.channels.quickbooks`.
"""

from ordercore.channels.documents import document_messages, refund_receipt_messages
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
from ordercore.channels.levels import channel_levels, level_messages
from ordercore.channels.messages import (
    ChannelMessage,
    DocumentDue,
    DocumentKind,
    LevelChange,
    MessageKind,
    Outbound,
    Unrouted,
    UnroutedReason,
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
from ordercore.channels.router import idempotency_key, route, shipment_notice, stock_locations
from ordercore.channels.routing import (
    FULFILMENT_CHANNELS,
    LEVEL_CHANNELS,
    AccountingRoute,
    AvailableToSell,
    OrderRoute,
    Routing,
    StockFeed,
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
    "FULFILMENT_CHANNELS",
    "LEVEL_CHANNELS",
    "MISSING",
    "AccountingRoute",
    "AvailableToSell",
    "ChannelMessage",
    "ChannelPayloadError",
    "ChannelWarning",
    "ComputedTotals",
    "DocumentDue",
    "DocumentKind",
    "ExternalCustomer",
    "ExternalRef",
    "ExternalVersion",
    "ImportOrder",
    "ImportedLine",
    "LevelChange",
    "MessageKind",
    "Node",
    "OrderRoute",
    "Outbound",
    "PaymentState",
    "Reconciliation",
    "Routing",
    "ShipmentNotice",
    "ShippedLine",
    "ShippingState",
    "StatedTotal",
    "StockFeed",
    "SyncDecision",
    "SyncLedger",
    "SyncOutcome",
    "TotalCheck",
    "TotalKind",
    "TotalsDoNotReconcile",
    "Tracking",
    "Unrouted",
    "UnroutedReason",
    "VersionKind",
    "VersionKindMismatch",
    "WarningCode",
    "assemble_order",
    "channel_levels",
    "computed_totals",
    "decide",
    "document_messages",
    "idempotency_key",
    "level_messages",
    "reconcile",
    "refund_receipt_messages",
    "route",
    "shipment_notice",
    "stock_locations",
]
