"""Box choice (cartonization): which boxes the items of a shipment go into, and where.

Boxes (:class:`Box`: inner dimensions, a limit on the weight of their contents, tare, cost) and
items (:class:`Item`: one unit's dimensions and weight, fragile, this side up) are plain values;
:func:`choose_boxes` is deterministic: the same items and boxes always give the same packages.

The heuristic, in order:

1. An item that fits no box on its own (by size in any allowed rotation, or by weight) is
   reported in :attr:`Cartonization.unfit` with the reason; it is never dropped.
2. Items are taken largest first (by volume, then weight, then SKU), fragile items last.
3. If every item fits one box, the cheapest such box is chosen (ties: the smaller).
4. Otherwise first-fit decreasing: each item goes into the first open package it fits; an
   item that fits none opens the largest box type that holds it. Each package is then moved to
   the cheapest (then smallest) box type that still holds its contents.

So the number of boxes comes first, then cost, then empty volume. Inside a box items are placed
in layers of rows (a guillotine layout: no two items overlap, each lies inside the box); an item
may be turned any way, one marked *this side up* only about the vertical axis; no layer is put
on top of a fragile item. A package weighs its items plus the box's tare, and its dimensions are
the box's outer ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import permutations
from typing import Any

import attrs

from ordercore.domain.catalogue.product import Dimensions, Product
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money

__all__ = ["Box", "Cartonization", "Item", "Package", "Placement", "Unfit", "choose_boxes"]


def _id(_: Any, attribute: Any, value: Any) -> None:
    require_id(attribute.name, value)


def _grams(_: Any, attribute: Any, value: Any) -> None:
    require_quantity(attribute.name, value, minimum=0)


def _dimensions(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Dimensions):
        raise WrongType(attribute.name, value, "dimensions are a catalogue Dimensions value")


def _optional_dimensions(_: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _dimensions(_, attribute, value)


def _flag(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise WrongType(attribute.name, value, "a flag is True or False")


def _money(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money):
        raise WrongType(attribute.name, value, "a cost is Money")


def _size(d: Dimensions) -> tuple[int, int, int]:
    return (d.length_mm, d.width_mm, d.height_mm)


@attrs.frozen
class Box:
    """A box type: ``inner`` size, ``max_weight_g`` of contents, ``tare_g``, ``cost`` per box.

    ``outer`` is the size the carrier measures (the inner size when not given).
    """

    name: str = attrs.field(validator=_id)
    inner: Dimensions = attrs.field(validator=_dimensions)
    max_weight_g: int = attrs.field(validator=_grams)
    tare_g: int = attrs.field(validator=_grams)
    cost: Money = attrs.field(validator=_money)
    outer: Dimensions | None = attrs.field(default=None, validator=_optional_dimensions)

    @property
    def dimensions(self) -> Dimensions:
        """The package's size: the outer size, or the inner one if no outer is given."""
        return self.inner if self.outer is None else self.outer

    @property
    def volume_mm3(self) -> int:
        """The inner volume."""
        return self.inner.volume_mm3


@attrs.frozen
class Item:
    """One unit to pack: its ``dimensions``, ``weight_g`` and handling flags."""

    sku: str = attrs.field(validator=_id)
    dimensions: Dimensions = attrs.field(validator=_dimensions)
    weight_g: int = attrs.field(validator=_grams)
    fragile: bool = attrs.field(default=False, validator=_flag)
    this_side_up: bool = attrs.field(default=False, validator=_flag)

    @classmethod
    def from_product(cls, product: Product, *, this_side_up: bool = False) -> Item:
        """One unit of ``product`` as the catalogue describes it (size and weight required)."""
        if not isinstance(product, Product):
            raise WrongType("product", product, "a product is a catalogue Product")
        if product.dimensions is None or product.weight_g is None:
            rule = "a product to pack has dimensions and a weight in the catalogue"
            raise ValidationError("product", product.sku, rule)
        return cls(product.sku, product.dimensions, product.weight_g, product.fragile, this_side_up)

    def orientations(self) -> tuple[tuple[int, int, int], ...]:
        """The (length, width, height) the item may lie in: flattest first, deterministic."""
        size = _size(self.dimensions)
        if self.this_side_up:
            turns = {(size[0], size[1], size[2]), (size[1], size[0], size[2])}
        else:
            turns = {(a, b, c) for a, b, c in permutations(size)}
        return tuple(sorted(turns, key=lambda t: (t[2], -t[0], t[1])))


@attrs.frozen
class Placement:
    """Where an item lies in its box: corner ``(x, y, z)`` in mm and its turned ``size``."""

    item: Item
    x: int
    y: int
    z: int
    size: tuple[int, int, int]


