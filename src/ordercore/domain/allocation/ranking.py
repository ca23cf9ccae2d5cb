"""Rank steps of an allocation policy: which usable supply row an order line takes first.

Steps are compared in the order the policy lists them; lower keys are preferred. Each step also
gives a phrase for the reason strings (``"priority 1"``, ``"lot L-07 expires first (...)"``).
A custom step follows the :class:`RankStep` protocol.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import attrs

from ordercore.domain.allocation.filters import lot_name
from ordercore.domain.allocation.inputs import Supply
from ordercore.kernel.errors import WrongType

__all__ = [
    "Closest",
    "DistanceFunction",
    "Fefo",
    "Fifo",
    "Lifo",
    "LocationPriority",
    "MostAvailable",
    "OnHandFirst",
    "RankStep",
]

DistanceFunction = Callable[[object, object], float]
"""The host's distance: ``distance(ship_to, place)`` for an order's ship-to and a row's place."""


class RankStep(Protocol):
    """A rank step: a sort key (lower is preferred) and a phrase for the reason strings.

    ``static`` steps depend on the row only, so the engine sorts each SKU once; others are given
    the order's ``ship_to`` and the units still free at the row's location, and sort per line.
    ``level`` is ``"location"`` or ``"lot"``: where its phrase goes in a reason.
    """

    @property
    def static(self) -> bool:
        """Whether the key depends on the row alone."""
        ...

    @property
    def level(self) -> str:
        """``"location"`` or ``"lot"``."""
        ...

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """The sort key of ``row``: lower is preferred."""
        ...

    def phrase(self, row: Supply, ship_to: object) -> str:
        """Why this step favours ``row`` (empty when it has nothing to say)."""
        ...


@attrs.frozen
class OnHandFirst:
    """Prefer stock on hand to incoming; incoming by earliest ETA."""

    static: bool = attrs.field(default=True, init=False)
    level: str = attrs.field(default="location", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """``-1`` on hand, else the ETA's ordinal."""
        return -1.0 if row.eta is None else float(row.eta.toordinal())

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"on hand"`` or ``"incoming, ETA ..."``."""
        return "on hand" if row.eta is None else f"incoming, ETA {row.eta}"


@attrs.frozen
class LocationPriority:
    """Prefer locations by their ``priority`` (1 before 2)."""

    static: bool = attrs.field(default=True, init=False)
    level: str = attrs.field(default="location", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """The location's priority."""
        return float(row.priority)

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"priority N"``."""
        return f"priority {row.priority}"


@attrs.frozen
class MostAvailable:
    """Prefer the location with the most free units of the SKU at the time of the choice."""

    static: bool = attrs.field(default=False, init=False)
    level: str = attrs.field(default="location", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """Minus the units still free at the row's location."""
        return float(-location_free)

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"most stock"``."""
        return "most stock"


@attrs.frozen
class Closest:
    """Prefer the location closest to the order's ship-to, by the host's ``distance``."""

    distance: DistanceFunction = attrs.field(eq=False)
    static: bool = attrs.field(default=False, init=False)
    level: str = attrs.field(default="location", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """``distance(ship_to, row.place)``."""
        value = self.distance(ship_to, row.place)
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise WrongType("distance", value, "the distance function returns a number")
        return float(value)

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"distance D"``."""
        return f"distance {self.distance(ship_to, row.place):g}"


@attrs.frozen
class Fefo:
    """First expired, first out: prefer the lot that expires first (lots without expiry last)."""

    static: bool = attrs.field(default=True, init=False)
    level: str = attrs.field(default="lot", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """The expiry date's ordinal (infinite without one)."""
        return math.inf if row.expires_on is None else float(row.expires_on.toordinal())

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"lot L expires first (date)"``."""
        return "" if row.expires_on is None else f"{lot_name(row)} expires first ({row.expires_on})"


@attrs.frozen
class Fifo:
    """First in, first out: prefer the lot received first (lots without a date last)."""

    static: bool = attrs.field(default=True, init=False)
    level: str = attrs.field(default="lot", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """The receipt instant as a timestamp (infinite without one)."""
        return math.inf if row.received_at is None else row.received_at.timestamp()

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"lot L received first (date)"``."""
        if row.received_at is None:
            return ""
        return f"{lot_name(row)} received first ({row.received_at.date()})"


@attrs.frozen
class Lifo:
    """Last in, first out: prefer the lot received last (lots without a date last)."""

    static: bool = attrs.field(default=True, init=False)
    level: str = attrs.field(default="lot", init=False)

    def key(self, row: Supply, ship_to: object, location_free: int) -> float:
        """Minus the receipt timestamp (infinite without one)."""
        return math.inf if row.received_at is None else -row.received_at.timestamp()

    def phrase(self, row: Supply, ship_to: object) -> str:
        """``"lot L received last (date)"``."""
        if row.received_at is None:
            return ""
        return f"{lot_name(row)} received last ({row.received_at.date()})"
