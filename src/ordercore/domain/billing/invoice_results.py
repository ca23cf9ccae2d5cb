"""What the invoice's commands return: the recorded payment and the outcome of a credit note."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from ordercore.domain.billing.credit_notes import CreditNote
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.kernel.money import Money
from ordercore.kernel.slots import draft_class

__all__ = [
    "AppliedPayment",
    "CreditResult",
    "PaymentApplication",
    "applied_payment",
    "payment_application",
    "split_payment",
]


@attrs.frozen
class AppliedPayment:
    """A payment as the invoice recorded it: ``received`` = ``applied`` + ``credit``."""

    payment_ref: str
    received: Money
    applied: Money
    discount: Money
    credit: Money
    at: pendulum.DateTime

    @classmethod
    def against(
        cls, balance: Money, offered: Money, payment_ref: str, amount: Money, at: pendulum.DateTime
    ) -> AppliedPayment:
        """``amount`` applied to ``balance``: with the ``offered`` discount if it settles in full.

        What is above the balance (less the discount) is kept as ``credit``.
        """
        applied, discount, credit = split_payment(balance, offered, amount)
        return cls(payment_ref, amount, applied, discount, credit, at)


def split_payment(balance: Money, offered: Money, amount: Money) -> tuple[Money, Money, Money]:
    """How ``amount`` meets ``balance``: ``(applied, discount, credit)``, as :meth:`against`.

    The ``offered`` discount is granted if the amount settles in full; what is above the
    balance (less the discount) is kept as credit. A command deciding a payment asks this alone
    (the mutator builds the one :class:`AppliedPayment` the invoice keeps).
    """
    if not offered.amount and offered.currency is balance.currency:
        # no discount offered (the usual terms): none to grant, no figure to take it off
        applied = min(amount, balance)
        if applied is amount:  # all of it applied (min() gave it back): no credit, nothing
            return applied, offered, offered  # subtracted (``offered`` is the zero)
        return applied, offered, amount - applied
    discount = offered if amount >= balance - offered else Money.zero(balance.currency)
    applied = min(amount, balance - discount)
    return applied, discount, amount - applied


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


# A payment applied to an invoice builds its record and its outcome from figures the invoice
# just checked: each is drafted (kernel.slots.draft_class; no field has a converter or
# validator), a plain slot store per field, not one object.__setattr__ each by the generated
# __init__.
_AppliedPaymentDraft = draft_class(AppliedPayment)
_ApplicationDraft = draft_class(PaymentApplication)


def applied_payment(
    payment_ref: str,
    received: Money,
    applied: Money,
    discount: Money,
    credit: Money,
    at: pendulum.DateTime,
) -> AppliedPayment:
    """``AppliedPayment(payment_ref, received, applied, discount, credit, at)``, drafted."""
    draft: Any = _AppliedPaymentDraft()
    draft.payment_ref = payment_ref
    draft.received = received
    draft.applied = applied
    draft.discount = discount
    draft.credit = credit
    draft.at = at
    draft.__class__ = AppliedPayment
    payment: AppliedPayment = draft
    return payment


def payment_application(
    payment: AppliedPayment, balance: Money, status: InvoiceStatus
) -> PaymentApplication:
    """``PaymentApplication(payment, balance, status)``, drafted."""
    draft: Any = _ApplicationDraft()
    draft.payment = payment
    draft.balance = balance
    draft.status = status
    draft.__class__ = PaymentApplication
    outcome: PaymentApplication = draft
    return outcome
