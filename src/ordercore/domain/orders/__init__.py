"""Orders: the ``Order`` aggregate, its lifecycle, quantity ledger, holds, edits and cancellation.

``Order`` is one class (:mod:`.order`) composed of parts named for what they hold: lines and
their quantity ledgers, totals, holds. Import the public names from here.
"""

from ordercore.domain.orders.errors import (
    BillingQuantityExceeded,
    InsufficientQuantity,
    LineNotEditable,
    NotAllowedInStatus,
    OrderOnHold,
)
from ordercore.domain.orders.events import (
    BillToChanged,
    LineCancellation,
    OrderArchived,
    OrderCancelled,
    OrderCompleted,
    OrderConfirmed,
    OrderEvent,
    OrderFulfilmentStarted,
    OrderHoldPlaced,
    OrderHoldReleased,
    OrderLineAdded,
    OrderLineCancelled,
    OrderLineCredited,
    OrderLineInvoiced,
    OrderLineQuantityChanged,
    OrderLineRemoved,
    OrderPlaced,
    OrderQuantityMoved,
    PickupChosen,
    ShipToChanged,
)
from ordercore.domain.orders.holds import HOLD_BLOCKS, Hold, HoldType
from ordercore.domain.orders.ledger import (
    BUCKET_MOVES,
    CANCELLABLE_BUCKETS,
    EDITABLE_BUCKETS,
    OUT_BUCKETS,
    Bucket,
    BucketMove,
    QuantityLedger,
    bucket_move,
)
from ordercore.domain.orders.lifecycle import ORDER_LIFECYCLE, OrderFacts, OrderStatus
from ordercore.domain.orders.lines import OrderLine
from ordercore.domain.orders.order import (
    BILLING_STATUSES,
    CANCEL_LINE_STATUSES,
    EDIT_STATUSES,
    Order,
)
from ordercore.domain.orders.pricing import OrderTotals
from ordercore.domain.orders.results import (
    CancellationResult,
    CancelledLine,
    EditResult,
    LineQuantity,
)
from ordercore.domain.orders.status import FulfilmentStatus, fulfilment_status
from ordercore.domain.orders.values import (
    Address,
    ChannelRef,
    Discount,
    HoldId,
    InvoicingPolicy,
    LineId,
    ShippingCharge,
    TaxLine,
)

__all__ = [
    "BILLING_STATUSES",
    "BUCKET_MOVES",
    "CANCELLABLE_BUCKETS",
    "CANCEL_LINE_STATUSES",
    "EDITABLE_BUCKETS",
    "EDIT_STATUSES",
    "HOLD_BLOCKS",
    "ORDER_LIFECYCLE",
    "OUT_BUCKETS",
    "Address",
    "BillToChanged",
    "BillingQuantityExceeded",
    "Bucket",
    "BucketMove",
    "CancellationResult",
    "CancelledLine",
    "ChannelRef",
    "Discount",
    "EditResult",
    "FulfilmentStatus",
    "Hold",
    "HoldId",
    "HoldType",
    "InsufficientQuantity",
    "InvoicingPolicy",
    "LineCancellation",
    "LineId",
    "LineNotEditable",
    "LineQuantity",
    "NotAllowedInStatus",
    "Order",
    "OrderArchived",
    "OrderCancelled",
    "OrderCompleted",
    "OrderConfirmed",
    "OrderEvent",
    "OrderFacts",
    "OrderFulfilmentStarted",
    "OrderHoldPlaced",
    "OrderHoldReleased",
    "OrderLine",
    "OrderLineAdded",
    "OrderLineCancelled",
    "OrderLineCredited",
    "OrderLineInvoiced",
    "OrderLineQuantityChanged",
    "OrderLineRemoved",
    "OrderOnHold",
    "OrderPlaced",
    "OrderQuantityMoved",
    "OrderStatus",
    "OrderTotals",
    "PickupChosen",
    "QuantityLedger",
    "ShipToChanged",
    "ShippingCharge",
    "TaxLine",
    "bucket_move",
    "fulfilment_status",
]
