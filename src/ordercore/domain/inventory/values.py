"""Inventory value objects: locations, lots, position keys, allocations and supply rows.

Quantities are plain ``int`` units (``bool``, floats and negatives are refused); ids are strings.
A *position* is the stock of one SKU at one ``(location, lot)``; ``lot`` is ``None`` for stock
that is not tracked by lot.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs
import pendulum

from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "Allocation",
    "IncomingSupply",
    "Location",
    "Lot",
    "Position",
    "PositionKey",
    "SupplyRow",
    "new_row",
    "quantity",
    "replace_allocation",
]

new_row = tuple.__new__
"""``new_row(PositionKey, (location, lot))``: a ``NamedTuple`` value from ALL its fields, in order.

What ``PositionKey(location, lot)`` gives (``==``, hash, repr, type), without the generated
``__new__``: calling the class runs that Python function, a frame of its own, before this very
call (about half the instructions). For the hot paths that build keys, allocations, ledger rows
and snapshot rows of values already checked; every field is given (a default left out would
make a short tuple), and the tests pin each such row equal to its constructor's.
"""


def quantity(field: str, value: object, minimum: int = 1) -> int:
    """``value`` as a whole number of at least ``minimum`` units; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a quantity is a whole int number of units")
    if value < minimum:
        raise ValidationError(field, value, f"a quantity here is at least {minimum}")
    return value


@attrs.frozen
class Location:
    """A place that holds stock: a warehouse, a store, a 3PL.

    ``priority``: **a lower number is preferred** (1 before 2) when an allocator ranks locations.
    ``region`` (e.g. ``"EU"``) or ``coordinates`` (``(lat, lon)`` in degrees) let an allocator
    choose the nearest; ``bins`` are the shelves a pick list can name later. ``backorders``
    says whether customers may wait on this place: an order may backorder only when at least
    one place it may take stock from (its store for pickup, else every location) allows it;
    otherwise it is all or nothing (``ordercore.service.allocating.may_backorder``).
    """

    id: str
    priority: int = 0
    region: str | None = None
    coordinates: tuple[float, float] | None = None
    bins: tuple[str, ...] = ()
    backorders: bool = True


@attrs.frozen
class Lot:
    """A batch of one SKU: its number, its expiry date (if it perishes) and when it arrived."""

    id: str
    expires_on: pendulum.Date | None = None
    received_at: pendulum.DateTime | None = None


class PositionKey(NamedTuple):
    """Where stock of one SKU sits: ``(location, lot)``; ``lot`` is ``None`` when not tracked.

    A ``NamedTuple`` rather than an attrs class: it is the key of the hot counters, and a tuple
    hashes fastest.
    """

    location: str
    lot: str | None = None

    def label(self) -> str:
        """``"WH-EAST/LOT-7"``, or just ``"WH-EAST"`` without a lot; used in messages."""
        return self.location if self.lot is None else f"{self.location}/{self.lot}"


class Allocation(NamedTuple):
    """Units of one reservation at one place, as the allocator planned them.

    ``supply`` is the id of an incoming supply line when the units are promised from stock that
    has not arrived yet (``location``/``lot`` then repeat the supply's); ``picked`` counts the units
    already taken off the shelf (always ``<= quantity``).

    A ``NamedTuple``, like :class:`PositionKey`: one is made per place of every reservation, and
    a tuple is built several times faster than a frozen attrs object. Change one with
    ``_replace`` (it is immutable); ``StockItem`` checks every field when it reserves.
    """

    location: str
    quantity: int
    lot: str | None = None
    supply: str | None = None
    picked: int = 0

    @property
    def key(self) -> PositionKey:
        """The position these units sit at (or will, for incoming supply)."""
        return PositionKey(self.location, self.lot)


def replace_allocation(
    allocations: tuple[Allocation, ...], index: int, new: Allocation
) -> tuple[Allocation, ...]:
    """``allocations`` with the one at ``index`` replaced by ``new`` (a reservation's are a tuple).

    >>> replace_allocation((Allocation("WH-EAST", 2), Allocation("WH-WEST", 1)), 1,
    ...                    Allocation("WH-WEST", 1, picked=1))[1].picked
    1
    """
    return (*allocations[:index], new, *allocations[index + 1 :])


@attrs.frozen
class Position:
    """A read-only view of one position: counters and what is free to promise."""

    key: PositionKey
    on_hand: int
    reserved: int
    picked: int
    available: int


@attrs.frozen
class IncomingSupply:
    """Stock on its way (a purchase order, a transfer in transit) expected at a location.

    The counters (units still expected, units promised from it) live in the stock item's book,
    beside the on-hand counters: see ``StockItem.incoming``.
    """

    id: str
    location: str
    lot: str | None
    expected_on: pendulum.Date

    @property
    def key(self) -> PositionKey:
        """The position the units will sit at once received."""
        return PositionKey(self.location, self.lot)


class SupplyRow(NamedTuple):
    """One row of the snapshot an allocator plans against (see ``StockItem.supply_rows``).

    For stock on hand ``supply`` and ``expected_on`` are ``None``; for incoming stock they name
    the supply line and its expected arrival date. ``available`` already subtracts reserved
    units and the location's safety stock. A ``NamedTuple`` (a row per SKU on every
    allocation): one tuple instead of a frozen object's eight slot writes.
    """

    location: str
    lot: str | None
    available: int
    on_hand: int
    expires_on: pendulum.Date | None = None
    received_at: pendulum.DateTime | None = None
    supply: str | None = None
    expected_on: pendulum.Date | None = None

    @property
    def is_incoming(self) -> bool:
        """True for stock that has not arrived yet."""
        return self.supply is not None
