"""The lots of one SKU that still matter: their expiry dates and when they arrived.

A part of :class:`~ordercore.domain.inventory.stock.StockItem`. A :class:`Lot` is registered when
stock first arrives with it (``receive(..., lot=Lot(...))``) and is kept only while it matters:
units of it on hand, or an open reservation or incoming supply line that names it. Only the stock
item's ``apply`` changes it.
"""

from __future__ import annotations

from typing import Any

import attrs

from ordercore.domain.inventory.values import Lot
from ordercore.kernel.errors import ValidationError

__all__ = ["Lots"]

_new = object.__new__


@attrs.define
class Lots:
    """Registered lots by id."""

    known: dict[str, Lot] = attrs.Factory(dict)

    def __deepcopy__(self, memo: dict[int, Any]) -> Lots:
        """An equal register sharing no dict with this one (``kernel.copies``' protocol)."""
        copied = _new(Lots)
        copied.known = self.known.copy()  # the lots are frozen values, shared
        return copied

    def get(self, lot_id: str | None) -> Lot | None:
        """The registered lot with this id, if any (``None`` for untracked stock)."""
        return None if lot_id is None else self.known.get(lot_id)

    def check(self, lot: Lot) -> Lot | None:
        """``lot`` when it is new, ``None`` when it is known as exactly this; else refused."""
        known = self.known.get(lot.id)
        if known is None:
            return lot
        if known != lot:
            raise ValidationError("lot", lot, f"lot {lot.id} is already known as {known}")
        return None

    def register(self, lot: Lot) -> None:
        """Keep ``lot`` (its id is new, or known as exactly this)."""
        self.known[lot.id] = lot

    def forget(self, lot_id: str) -> None:
        """Drop a lot that no longer matters."""
        self.known.pop(lot_id, None)
