"""Amazon SP-API mappers: orders in (Orders v0); confirmations and listing quantities out.

Nothing here does I/O: the host calls the API and passes the parsed responses
(``json.loads(text, parse_float=Decimal)``).
"""

from ordercore.channels.amazon.orders import (
    CHANNEL,
    AmazonOrderStatus,
    OrderSummary,
    SkuFallback,
    map_order,
    map_order_summaries,
)
from ordercore.channels.amazon.outbound import (
    FULFILLMENT_AVAILABILITY,
    listing_quantity_body,
    package_reference_id,
    shipment_confirmation_body,
    split_packages,
)

__all__ = [
    "CHANNEL",
    "FULFILLMENT_AVAILABILITY",
    "AmazonOrderStatus",
    "OrderSummary",
    "SkuFallback",
    "listing_quantity_body",
    "map_order",
    "map_order_summaries",
    "package_reference_id",
    "shipment_confirmation_body",
    "split_packages",
]
