"""Returns through the Engine: an RMA opened for delivered units, then the units received.

* :func:`request_return` moves delivered units to ``return_requested`` and hands out an RMA
  number from the ``"RMA"`` sequence.
* :func:`receive_return` moves them to ``returned``; the policy table then puts them back on the
  shelf at a location (``StockItem.return_to_stock``, unless ``restock=False``: damaged goods),
  issues credit notes on the order's invoices for them and counts them as credited on the
  order. ``refund`` is the part of the credit that the customer had already paid (the
  invoices' new customer credit): refund it at the gateway, then ``record_refund``.
"""

from __future__ import annotations

import attrs

from ordercore.domain.billing import CreditResult
from ordercore.kernel.money import Money, sum_money
from ordercore.service import policies
from ordercore.service.session import Session

__all__ = ["ReturnOutcome", "receive_return", "request_return"]


@attrs.frozen(kw_only=True)
class ReturnOutcome:
    """What receiving a return did: credit notes, their total, and the money to refund."""

    credit_notes: tuple[CreditResult, ...]
    """Credit notes issued for the returned units."""
    credited: Money
    """Their total."""
    refund: Money
    """What the customer had paid for these units: refund it."""


def request_return(session: Session, order_id: str, line_id: str, units: int) -> str:
    """Open a return of ``units`` delivered units of a line; returns the RMA number."""
    session.order(order_id).move(line_id, units, "request_return", session.now)
    return session.numbers.next("RMA")


def receive_return(
    session: Session,
    order_id: str,
    line_id: str,
    units: int,
    location: str,
    *,
    restock: bool = True,
    reference: str | None = None,
) -> ReturnOutcome:
    """Receive returned units: buckets, stock (if ``restock``), credit notes, order credit.

    Restocked units go back at ``location``, which must be one of the Engine's locations.
    """
    if restock:
        session.known_location(location)
    order = session.order(order_id)
    order.move(line_id, units, "receive_return", session.now)
    fact = policies.ReturnReceived(order, str(line_id), units, location, restock, reference)
    notes: list[CreditResult] = policies.run(session, fact)[policies.CREDIT_RETURNED]
    currency = str(order.currency)
    return ReturnOutcome(
        credit_notes=tuple(notes),
        credited=sum_money((n.note.total for n in notes), currency),
        refund=sum_money((n.customer_credit for n in notes), currency),
    )
