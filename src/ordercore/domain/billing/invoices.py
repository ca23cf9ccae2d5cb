"""The ``Invoice`` aggregate: draft, issue with a number and terms, payments, credit notes, void.

Rules (see ``docs/invoices.md``):

* Lifecycle ``"invoice"`` (``invoice_lifecycle.INVOICE_LIFECYCLE``): after a payment or a credit
  note an invoice is corrected with credit notes, never voided. Overdue is derived, never
  stored: :meth:`Invoice.is_overdue`.
* Lines and totals are fixed when the draft is made (:meth:`Invoice.from_lines`); the number is
  given at issue, as a string or by an injected sequence called only once every check passed.
* ``balance = total - amount_paid - discount_taken - credit_applied`` and never goes negative.
  A payment above the balance is applied up to the balance and the excess is kept as
  ``customer_credit``, never lost. Paid in full by the terms' discount deadline (in the merchant's
  timezone), the early-payment discount on the open balance is granted.
* A credit note first reduces the balance, then gives back a granted early-payment discount, and
  the rest is owed to the customer (``customer_credit``: refund it or keep it as store credit).
* ``version`` is 0 before the draft exists; every command adds 1; its events carry the new version.
* Every event carries what its command needed: :meth:`Invoice.replay` re-runs the commands that
  the events report and rebuilds an invoice equal to the live one, version included.

This module holds the invoice's state, commands and replay; its queries (total, balance, overdue
and discount figures) come from :class:`~ordercore.domain.billing.invoice_queries.InvoiceQueries`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypedDict

import attrs
import pendulum

from ordercore.domain.billing.credit_notes import CreditNote, draft_credit_note, split_credit
from ordercore.domain.billing.invoice_errors import DuplicatePayment
from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceDrafted,
    InvoiceEvent,
    InvoiceIssued,
    InvoicePaid,
    InvoicePaymentApplied,
    InvoiceVoided,
    replay_history,
)
from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE, InvoiceStatus
from ordercore.domain.billing.invoice_queries import InvoiceQueries
from ordercore.domain.billing.invoice_results import (
    AppliedPayment,
    CreditResult,
    PaymentApplication,
)
from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode, Totals, compute_totals
from ordercore.kernel.clock import instant, local_date
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money, Rounding

__all__ = ["Invoice"]


S = InvoiceStatus


class _Stamp(TypedDict):
    entity_id: str
    version: int
    occurred_at: pendulum.DateTime


def _zero(invoice: Invoice) -> Money:
    return Money.zero(invoice.totals.currency)


def _no_credits(invoice: Invoice) -> tuple[int, ...]:
    return (0,) * len(invoice.totals.lines)


@attrs.define
class Invoice(InvoiceQueries):
    """An invoice for one order (or none), from draft to paid, credited or void."""

    id: str
    totals: Totals
    order_id: str | None = None
    status: InvoiceStatus = InvoiceStatus.DRAFT
    version: int = 0
    number: str | None = None
    issued_at: pendulum.DateTime | None = None
    terms: PaymentTerms | None = None
    timezone: str | None = None
    schedule: tuple[ScheduledPayment, ...] = ()
    payments: tuple[AppliedPayment, ...] = ()
    credit_notes: tuple[CreditNote, ...] = ()
    credited_quantities: tuple[int, ...] = attrs.field(
        default=attrs.Factory(_no_credits, takes_self=True)
    )
    shipping_credited: bool = False
    amount_paid: Money = attrs.field(default=attrs.Factory(_zero, takes_self=True))
    discount_taken: Money = attrs.field(default=attrs.Factory(_zero, takes_self=True))
    credit_applied: Money = attrs.field(default=attrs.Factory(_zero, takes_self=True))
    customer_credit: Money = attrs.field(default=attrs.Factory(_zero, takes_self=True))
    void_reason: str = ""
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def from_lines(
        cls,
        invoice_id: str,
        lines: Iterable[DocumentLine],
        *,
        at: pendulum.DateTime,
        order_id: str | None = None,
        order_discount: Money | None = None,
        shipping: Shipping | None = None,
        tax_mode: TaxMode = TaxMode.EXCLUSIVE,
        rounding: Rounding = Rounding.HALF_UP,
    ) -> Invoice:
        """A draft invoice (version 1, ``InvoiceDrafted``) whose totals come from ``lines``."""
        require_id("invoice_id", invoice_id)
        if order_id is not None:
            require_id("order_id", order_id)
        moment = instant(at)
        items = tuple(lines)
        totals = compute_totals(
            items,
            order_discount=order_discount,
            shipping=shipping,
            tax_mode=tax_mode,
            rounding=rounding,
        )
        if not totals.total.amount > 0:
            raise ValidationError("lines", str(totals.total), "an invoice's total must be positive")
        invoice = cls(invoice_id, totals, order_id, version=1)
        invoice.events.append(
            InvoiceDrafted(
                **invoice._stamp(moment),
                order_id=order_id,
                total=totals.total,
                tax_mode=tax_mode,
                lines=items,
                order_discount=order_discount,
                shipping=shipping,
                rounding=rounding,
            )
        )
        return invoice

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then emptied."""
        pulled, self.events = self.events, []
        return pulled

    # -- replay ----------------------------------------------------------------------------------

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Invoice:
        """Rebuild an invoice from all of its events, oldest first, checking each one.

        Each event's command is run again with the inputs the event carries, and must record
        exactly the events given (a settling payment records two). A history the rules would not
        have produced (a gap in versions, another invoice's event, an ``InvoicePaid`` with no
        command before it) is refused with :class:`ValidationError`, or with the error the
        command itself raises.
        """
        return replay_history(events, cls._redraft, Invoice._replay_one)

    @classmethod
    def _redraft(cls, first: InvoiceDrafted) -> Invoice:
        return cls.from_lines(
            first.entity_id, first.lines, at=first.occurred_at, order_id=first.order_id,
            order_discount=first.order_discount, shipping=first.shipping,
            tax_mode=first.tax_mode, rounding=first.rounding,
        )  # fmt: skip

    def _replay_one(self, index: int, event: InvoiceEvent) -> None:
        at = event.occurred_at
        match event:
            case InvoiceIssued():
                self.issue(event.number, at, event.payment_terms, event.timezone)
            case InvoicePaymentApplied():
                self.apply_payment(event.payment_ref, event.received, at)
            case CreditNoteIssued():
                quantities, ship = dict(event.quantities), event.shipping
                self.issue_credit_note(
                    event.credit_note_id, event.number, at, quantities=quantities,
                    include_shipping=ship, reason=event.reason,
                )  # fmt: skip
            case InvoiceVoided():
                self.void(at, event.reason)
            case _:
                rule = "a command's first event starts each step"
                raise ValidationError(f"events[{index}]", event, rule)

    # -- commands --------------------------------------------------------------------------------

    def _stamp(self, moment: pendulum.DateTime) -> _Stamp:
        return _Stamp(entity_id=self.id, version=self.version, occurred_at=moment)

    def _move(self, trigger: str) -> InvoiceStatus:
        return INVOICE_LIFECYCLE.next_state(self.status, trigger, self)

    def _require_any(self, *triggers: str) -> None:
        if not any(INVOICE_LIFECYCLE.can(self.status, t) for t in triggers):
            self._move(triggers[-1])

    def issue(
        self,
        number: str | Callable[[], str],
        issued_at: pendulum.DateTime,
        terms: PaymentTerms | str,
        timezone: str,
    ) -> None:
        """Issue the draft: give it ``number`` (or the next from a sequence) and ``terms``.

        Due dates are computed in ``timezone`` (the merchant's). A sequence is called only after
        every other check passed, so a refused issue never uses up a number.
        """
        target = self._move("issue")
        moment = instant(issued_at, "issued_at")
        terms = PaymentTerms.of(terms)
        if not isinstance(timezone, str):
            raise WrongType("timezone", timezone, "a timezone is an IANA name such as 'UTC'")
        issued_on = local_date(moment, timezone)
        schedule = terms.due_dates(moment, timezone, self.total)
        if not (isinstance(number, str) or callable(number)):
            raise WrongType("number", number, "a number is a str or a callable returning one")
        value = number() if callable(number) else number
        require_id("number", value)
        self.status, self.number, self.issued_at = target, value, moment
        self.terms, self.timezone, self.schedule = terms, timezone, schedule
        self.version += 1
        self.events.append(
            InvoiceIssued(
                **self._stamp(moment),
                number=value,
                terms=str(terms),
                timezone=timezone,
                issued_on=issued_on,
                due_on=max(s.due_on for s in schedule),
                total=self.total,
                payment_terms=terms,
                schedule=schedule,
            )
        )

    def apply_payment(
        self, payment_ref: str, amount: Money, at: pendulum.DateTime
    ) -> PaymentApplication:
        """Apply a payment received at ``at``; any excess over the balance is kept as credit."""
        self._require_any("pay_partly", "pay_in_full")
        require_id("payment_ref", payment_ref)
        moment = instant(at)
        if not isinstance(amount, Money):
            raise WrongType("amount", amount, "a payment is Money")
        if amount.currency != self.totals.currency:
            raise CurrencyMismatch("apply", str(self.total), str(amount))
        if not amount.amount > 0:
            raise ValidationError("amount", str(amount), "a payment must be positive")
        if any(p.payment_ref == payment_ref for p in self.payments):
            raise DuplicatePayment(self.id, payment_ref)
        offered = Money.zero(self.totals.currency)
        if self.timezone is not None:
            offered = self.discount_available(local_date(moment, self.timezone))
        payment = AppliedPayment.against(self.balance, offered, payment_ref, amount, moment)
        applied, discount = payment.applied, payment.discount
        settles = applied + discount == self.balance
        target = self._move("pay_in_full" if settles else "pay_partly")
        self.status = target
        self.payments = (*self.payments, payment)
        self.amount_paid += applied
        self.discount_taken += discount
        self.customer_credit += payment.credit
        self.version += 1
        self.events.append(
            InvoicePaymentApplied(
                **self._stamp(moment),
                payment_ref=payment_ref,
                received=amount,
                applied=applied,
                discount=discount,
                credit=payment.credit,
                balance=self.balance,
            )
        )
        if settles:
            self._paid(moment)
        return PaymentApplication(payment, self.balance, self.status)

    def _paid(self, moment: pendulum.DateTime) -> None:
        paid, taken = self.amount_paid, self.discount_taken
        self.events.append(
            InvoicePaid(**self._stamp(moment), amount_paid=paid, discount_taken=taken)
        )

    def issue_credit_note(
        self,
        credit_note_id: str,
        number: str,
        at: pendulum.DateTime,
        *,
        quantities: Mapping[int, int] | Mapping[str, int] | None = None,
        include_shipping: bool | None = None,
        reason: str = "",
    ) -> CreditResult:
        """Credit some quantities of some lines (or, by default, everything still creditable).

        ``quantities`` maps line index or unique sku to a quantity; shipping is credited with
        ``include_shipping`` (by default only with a full credit). See the module docstring for
        where the credited amount goes.
        """
        self._require_any("credit_partly", "credit_in_full")
        require_id("credit_note_id", credit_note_id)
        require_id("number", number)
        moment = instant(at)
        if not isinstance(reason, str):
            raise WrongType("reason", reason, "a reason is a str")
        if any(n.id == credit_note_id for n in self.credit_notes):
            raise ValidationError("credit_note_id", credit_note_id, "already used on this invoice")
        note, wanted = draft_credit_note(
            credit_note_id,
            number,
            (self.id, self.number or "", self.totals),
            (self.credited_quantities, self.shipping_credited),
            moment,
            reason,
            quantities,
            include_shipping,
        )
        ship = note.shipping is not None
        to_balance, given_back, excess = split_credit(note.total, self.balance, self.discount_taken)
        applied = to_balance + given_back
        settles = to_balance == self.balance
        target = self._move("credit_in_full" if settles else "credit_partly")
        was = self.status
        self.status = target
        self.credit_notes = (*self.credit_notes, note)
        self.credited_quantities = tuple(
            done + wanted.get(i, 0) for i, done in enumerate(self.credited_quantities)
        )
        self.shipping_credited = self.shipping_credited or ship
        self.credit_applied += applied
        self.discount_taken -= given_back
        self.customer_credit += excess
        self.version += 1
        self.events.append(
            CreditNoteIssued(
                **self._stamp(moment),
                credit_note_id=credit_note_id,
                number=number,
                total=note.total,
                applied=applied,
                customer_credit=excess,
                balance=self.balance,
                quantities=tuple(wanted.items()),
                shipping=ship,
                reason=reason,
            )
        )
        if was is S.PARTIALLY_PAID and target is S.PAID:
            self._paid(moment)
        return CreditResult(note, applied, excess, self.balance, self.status)

    def void(self, at: pendulum.DateTime, reason: str) -> None:
        """Void a draft, or an issued invoice with nothing paid or credited; give a ``reason``."""
        target = self._move("void")
        moment = instant(at)
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "voiding an invoice needs a reason")
        self.status, self.void_reason = target, reason
        self.version += 1
        self.events.append(InvoiceVoided(**self._stamp(moment), reason=reason))
