"""The domain events of an invoice's life (``entity_kind`` ``"invoice"``).

Each carries the invoice id as ``entity_id``, the invoice's new ``version`` and ``occurred_at``.
One command that produces two facts (a payment that settles the invoice) emits two events with
the same version.

Each event also carries every input its command needed, so that ``Invoice.replay(events)``
rebuilds the invoice exactly: the drafted lines and charges, the issue's terms and timezone, the
payment received, the credited quantities. ``occurred_at`` is the command's ``at``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Protocol, TypeVar

import attrs
import pendulum

from ordercore.domain.billing.terms import PaymentTerms, ScheduledPayment
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode
from ordercore.kernel.errors import ValidationError, WrongType
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
    "Recorder",
    "replay_history",
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
    shipping was credited, ``reason`` why.
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


class Recorder(Protocol):
    """What records events: an invoice, for :func:`replay_history`."""

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call; the list is then emptied."""
        ...


R = TypeVar("R", bound=Recorder)


def replay_history(
    events: Iterable[DomainEvent],
    start: Callable[[InvoiceDrafted], R],
    step: Callable[[R, int, InvoiceEvent], None],
) -> R:
    """Rebuild what a history records, checking that it records exactly that history.

    ``start`` makes the entity from the first event (an ``InvoiceDrafted``); ``step`` runs again
    the command that ``events[index]`` reports. After each, the events the entity recorded must be
    the next events given (a settling payment records two): a gap, another entity's event, an
    event the rules would not compute, or an ``InvoicePaid`` with no command before it is refused
    with :class:`ValidationError`; what is not an invoice event with :class:`WrongType`.
    """
    if not isinstance(events, Iterable):
        raise WrongType("events", events, "an invoice is replayed from its events, in order")
    history = list(events)
    checked: list[InvoiceEvent] = []
    for index, event in enumerate(history):
        if not isinstance(event, InvoiceEvent):
            raise WrongType(f"events[{index}]", event, "invoices replay InvoiceEvent only")
        checked.append(event)
    first = checked[0] if checked else None
    if not isinstance(first, InvoiceDrafted):
        raise ValidationError("events[0]", first, "an invoice's history starts InvoiceDrafted")
    entity, index = start(first), 0
    while True:
        recorded = entity.pull_events()
        given = history[index : index + len(recorded)]
        if recorded != given:
            where = f"events[{index}:{index + len(recorded)}]"
            raise ValidationError(where, given, f"replaying produced {recorded!r} instead")
        index += len(recorded)
        if index == len(checked):
            return entity
        step(entity, index, checked[index])
