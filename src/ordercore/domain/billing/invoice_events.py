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

from typing import ClassVar

import attrs
import pendulum

from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money, Rounding

__all__ = [
    "CreditNoteIssued",
    "InvoiceDrafted",
    "InvoiceEvent",
    "InvoiceIssued",
    "InvoicePaid",
    "InvoicePaymentApplied",
    "InvoiceVoided",
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
