"""The full-path rows of the allocation benchmark: plan, reservations, ledger entries, events.

They need the inventory package's StockItem API; until it is wired here, ``FULL_PATH_READY`` is
``False`` and the table says "not measured" rather than guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allocation_data import Order, Row

FULL_PATH_READY = False


def full_path(
    rows: list[Row], orders: list[Order]
) -> tuple[Callable[[], Any], Callable[[Any], object]]:
    """Setup and run for plan + reservations + ledger entries + events."""
    raise NotImplementedError("the inventory API is not wired into the benchmark yet")


def reserve_release_ops(ops: int) -> None:
    """``ops`` mixed reserve/release operations on StockItem aggregates."""
    raise NotImplementedError("the inventory API is not wired into the benchmark yet")


def reserve_release_floor(ops: int) -> None:
    """The same operations on a plain dict counter."""
    raise NotImplementedError("the inventory API is not wired into the benchmark yet")
