"""Every error ordercore raises, in one place to import from.

All derive from :class:`OrdercoreError` and from the builtin that matches their meaning
(``ValueError``, ``LookupError``, ``TypeError``, ``RuntimeError``), carry structured ``fields``,
and name the field, the value and the rule in their message.
"""

from ordercore.channels.errors import (
    ChannelPayloadError,
    TotalsDoNotReconcile,
    VersionKindMismatch,
)
from ordercore.domain.allocation.errors import (
    DuplicateDemand,
    DuplicateSupply,
    LineNotInPlan,
    ShortRequest,
)
from ordercore.domain.billing.invoice_errors import (
    CreditExceedsInvoice,
    DuplicatePayment,
    InvalidPaymentTerms,
    TotalsMismatch,
)
from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ConflictingGatewayReference,
    PaymentOvershoot,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.store_credit import InsufficientStoreCredit
from ordercore.domain.catalogue.errors import UnknownSku, UnsellableSku
from ordercore.domain.fulfilment.errors import (
    NotOnShelf,
    OnPickList,
    OverPick,
    UnknownShipmentLine,
)
from ordercore.domain.inventory.errors import (
    DuplicateReservation,
    HoldExpired,
    InsufficientStock,
    NegativeStock,
    OverRelease,
    OverShipment,
    OverUnpick,
    UnknownLot,
)
from ordercore.domain.orders.errors import (
    BillingQuantityExceeded,
    InsufficientQuantity,
    LineNotEditable,
    NotAllowedInStatus,
    OrderOnHold,
)
from ordercore.domain.returns.errors import (
    OutsideReturnWindow,
    OverRefund,
    OverReturn,
    UnknownReturnLine,
)
from ordercore.domain.warehouse.errors import (
    OverConfirm,
    SerialExhausted,
    UnknownBin,
    UnknownPickLine,
)
from ordercore.domain.warehouse.packing import OverPack, UnderPack, WrongItem
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
from ordercore.ports.errors import (
    CorruptDocument,
    DuplicateEntity,
    IdempotencyKeyReused,
    UnitOfWorkClosed,
    UnsavedChanges,
)
from ordercore.service.errors import (
    PaymentNotAuthorized,
    PaymentOfAnotherOrder,
    ReservationsOutOfStep,
    ShipmentInProgress,
    UnknownLocation,
)

__all__ = [
    "AuthorizationExpired",
    "BillingQuantityExceeded",
    "CaptureExceedsAuthorization",
    "ChannelPayloadError",
    "ConcurrencyConflict",
    "ConflictingGatewayReference",
    "CorruptDocument",
    "CreditExceedsInvoice",
    "CurrencyMismatch",
    "DuplicateDemand",
    "DuplicateEntity",
    "DuplicatePayment",
    "DuplicateReservation",
    "DuplicateSupply",
    "GuardRejected",
    "HoldExpired",
    "IdempotencyKeyReused",
    "InsufficientQuantity",
    "InsufficientStock",
    "InsufficientStoreCredit",
    "InvalidPaymentTerms",
    "InvalidTransition",
    "LifecycleDefinitionError",
    "LineNotEditable",
    "LineNotInPlan",
    "NaiveDatetime",
    "NegativeStock",
    "NotAllowedInStatus",
    "NotFound",
    "NotOnShelf",
    "OnPickList",
    "OrderOnHold",
    "OrdercoreError",
    "OutsideReturnWindow",
    "OverConfirm",
    "OverPack",
    "OverPick",
    "OverRefund",
    "OverRelease",
    "OverReturn",
    "OverShipment",
    "OverUnpick",
    "PaymentNotAuthorized",
    "PaymentOfAnotherOrder",
    "PaymentOvershoot",
    "RefundBeforeSettlement",
    "RefundExceedsCaptured",
    "ReservationsOutOfStep",
    "SerialExhausted",
    "ShipmentInProgress",
    "ShortRequest",
    "TotalsDoNotReconcile",
    "TotalsMismatch",
    "UnderPack",
    "UnitOfWorkClosed",
    "UnknownBin",
    "UnknownCurrency",
    "UnknownLocation",
    "UnknownLot",
    "UnknownPickLine",
    "UnknownReturnLine",
    "UnknownShipmentLine",
    "UnknownSku",
    "UnsavedChanges",
    "UnsellableSku",
    "ValidationError",
    "VersionKindMismatch",
    "WrongItem",
    "WrongType",
]
