"""The fulfilment status of an order, derived from its lines' buckets and never stored.

Rules, over the totals of all lines (``active`` = ordered - cancelled; ``out`` = shipped +
delivered + return_requested + returned), first match wins:

1. ``cancelled``: the order has units and every one of them is cancelled;
2. ``returned``: ``returned`` > 0 and equals ``active``;
3. ``partially_returned``: ``returned`` > 0;
4. ``unfulfilled``: ``out`` is 0 (also an order without lines);
5. ``fulfilled``: ``out`` equals ``active``;
6. ``partially_fulfilled``: otherwise (0 < ``out`` < ``active``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .ledger import QuantityLedger

__all__ = ["FulfilmentStatus", "fulfilment_status"]


class FulfilmentStatus(enum.StrEnum):
    """How far an order's units have travelled, derived from the buckets."""

    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    FULFILLED = "fulfilled"
    PARTIALLY_RETURNED = "partially_returned"
    RETURNED = "returned"
    CANCELLED = "cancelled"


def fulfilment_status(ledgers: Iterable[QuantityLedger]) -> FulfilmentStatus:
    """The fulfilment status of an order whose lines have ``ledgers`` (rules in module doc)."""
    ordered = active = out = returned = 0
    for ledger in ledgers:
        ordered += ledger.ordered
        active += ledger.active
        out += ledger.out
        returned += ledger.returned
    if ordered and not active:
        return FulfilmentStatus.CANCELLED
    if returned and returned == active:
        return FulfilmentStatus.RETURNED
    if returned:
        return FulfilmentStatus.PARTIALLY_RETURNED
    if not out:
        return FulfilmentStatus.UNFULFILLED
    if out == active:
        return FulfilmentStatus.FULFILLED
    return FulfilmentStatus.PARTIALLY_FULFILLED
