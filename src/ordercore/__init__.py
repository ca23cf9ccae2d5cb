"""ordercore: an embeddable, I/O-free order-management engine.

Orders, payments, invoices, inventory reservations, allocation, fulfilment and returns, as pure
state machines over exact money and conserved quantities. The host application supplies
persistence and talks to the outside world; ordercore owns the rules.

Everything public is importable from here; ``ordercore.errors`` gathers every error.
"""

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

__version__ = "0.1.0.dev0"

__all__ = [
    "Clock",
    "ConcurrencyConflict",
    "Currency",
    "CurrencyMismatch",
    "CurrencyTable",
    "CustomerId",
    "DomainEvent",
    "FixedClock",
    "Guard",
    "GuardRejected",
    "IdFactory",
    "InvalidTransition",
    "InvoiceId",
    "Lifecycle",
    "LifecycleDefinitionError",
    "LocationId",
    "LotId",
    "Money",
    "NaiveDatetime",
    "NotFound",
    "OrderId",
    "OrdercoreError",
    "PaymentId",
    "ReservationId",
    "ReturnId",
    "Rounding",
    "SeededIds",
    "SequentialIds",
    "ShipmentId",
    "Sku",
    "Transition",
    "UnknownCurrency",
    "ValidationError",
    "WrongType",
    "allocate",
    "allocate_units",
    "catalogue",
    "instant",
    "local_date",
    "require_date",
    "sum_money",
]
