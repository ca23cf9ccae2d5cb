"""Shopify Admin REST mappers: orders, transactions, refunds, fulfillments, stock and locations.

Modules: :mod:`.orders`, :mod:`.operations` (transactions, refunds, fulfillments),
:mod:`.locations` (stock levels, locations) and :mod:`.outbound`. Inbound functions take a parsed
payload (``json.loads(text, parse_float=Decimal)``) and return typed values; outbound functions
return the JSON body a host sends. Nothing here does I/O.
"""

from ordercore.channels.shopify.locations import (
    ShopifyLocation,
    StockLevel,
    map_inventory_level,
    map_inventory_levels,
    map_location,
)
from ordercore.channels.shopify.operations import (
    FulfillmentState,
    PaymentAction,
    PaymentOperation,
    RefundedLine,
    ShopifyFulfillment,
    ShopifyRefund,
    TransactionKind,
    TransactionStatus,
    map_fulfillment,
    map_refund,
    map_transaction,
)
from ordercore.channels.shopify.orders import (
    CHANNEL,
    FinancialStatus,
    FulfillmentStatus,
    map_order,
    map_orders,
    read_address,
)
from ordercore.channels.shopify.outbound import fulfillment_body, inventory_level_body, shopify_id

__all__ = [
    "CHANNEL",
    "FinancialStatus",
    "FulfillmentState",
    "FulfillmentStatus",
    "PaymentAction",
    "PaymentOperation",
    "RefundedLine",
    "ShopifyFulfillment",
    "ShopifyLocation",
    "ShopifyRefund",
    "StockLevel",
    "TransactionKind",
    "TransactionStatus",
    "fulfillment_body",
    "inventory_level_body",
    "map_fulfillment",
    "map_inventory_level",
    "map_inventory_levels",
    "map_location",
    "map_order",
    "map_orders",
    "map_refund",
    "map_transaction",
    "read_address",
    "shopify_id",
]
