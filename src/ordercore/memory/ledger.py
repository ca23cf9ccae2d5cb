"""The ledger stream of a memory unit of work: movements staged per SKU, committed with it.

Rows are checked as they are appended (each ``seq`` the last + 1, counting the staged rows) and
again by :meth:`ordercore.memory.store.MemoryStore.apply` against what is committed, so a rival
that committed rows of the same SKU first turns this commit into a ``ConcurrencyConflict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.ports.errors import LedgerOutOfSequence

if TYPE_CHECKING:
    from ordercore.memory.unit_of_work import MemoryUnitOfWork

__all__ = ["MemoryLedger", "check_sku"]


def check_sku(sku: object) -> str:
    """``sku`` if it is a non-empty str; else a typed refusal naming it."""
    if not isinstance(sku, str):
        raise WrongType("sku", sku, "a ledger is kept per SKU, named by a str")
    if not sku:
        raise ValidationError("sku", sku, "a SKU is a non-empty str")
    return sku


@attrs.define
class MemoryLedger:
    """The ledger stream seen through one :class:`MemoryUnitOfWork` (staged rows included).

    A handle that is never changed after it is made (mutable only because a frozen attrs class
    costs twice as much to build, and a unit of work makes one for each stock item it stages).
    """

    uow: MemoryUnitOfWork
    """The unit of work it stages into."""

    def append(self, sku: str, movements: Sequence[Movement]) -> None:
        """Stage ``movements`` of ``sku``; a ``seq`` that is not the last + 1 is refused."""
        uow = self.uow
        uow.require_open("ledger.append")
        if type(sku) is not str or not sku:  # check_sku, called only to refuse (each stock save)
            check_sku(sku)
        rows = list(movements)
        # the staged rows read in place (staged_movements copies them: only the last is read)
        staging = uow.staging.movements
        staged = staging.get(sku)
        last = staged[-1].seq if staged else uow.store.ledger_last(sku)
        for row in rows:
            if not isinstance(row, Movement):
                raise WrongType("movements", row, "a ledger row is a Movement")
            if isinstance(row.seq, bool) or row.seq != last + 1:
                raise LedgerOutOfSequence(sku, row.seq, last + 1)
            last += 1
        # uow.stage_movements(sku, rows), without the call: the first rows of a SKU are staged
        # as this list, which nobody else holds (no setdefault's empty list and second copy)
        if staged is None:
            if rows:
                staging[sku] = rows
        else:
            staged.extend(rows)

    def rows(self, sku: str, after: int = 0) -> list[Movement]:
        """Committed and staged movements of ``sku`` with ``seq > after``, in ``seq`` order."""
        self.uow.require_open("ledger.rows")
        check_sku(sku)
        if isinstance(after, bool) or not isinstance(after, int):
            raise WrongType("after", after, "a ledger position is an int seq")
        if after < 0:
            raise ValidationError("after", after, "a ledger position is 0 or more")
        found = self.uow.store.ledger_rows(sku, after)
        found.extend(row for row in self.uow.staged_movements(sku) if row.seq > after)
        return found
