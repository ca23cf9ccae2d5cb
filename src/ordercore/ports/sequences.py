"""Number sequences (order, invoice, RMA numbers) and the clock, as ports.

Numbers people read (``"INV-000123"``) come from a sequence the host owns (a database sequence,
a counter row); ordercore only asks for the next one. Repeats are never allowed. Drawn through a
unit of work (``uow.numbers``) a sequence is gapless: the number is taken by the commit, and a
rolled-back or refused unit of work takes none (invoices and credit notes need this). Drawn
straight from a store (``MemoryStore.next``) a number is taken at once, and a refused command
leaves a gap.

>>> format_number("INV", 123)
'INV-000123'
"""

from __future__ import annotations

from typing import Protocol

from ordercore.kernel.clock import Clock, FixedClock
from ordercore.kernel.errors import ValidationError

__all__ = ["Clock", "FixedClock", "NumberSequence", "format_number"]


class NumberSequence(Protocol):
    """Hands out increasing, never repeated numbers per sequence name."""

    def next(self, name: str) -> str:
        """The next number of sequence ``name`` (e.g. ``"INV"`` → ``"INV-000124"``)."""
        ...


def format_number(name: str, number: int, width: int = 6) -> str:
    """``name``, a dash and ``number`` zero-padded to ``width`` digits."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValidationError("number", number, "sequence numbers are whole numbers from 1")
    if not name or not name.replace("_", "").isalnum():
        raise ValidationError("name", name, "a sequence name is letters, digits and underscores")
    return f"{name}-{number:0{width}d}"
