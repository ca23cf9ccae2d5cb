"""ordercore: an embeddable, I/O-free order-management engine.

Orders, payments, invoices, inventory reservations, allocation, fulfilment and returns, as pure
state machines over exact money and conserved quantities. The host application supplies
persistence and talks to the outside world; ordercore owns the rules.

The names a host uses most are importable from here (``__all__``, pinned by a test so it changes
only on purpose); each domain package
(``ordercore.domain.orders``, ``.billing``, ``.inventory``, ``.allocation``, ``.fulfilment``)
exports its whole vocabulary, ``ordercore.errors`` gathers every error, ``ordercore.ports`` the
ports, ``ordercore.memory`` the reference adapter, ``ordercore.channels`` the Shopify, Amazon and
QuickBooks payload mappers, and ``ordercore.testing`` the test kit.
"""

from ordercore.domain.allocation import Policy
from ordercore.domain.billing import Invoice, Payment, PaymentMethod, PaymentTerms
from ordercore.domain.fulfilment import Parcel, Shipment
from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order, OrderStatus
from ordercore.kernel.clock import Clock, FixedClock, instant
from ordercore.kernel.errors import (
    ConcurrencyConflict,
    NotFound,
    OrdercoreError,
    ValidationError,
)
from ordercore.kernel.ids import SequentialIds
from ordercore.kernel.money import Currency, Money, Rounding
from ordercore.memory import MemoryStore
from ordercore.service import Engine

__version__ = "0.1.0.dev0"

__all__ = [
    "Address",
    "Clock",
    "ConcurrencyConflict",
    "Currency",
    "Engine",
    "FixedClock",
    "Invoice",
    "InvoicingPolicy",
    "Location",
    "Lot",
    "MemoryStore",
    "Money",
    "NotFound",
    "Order",
    "OrderStatus",
    "OrdercoreError",
    "Parcel",
    "Payment",
    "PaymentMethod",
    "PaymentTerms",
    "Policy",
    "Rounding",
    "SequentialIds",
    "Shipment",
    "StockItem",
    "ValidationError",
    "instant",
]
