"""Walk order: the sequence in which a picker visits bins, so a picker never walks back.

:data:`SERPENTINE` (the default) goes zone by zone and aisle by aisle in ascending order, up the
odd aisles (bays ascending) and down the even ones (bays descending), and takes the levels of a
bay bottom to top. :class:`HostSequence` is a walk the host supplies (a list of bins, first
visited first); a bin it does not list is refused with :class:`UnknownBin`.

>>> from ordercore.domain.warehouse.bins import Bin
>>> bins = [Bin("WH", "A", 2, 1), Bin("WH", "A", 1, 9), Bin("WH", "A", 2, 7), Bin("WH", "A", 1, 2)]
>>> [b.code for b in walk(bins)]
['WH/A-01-02-1', 'WH/A-01-09-1', 'WH/A-02-07-1', 'WH/A-02-01-1']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.errors import UnknownBin
from ordercore.kernel.errors import WrongType

__all__ = ["SERPENTINE", "HostSequence", "Serpentine", "WalkOrder", "walk"]


class WalkOrder(Protocol):
    """A walk: a sort key per bin; bins with smaller keys are visited first."""

    def key(self, place: Bin) -> tuple[Any, ...]:
        """Where ``place`` comes in the walk."""
        ...


@attrs.frozen
class Serpentine:
    """Up the odd aisles, down the even ones, zone by zone (see the module docstring)."""

    def key(self, place: Bin) -> tuple[Any, ...]:
        """``(location, zone, aisle, bay or -bay, level)``: odd aisles up, even aisles down."""
        bay = place.bay if place.aisle % 2 else -place.bay
        return (place.location, place.zone, place.aisle, bay, place.level)


SERPENTINE = Serpentine()
"""The default walk."""


def _bins(value: Iterable[Bin]) -> tuple[Bin, ...]:
    return tuple(value)


@attrs.frozen
class HostSequence:
    """A walk the host supplies: ``bins`` in the order a picker visits them."""

    bins: tuple[Bin, ...] = attrs.field(converter=_bins)
    _position: dict[Bin, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        position: dict[Bin, int] = {}
        for place in self.bins:
            if not isinstance(place, Bin):
                raise WrongType("bins", place, "a walk sequence lists Bin values")
            position.setdefault(place, len(position))
        object.__setattr__(self, "_position", position)

    def key(self, place: Bin) -> tuple[Any, ...]:
        """The bin's place in the sequence; :class:`UnknownBin` if the sequence omits it."""
        found = self._position.get(place)
        if found is None:
            raise UnknownBin(place.code)
        return (found,)


def walk(bins: Iterable[Bin], order: WalkOrder = SERPENTINE) -> tuple[Bin, ...]:
    """Each of ``bins`` once, in walk order."""
    return tuple(sorted(set(bins), key=order.key))
