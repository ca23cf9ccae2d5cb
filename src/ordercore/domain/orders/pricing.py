"""Exact money arithmetic of an order: order-discount shares and the value of some units.

Order-level discounts are spread over lines in proportion to each line's net amount (largest
remainder, :func:`~ordercore.kernel.money.allocate`). The value of ``n`` of a line's ``q`` units
is the first part of ``allocate(amount, [n, q - n])``; cancelling more units later is valued as
the difference of two such parts, so a line cancelled in steps is valued at exactly its whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from ordercore.kernel.money import Money, allocate

from .lines import OrderLine
from .values import LineId

__all__ = ["discount_shares", "share_of_units", "value_of_more_units"]


def discount_shares(lines: Sequence[OrderLine], discount: Money) -> dict[LineId, Money]:
    """``discount`` split over ``lines`` by net amount (by quantity when every net is zero)."""
    if not lines:
        return {}
    weights = [line.net.minor_units for line in lines]
    if not any(weights):
        weights = [line.quantity for line in lines]
    parts = allocate(discount, weights)
    return {line.id: part for line, part in zip(lines, parts, strict=True)}


def share_of_units(amount: Money, units: int, of: int) -> Money:
    """The value of ``units`` of ``of`` units together worth ``amount`` (largest remainder)."""
    if units >= of:
        return amount
    if units <= 0:
        return Money.zero(amount.currency)
    return allocate(amount, [units, of - units])[0]


def value_of_more_units(amount: Money, already: int, more: int, of: int) -> Money:
    """The value of ``more`` units on top of ``already`` ones, of ``of`` worth ``amount``."""
    return share_of_units(amount, already + more, of) - share_of_units(amount, already, of)
