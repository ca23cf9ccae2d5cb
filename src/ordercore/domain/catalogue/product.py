"""A product as the catalogue describes it: a value, compared by what it says.

Weights are whole grams and dimensions whole millimetres (``int``, never a float), so a box
chooser can add and compare them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["Dimensions", "Product"]


def _whole(field: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a measure is a whole int (grams, millimetres), no float")
    if value < minimum:
        raise ValidationError(field, value, f"a measure here is at least {minimum}")
    return value


def _flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise WrongType(field, value, "a flag is True or False")
    return value


@attrs.frozen
class Dimensions:
    """The outer size of one unit in whole millimetres: ``length`` x ``width`` x ``height``."""

    length_mm: int
    width_mm: int
    height_mm: int

    def __attrs_post_init__(self) -> None:
        for name in ("length_mm", "width_mm", "height_mm"):
            _whole(name, getattr(self, name), 1)

    @property
    def volume_mm3(self) -> int:
        """The volume of the box around one unit, in cubic millimetres."""
        return self.length_mm * self.width_mm * self.height_mm


def _barcodes(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise WrongType("barcodes", value, "barcodes are a sequence of strings, not one string")
    codes = tuple(value)
    for code in codes:
        require_id("barcodes", code)
    if len(set(codes)) != len(codes):
        raise ValidationError("barcodes", codes, "a product lists each barcode once")
    return codes


@attrs.frozen
class Product:
    """What the catalogue says about one SKU.

    ``sellable=False`` keeps the product out of new orders (discontinued, not yet launched);
    ``track_inventory=False`` marks goods with no stock to count (a service, a download);
    ``weight_g`` and ``dimensions`` are per unit, ``None`` when the catalogue does not say.
    """

    sku: str
    title: str
    barcodes: tuple[str, ...] = attrs.field(default=(), converter=_barcodes)
    weight_g: int | None = None
    dimensions: Dimensions | None = None
    fragile: bool = False
    sellable: bool = True
    track_inventory: bool = True

    def __attrs_post_init__(self) -> None:
        require_id("sku", self.sku)
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValidationError("title", self.title, "a product has a non-empty title")
        if self.weight_g is not None:
            _whole("weight_g", self.weight_g, 0)
        if self.dimensions is not None and not isinstance(self.dimensions, Dimensions):
            raise WrongType("dimensions", self.dimensions, "dimensions are a Dimensions value")
        for name in ("fragile", "sellable", "track_inventory"):
            _flag(name, getattr(self, name))
