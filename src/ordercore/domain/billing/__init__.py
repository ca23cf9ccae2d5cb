"""Billing: payments, invoices, payment terms, document totals, credit notes and settlement."""

from ordercore.domain.billing.credit_notes import (
    CreditNote,
    draft_credit_note,
    mirror_line,
    resolve_credit,
    split_credit,
)
from ordercore.domain.billing.invoice_errors import (
    CreditExceedsInvoice,
    DuplicatePayment,
    InvalidPaymentTerms,
    TotalsMismatch,
)
from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceDrafted,
    InvoiceEvent,
    InvoiceIssued,
    InvoicePaid,
    InvoicePaymentApplied,
    InvoiceVoided,
)
from ordercore.domain.billing.invoice_lifecycle import (
    INVOICE_LIFECYCLE,
    Creditable,
    InvoiceStatus,
)
from ordercore.domain.billing.invoice_results import (
    AppliedPayment,
    CreditResult,
    PaymentApplication,
)
from ordercore.domain.billing.invoices import (
    Invoice,
)
from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ConflictingGatewayReference,
    PaymentOvershoot,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.payment_events import (
    PaymentAuthorized,
    PaymentCaptured,
    PaymentEvent,
    PaymentExpired,
    PaymentFailed,
    PaymentRefunded,
    PaymentVoided,
)
from ordercore.domain.billing.payment_ledger import (
    LedgerTotals,
    OperationKind,
    PaymentLedger,
    PaymentMethod,
    PaymentOperation,
    PaymentResult,
)
from ordercore.domain.billing.payment_lifecycle import (
    PAYMENT_LIFECYCLE,
    PaymentState,
)
from ordercore.domain.billing.payments import (
    Payment,
)
from ordercore.domain.billing.settlement import (
    PaymentSummary,
)
from ordercore.domain.billing.terms import (
    MAX_TERM_DAYS,
    DueOnReceipt,
    DueRule,
    EarlyPaymentDiscount,
    EndOfMonth,
    Instalment,
    Net,
    PaymentTerms,
    ScheduledPayment,
)
from ordercore.domain.billing.totals import (
    MAX_TAX_RATE,
    SHIPPING_SKU,
    ComputedLine,
    DocumentLine,
    Shipping,
    TaxMode,
    Totals,
    compute_line,
    compute_totals,
    require_quantity,
    tax_rate,
)

__all__ = [
    "INVOICE_LIFECYCLE",
    "MAX_TAX_RATE",
    "MAX_TERM_DAYS",
    "PAYMENT_LIFECYCLE",
    "SHIPPING_SKU",
    "AppliedPayment",
    "AuthorizationExpired",
    "CaptureExceedsAuthorization",
    "ComputedLine",
    "ConflictingGatewayReference",
    "CreditExceedsInvoice",
    "CreditNote",
    "CreditNoteIssued",
    "CreditResult",
    "Creditable",
    "DocumentLine",
    "DueOnReceipt",
    "DueRule",
    "DuplicatePayment",
    "EarlyPaymentDiscount",
    "EndOfMonth",
    "Instalment",
    "InvalidPaymentTerms",
    "Invoice",
    "InvoiceDrafted",
    "InvoiceEvent",
    "InvoiceIssued",
    "InvoicePaid",
    "InvoicePaymentApplied",
    "InvoiceStatus",
    "InvoiceVoided",
    "LedgerTotals",
    "Net",
    "OperationKind",
    "Payment",
    "PaymentApplication",
    "PaymentAuthorized",
    "PaymentCaptured",
    "PaymentEvent",
    "PaymentExpired",
    "PaymentFailed",
    "PaymentLedger",
    "PaymentMethod",
    "PaymentOperation",
    "PaymentOvershoot",
    "PaymentRefunded",
    "PaymentResult",
    "PaymentState",
    "PaymentSummary",
    "PaymentTerms",
    "PaymentVoided",
    "RefundBeforeSettlement",
    "RefundExceedsCaptured",
    "ScheduledPayment",
    "Shipping",
    "TaxMode",
    "Totals",
    "TotalsMismatch",
    "compute_line",
    "compute_totals",
    "draft_credit_note",
    "mirror_line",
    "require_quantity",
    "resolve_credit",
    "split_credit",
    "tax_rate",
]
