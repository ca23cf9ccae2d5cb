"""The events a :class:`~ordercore.domain.warehouse.bin_stock.BinStock` emits, one per change.

Past tense, each with the bin stock's new version (``entity_kind`` ``"bin_stock"``).
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ordercore.domain.warehouse.bins import Bin
from ordercore.kernel.events import DomainEvent

__all__ = [
    "BinStockEvent",
    "BinStockOpened",
    "PromiseReleased",
    "UnitsBinned",
    "UnitsMovedBetweenBins",
    "UnitsPromised",
    "UnitsUnbinned",
]


@attrs.frozen(kw_only=True)
class BinStockEvent(DomainEvent):
    """Base of the bin stock events."""

    entity_kind: ClassVar[str] = "bin_stock"


@attrs.frozen(kw_only=True)
class BinStockOpened(BinStockEvent):
    """The bins of ``sku`` at ``location`` began to be counted (every bin empty)."""

    location: str
    sku: str


@attrs.frozen(kw_only=True)
class UnitsBinned(BinStockEvent):
    """``units`` of ``lot`` went into ``bin`` (a receipt, a count that found more, ...)."""

    bin: Bin
    lot: str | None
    units: int
    reason: str


@attrs.frozen(kw_only=True)
class UnitsUnbinned(BinStockEvent):
    """``units`` of ``lot`` left ``bin`` (a pick, a write-off, a count that found fewer, ...)."""

    bin: Bin
    lot: str | None
    units: int
    reason: str


@attrs.frozen(kw_only=True)
class UnitsMovedBetweenBins(BinStockEvent):
    """``units`` of ``lot`` were moved from ``source`` to ``target`` (a put-away, a move)."""

    source: Bin
    target: Bin
    lot: str | None
    units: int


@attrs.frozen(kw_only=True)
class UnitsPromised(BinStockEvent):
    """``units`` of ``lot`` in ``bin`` were promised to open pick list ``pick_list_id``."""

    bin: Bin
    lot: str | None
    units: int
    pick_list_id: str


@attrs.frozen(kw_only=True)
class PromiseReleased(BinStockEvent):
    """``units`` of ``lot`` in ``bin`` promised to ``pick_list_id`` are promised no more.

    ``reason``: the units were picked, found short, or the list was cancelled.
    """

    bin: Bin
    lot: str | None
    units: int
    pick_list_id: str
    reason: str
