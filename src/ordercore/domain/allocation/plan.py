"""What the allocation engine returns: a plan of picks, backorders and reasons.

A :class:`Plan` holds one :class:`LineAllocation` per order line, in the order the lines were
served, and one :class:`Consumption` per supply row it took from. Every line's quantity is split
into ``allocated + backordered + unfilled``; every pick and every line carries a reason a person
can read. A plan never consumes more from a row than the row had available.

:class:`Pick`, :class:`LineAllocation` and :class:`Consumption` are read-only records by contract:
slotted ``attrs.define`` classes rather than ``attrs.frozen`` ones, because a plan builds one or
two of each per order line and frozen construction would cost about 15% of a plan's time. The
:class:`Plan` that holds them is frozen, and nothing in ordercore changes a record once built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pendulum

from ordercore.domain.allocation.errors import LineNotInPlan
from ordercore.domain.allocation.inputs import DemandLine, Supply
from ordercore.kernel.ids import LocationId, LotId, OrderId, Sku
from ordercore.kernel.slots import draft_class

__all__ = ["Consumption", "LineAllocation", "Pick", "Plan", "new_record", "planned"]

new_record = object.__new__
"""``new_record(Pick)``: an empty record for a planner hot path to fill, writing *every* field.

:class:`Pick`, :class:`LineAllocation` and :class:`Consumption` have no converter, validator or
default a planner relies on: their ``__init__`` only writes the fields, so writing them on
``new_record(cls)`` gives the same record without the ``__init__`` frame (about 650
instructions a record; ``tests/domain/allocation/test_plan.py`` pins that it equals the
constructor's).
"""


def _row_key(row: Supply) -> tuple[str, str, str | None, str | None]:
    return row.key


@attrs.define
class Pick:
    """``quantity`` units from one supply row (``source``): a location and lot, or incoming.

    ``available`` is what the row still had free when it was chosen; ``reason`` says why it was
    chosen, e.g. ``"WH-EAST: on hand, priority 1, 40 available; lot L-07 expires first (...)"``.
    """

    source: Supply = attrs.field(eq=_row_key)
    """The supply row; picks compare by the row's key, not by its snapshot-time numbers."""
    quantity: int
    available: int
    phrasing: tuple[str, str] = attrs.field(repr=False)
    """The reason's text before and after the available count, shared by picks of one row."""

    @property
    def location(self) -> LocationId:
        """The location the units ship from."""
        return self.source.location

    @property
    def lot(self) -> LotId | None:
        """The lot the units come from (``None`` when the SKU is not lot-tracked)."""
        return self.source.lot

    @property
    def eta(self) -> pendulum.Date | None:
        """When incoming units are expected (``None`` for stock on hand)."""
        return self.source.eta

    @property
    def supply_id(self) -> str | None:
        """The incoming supply's id (``None`` for stock on hand)."""
        return self.source.supply_id

    @property
    def reason(self) -> str:
        """Why this source was chosen, in words."""
        return f"{self.phrasing[0]}{self.available}{self.phrasing[1]}"


@attrs.define
class LineAllocation:
    """How one order line is served: its picks, what is backordered or unfilled, and why."""

    line: DemandLine
    picks: tuple[Pick, ...]
    backordered: int
    unfilled: int
    reason: str
    notes: tuple[str, ...] = ()
    """Supply rows of the SKU that the policy's filters refused, each with its reason."""

    @property
    def order_id(self) -> OrderId:
        """The order the line belongs to."""
        return self.line.order_id

    @property
    def line_id(self) -> str:
        """The line's id within its order."""
        return self.line.line_id

    @property
    def sku(self) -> Sku:
        """The SKU ordered."""
        return self.line.sku

    @property
    def quantity(self) -> int:
        """The quantity ordered (``allocated + backordered + unfilled``)."""
        return self.line.quantity

    @property
    def allocated(self) -> int:
        """The units the picks serve."""
        return sum(p.quantity for p in self.picks)

    @property
    def locations(self) -> tuple[LocationId, ...]:
        """The distinct locations the line ships from, in pick order."""
        return tuple(dict.fromkeys(p.location for p in self.picks))


@attrs.define
class Consumption:
    """What a plan took from one supply row (``source``; compared by the row's key)."""

    source: Supply = attrs.field(eq=_row_key)
    quantity: int

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """``(sku, location, lot, supply_id)``, the key of the supply row."""
        return self.source.key

    @property
    def sku(self) -> Sku:
        """The SKU taken."""
        return self.source.sku

    @property
    def location(self) -> LocationId:
        """The location taken from."""
        return self.source.location

    @property
    def lot(self) -> LotId | None:
        """The lot taken from."""
        return self.source.lot

    @property
    def supply_id(self) -> str | None:
        """The incoming supply taken from (``None`` for stock on hand)."""
        return self.source.supply_id


@attrs.frozen
class Plan:
    """The outcome of one allocation run: lines in serving order, and the stock they consume."""

    policy: str
    decided_at: pendulum.DateTime
    lines: tuple[LineAllocation, ...]
    consumed: tuple[Consumption, ...]

    def __iter__(self) -> Iterator[LineAllocation]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, order_id: str, line_id: str) -> LineAllocation:
        """The allocation of one order line, or :class:`LineNotInPlan`."""
        for line in self.lines:
            if line.order_id == order_id and line.line_id == line_id:
                return line
        raise LineNotInPlan(order_id, line_id)

    def for_order(self, order_id: str) -> tuple[LineAllocation, ...]:
        """The allocations of one order's lines (empty when the plan has none)."""
        return tuple(line for line in self.lines if line.order_id == order_id)

    @property
    def allocated(self) -> int:
        """The units allocated across all lines."""
        return sum(c.quantity for c in self.consumed)

    @property
    def backordered(self) -> int:
        """The units backordered across all lines."""
        return sum(line.backordered for line in self.lines)

    def consumed_from(self, sku: str, location: str) -> int:
        """The units taken from every row of ``sku`` at ``location``."""
        return sum(c.quantity for c in self.consumed if c.sku == sku and c.location == location)

    def explain(self) -> str:
        """The plan as lines of text a person can read: one per order line, one per pick."""
        out = [f"plan by policy {self.policy!r} at {self.decided_at.isoformat()}"]
        for line in self.lines:
            out.append(f"{line.order_id}/{line.line_id} {line.sku} x{line.quantity}: {line.reason}")
            out.extend(f"  {p.quantity} from {p.reason}" for p in line.picks)
            out.extend(f"  note: {note}" for note in line.notes)
        return "\n".join(out)


_PlanDraft = draft_class(Plan)
"""A ``Plan`` being built by :func:`planned` (kernel.slots.draft_class)."""


def planned(
    policy: str,
    decided_at: pendulum.DateTime,
    lines: tuple[LineAllocation, ...],
    consumed: tuple[Consumption, ...],
) -> Plan:
    """``Plan(policy, decided_at, lines, consumed)`` of what a planning run made, built faster.

    ``Plan`` has no converter or validator, so assigning its four fields on a draft and setting
    its class (kernel.slots.draft_class) gives the same plan without the frozen ``__init__``'s
    ``object.__setattr__`` per field; every ``allocate`` makes one.
    """
    draft: Any = _PlanDraft()
    draft.policy = policy
    draft.decided_at = decided_at
    draft.lines = lines
    draft.consumed = consumed
    draft.__class__ = Plan
    plan: Plan = draft
    return plan
