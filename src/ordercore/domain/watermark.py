"""``TickWatermark``: the time of the latest tick, one small record every Engine on a store shares.

``Engine.tick(now)`` never runs time-based work backwards: a tick behind the latest one is a no-op
that says so. Every Engine object and process on one store must agree on "the latest one", so the
instant is kept in the store, as this aggregate (collection ``timers``, key ``"tick"``). It holds
one instant and a version, whatever the number of ticks: a tick that moves time forward advances
it, and two ticks racing to advance it are told apart by the version check at commit (the loser is
re-run against the winner's instant).

>>> import pendulum
>>> at = pendulum.datetime(2026, 12, 6, 9, tz="UTC")
>>> mark = TickWatermark.start(at)
>>> mark.advance(at.add(minutes=5)), mark.version
(True, 2)
>>> mark.advance(at), mark.at == at.add(minutes=5)
(False, True)
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError

__all__ = ["TICK", "TickWatermark"]

TICK = "tick"
"""The key of the tick watermark in the ``timers`` collection (there is one per store)."""


@attrs.define
class TickWatermark:
    """The latest tick's instant; advanced only forward, one version per advance."""

    at: pendulum.DateTime
    """The time of the latest tick that moved time forward."""
    id: str = TICK
    """The key in the ``timers`` collection: always :data:`TICK`."""
    version: int = 1
    """Counts the advances, from 1 (the first tick)."""

    @classmethod
    def start(cls, at: pendulum.DateTime) -> TickWatermark:
        """The watermark of a store's first tick, at ``at``."""
        return cls(instant(at, "at"))

    def advance(self, at: pendulum.DateTime) -> bool:
        """Move to ``at`` if it is later than the watermark; whether it moved."""
        later = instant(at, "at")
        if later <= self.at:
            return False
        self.at = later
        self.version += 1
        return True

    def check_invariants(self) -> None:
        """Refuse a decoded watermark with another key or a version below 1."""
        if self.id != TICK:
            raise ValidationError("id", self.id, f"the tick watermark's key is {TICK!r}")
        if self.version < 1:
            raise ValidationError("version", self.version, "the tick watermark counts from 1")
