"""What an edit or a cancellation tells the other parts of the system to do.

Orders own no stock and no invoices: an :class:`EditResult` says which units the inventory side
must release, allocate or re-allocate; a :class:`CancellationResult` adds what billing must void,
refund or credit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Money, sum_money
from ordercore.kernel.slots import draft_class

from .ledger import Bucket
from .values import LineId

__all__ = [
    "CancellationResult",
    "CancelledLine",
    "EditResult",
    "LineQuantity",
    "edit_result",
    "line_quantity",
]


@attrs.frozen(kw_only=True)
class LineQuantity:
    """A number of units of one line (and its SKU)."""

    line_id: LineId
    sku: Sku
    quantity: int


@attrs.frozen(kw_only=True)
class EditResult:
    """What an edit means for stock: units to release, to allocate, or to re-allocate.

    ``release``: allocated units the edit took away (un-reserve them). ``allocate``: new demand
    (placed orders only; a draft reserves nothing). ``reallocate``: allocated units whose
    reservation may no longer suit (a new ship-to); the allocator may keep or move them.
    """

    line_id: LineId | None = None
    release: tuple[LineQuantity, ...] = ()
    allocate: tuple[LineQuantity, ...] = ()
    reallocate: tuple[LineQuantity, ...] = ()


_LineQuantityDraft = draft_class(LineQuantity)
_EditResultDraft = draft_class(EditResult)


def line_quantity(line_id: LineId, sku: Sku, quantity: int) -> LineQuantity:
    """``LineQuantity(line_id=..., sku=..., quantity=...)``, its slots written on a draft.

    The class checks nothing, so this is the same value (kernel.slots.draft_class): about a
    third of the instructions of the generated ``__init__``; placing an order builds its demand.
    """
    draft: Any = _LineQuantityDraft()
    draft.line_id = line_id
    draft.sku = sku
    draft.quantity = quantity
    draft.__class__ = LineQuantity  # built: frozen from here on
    built: LineQuantity = draft
    return built


def edit_result(
    line_id: LineId | None,
    release: tuple[LineQuantity, ...] = (),
    allocate: tuple[LineQuantity, ...] = (),
) -> EditResult:
    """``EditResult(line_id=..., release=..., allocate=...)``, its slots written on a draft.

    The class checks nothing, so this is the same value (kernel.slots.draft_class): about a
    third of the instructions of the generated ``__init__``; every line added makes one.
    """
    draft: Any = _EditResultDraft()
    draft.line_id = line_id
    draft.release = release
    draft.allocate = allocate
    draft.reallocate = ()
    draft.__class__ = EditResult  # built: frozen from here on
    built: EditResult = draft
    return built


@attrs.frozen(kw_only=True)
class CancelledLine:
    """The cancelled units of one line: where they came from and what they were worth.

    ``release`` counts units that held a reservation (allocated, picked, packed); ``restock``
    the picked or packed ones among them, which must also go back to the shelf. ``net`` and
    ``tax`` are the value of the units (after line and order discounts); ``credit_quantity``
    units of them were already invoiced and ``credit_value`` of the value must be credited;
    the rest (``void_value``) was never invoiced: void or refund it.
    """

    line_id: LineId
    sku: Sku
    quantity: int
    from_buckets: Mapping[Bucket, int]
    net: Money
    tax: Money
    credit_quantity: int
    credit_value: Money

    @property
    def release(self) -> int:
        """Units whose reservation the inventory side must release."""
        return sum(
            self.from_buckets.get(b, 0) for b in (Bucket.ALLOCATED, Bucket.PICKED, Bucket.PACKED)
        )

    @property
    def restock(self) -> int:
        """Units already picked or packed: put them back on the shelf."""
        return sum(self.from_buckets.get(b, 0) for b in (Bucket.PICKED, Bucket.PACKED))

    @property
    def total(self) -> Money:
        """Net plus tax."""
        return self.net + self.tax

    @property
    def void_value(self) -> Money:
        """The part of the value never invoiced: void the authorization or refund the payment."""
        return self.total - self.credit_value


@attrs.frozen(kw_only=True)
class CancellationResult:
    """The outcome of a cancellation: per line, plus cancelled shipping (whole orders only)."""

    lines: tuple[CancelledLine, ...]
    shipping: Money

    @property
    def release(self) -> tuple[LineQuantity, ...]:
        """Reservations to release, per line (lines with nothing to release left out)."""
        return tuple(
            LineQuantity(line_id=c.line_id, sku=c.sku, quantity=c.release)
            for c in self.lines
            if c.release
        )

    @property
    def total(self) -> Money:
        """The whole value cancelled: lines (net and tax) plus shipping."""
        return sum_money((c.total for c in self.lines), self.shipping.currency) + self.shipping

    @property
    def credit_value(self) -> Money:
        """What billing must credit (already invoiced), over all lines."""
        return sum_money((c.credit_value for c in self.lines), self.shipping.currency)
