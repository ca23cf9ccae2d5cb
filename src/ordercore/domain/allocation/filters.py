"""Filter steps of an allocation policy: which supply rows an order may use at all.

:class:`MinShelfLife`, :class:`OnHandOnly` and :class:`IncomingWithin` refuse rows, each with a
reason that the plan lists as a note; :class:`SafetyBuffers` holds units back per sales channel.
A custom filter is any object with a ``refusal(row, today)`` method (:class:`RowFilter`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs
import pendulum

from ordercore.domain.allocation.inputs import Supply, require_quantity

__all__ = ["IncomingWithin", "MinShelfLife", "OnHandOnly", "RowFilter", "SafetyBuffers", "lot_name"]


class RowFilter(Protocol):
    """A filter step: ``refusal(row, today)`` is why ``row`` may not be used, or ``None``."""

    def refusal(self, row: Supply, today: pendulum.Date) -> str | None:
        """The reason ``row`` is refused on ``today``, or ``None`` when it may be used."""
        ...


def _days(value: object) -> int:
    return require_quantity("days", value)


def lot_name(row: Supply) -> str:
    """``"lot L-07"``, or ``"stock"`` for a row without a lot."""
    return f"lot {row.lot}" if row.lot is not None else "stock"


@attrs.frozen
class MinShelfLife:
    """Refuse a lot that expires before ``days`` days after today (or after its ETA if incoming).

    ``days=0`` refuses lots that have already expired; a lot is usable on its expiry date.
    """

    days: int = attrs.field(default=0, converter=_days)

    def refusal(self, row: Supply, today: pendulum.Date) -> str | None:
        """The refusal of a lot expiring inside the minimum shelf life, else ``None``."""
        if row.expires_on is None:
            return None
        start = today if row.eta is None or row.eta < today else row.eta
        needed = start.add(days=self.days)
        if row.expires_on >= needed:
            return None
        return (
            f"{row.location}: {lot_name(row)} refused: expires {row.expires_on}, "
            f"inside the minimum shelf life of {self.days} days (needs {needed} or later)"
        )


@attrs.frozen
class OnHandOnly:
    """Refuse incoming supply: ship from stock on hand only."""

    def refusal(self, row: Supply, today: pendulum.Date) -> str | None:
        """The refusal of an incoming row, else ``None``."""
        if row.eta is None:
            return None
        return (
            f"{row.location}: incoming {lot_name(row)} (ETA {row.eta}) refused: on-hand stock only"
        )


@attrs.frozen
class IncomingWithin:
    """Refuse incoming supply expected more than ``days`` days after today."""

    days: int = attrs.field(converter=_days)

    def refusal(self, row: Supply, today: pendulum.Date) -> str | None:
        """The refusal of an incoming row arriving too late, else ``None``."""
        if row.eta is None or row.eta <= today.add(days=self.days):
            return None
        return (
            f"{row.location}: incoming {lot_name(row)} (ETA {row.eta}) refused: "
            f"arrives later than {self.days} days from {today}"
        )


def _buffers(value: Mapping[str, int]) -> dict[str, int]:
    return {str(k): require_quantity(f"safety_buffers[{k!r}]", v) for k, v in value.items()}


@attrs.frozen
class SafetyBuffers:
    """Per channel, the units of each SKU held back at each location from that channel's orders.

    ``SafetyBuffers({"marketplace": 2})``: a marketplace order never takes the last 2 units of a
    SKU at a location; other channels may.
    """

    units: dict[str, int] = attrs.field(factory=dict, converter=_buffers)

    def held_back(self, channel: str) -> int:
        """The units held back from ``channel`` at each location (0 when it has no buffer)."""
        return self.units.get(channel, 0)
