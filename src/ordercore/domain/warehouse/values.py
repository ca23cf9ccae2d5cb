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
from typing import Any

import attrs

from ordercore.domain.warehouse.bins import Bin
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["AllocatedLine", "Demand", "LineTally", "PickLine", "PickMethod", "ShipmentLineKey"]

ShipmentLineKey = tuple[str, str]
"""``(shipment_id, line_id)``: one shipment line."""


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
    def open(self) -> int:
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

    def __attrs_post_init__(self) -> None:
        if self.picked + self.short > self.units:
            rule = f"picked and short add up to at most the {self.units} units asked for"
            raise ValidationError("picked", self.picked, rule)

    @property
    def units(self) -> int:
        """Units asked for at this stop (every demand's)."""
        return sum(demand.units for demand in self.demands)

    @property
    def open(self) -> int:
        """Units neither picked nor found short yet."""
        return self.units - self.picked - self.short

    def split(self) -> dict[ShipmentLineKey, LineTally]:
        """The line's picked and short units handed back to its shipment lines, in order.

        Picked units fill the demands first to last; short units then fill what is left, in the
        same order. Every shipment line gets requested = picked + short + open.
        """
        picked, short = self.picked, self.short
        tallies: dict[ShipmentLineKey, LineTally] = {}
        for demand in self.demands:
            took = min(picked, demand.units)
            missing = min(short, demand.units - took)
            picked, short = picked - took, short - missing
            before = tallies.get(demand.key, LineTally(0, 0, 0))
            tallies[demand.key] = LineTally(
                before.requested + demand.units, before.picked + took, before.short + missing
            )
        return tallies
