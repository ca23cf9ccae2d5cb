"""The return window: how long after delivery a return may be requested.

A window is a number of days counted from the delivery instant; a per-SKU override beats a
per-channel one, which beats the default. The boundary instant: the window is
``[delivered_at, delivered_at + days)`` — a request at the very instant it closes is too late
(as a hold expires when ``now >= expires_at``). Days are added in UTC, 24 hours each.

>>> import pendulum
>>> window = ReturnWindow(30, per_channel={"amazon": 60}, per_sku={"FINAL-SALE-MUG": 0})
>>> delivered = pendulum.datetime(2026, 11, 1, 12, tz="UTC")
>>> window.closes_at(delivered, "shopify", "RETRO-CLOCK").isoformat()
'2026-12-01T12:00:00+00:00'
>>> window.days_for("amazon", "RETRO-CLOCK"), window.days_for("amazon", "FINAL-SALE-MUG")
(60, 0)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs
import pendulum

from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import WrongType

__all__ = ["ReturnWindow", "day_table"]


def day_table(field: str, value: object) -> dict[str, int]:
    """``value`` as a mapping of names (channels, SKUs) to days, each a whole number >= 0."""
    if not isinstance(value, Mapping):
        raise WrongType(field, value, f"{field} maps a name to a number of days")
    return {str(name): require_quantity(field, days, minimum=0) for name, days in value.items()}


def _channels(value: object) -> dict[str, int]:
    return day_table("per_channel", value)


def _skus(value: object) -> dict[str, int]:
    return day_table("per_sku", value)


@attrs.frozen
class ReturnWindow:
    """Days after delivery during which a return may be requested (see the module doc)."""

    default_days: int = attrs.field(
        validator=lambda _, __, v: require_quantity("default_days", v, minimum=0)
    )
    per_channel: Mapping[str, int] = attrs.field(factory=dict, converter=_channels)
    per_sku: Mapping[str, int] = attrs.field(factory=dict, converter=_skus)

    def days_for(self, channel: str, sku: str) -> int:
        """The window's length for ``sku`` sold on ``channel``: SKU, else channel, else default."""
        if sku in self.per_sku:
            return self.per_sku[sku]
        return self.per_channel.get(channel, self.default_days)

    def closes_at(
        self, delivered_at: pendulum.DateTime, channel: str, sku: str
    ) -> pendulum.DateTime:
        """The first instant at which a return of ``sku`` is too late."""
        start = instant(delivered_at, "delivered_at")
        if start.tzinfo is not pendulum.UTC:
            start = start.in_timezone("UTC")
        # a day in UTC is always 24 hours, so the stdlib's addition gives exactly what pendulum's
        # ``add(days=...)`` gives (a pendulum DateTime in UTC), for a twentieth of its cost
        closes: pendulum.DateTime = datetime.__add__(
            start, timedelta(days=self.days_for(channel, sku))
        )
        return closes

    def is_open(
        self, delivered_at: pendulum.DateTime, channel: str, sku: str, now: pendulum.DateTime
    ) -> bool:
        """Whether a return requested at ``now`` is in time (``now`` before the closing instant)."""
        return instant(now, "now") < self.closes_at(delivered_at, channel, sku)
