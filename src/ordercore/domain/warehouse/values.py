"""The values a pick list is made of: what was allocated, who a pick line serves, one pick line.

* :class:`AllocatedLine` is the input: units of one shipment line reserved at one bin (and lot).
* :class:`Demand` is one shipment line's share of a pick line.
* :class:`PickLine` is one stop of the walk: a SKU (and lot) at a bin, the units every demand
  there adds up to, and what was picked and found short so far. A batch pick line serves many
  shipment lines; :meth:`PickLine.split` hands its picked and short units back to them.

All are frozen attrs classes that check themselves when built; quantities are whole ``int``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ordercore.domain.warehouse.bins import Bin
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = [
    "AllocatedLine",
    "Demand",
    "LineTally",
    "PickLine",
    "PickMethod",
    "ShipmentLineKey",
    "checked_stop",
]

ShipmentLineKey = tuple[str, str]
"""``(shipment_id, line_id)``: one shipment line."""

_SET = object.__setattr__


class PickMethod(enum.StrEnum):
    """How a pick list was put together."""

    SINGLE = "single"
    """One shipment per list."""
    BATCH = "batch"
    """Many shipments, units summed per bin, split back at the end."""
    WAVE = "wave"
    """A batch of the shipments sharing a cut-off, carrier and priority, released at a time."""
    ZONE = "zone"
    """The lines of one zone."""


def _id(_: Any, attribute: Any, value: Any) -> None:
    require_id(attribute.name, value)


def _optional_id(_: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        require_id(attribute.name, value)


def _positive(_: Any, attribute: Any, value: Any) -> None:
    require_quantity(attribute.name, value, minimum=1)


def _count(_: Any, attribute: Any, value: Any) -> None:
    require_quantity(attribute.name, value, minimum=0)


def _bin(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Bin):
        raise WrongType(attribute.name, value, "a bin is a Bin value")


@attrs.frozen
class AllocatedLine:
    """``units`` of shipment line ``line_id`` reserved at ``bin`` (and ``lot``): what to pick."""

    shipment_id: str = attrs.field(validator=_id)
    line_id: str = attrs.field(validator=_id)
    sku: str = attrs.field(validator=_id)
    units: int = attrs.field(validator=_positive)
    bin: Bin = attrs.field(validator=_bin)
    lot: str | None = attrs.field(default=None, validator=_optional_id)

    @property
    def key(self) -> ShipmentLineKey:
        """The shipment line this is for."""
        return (self.shipment_id, self.line_id)


@attrs.frozen
class Demand:
    """``units`` of a pick line that belong to shipment line ``line_id`` of ``shipment_id``."""

    shipment_id: str = attrs.field(validator=_id)
    line_id: str = attrs.field(validator=_id)
    units: int = attrs.field(validator=_positive)

    @property
    def key(self) -> ShipmentLineKey:
        """The shipment line this is for."""
        return (self.shipment_id, self.line_id)


@attrs.frozen
class LineTally:
    """Units of one shipment line on a pick list: requested = picked + short + open."""

    requested: int
    picked: int
    short: int

    @property
    def open(self) -> int:  # io-ok: units still to pick, not builtins.open
        """Units neither picked nor found short yet."""
        return self.requested - self.picked - self.short


def _demands(value: Any) -> tuple[Demand, ...]:
    demands = tuple(value)
    if not demands:
        raise ValidationError("demands", demands, "a pick line serves at least one shipment line")
    for demand in demands:
        if not isinstance(demand, Demand):
            raise WrongType("demands", demand, "each demand is a Demand value")
    return demands


@attrs.frozen
class PickLine:
    """One stop of the walk: ``sku`` (``lot``) at ``bin`` for ``demands``; picked and short."""

    line_id: str = attrs.field(validator=_id)
    bin: Bin = attrs.field(validator=_bin)
    sku: str = attrs.field(validator=_id)
    lot: str | None = attrs.field(validator=_optional_id)
    demands: tuple[Demand, ...] = attrs.field(converter=_demands)
    picked: int = attrs.field(default=0, validator=_count)
    short: int = attrs.field(default=0, validator=_count)
    units: int = attrs.field(init=False, eq=False, repr=False)
    """Units asked for at this stop (every demand's)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "units", sum(demand.units for demand in self.demands))
        if self.picked + self.short > self.units:
            rule = f"picked and short add up to at most the {self.units} units asked for"
            raise ValidationError("picked", self.picked, rule)

    @property
    def open(self) -> int:  # io-ok: units still to pick, not builtins.open
        """Units neither picked nor found short yet."""
        return self.units - self.picked - self.short

    def confirmed(self, picked: int, short: int) -> PickLine:
        """This line with ``picked`` more units picked and ``short`` more found short.

        Both are counts of at most :attr:`open` units together (refused otherwise); the stop
        itself (bin, SKU, lot, demands) was checked when the line was made, so only the
        counts are checked here.
        """
        if type(picked) is not int or type(short) is not int or picked < 0 or short < 0:
            raise ValidationError("picked", (picked, short), "picked and short are counts")
        if picked + short > self.open:
            rule = f"picked and short add up to at most the {self.open} units open"
            raise ValidationError("picked", picked, rule)
        changed = object.__new__(PickLine)
        _SET(changed, "line_id", self.line_id)
        _SET(changed, "bin", self.bin)
        _SET(changed, "sku", self.sku)
        _SET(changed, "lot", self.lot)
        _SET(changed, "demands", self.demands)
        _SET(changed, "picked", self.picked + picked)
        _SET(changed, "short", self.short + short)
        _SET(changed, "units", self.units)
        return changed

    def handed_back(
        self, picked: int, short: int
    ) -> tuple[dict[ShipmentLineKey, int], dict[ShipmentLineKey, int]]:
        """The units ``picked`` and ``short`` more hand to each shipment line (as :meth:`split`).

        Returns ``(picked per shipment line, short per shipment line)``, lines with none left
        out.
        """
        given: dict[ShipmentLineKey, int] = {}
        lacking: dict[ShipmentLineKey, int] = {}
        old_picked, old_short = self.picked, self.short
        new_picked, new_short = old_picked + picked, old_short + short
        for demand in self.demands:
            units = demand.units
            took_before = old_picked if old_picked < units else units
            took_after = new_picked if new_picked < units else units
            room_before, room_after = units - took_before, units - took_after
            short_before = old_short if old_short < room_before else room_before
            short_after = new_short if new_short < room_after else room_after
            old_picked -= took_before
            new_picked -= took_after
            old_short -= short_before
            new_short -= short_after
            key = (demand.shipment_id, demand.line_id)
            if took_after > took_before:
                given[key] = given.get(key, 0) + took_after - took_before
            if short_after > short_before:
                lacking[key] = lacking.get(key, 0) + short_after - short_before
        return given, lacking

    def shares(self) -> list[tuple[ShipmentLineKey, int, int, int]]:
        """Per demand, in order: ``(shipment line, units, picked share, short share)``.

        Picked units fill the demands first to last; short units then fill what is left, in the
        same order.
        """
        picked, short = self.picked, self.short
        found = []
        for demand in self.demands:
            took = min(picked, demand.units)
            missing = min(short, demand.units - took)
            picked, short = picked - took, short - missing
            found.append((demand.key, demand.units, took, missing))
        return found

    def split(self) -> dict[ShipmentLineKey, LineTally]:
        """The line's picked and short units handed back to its shipment lines, in order.

        Picked units fill the demands first to last; short units then fill what is left, in the
        same order. Every shipment line gets requested = picked + short + open.
        """
        tallies: dict[ShipmentLineKey, LineTally] = {}
        for key, units, took, missing in self.shares():
            before = tallies.get(key, LineTally(0, 0, 0))
            tallies[key] = LineTally(
                before.requested + units, before.picked + took, before.short + missing
            )
        return tallies


def checked_stop(
    line_id: str,
    place: Bin,
    sku: str,
    lot: str | None,
    demands: Iterable[tuple[str, str, int]],
) -> PickLine:
    r"""A fresh pick line from parts already checked (the fields of :class:`AllocatedLine`\ s).

    ``demands`` are ``(shipment_id, line_id, units)``. Used where a pick list is made from
    thousands of allocated lines, whose own validators have run.
    """
    made = []
    for shipment_id, shipment_line, units in demands:
        demand = object.__new__(Demand)
        _SET(demand, "shipment_id", shipment_id)
        _SET(demand, "line_id", shipment_line)
        _SET(demand, "units", units)
        made.append(demand)
    stop = object.__new__(PickLine)
    _SET(stop, "line_id", line_id)
    _SET(stop, "bin", place)
    _SET(stop, "sku", sku)
    _SET(stop, "lot", lot)
    _SET(stop, "demands", tuple(made))
    _SET(stop, "picked", 0)
    _SET(stop, "short", 0)
    _SET(stop, "units", sum(demand.units for demand in made))
    return stop
