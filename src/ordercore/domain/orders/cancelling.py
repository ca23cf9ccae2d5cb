"""Cancelling units of a line: which units a cancellation takes, their value, what it credits.

A cancellation takes units not yet shipped, least progressed first (``CANCELLABLE_BUCKETS``:
unallocated, backordered, allocated, picked, packed). The units are valued at the line's net
(after its share of the order discounts) and tax, by :func:`~.pricing.value_of_more_units`, so
a line cancelled in steps adds up to exactly its whole. Invoiced units beyond what is still
ordered are credited with the cancellation. ``Order`` decides with :func:`plan_cancellation`
and records :func:`line_cancellation` in its event; its mutator applies that to the ledger.
"""

from __future__ import annotations

from ordercore.kernel.money import Money

from .events import LineCancellation
from .ledger import CANCELLABLE_BUCKETS
from .lines import OrderLine
from .pricing import share_of_units, value_of_more_units
from .results import CancelledLine

__all__ = ["line_cancellation", "plan_cancellation"]


def plan_cancellation(line: OrderLine, quantity: int, discount_share: Money) -> CancelledLine:
    """What cancelling ``quantity`` units of ``line`` takes, is worth and must credit.

    ``discount_share`` is the line's share of the order-level discounts; the caller checked
    that the line has ``quantity`` units not yet shipped.
    """
    ledger = line.ledger
    _, taken = ledger.taken(quantity, CANCELLABLE_BUCKETS)
    credit = max(0, ledger.net_invoiced - (ledger.active - quantity))
    already, of = ledger.cancelled, line.quantity
    net = value_of_more_units(line.net - discount_share, already, quantity, of)
    tax = value_of_more_units(line.tax_total, already, quantity, of)
    return CancelledLine(
        line_id=line.id,
        sku=line.sku,
        quantity=quantity,
        from_buckets=taken,
        net=net,
        tax=tax,
        credit_quantity=credit,
        credit_value=share_of_units(net + tax, credit, quantity),
    )


def line_cancellation(cancelled: CancelledLine) -> LineCancellation:
    """The part of the event that says where the units came from and what was credited."""
    return LineCancellation(
        line_id=cancelled.line_id,
        quantity=cancelled.quantity,
        from_buckets=tuple(cancelled.from_buckets.items()),
        credited=cancelled.credit_quantity,
    )
