"""The invoice lifecycle as data: :class:`InvoiceStatus` and the table :data:`INVOICE_LIFECYCLE`.

draft -> issued -> partially_paid -> paid; void from draft, or from issued while the invoice has
no credit note (guard ``nothing_credited``); an issued invoice whose whole balance is credited
becomes ``credited``; a partially paid invoice whose rest is credited is ``paid`` (nothing is
owed). ``paid`` still takes credit notes (a refund or customer credit); ``void`` and ``credited``
are terminal. Overdue is not a state: it is derived from a date (``Invoice.is_overdue``).
"""

from __future__ import annotations

import enum
from typing import Protocol

from ordercore.kernel.fsm import Guard, Lifecycle, Transition

__all__ = ["INVOICE_LIFECYCLE", "Creditable", "InvoiceStatus"]


class InvoiceStatus(enum.StrEnum):
    """Where an invoice is in its lifecycle (overdue is derived, see ``Invoice.is_overdue``)."""

    DRAFT = "draft"
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CREDITED = "credited"
    VOID = "void"


class Creditable(Protocol):
    """What the lifecycle's guard looks at: the credit notes an invoice has."""

    @property
    def credit_notes(self) -> tuple[object, ...]:
        """The credit notes issued against the invoice."""
        ...


def _nothing_credited(invoice: Creditable) -> bool:
    return not invoice.credit_notes


S = InvoiceStatus

INVOICE_LIFECYCLE: Lifecycle[InvoiceStatus, Creditable] = Lifecycle(
    "invoice",
    InvoiceStatus,
    S.DRAFT,
    [
        Transition(S.DRAFT, "issue", S.ISSUED),
        Transition(S.DRAFT, "void", S.VOID),
        Transition(S.ISSUED, "void", S.VOID, Guard("nothing_credited", _nothing_credited)),
        Transition([S.ISSUED, S.PARTIALLY_PAID], "pay_partly", S.PARTIALLY_PAID),
        Transition([S.ISSUED, S.PARTIALLY_PAID], "pay_in_full", S.PAID),
        Transition(S.ISSUED, "credit_partly", S.ISSUED),
        Transition(S.PARTIALLY_PAID, "credit_partly", S.PARTIALLY_PAID),
        Transition(S.ISSUED, "credit_in_full", S.CREDITED),
        Transition([S.PARTIALLY_PAID, S.PAID], "credit_in_full", S.PAID),
    ],
    terminal=[S.VOID, S.CREDITED],
)
"""The invoice lifecycle (``"invoice"``): draft, issued, partially_paid, paid, credited, void."""
