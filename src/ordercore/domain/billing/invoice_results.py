"""What the invoice's commands return: the recorded payment and the outcome of a credit note."""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.billing.credit_notes import CreditNote
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.kernel.money import Money
from ordercore.kernel.slots import slot_setters

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
# just checked: their slots are written (kernel.slots; no field has a converter or validator),
# not set one object.__setattr__ each by the generated __init__.
_new = object.__new__
(
    _set_payment_ref,
    _set_received,
    _set_applied,
    _set_discount,
    _set_credit,
    _set_at,
) = slot_setters(AppliedPayment)
_set_payment, _set_balance, _set_status = slot_setters(PaymentApplication)


def applied_payment(
    payment_ref: str,
    received: Money,
    applied: Money,
    discount: Money,
    credit: Money,
    at: pendulum.DateTime,
) -> AppliedPayment:
    """``AppliedPayment(payment_ref, received, applied, discount, credit, at)``, slots written."""
    payment: AppliedPayment = _new(AppliedPayment)
    _set_payment_ref(payment, payment_ref)
    _set_received(payment, received)
    _set_applied(payment, applied)
    _set_discount(payment, discount)
    _set_credit(payment, credit)
    _set_at(payment, at)
    return payment


def payment_application(
    payment: AppliedPayment, balance: Money, status: InvoiceStatus
) -> PaymentApplication:
    """``PaymentApplication(payment, balance, status)``, its slots written."""
    outcome: PaymentApplication = _new(PaymentApplication)
    _set_payment(outcome, payment)
    _set_balance(outcome, balance)
    _set_status(outcome, status)
    return outcome
