"""ordercore: an embeddable, I/O-free order-management engine.

Orders, payments, invoices, inventory reservations, allocation, fulfilment and returns, as pure
state machines over exact money and conserved quantities. The host application supplies
persistence and talks to the outside world; ordercore owns the rules.

The names a host uses most are importable from here; each domain package
(``ordercore.domain.orders``, ``.billing``, ``.inventory``, ``.allocation``) exports its whole
vocabulary, ``ordercore.errors`` gathers every error, ``ordercore.ports`` the ports,
``ordercore.memory`` the reference adapter and ``ordercore.testing`` the test kit.
"""

from ordercore.domain.allocation import (
    AllocationRule,
    DemandLine,
    OrderDemand,
    Plan,
    Policy,
    Shortfall,
    StockSnapshot,
    Supply,
    fill_backorders,
)
from ordercore.domain.billing import (
    INVOICE_LIFECYCLE,
    PAYMENT_LIFECYCLE,
    CreditNote,
    DocumentLine,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    PaymentState,
    PaymentSummary,
    PaymentTerms,
)
from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import (
    ORDER_LIFECYCLE,
    Address,
    Bucket,
    FulfilmentStatus,
    HoldType,
    InvoicingPolicy,
    Order,
    OrderStatus,
)
from ordercore.kernel.clock import Clock, FixedClock, instant, local_date, require_date
from ordercore.kernel.errors import (
    ConcurrencyConflict,
    CurrencyMismatch,
    GuardRejected,
    InvalidTransition,
    LifecycleDefinitionError,
    NaiveDatetime,
    NotFound,
    OrdercoreError,
    UnknownCurrency,
    ValidationError,
    WrongType,
)
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.fsm import Guard, Lifecycle, Transition
from ordercore.kernel.ids import (
    CustomerId,
    IdFactory,
    InvoiceId,
    LocationId,
    LotId,
    OrderId,
    PaymentId,
    ReservationId,
    ReturnId,
    SeededIds,
    SequentialIds,
    ShipmentId,
    Sku,
)
from ordercore.kernel.money import (
    Currency,
    CurrencyTable,
    Money,
    Rounding,
    allocate,
    allocate_units,
    sum_money,
)
from ordercore.lifecycles import catalogue
from ordercore.memory import MemoryStore
from ordercore.service import (
    CancellationOutcome,
    Engine,
    FillResult,
    LateOrder,
    OverdueInvoice,
    ReturnOutcome,
    TickReport,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "INVOICE_LIFECYCLE",
    "ORDER_LIFECYCLE",
    "PAYMENT_LIFECYCLE",
    "Address",
    "AllocationRule",
    "Bucket",
    "CancellationOutcome",
    "Clock",
    "ConcurrencyConflict",
    "CreditNote",
    "Currency",
    "CurrencyMismatch",
    "CurrencyTable",
    "CustomerId",
    "DemandLine",
    "DocumentLine",
    "DomainEvent",
    "Engine",
    "FillResult",
    "FixedClock",
    "FulfilmentStatus",
    "Guard",
    "GuardRejected",
    "HoldType",
    "IdFactory",
    "InvalidTransition",
    "Invoice",
    "InvoiceId",
    "InvoiceStatus",
    "InvoicingPolicy",
    "LateOrder",
    "Lifecycle",
    "LifecycleDefinitionError",
    "Location",
    "LocationId",
    "Lot",
    "LotId",
    "MemoryStore",
    "Money",
    "NaiveDatetime",
    "NotFound",
    "Order",
    "OrderDemand",
    "OrderId",
    "OrderStatus",
    "OrdercoreError",
    "OverdueInvoice",
    "Payment",
    "PaymentId",
    "PaymentMethod",
    "PaymentState",
    "PaymentSummary",
    "PaymentTerms",
    "Plan",
    "Policy",
    "ReservationId",
    "ReturnId",
    "ReturnOutcome",
    "Rounding",
    "SeededIds",
    "SequentialIds",
    "ShipmentId",
    "Shortfall",
    "Sku",
    "StockItem",
    "StockSnapshot",
    "Supply",
    "TickReport",
    "Transition",
    "UnknownCurrency",
    "ValidationError",
    "WrongType",
    "allocate",
    "allocate_units",
    "catalogue",
    "fill_backorders",
    "instant",
    "local_date",
    "require_date",
    "sum_money",
]
