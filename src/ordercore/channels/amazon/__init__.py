"""Amazon Selling Partner API (Orders v0) mappers: orders and items in, shipment confirmations out.

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
from ordercore.channels.amazon.outbound import shipment_confirmation_body

__all__ = [
    "CHANNEL",
    "AmazonOrderStatus",
    "OrderSummary",
    "SkuFallback",
    "map_order",
    "map_order_summaries",
    "shipment_confirmation_body",
]
