"""The ledger stream port: the append-only stock movements of each SKU, outside the aggregate.

An aggregate holds what its rules need to decide the next command; its history leaves it. A
``StockItem``'s movements go to an append-only stream kept per SKU by the unit of work:
appended rows are staged, committed atomically with the aggregates (and their events), and
dropped on rollback. Each SKU's rows carry ``seq`` 1, 2, 3, ... without a gap: a row whose
``seq`` is not the SKU's last ``seq`` + 1 is refused (:class:`LedgerOutOfSequence` when it is
appended, :class:`ConcurrencyConflict` at commit when a rival unit of work committed rows of
the same SKU first).

A unit of work also appends by itself: when it stages an aggregate (``add`` or ``save``) that
has a ``pull_movements()`` method, it pulls those movements and appends them under the
aggregate's key, just as it pulls ``pull_events()`` into the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ordercore.domain.inventory.ledger import Movement

__all__ = ["LedgerStream", "Movement"]


class LedgerStream(Protocol):
    """Per-SKU append-only movements, committed with the unit of work that appended them."""

    def append(self, sku: str, movements: Sequence[Movement]) -> None:
        """Stage ``movements`` of ``sku`` (each ``seq`` the last + 1); written by the commit."""
        ...

    def rows(self, sku: str, after: int = 0) -> list[Movement]:
        """Committed and staged movements of ``sku`` with ``seq > after``, in ``seq`` order."""
        ...
