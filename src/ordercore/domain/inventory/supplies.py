"""The supply list of one SKU: incoming stock not yet received or cancelled, with its counters.

A part of :class:`~ordercore.domain.inventory.stock.StockItem`. Each line is an
:class:`~ordercore.domain.inventory.values.IncomingSupply` with the units still ``expected`` and
the units ``promised`` from them to reservations. A line leaves the list once nothing more is
expected from it (fully received or cancelled), so the list follows the purchase orders and
transfers still open. Only the stock item's ``apply`` changes it.
"""

from __future__ import annotations

from typing import Any

import attrs

from ordercore.domain.inventory.values import IncomingSupply
from ordercore.kernel.errors import NotFound

__all__ = ["SupplyList"]

_new = object.__new__


@attrs.define
class SupplyList:
    """Open incoming supply lines by id, the units still expected and those promised."""

    lines: dict[str, IncomingSupply] = attrs.Factory(dict)
    expected: dict[str, int] = attrs.Factory(dict)
    promised: dict[str, int] = attrs.Factory(dict)

    def __deepcopy__(self, memo: dict[int, Any]) -> SupplyList:
        """An equal list sharing no dict with this one (``kernel.copies``' protocol).

        Its lines are frozen values, shared; the three dicts are copied with ``dict.copy()``.
        """
        copied = _new(SupplyList)
        copied.lines = self.lines.copy()
        copied.expected = self.expected.copy()
        copied.promised = self.promised.copy()
        return copied

    def get(self, supply_id: str) -> IncomingSupply | None:
        """The open line with this id, if any."""
        return self.lines.get(supply_id)

    def line(self, supply_id: str) -> tuple[IncomingSupply, int, int]:
        """An open line with its units still expected and promised; a closed one is NotFound."""
        supply = self.lines.get(supply_id)
        if supply is None:
            raise NotFound("incoming supply", supply_id)
        return supply, self.expected.get(supply_id, 0), self.promised.get(supply_id, 0)

    def expected_lines(self) -> list[IncomingSupply]:
        """The lines still expecting units, by expected date and id (what a planner sees)."""
        expected = self.expected
        return sorted(
            (line for line in self.lines.values() if expected.get(line.id, 0)),
            key=lambda line: (line.expected_on, line.id),
        )

    def open(self, supply: IncomingSupply) -> None:  # io-ok: opens a supply line, not a file
        """Add a new line (nothing expected yet: its ``expect`` movement adds the units)."""
        self.lines[supply.id] = supply
        self.expected[supply.id] = 0
        self.promised[supply.id] = 0

    def add(self, supply_id: str, expected: int, promised: int) -> None:
        """Add one movement's deltas to a line's counters."""
        self.expected[supply_id] = self.expected.get(supply_id, 0) + expected
        if promised:
            self.promised[supply_id] = self.promised.get(supply_id, 0) + promised

    def room(self, supply_id: str) -> int:
        """Units of a line still free to promise: expected - promised."""
        return self.expected.get(supply_id, 0) - self.promised.get(supply_id, 0)

    def close_if_done(self, supply_id: str) -> IncomingSupply | None:
        """Drop a line that expects nothing more; returns it when it was dropped."""
        if self.expected.get(supply_id, 0) or self.promised.get(supply_id, 0):
            return None
        self.expected.pop(supply_id, None)
        self.promised.pop(supply_id, None)
        return self.lines.pop(supply_id, None)

    def uses_lot(self, lot: str) -> bool:
        """True while an open line will bring units of ``lot``."""
        return any(supply.lot == lot for supply in self.lines.values())

    def restore(self, rows: tuple[tuple[str, int, int], ...]) -> None:
        """Set the counters of the open lines from ``(supply_id, expected, promised)`` rows."""
        for supply_id in self.lines:
            self.expected[supply_id] = 0
            self.promised[supply_id] = 0
        for supply_id, expected, promised in rows:
            self.expected[supply_id] = expected
            self.promised[supply_id] = promised
