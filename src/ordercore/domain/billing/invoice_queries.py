"""What an invoice answers without changing: its total, balance, overdue and discount figures.

:class:`InvoiceQueries` is the read side of :class:`~ordercore.domain.billing.invoices.Invoice`
(a mixin with no state of its own): every figure is derived from the invoice's fields, never
stored beside them. Overdue is derived too: an instalment paid on its due date is on time.
"""

from __future__ import annotations

import pendulum

from ordercore.domain.billing.credit_notes import CreditNote
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.domain.billing.invoice_results import AppliedPayment
from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import Totals
from ordercore.kernel.clock import require_date
from ordercore.kernel.money import Money, sum_money

__all__ = ["InvoiceQueries"]

_OPEN = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


class InvoiceQueries:
    """The queries of an invoice, over the fields the invoice itself holds."""

    __slots__ = ()

    totals: Totals
    status: InvoiceStatus
    issued_at: pendulum.DateTime | None
    terms: PaymentTerms | None
    timezone: str | None
    schedule: tuple[ScheduledPayment, ...]
    payments: tuple[AppliedPayment, ...]
    credit_notes: tuple[CreditNote, ...]
    amount_paid: Money
    discount_taken: Money
    credit_applied: Money

    @property
    def total(self) -> Money:
        """The invoice total."""
        return self.totals.total

    @property
    def balance(self) -> Money:
        """What is still owed: total - paid - discount taken - credit applied (never negative)."""
        return self.total - self.amount_paid - self.discount_taken - self.credit_applied

    @property
    def amount_received(self) -> Money:
        """Every payment received, including any excess kept as customer credit."""
        return sum_money((p.received for p in self.payments), self.totals.currency)

    @property
    def amount_credited(self) -> Money:
        """The sum of this invoice's credit notes."""
        return sum_money((n.total for n in self.credit_notes), self.totals.currency)

    def overdue_amount(self, on: pendulum.Date) -> Money:
        """What was scheduled due before ``on`` (a date) and is not yet settled; zero if none."""
        day = require_date(on, "on")
        zero = Money.zero(self.totals.currency)
        if self.status not in _OPEN:
            return zero
        due = sum_money((s.amount for s in self.schedule if s.due_on < day), self.totals.currency)
        late = due - (self.total - self.balance)
        return late if late > zero else zero

    def is_overdue(self, on: pendulum.Date) -> bool:
        """Whether, on the date ``on``, an instalment is past its due date and not settled.

        An instalment paid on its due date is on time; it is overdue from the next day.
        """
        return not self.overdue_amount(on).is_zero()

    def discount_available(self, on: pendulum.Date) -> Money:
        """The early-payment discount the customer may deduct by settling in full on ``on``."""
        day = require_date(on, "on")
        terms, issued_at, zone = self.terms, self.issued_at, self.timezone or "UTC"
        if terms is None or issued_at is None or self.discount_taken:
            return Money.zero(self.totals.currency)
        if self.status not in _OPEN:
            return Money.zero(self.totals.currency)
        return terms.discount_on(self.balance, issued_at, zone, day, self.totals.rounding)

    def amount_due_on(self, on: pendulum.Date) -> Money:
        """What settles the invoice on ``on``: the balance less any available discount."""
        return self.balance - self.discount_available(on)
