"""The errors that invoices, payment terms, totals and credit notes raise.

Each derives from :class:`~ordercore.kernel.errors.OrdercoreError` and from the builtin that
matches its meaning, carries its facts as structured fields, and has a message that names the
field, the value and the rule. Lifecycle refusals use the kernel's ``InvalidTransition`` and
``GuardRejected``; bad values use ``ValidationError`` and ``WrongType``.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, ValidationError

__all__ = [
    "CreditExceedsInvoice",
    "DuplicatePayment",
    "InvalidPaymentTerms",
    "TotalsMismatch",
]


class InvalidPaymentTerms(ValidationError):
    """Payment terms that cannot be read or do not make sense (e.g. instalments not summing 100%).

    It is a :class:`ValidationError` (so also a ``ValueError``) with ``field``, ``value`` and
    ``rule``.
    """


class TotalsMismatch(OrdercoreError, ArithmeticError):
    """A document's parts do not add up to its total: ``expected`` (the sum) != ``actual``."""

    template = (
        "totals identity {identity!r} does not hold: the parts sum to {expected} but the "
        "document says {actual}; totals must be built with compute_totals()"
    )
    identity: str
    expected: str
    actual: str


class DuplicatePayment(OrdercoreError, ValueError):
    """A payment reference was already applied to this invoice (a payment counts once)."""

    template = (
        "payment_ref={payment_ref!r} was refused: it is already applied to invoice "
        "{invoice_id!r}, and a payment is applied once"
    )
    invoice_id: str
    payment_ref: str


class CreditExceedsInvoice(OrdercoreError, ValueError):
    """A credit note asked for more of a line (or the shipping) than is left to credit."""

    template = (
        "quantities[{line!r}]={requested!r} was refused: invoice {invoice_id!r} has only "
        "{creditable} left to credit on that line"
    )
    invoice_id: str
    line: str
    requested: int
    creditable: int
