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
* Each change is written once: a command validates and decides, then records its event, and the
  event's mutator (:meth:`Invoice.apply`, one per event type) changes the invoice. The same
  mutators rebuild it in :meth:`Invoice.replay`, equal to the live one, version included. A
  command stamps its event itself (``entity_id``, the next ``version``, ``occurred_at``): no
  dictionary is built and unpacked for it (a quarter of a small event's cost).

One class, composed of values: the computed :class:`~ordercore.domain.billing.totals.Totals`, the
:class:`~ordercore.domain.billing.terms.PaymentTerms` and their schedule, the
:class:`~ordercore.domain.billing.invoice_results.AppliedPayment` records and the
:class:`~ordercore.domain.billing.credit_notes.CreditNote` documents. Its queries (total,
balance, overdue and discount figures) are derived from them, never stored beside them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ordercore.domain.billing.copying import copy_invoice
from ordercore.domain.billing.credit_notes import (
    CreditNote,
    draft_credit_note,
    shipping_left,
    split_credit,
    wants_shipping_rest,
)
from ordercore.domain.billing.invoice_errors import DuplicatePayment
from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceDrafted,
    InvoiceEvent,
    InvoiceIssued,
    InvoicePaid,
    InvoicePaymentApplied,
    InvoiceVoided,
    invoice_drafted,
    invoice_issued,
    invoice_paid,
    payment_applied,
)
from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE, InvoiceStatus
from ordercore.domain.billing.invoice_results import (
    AppliedPayment,
    CreditResult,
    PaymentApplication,
    applied_payment,
    payment_application,
    split_payment,
)
from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode, Totals, compute_totals
from ordercore.kernel.checks import require_items
from ordercore.kernel.clock import instant, local_date, require_date
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventSink, require_next
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money, Rounding, sum_money

__all__ = ["Invoice"]


S = InvoiceStatus
_OPEN = (S.ISSUED, S.PARTIALLY_PAID)
_next_status = INVOICE_LIFECYCLE.next_state
"""``Invoice._move``'s lifecycle step, called directly where an invoice is issued and paid."""
_new = object.__new__


def _zero(invoice: Invoice) -> Money:
    return Money.zero(invoice.totals.currency)


def _no_credits(invoice: Invoice) -> tuple[int, ...]:
    return (0,) * len(invoice.totals.lines)


def _totals_of(drafted: InvoiceDrafted) -> Totals:
    """The totals a draft's lines and charges compute to."""
    return compute_totals(
        drafted.lines,
        order_discount=drafted.order_discount,
        shipping=drafted.shipping,
        tax_mode=drafted.tax_mode,
        rounding=drafted.rounding,
    )


def _disagrees(field: str, given: object, computed: object) -> ValidationError:
    return ValidationError(field, given, f"the invoice's own figures give {computed!r}")


