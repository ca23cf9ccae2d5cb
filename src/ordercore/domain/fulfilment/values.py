"""Value objects of a shipment: what was picked where, the parcels, and one shipment line.

All are frozen attrs classes that check themselves when built. Quantities are whole ``int``
(bools, floats and negatives are refused); a parcel's weight is whole grams.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ordercore.domain.orders.values import require_quantity, require_text
from ordercore.kernel.errors import WrongType
from ordercore.kernel.ids import require_id

__all__ = ["Dimensions", "Parcel", "PickedUnits", "ShipmentLine"]

_Validator = Callable[[Any, Any, Any], None]


def _positive(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_quantity(field, value, minimum=1)

    return check


def _optional_id(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        if value is not None:
            require_id(field, value)

    return check


def _id(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_id(field, value)

    return check


@attrs.frozen
class PickedUnits:
    """``units`` taken off the shelf at ``location`` (and ``lot``, when stock is kept by lot)."""

    location: str = attrs.field(validator=_id("location"))
    units: int = attrs.field(validator=_positive("units"))
    lot: str | None = attrs.field(default=None, validator=_optional_id("lot"))


@attrs.frozen
class Dimensions:
    """A parcel's outer size in whole millimetres."""

    length_mm: int = attrs.field(validator=_positive("length_mm"))
    width_mm: int = attrs.field(validator=_positive("width_mm"))
    height_mm: int = attrs.field(validator=_positive("height_mm"))


def _label(_: Any, __: Any, value: Any) -> None:
    if value is not None:
        require_text("label", value)


def _dimensions(_: Any, __: Any, value: Any) -> None:
    if value is not None and not isinstance(value, Dimensions):
        raise WrongType("dimensions", value, "dimensions are a Dimensions value or None")


def _contents(value: object) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise WrongType("contents", value, "contents map order line ids to units, or are None")
    checked: dict[str, int] = {}
    for line_id, units in value.items():
        require_id("contents", line_id)
        checked[line_id] = require_quantity("contents", units, minimum=1)
    return checked


@attrs.frozen
class Parcel:
    """One box handed to the carrier: weight in whole grams, size, and its barcode or label ref.

    ``contents`` (order line id → units) says what is in the box when it was packed by scan
    (see ``ordercore.domain.warehouse.packing``); ``None`` when the host did not record it.
    """

    weight_grams: int = attrs.field(validator=_positive("weight_grams"))
    dimensions: Dimensions | None = attrs.field(default=None, validator=_dimensions)
    label: str | None = attrs.field(default=None, validator=_label)
    """The barcode or label reference printed on the box (``None`` until labelled)."""
    contents: Mapping[str, int] | None = attrs.field(
        default=None, converter=_contents, hash=False, kw_only=True
    )
    """Units per order line in this box, or ``None`` when unrecorded."""


@attrs.frozen
class ShipmentLine:
    """One order line in a shipment: the units asked for and what was picked, place by place."""

    line_id: str = attrs.field(validator=_id("line_id"))
    sku: str = attrs.field(validator=_id("sku"))
    requested: int = attrs.field(validator=_positive("requested"))
    picks: tuple[PickedUnits, ...] = ()

    @property
    def picked(self) -> int:
        """Units picked so far."""
        units = 0
        for pick in self.picks:  # a plain loop: asked several times per shipment command
            units += pick.units
        return units

    @property
    def remaining(self) -> int:
        """Units asked for and not (yet) picked."""
        return self.requested - self.picked

    def with_pick(self, pick: PickedUnits) -> ShipmentLine:
        """This line with ``pick`` added (merged into an earlier pick of the same place)."""
        merged: list[PickedUnits] = []
        added = False
        for old in self.picks:
            if (old.location, old.lot) == (pick.location, pick.lot):
                merged.append(PickedUnits(old.location, old.units + pick.units, old.lot))
                added = True
            else:
                merged.append(old)
        if not added:
            merged.append(pick)
        return _checked_line(self.line_id, self.sku, self.requested, tuple(merged))


_new_object = object.__new__
_put = object.__setattr__


def _checked_line(
    line_id: str, sku: str, requested: int, picks: tuple[PickedUnits, ...]
) -> ShipmentLine:
    """``ShipmentLine(line_id, sku, requested, picks)`` of parts already checked.

    The parts are a line's own fields and built ``PickedUnits``: the slots are written as
    attrs' ``__init__`` writes them, without its three validators (each pick builds a line).
    """
    line: ShipmentLine = _new_object(ShipmentLine)
    _put(line, "line_id", line_id)
    _put(line, "sku", sku)
    _put(line, "requested", requested)
    _put(line, "picks", picks)
    return line
