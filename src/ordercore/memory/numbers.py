"""Gapless numbers of a memory unit of work: drawn while it runs, taken by its commit.

A number drawn through ``uow.numbers`` is staged: a unit of work that rolls back or whose commit
is refused takes none, so invoice and credit-note numbers have no gaps. Two units of work that
drew the same number cannot both commit: the later commit finds the counter moved and raises
:class:`ConcurrencyConflict` (the Engine then runs the command again and draws the next one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ordercore.kernel.errors import WrongType
from ordercore.ports.sequences import format_number

if TYPE_CHECKING:
    from ordercore.memory.unit_of_work import MemoryUnitOfWork

__all__ = ["MemoryNumbers"]


@attrs.define
class MemoryNumbers:
    """The number sequences seen through one :class:`MemoryUnitOfWork` (a ``NumberSequence``).

    A handle that is never changed after it is made (mutable only because a frozen attrs class
    costs twice as much to build, and the Engine asks for one in every command).
    """

    uow: MemoryUnitOfWork
    """The unit of work whose commit takes the numbers."""

    def next(self, name: str) -> str:
        """The next number of ``name`` (``"INV-000124"``), taken only if this unit commits."""
        self.uow.require_open("numbers.next")
        if not isinstance(name, str):
            raise WrongType("name", name, "a sequence name is a str")
        format_number(name, 1)  # refuses a bad name before anything is drawn
        return format_number(name, self.uow.draw(name))
