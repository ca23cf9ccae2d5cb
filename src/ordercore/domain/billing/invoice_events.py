"""The domain events of an invoice's life (``entity_kind`` ``"invoice"``).

Each carries the invoice id as ``entity_id``, the invoice's new ``version`` and ``occurred_at``.
One command that produces two facts (a payment that settles the invoice) emits two events with
the same version.

Each event also carries every input its mutator (``Invoice.apply``) needs, so that
``Invoice.replay(events)`` rebuilds the invoice exactly: the drafted lines and charges, the
issue's terms and timezone, the payment received, the credited quantities. ``occurred_at`` is
the command's ``at``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money, Rounding
from ordercore.kernel.slots import draft_class

__all__ = [
    "CreditNoteIssued",
    "InvoiceDrafted",
    "InvoiceEvent",
    "InvoiceIssued",
    "InvoicePaid",
    "InvoicePaymentApplied",
    "InvoiceVoided",
    "invoice_drafted",
    "invoice_issued",
    "invoice_paid",
    "payment_applied",
]


@attrs.frozen(kw_only=True)
class InvoiceEvent(DomainEvent):
    """Base of the invoice events."""

    entity_kind: ClassVar[str] = "invoice"


@attrs.frozen(kw_only=True)
class InvoiceDrafted(InvoiceEvent):
    """A draft invoice was created from lines (for ``order_id``, if any) totalling ``total``.

    ``lines``, ``order_discount``, ``shipping``, ``tax_mode`` and ``rounding`` are what the
    totals were computed from.
    """

    order_id: str | None
    total: Money
    tax_mode: TaxMode
    lines: tuple[DocumentLine, ...]
    order_discount: Money | None
    shipping: Shipping | None
    rounding: Rounding


@attrs.frozen(kw_only=True)
class InvoiceIssued(InvoiceEvent):
    """The invoice got its ``number`` and ``terms``; its last instalment is due on ``due_on``.

    ``terms`` is their canonical name (``"2/10 Net 30"``), ``payment_terms`` the terms themselves
    and ``schedule`` what falls due when; the issue instant is ``occurred_at``.
    """

    number: str
    terms: str
    timezone: str
    issued_on: pendulum.Date
    due_on: pendulum.Date
    total: Money
    payment_terms: PaymentTerms
    schedule: tuple[ScheduledPayment, ...]


@attrs.frozen(kw_only=True)
class InvoicePaymentApplied(InvoiceEvent):
    """A payment was applied: ``received`` = ``applied`` + ``credit`` (kept for the customer).

    ``discount`` is the early-payment discount granted with it (zero if none).
    """

    payment_ref: str
    received: Money
    applied: Money
    discount: Money
    credit: Money
    balance: Money


@attrs.frozen(kw_only=True)
class InvoicePaid(InvoiceEvent):
    """The invoice's balance reached zero with money paid on it: nothing more is owed."""

    amount_paid: Money
    discount_taken: Money


@attrs.frozen(kw_only=True)
class InvoiceVoided(InvoiceEvent):
    """The invoice was voided (never owed), for ``reason``."""

    reason: str


@attrs.frozen(kw_only=True)
class CreditNoteIssued(InvoiceEvent):
    """A credit note of ``total`` was issued against the invoice.

    ``applied`` reduced what the invoice was owed (its balance, or a discount it had granted);
    ``customer_credit`` is the rest, now owed back to the customer; ``balance`` is what remains.
    ``quantities`` holds ``(line index, quantity)`` pairs in line order, ``shipping`` whether the
    shipping was credited (``shipping_share``: only the credited units' share), ``reason`` why.
    """

    credit_note_id: str
    number: str
    total: Money
    applied: Money
    customer_credit: Money
    balance: Money
    quantities: tuple[tuple[int, int], ...]
    shipping: bool
    reason: str
    shipping_share: bool = False
    """The shipping credited is the credited units' share of it (not the rest)."""


# ------------------------------------------------------------------ the hot commands' events
# A frozen event's attrs __init__ writes each field with object.__setattr__ and runs the
# occurred_at converter. Drafting, issuing and paying an invoice (every order placed on the
# usual policy) build theirs from values the command already checked (``occurred_at`` an aware
# instant), as drafts: a plain slot store per field, then the event's class
# (kernel.slots.draft_class). The same event, fewer instructions.

_DraftedDraft = draft_class(InvoiceDrafted)
_IssuedDraft = draft_class(InvoiceIssued)
_AppliedDraft = draft_class(InvoicePaymentApplied)
_PaidDraft = draft_class(InvoicePaid)


def invoice_drafted(
    *,
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    order_id: str | None,
    total: Money,
    tax_mode: TaxMode,
    lines: tuple[DocumentLine, ...],
    order_discount: Money | None,
    shipping: Shipping | None,
    rounding: Rounding,
) -> InvoiceDrafted:
    """The ``InvoiceDrafted`` of values a draft already checked (every field, in order)."""
    draft: Any = _DraftedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.order_id = order_id
    draft.total = total
    draft.tax_mode = tax_mode
    draft.lines = lines
    draft.order_discount = order_discount
    draft.shipping = shipping
    draft.rounding = rounding
    draft.__class__ = InvoiceDrafted
    event: InvoiceDrafted = draft
    return event


def invoice_issued(
    *,
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    number: str,
    terms: str,
    timezone: str,
    issued_on: pendulum.Date,
    due_on: pendulum.Date,
    total: Money,
    payment_terms: PaymentTerms,
    schedule: tuple[ScheduledPayment, ...],
) -> InvoiceIssued:
    """The ``InvoiceIssued`` of values an issue already checked (every field, in order)."""
    draft: Any = _IssuedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.number = number
    draft.terms = terms
    draft.timezone = timezone
    draft.issued_on = issued_on
    draft.due_on = due_on
    draft.total = total
    draft.payment_terms = payment_terms
    draft.schedule = schedule
    draft.__class__ = InvoiceIssued
    event: InvoiceIssued = draft
    return event


def payment_applied(
    *,
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    payment_ref: str,
    received: Money,
    applied: Money,
    discount: Money,
    credit: Money,
    balance: Money,
) -> InvoicePaymentApplied:
    """The ``InvoicePaymentApplied`` of values a payment already checked (every field)."""
    draft: Any = _AppliedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.payment_ref = payment_ref
    draft.received = received
    draft.applied = applied
    draft.discount = discount
    draft.credit = credit
    draft.balance = balance
    draft.__class__ = InvoicePaymentApplied
    event: InvoicePaymentApplied = draft
    return event


def invoice_paid(
    *,
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    amount_paid: Money,
    discount_taken: Money,
) -> InvoicePaid:
    """The ``InvoicePaid`` of the figures of an invoice just settled (every field, in order)."""
    draft: Any = _PaidDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.amount_paid = amount_paid
    draft.discount_taken = discount_taken
    draft.__class__ = InvoicePaid
    event: InvoicePaid = draft
    return event