@attrs.frozen
class Package:
    """One box and what lies in it."""

    box: Box
    placements: tuple[Placement, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """The items in the box."""
        return tuple(p.item for p in self.placements)

    @property
    def weight_g(self) -> int:
        """The items' weight plus the box's tare."""
        return self.box.tare_g + sum(p.item.weight_g for p in self.placements)

    @property
    def dimensions(self) -> Dimensions:
        """The box's (outer) dimensions."""
        return self.box.dimensions

    @property
    def empty_volume_mm3(self) -> int:
        """The box's inner volume not taken by items."""
        return self.box.volume_mm3 - sum(p.item.dimensions.volume_mm3 for p in self.placements)


@attrs.frozen
class Unfit:
    """An item no box can take, and why."""

    item: Item
    reason: str


@attrs.frozen
class Cartonization:
    """The packages chosen, and the items that fit no box."""

    packages: tuple[Package, ...]
    unfit: tuple[Unfit, ...]

    @property
    def cost(self) -> Money | None:
        """What the boxes cost together (``None`` when there is no package)."""
        if not self.packages:
            return None
        total = self.packages[0].box.cost
        for package in self.packages[1:]:
            total = total + package.box.cost
        return total


class _Load:
    """Items being laid into one box: layers of rows, rows of items."""

    __slots__ = (
        "box",
        "height",
        "layer_height",
        "length",
        "lidded",
        "limit",
        "placed",
        "row_depth",
        "weight",
        "width",
        "x",
        "y",
        "z",
    )  # fmt: skip

    def __init__(self, box: Box) -> None:
        self.box = box
        self.length, self.width, self.height = _size(box.inner)
        self.limit = box.max_weight_g
        self.weight = 0
        self.placed: list[Placement] = []
        self.x = self.y = self.z = 0
        self.row_depth = self.layer_height = 0
        self.lidded = False
        """A fragile item lies in the top layer: no layer goes on it."""

    def add(self, item: Item) -> bool:
        """Lay ``item`` in the box if it fits (by weight and in some allowed rotation)."""
        if self.weight + item.weight_g > self.limit:
            return False
        turns = item.orientations()
        x, y, z = self.x, self.y, self.z
        for length, width, height in turns:  # the current row
            if x + length <= self.length and y + width <= self.width and z + height <= self.height:
                return self._put(item, (length, width, height), x, y, z)
        y = self.y + self.row_depth
        for length, width, height in turns:  # a new row in this layer
            if length <= self.length and y + width <= self.width and z + height <= self.height:
                self.row_depth = 0
                return self._put(item, (length, width, height), 0, y, z)
        if self.lidded:
            return False
        z = self.z + self.layer_height
        for length, width, height in turns:  # a new layer on top
            if length <= self.length and width <= self.width and z + height <= self.height:
                self.row_depth = self.layer_height = 0
                return self._put(item, (length, width, height), 0, 0, z)
        return False

    def _put(self, item: Item, size: tuple[int, int, int], x: int, y: int, z: int) -> bool:
        self.placed.append(Placement(item, x, y, z, size))
        self.weight += item.weight_g
        self.x, self.y, self.z = x + size[0], y, z
        self.row_depth = max(self.row_depth, size[1])
        self.layer_height = max(self.layer_height, size[2])
        self.lidded = self.lidded or item.fragile
        return True

    def package(self) -> Package:
        return Package(self.box, tuple(self.placed))


def _pack(box: Box, items: Sequence[Item]) -> _Load | None:
    load = _Load(box)
    for item in items:
        if not load.add(item):
            return None
    return load


def _fits_alone(item: Item, box: Box) -> bool:
    return item.weight_g <= box.max_weight_g and _Load(box).add(item)


def _unfit_reason(item: Item, boxes: Sequence[Box]) -> str | None:
    if any(_fits_alone(item, box) for box in boxes):
        return None
    if all(item.weight_g > box.max_weight_g for box in boxes):
        return f"{item.weight_g} g is more than any box takes"
    size = "x".join(str(n) for n in _size(item.dimensions))
    return f"{size} mm fits no box" + (" this side up" if item.this_side_up else "")


def _largest_first(item: Item) -> tuple[Any, ...]:
    """Fragile last, then by volume and weight (largest first), then by what the item is."""
    size = _size(item.dimensions)
    return (item.fragile, -item.dimensions.volume_mm3, -item.weight_g, item.sku, size,
            item.this_side_up)  # fmt: skip


def _checked_boxes(boxes: Iterable[Box]) -> list[Box]:
    given: object = boxes
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise WrongType("boxes", given, "boxes are a list of Box values")
    checked = list(given)
    if not checked:
        raise ValidationError("boxes", [], "there is at least one box type to choose from")
    for box in checked:
        if not isinstance(box, Box):
            raise WrongType("boxes", box, "each box is a Box value")
    currencies = sorted({box.cost.currency.code for box in checked})
    if len(currencies) > 1:
        raise ValidationError("boxes", currencies, "box costs are in one currency")
    names = [box.name for box in checked]
    if len(set(names)) != len(names):
        raise ValidationError("boxes", names, "each box type has its own name")
    return checked


def choose_boxes(items: Iterable[Item], boxes: Iterable[Box]) -> Cartonization:
    """The packages for ``items`` chosen from ``boxes`` (see the module docstring)."""
    catalogue = sorted(_checked_boxes(boxes), key=lambda b: (b.cost, b.volume_mm3, b.name))
    given: object = items
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise WrongType("items", given, "items are a list of Item values")
    packable: list[Item] = []
    unfit: list[Unfit] = []
    for item in given:
        if not isinstance(item, Item):
            raise WrongType("items", item, "each item is an Item value")
        reason = _unfit_reason(item, catalogue)
        if reason is None:
            packable.append(item)
        else:
            unfit.append(Unfit(item, reason))
    packable.sort(key=_largest_first)
    if not packable:
        return Cartonization((), tuple(unfit))
    volume = sum(item.dimensions.volume_mm3 for item in packable)
    weight = sum(item.weight_g for item in packable)
    for box in catalogue:
        if box.volume_mm3 >= volume and box.max_weight_g >= weight:
            load = _pack(box, packable)
            if load is not None:
                return Cartonization((load.package(),), tuple(unfit))
    largest = sorted(catalogue, key=lambda b: (-b.volume_mm3, -b.max_weight_g, b.cost, b.name))
    loads: list[_Load] = []
    for item in packable:
        if not any(load.add(item) for load in loads):
            opened = next(_Load(box) for box in largest if _fits_alone(item, box))
            opened.add(item)
            loads.append(opened)
    packages = []
    for load in loads:
        contents = [p.item for p in load.placed]
        smaller = (_pack(box, contents) for box in catalogue)
        packages.append(next(found for found in smaller if found is not None).package())
    return Cartonization(tuple(packages), tuple(unfit))