@attrs.define
class Invoice:
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
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

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
        items = require_items("lines", lines)
        totals = compute_totals(
            items,
            order_discount=order_discount,
            shipping=shipping,
            tax_mode=tax_mode,
            rounding=rounding,
        )
        if not totals.total.amount > 0:
            raise ValidationError("lines", str(totals.total), "an invoice's total must be positive")
        invoice = cls._blank(invoice_id, totals, order_id)
        invoice._record(
            invoice_drafted(  # InvoiceDrafted(...), its slots written (all checked above)
                entity_id=invoice_id,
                version=1,
                occurred_at=moment,
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

    @classmethod
    def _blank(cls, invoice_id: str, totals: Totals, order_id: str | None) -> Invoice:
        """The invoice before its draft event, as ``cls(invoice_id, totals, order_id)`` builds it.

        Its zeros and credited quantities are given, not made by the five default factories
        (each a call back into the class: about half the cost of building it).
        """
        zero = Money.zero(totals.currency)
        if cls is not Invoice:  # a subclass: its own __init__
            return cls(
                invoice_id,
                totals,
                order_id,
                credited_quantities=(0,) * len(totals.lines),
                amount_paid=zero,
                discount_taken=zero,
                credit_applied=zero,
                customer_credit=zero,
            )
        # Invoice(invoice_id, totals, order_id, ...) with its defaults: each field written (as
        # copy_invoice writes a copy's), not passed through the generated __init__'s 21
        # parameters (an invoice drafted per order); pinned equal to it by a test
        invoice: Invoice = _new(Invoice)
        invoice.id = invoice_id
        invoice.totals = totals
        invoice.order_id = order_id
        invoice.status = S.DRAFT
        invoice.version = 0
        invoice.number = None
        invoice.issued_at = None
        invoice.terms = None
        invoice.timezone = None
        invoice.schedule = ()
        invoice.payments = ()
        invoice.credit_notes = ()
        invoice.credited_quantities = (0,) * len(totals.lines)
        invoice.shipping_credited = False
        invoice.amount_paid = zero
        invoice.discount_taken = zero
        invoice.credit_applied = zero
        invoice.customer_credit = zero
        invoice.void_reason = ""
        invoice.events = []
        invoice.sink = None
        return invoice

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then emptied."""
        pulled = self.events[:]
        self.events.clear()  # in place: a unit of work's sink holds this very list
        return pulled

    def check_invariants(self) -> None:
        """Refuse a state no command could have produced; the codec runs it on every decode.

        Raises :class:`ValidationError` naming the field, the value and the rule: the version is
        a whole number >= 0; ``amount_paid``, ``discount_taken``, ``credit_applied`` and
        ``customer_credit`` are amounts >= 0 in the invoice's currency; what was paid, discounted
        and credited never exceeds the total (``balance >= 0``: an overpayment is kept as
        ``customer_credit``); credited quantities are whole numbers >= 0.
        """
        version = self.version
        if version.__class__ is not int or version < 0:
            raise ValidationError("version", version, "a version is a whole number >= 0")
        currency = self.totals.currency
        for name in ("amount_paid", "discount_taken", "credit_applied", "customer_credit"):
            amount: Money = getattr(self, name)
            if amount.currency != currency:
                raise ValidationError(name, str(amount), f"amounts are in {currency.code}")
            if amount.is_negative():
                raise ValidationError(name, str(amount), "an amount of an invoice is >= 0")
        if self.balance.is_negative():
            raise ValidationError(
                "amount_paid",
                str(self.amount_paid),
                f"paid + discount taken + credit applied never exceed the total {self.total}",
            )
        for index, units in enumerate(self.credited_quantities):
            if units.__class__ is not int or units < 0:
                raise ValidationError(
                    f"credited_quantities[{index}]", units, "credited units are a whole number >= 0"
                )

    # -- queries ---------------------------------------------------------------------------------

    @property
    def total(self) -> Money:
        """The invoice total."""
        return self.totals.total

    @property
    def balance(self) -> Money:
        """What is still owed: total - paid - discount taken - credit applied (never negative)."""
        total = self.totals.total
        paid, taken, credited = self.amount_paid, self.discount_taken, self.credit_applied
        if not (paid.amount or taken.amount or credited.amount):
            return total  # nothing paid, taken or credited yet (the usual first ask): no calls
        return total - paid - taken - credited

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

    # -- commands: validate, decide, record one event --------------------------------------------

    def _record(self, event: InvoiceEvent) -> None:
        _APPLY[type(event)](self, event)  # apply()'s own mutator, without the call to apply()
        self.events.append(event)

    def _move(self, trigger: str) -> InvoiceStatus:
        return INVOICE_LIFECYCLE.next_state(self.status, trigger, self)

    def _require_any(self, *triggers: str) -> None:
        status = self.status
        for trigger in triggers:  # a plain loop: no generator for any() to drive
            if INVOICE_LIFECYCLE.can(status, trigger):
                return
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
        _next_status(self.status, "issue", self)  # self._move("issue"), without its call
        moment = instant(issued_at, "issued_at")
        terms = PaymentTerms.of(terms)
        if not isinstance(timezone, str):
            raise WrongType("timezone", timezone, "a timezone is an IANA name such as 'UTC'")
        issued_on = local_date(moment, timezone)
        total = self.totals.total  # read once, not through the property twice
        schedule = terms.schedule(issued_on, total)  # the issue date worked out once
        if not (isinstance(number, str) or callable(number)):
            raise WrongType("number", number, "a number is a str or a callable returning one")
        value = _number_from(number) if callable(number) else number
        require_id("number", value)
        self._record(
            invoice_issued(  # InvoiceIssued(...), its slots written (all checked above)
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=moment,
                number=value,
                terms=str(terms),
                timezone=timezone,
                issued_on=issued_on,
                # one instalment (the usual terms): its date, without max() over a generator
                due_on=schedule[0].due_on
                if len(schedule) == 1
                else max(s.due_on for s in schedule),
                total=total,
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
        currency = self.totals.currency
        if amount.currency is not currency and amount.currency != currency:  # identity: usual
            raise CurrencyMismatch("apply", str(self.total), str(amount))
        if not amount.amount > 0:
            raise ValidationError("amount", str(amount), "a payment must be positive")
        self._refuse_a_used_payment_ref(payment_ref)
        offered = Money.zero(currency)
        # only terms with an early-payment discount offer one: the local date (a time-zone
        # conversion) is worked out for those alone
        terms = self.terms
        if self.timezone is not None and terms is not None and terms.discount is not None:
            offered = self.discount_available(local_date(moment, self.timezone))
        balance = self.balance  # worked out once: the command changes nothing before its event
        applied, discount, credit = split_payment(balance, offered, amount)
        after = balance - applied - discount
        # the step ("pay_in_full" if applied + discount settle the balance, else "pay_partly")
        # is checked by the mutator, first, with this same error: not twice (_require_any
        # above named the real reason when neither is allowed)
        self._record(
            payment_applied(  # InvoicePaymentApplied(...), its slots written (checked above)
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=moment,
                payment_ref=payment_ref,
                received=amount,
                applied=applied,
                discount=discount,
                credit=credit,
                balance=after,
            )
        )
        if self.status is S.PAID:  # this payment settled it (an invoice paid takes none)
            self._paid(moment)
        # the balance after it is ``after``: the mutator checked the event's against its own
        # (not worked out a third time through the property)
        return payment_application(self.payments[-1], after, self.status)

    def _refuse_a_used_payment_ref(self, payment_ref: str) -> None:
        for applied in self.payments:  # a plain loop: no generator for any() (usually none)
            if applied.payment_ref == payment_ref:
                raise DuplicatePayment(self.id, payment_ref)

    def _paid(self, moment: pendulum.DateTime) -> None:
        self._record(
            invoice_paid(  # InvoicePaid(...), its slots written (the invoice's own figures)
                entity_id=self.id,
                version=self.version,
                occurred_at=moment,
                amount_paid=self.amount_paid,
                discount_taken=self.discount_taken,
            )
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
        shipping_share: bool = False,
    ) -> CreditResult:
        """Credit some quantities of some lines (or, by default, everything still creditable).

        ``quantities`` maps line index or unique sku to a quantity; the rest of the shipping is
        credited with ``include_shipping`` (by default only with a full credit); otherwise
        ``shipping_share`` credits the credited units' share of it (``credit_notes``). See the
        module docstring for where the credited amount goes.
        """
        if not isinstance(shipping_share, bool):
            raise WrongType("shipping_share", shipping_share, "shipping_share is a bool")
        self._require_any("credit_partly", "credit_in_full")
        require_id("credit_note_id", credit_note_id)
        require_id("number", number)
        moment = instant(at)
        if not isinstance(reason, str):
            raise WrongType("reason", reason, "a reason is a str")
        self._refuse_a_used_credit_note_id(credit_note_id)
        note, wanted = self._draft_note(
            credit_note_id, number, moment, reason, quantities, include_shipping, shipping_share
        )
        share = shipping_share and note.shipping is not None
        share = share and not wants_shipping_rest(quantities, include_shipping)
        to_balance, given_back, excess = split_credit(note.total, self.balance, self.discount_taken)
        target = self._move("credit_in_full" if to_balance == self.balance else "credit_partly")
        was = self.status
        self._record(
            CreditNoteIssued(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=moment,
                credit_note_id=credit_note_id,
                number=number,
                total=note.total,
                applied=to_balance + given_back,
                customer_credit=excess,
                balance=self.balance - to_balance,
                quantities=tuple(wanted.items()),
                shipping=note.shipping is not None,
                reason=reason,
                shipping_share=share,
            )
        )
        if was is S.PARTIALLY_PAID and target is S.PAID:
            self._paid(moment)
        return CreditResult(
            self.credit_notes[-1], to_balance + given_back, excess, self.balance, self.status
        )

    def _refuse_a_used_credit_note_id(self, credit_note_id: str) -> None:
        if any(n.id == credit_note_id for n in self.credit_notes):
            raise ValidationError("credit_note_id", credit_note_id, "already used on this invoice")

    def _draft_note(
        self,
        credit_note_id: str,
        number: str,
        moment: pendulum.DateTime,
        reason: str,
        quantities: Mapping[int, int] | Mapping[str, int] | None,
        include_shipping: bool | None,
        shipping_share: bool = False,
    ) -> tuple[CreditNote, dict[int, int]]:
        return draft_credit_note(
            credit_note_id,
            number,
            (self.id, self.number or "", self.totals),
            (self.credited_quantities, self.shipping_credited),
            moment,
            reason,
            quantities,
            include_shipping,
            shipping_share=shipping_share,
            shipping_before=tuple(n.shipping for n in self.credit_notes if n.shipping),
        )

    def void(self, at: pendulum.DateTime, reason: str) -> None:
        """Void a draft, or an issued invoice with nothing paid or credited; give a ``reason``."""
        self._move("void")
        moment = instant(at)
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "voiding an invoice needs a reason")
        self._record(
            InvoiceVoided(
                entity_id=self.id, version=self.version + 1, occurred_at=moment, reason=reason
            )
        )

    # -- the mutators, one per event type --------------------------------------------------------

    def apply(self, event: InvoiceEvent) -> None:
        """Change the invoice as ``event`` reports: the one place an invoice changes.

        Live commands and :meth:`replay` both come here; each event type has its own mutator
        (:data:`_APPLY`). An event the lifecycle forbids from here raises
        :class:`~ordercore.kernel.errors.InvalidTransition`; one of another invoice, out of
        version order, or whose figures disagree with what the invoice computes raises
        :class:`ValidationError`. A refused event changes nothing.
        """
        mutate = _APPLY.get(type(event))
        if mutate is None:
            raise WrongType("event", event, "invoices apply InvoiceEvent only")
        mutate(self, event)

    def _drafted(self, event: InvoiceDrafted) -> None:
        if self.version != 0:
            raise ValidationError("event", event, "an invoice is drafted once, first")
        require_next(self, event, noun="invoice")
        if (event.total, event.order_id) != (self.totals.total, self.order_id):
            raise _disagrees("total", event.total, self.total)
        self.version = event.version

    def _issued(self, event: InvoiceIssued) -> None:
        target = _next_status(self.status, "issue", self)  # self._move, without its call
        require_next(self, event, noun="invoice")
        if event.total != self.totals.total:
            raise _disagrees("total", event.total, self.total)
        self.status, self.number, self.issued_at = target, event.number, event.occurred_at
        self.terms, self.timezone = event.payment_terms, event.timezone
        self.schedule, self.version = event.schedule, event.version

    def _payment_applied(self, event: InvoicePaymentApplied) -> None:
        balance = self.balance
        settles = event.applied + event.discount == balance
        trigger = "pay_in_full" if settles else "pay_partly"
        target = _next_status(self.status, trigger, self)  # self._move, without its call
        require_next(self, event, noun="invoice")
        self._refuse_a_used_payment_ref(event.payment_ref)
        after = balance - event.applied - event.discount
        if event.received != event.applied + event.credit or after.is_negative():
            raise _disagrees("received", event.received, event.applied + event.credit)
        if event.balance != after:
            raise _disagrees("balance", event.balance, after)
        payment = applied_payment(  # AppliedPayment(...) of checked figures, slots written
            event.payment_ref,
            event.received,
            event.applied,
            event.discount,
            event.credit,
            event.occurred_at,
        )
        self.status, self.payments = target, (*self.payments, payment)
        self.amount_paid += event.applied
        self.discount_taken += event.discount
        self.customer_credit += event.credit
        self.version = event.version

    def _paid_event(self, event: InvoicePaid) -> None:
        if self.status is not S.PAID:
            rule = "an invoice is paid only by the payment or credit that settles it"
            raise ValidationError("event", event, rule)
        require_next(self, event, noun="invoice", again=True)
        if (event.amount_paid, event.discount_taken) != (self.amount_paid, self.discount_taken):
            raise _disagrees("amount_paid", event.amount_paid, self.amount_paid)

    def _credit_note_issued(self, event: CreditNoteIssued) -> None:
        self._require_any("credit_partly", "credit_in_full")
        self._refuse_a_used_credit_note_id(event.credit_note_id)
        note, wanted = self._draft_note(
            event.credit_note_id,
            event.number,
            event.occurred_at,
            event.reason,
            dict(event.quantities),
            event.shipping and not event.shipping_share,
            event.shipping_share,
        )
        to_balance, given_back, excess = split_credit(note.total, self.balance, self.discount_taken)
        target = self._move("credit_in_full" if to_balance == self.balance else "credit_partly")
        require_next(self, event, noun="invoice")
        computed = (note.total, to_balance + given_back, excess, self.balance - to_balance)
        given = (event.total, event.applied, event.customer_credit, event.balance)
        if given != computed:
            raise _disagrees("(total, applied, customer_credit, balance)", given, computed)
        self.status, self.credit_notes = target, (*self.credit_notes, note)
        self.credited_quantities = tuple(
            done + wanted.get(i, 0) for i, done in enumerate(self.credited_quantities)
        )
        self.shipping_credited = self.shipping_credited or self._all_shipping_credited(
            note, event.shipping_share
        )
        self.credit_applied += to_balance + given_back
        self.discount_taken -= given_back
        self.customer_credit += excess
        self.version = event.version

    def _all_shipping_credited(self, note: CreditNote, share: bool) -> bool:
        """Whether ``note`` (just added) leaves nothing of the shipping to credit."""
        if note.shipping is None or self.totals.shipping is None:
            return False
        if not share:  # the rest was credited
            return True
        parts = tuple(n.shipping for n in self.credit_notes if n.shipping)
        return shipping_left(self.totals.shipping, parts).total.is_zero()

    def _voided(self, event: InvoiceVoided) -> None:
        target = self._move("void")
        require_next(self, event, noun="invoice")
        self.status, self.void_reason, self.version = target, event.reason, event.version

    # -- replay ----------------------------------------------------------------------------------

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Invoice:
        """Rebuild an invoice from all of its events, oldest first, through :meth:`apply`.

        The history starts with ``InvoiceDrafted`` (whose lines and charges give the totals);
        every event then goes through the mutator the live commands use. An ``InvoicePaid``
        comes right after, and only after, the event that settled the invoice. A history the
        rules would not have produced (a gap in versions, another invoice's event, figures the
        invoice does not compute, an ``InvoicePaid`` with nothing before it) is refused with
        :class:`ValidationError`, or with the error the mutator raises; what is not an invoice
        event with :class:`WrongType`.
        """
        if not isinstance(events, Iterable):
            raise WrongType("events", events, "an invoice is replayed from its events, in order")
        history: list[InvoiceEvent] = []
        for index, event in enumerate(events):
            if not isinstance(event, InvoiceEvent):
                raise WrongType(f"events[{index}]", event, "invoices replay InvoiceEvent only")
            history.append(event)
        first = history[0] if history else None
        if not isinstance(first, InvoiceDrafted):
            raise ValidationError("events[0]", first, "an invoice's history starts InvoiceDrafted")
        invoice = cls._blank(first.entity_id, _totals_of(first), first.order_id)
        owed_paid = False
        for index, event in enumerate(history):
            if isinstance(event, InvoicePaid) is not owed_paid:
                rule = "InvoicePaid comes right after, and only after, the event that settled it"
                raise ValidationError(f"events[{index}]", event, rule)
            was = invoice.status
            invoice.apply(event)
            owed_paid = not isinstance(event, InvoicePaid) and invoice.status is S.PAID
            owed_paid = owed_paid and was is not S.PAID
        if owed_paid:
            rule = "the history ends before the InvoicePaid of its settling event"
            raise ValidationError(f"events[{len(history)}]", None, rule)
        return invoice

    __deepcopy__ = copy_invoice  # the store's copy on every read and save (kernel.copies)


_APPLY: dict[type[InvoiceEvent], Callable[[Invoice, Any], None]] = {
    InvoiceDrafted: Invoice._drafted,
    InvoiceIssued: Invoice._issued,
    InvoicePaymentApplied: Invoice._payment_applied,
    InvoicePaid: Invoice._paid_event,
    CreditNoteIssued: Invoice._credit_note_issued,
    InvoiceVoided: Invoice._voided,
}
"""The mutator of each invoice event type."""


def _number_from(sequence: Callable[[], str]) -> str:
    """The next number from ``sequence``, or :class:`WrongType` if it cannot be called bare.

    A callable that needs arguments (a class, say) is refused by name; a ``TypeError`` raised
    inside a callable that takes none is the host's own and goes up as it is.
    """
    try:
        return sequence()
    except TypeError as error:
        try:
            inspect.signature(sequence).bind()
        except (TypeError, ValueError):
            rule = "a number is a str or a callable taking no arguments that returns one"
            raise WrongType("number", sequence, rule) from error
        raise
