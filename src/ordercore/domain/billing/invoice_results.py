"""What the invoice's commands return: the recorded payment and the outcome of a credit note."""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.billing.credit_notes import CreditNote
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.kernel.money import Money

__all__ = ["AppliedPayment", "CreditResult", "PaymentApplication"]


@attrs.frozen
class AppliedPayment:
    """A payment as the invoice recorded it: ``received`` = ``applied`` + ``credit``."""

    payment_ref: str
    received: Money
    applied: Money
    discount: Money
    credit: Money
    at: pendulum.DateTime


@attrs.frozen
class PaymentApplication:
    """What :meth:`Invoice.apply_payment` did: the recorded payment, the balance, the status."""

    payment: AppliedPayment
    balance: Money
    status: InvoiceStatus


@attrs.frozen
class CreditResult:
    """What :meth:`Invoice.issue_credit_note` did.

    ``applied`` reduced what the invoice was owed; ``customer_credit`` is owed back to the customer.
    """

    note: CreditNote
    applied: Money
    customer_credit: Money
    balance: Money
    status: InvoiceStatus
