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
from ordercore.kernel.slots import draft_class

__all__ = ["Dimensions", "Parcel", "PickedUnits", "ShipmentLine", "picked_units", "shipment_line"]

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
        units = self.requested
        for pick in self.picks:  # the picks counted here, not through ``picked`` (a frame less)
            units -= pick.units
        return units

    def with_pick(self, pick: PickedUnits) -> ShipmentLine:
        """This line with ``pick`` added (merged into an earlier pick of the same place)."""
        picks = self.picks
        if not picks:  # the line's first pick: nothing to merge into
            alone = _KNOWN_PICKS.get((pick.location, pick.units, pick.lot))
            if alone is None or alone[0] is not pick:  # else the shared tuple of the shared pick
                alone = (pick,)
            return _checked_line(self.line_id, self.sku, self.requested, alone)
        for index, old in enumerate(picks):
            if old.location == pick.location and old.lot == pick.lot:
                # the sum of two checked counts of at least 1 is one too: its slots written
                merged = _checked_pick(old.location, old.units + pick.units, old.lot)
                picks = (*picks[:index], merged, *picks[index + 1 :])
                break
        else:
            picks += (pick,)
        return _checked_line(self.line_id, self.sku, self.requested, picks)


# drafts (kernel.slots.draft_class): a builder assigns every field and sets ``__class__``
_PickDraft = draft_class(PickedUnits)
_LineDraft = draft_class(ShipmentLine)


def _is_id(value: object) -> bool:
    """What ``require_id`` accepts, for a plain ``str`` (a subclass is left to it)."""
    return value.__class__ is str and value != "" and value == value.strip()


def picked_units(location: object, units: object, lot: object = None) -> PickedUnits:
    """``PickedUnits(location, units, lot)``: a pick a shipment's event reports (each pick).

    Its slots are written (kernel.slots) once the parts pass the validators' own checks,
    inline: a fifth of the instructions of ``__init__`` and its three validator calls.
    Anything else goes through ``__init__``, which builds or refuses it as it always has.
    """
    # _is_id(location) written out: a call (~900 instructions) per pick; a lot is rarer
    if (
        units.__class__ is int
        and units >= 1
        and location.__class__ is str
        and location != ""
        and location == location.strip()
        and (lot is None or _is_id(lot))
    ):
        return _checked_pick(location, units, lot)  # type: ignore[arg-type]
    return PickedUnits(location, units, lot)  # type: ignore[arg-type]


def shipment_line(line_id: object, sku: object, requested: object) -> ShipmentLine:
    """``ShipmentLine(line_id, sku, requested)``, nothing picked yet: a line a shipment opens with.

    Its slots are written (kernel.slots) once the parts pass the validators' own checks,
    inline, as :func:`picked_units`; anything else goes through ``__init__`` and its error.
    """
    # _is_id() of both written out: two calls (~900 instructions each) per line
    if (
        requested.__class__ is int
        and requested >= 1
        and line_id.__class__ is str
        and sku.__class__ is str
        and line_id != ""
        and sku != ""
        and line_id == line_id.strip()
        and sku == sku.strip()
    ):
        return _checked_line(line_id, sku, requested, ())
    return ShipmentLine(line_id, sku, requested)  # type: ignore[arg-type]


_KNOWN_PICKS: dict[tuple[str, int, str | None], tuple[PickedUnits]] = {}
"""Picks built by :func:`_checked_pick`, by (location, units, lot), each alone in a tuple.

A pick never changes, and most are one of a few (a unit or two from the one shelf): a store
keeps every shipment line's picks and every event's alive, and one shared value of each (and
one shared tuple of it alone, a line's usual picks) is fewer objects for the garbage
collector's full runs to walk (four fewer per order of the Engine's workflow), and a look-up
costs less than building one. At most :data:`_KNOWN_PICKS_MAX` are kept (then the rest are
built as before): it never grows with a shop's history, only with the picks it has seen first.
"""

_KNOWN_PICKS_MAX = 1024


def _checked_pick(location: str, units: int, lot: str | None) -> PickedUnits:
    """``PickedUnits(location, units, lot)`` of parts already checked, its slots written."""
    key = (location, units, lot)
    alone = _KNOWN_PICKS.get(key)
    if alone is not None:  # an equal pick built before: shared (it never changes)
        return alone[0]
    draft: Any = _PickDraft()
    draft.location = location
    draft.units = units
    draft.lot = lot
    draft.__class__ = PickedUnits
    pick: PickedUnits = draft
    if len(_KNOWN_PICKS) < _KNOWN_PICKS_MAX:
        _KNOWN_PICKS[key] = (pick,)
    return pick


def _checked_line(
    line_id: str, sku: str, requested: int, picks: tuple[PickedUnits, ...]
) -> ShipmentLine:
    """``ShipmentLine(line_id, sku, requested, picks)`` of parts already checked.

    The parts are a line's own fields and built ``PickedUnits``: its draft's slots are written
    (kernel.slots) without ``__init__``'s three validators (each pick builds a line).
    """
    draft: Any = _LineDraft()
    draft.line_id = line_id
    draft.sku = sku
    draft.requested = requested
    draft.picks = picks
    draft.__class__ = ShipmentLine
    line: ShipmentLine = draft
    return line
