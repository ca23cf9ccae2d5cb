"""Availability signals: out of stock, back in stock, low stock, no longer low.

A sales channel (or a "notify me" list) reacts when a SKU's **free figure** crosses a line:

* zero: free goes from above 0 to 0 (``out_of_stock``) or from 0 to above 0 (``back_in_stock``);
* a configured low-stock threshold ``L``: free goes from above ``L`` to ``L`` or below
  (``low_stock``) or back above it (``no_longer_low``).

The free figure is the stock item's ``available()`` (on hand - reserved - safety stock, over
every location) and, per sales channel, that figure less the channel's buffer (units never
offered there), never below 0. :class:`SignalSettings` holds the thresholds (a default, per
SKU, per channel) and the buffers.

Signals are **coalesced per command**: :func:`free_at_start` reads the figure the item had
before the command's unpulled movements (the counters with those deltas taken back), and
:func:`availability_signals` compares it with the figure now, so a command that sells the last
unit and receives three more in one go fires nothing, and one that crosses fires once. A signal
fires exactly when the figure crosses a line. The stock item records them with ``signal``.

>>> import pendulum
>>> from ordercore.domain.inventory import Allocation, StockItem
>>> at = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> clock = StockItem("RETRO-CLOCK")
>>> clock.receive("WH-EAST", 1, at)
>>> _ = clock.pull_events(), clock.pull_movements()
>>> _ = clock.reserve("R-1", order_ref="O-1", line_ref="L-1",
...                   allocations=[Allocation("WH-EAST", 1)], now=at, hard=True)
>>> [(s.signal, s.previous, s.free) for s in availability_signals(clock, SignalSettings(), at)]
[('out_of_stock', 1, 0)]
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs
import pendulum

from ordercore.domain.inventory.events import AvailabilityChanged, SafetyStockSet
from ordercore.domain.inventory.stock import StockItem
from ordercore.domain.inventory.values import PositionKey
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "Signal",
    "SignalSettings",
    "availability_signals",
    "crossings",
    "free_at_start",
]


class Signal(enum.StrEnum):
    """What a crossing means."""

    OUT_OF_STOCK = "out_of_stock"
    """The free figure fell to 0."""
    BACK_IN_STOCK = "back_in_stock"
    """The free figure rose from 0."""
    LOW_STOCK = "low_stock"
    """The free figure fell to the low-stock threshold or below."""
    NO_LONGER_LOW = "no_longer_low"
    """The free figure rose above the low-stock threshold."""


def _counts(field: str, value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a mapping of names to whole units")
    checked: dict[str, int] = {}
    for key, units in value.items():
        if not isinstance(key, str) or not key:
            raise ValidationError(field, key, "keys are non-empty names")
        if isinstance(units, bool) or not isinstance(units, int) or units < 0:
            raise ValidationError(f"{field}[{key!r}]", units, "a whole number of units >= 0")
        checked[key] = units
    return checked


def _low(value: object) -> int | None:
    if value is None:
        return None
    return _counts("low_stock", {"default": value})["default"]


def _sku_lows(value: object) -> dict[str, int]:
    return _counts("per_sku", value)


def _channel_lows(value: object) -> dict[str, int]:
    return _counts("per_channel", value)


def _buffers(value: object) -> dict[str, int]:
    return _counts("buffers", value)


@attrs.frozen
class SignalSettings:
    """Thresholds and channel buffers for availability signals.

    ``low_stock``: the default low-stock threshold (``None``: no low-stock signals unless a
    SKU or channel has one); ``per_sku``: thresholds by SKU; ``per_channel``: thresholds of a
    channel's figure by channel; ``buffers``: units held back from each channel. Every channel
    named in ``buffers`` or ``per_channel`` gets signals of its own figure.
    """

    low_stock: int | None = attrs.field(default=None, converter=_low)
    per_sku: Mapping[str, int] = attrs.field(factory=dict, converter=_sku_lows)
    per_channel: Mapping[str, int] = attrs.field(factory=dict, converter=_channel_lows)
    buffers: Mapping[str, int] = attrs.field(factory=dict, converter=_buffers)

    @property
    def channels(self) -> list[str]:
        """The channels with a figure of their own, sorted."""
        return sorted({*self.buffers, *self.per_channel})

    def threshold(self, sku: str, channel: str | None) -> int | None:
        """The low-stock threshold of ``sku``'s figure (for ``channel``), if any."""
        sku_level = self.per_sku.get(sku, self.low_stock)
        if channel is None:
            return sku_level
        return self.per_channel.get(channel, sku_level)

    def figures(self, free: int) -> dict[str | None, int]:
        """The SKU's figure (key ``None``) and each channel's, after its buffer."""
        figures: dict[str | None, int] = {None: free}
        for channel in self.channels:
            figures[channel] = max(0, free - self.buffers.get(channel, 0))
        return figures


def crossings(previous: int, free: int, low: int | None) -> list[tuple[Signal, int]]:
    """The lines a figure crossed going from ``previous`` to ``free``: ``(signal, line)`` pairs.

    >>> crossings(3, 0, 2)
    [(<Signal.LOW_STOCK: 'low_stock'>, 2), (<Signal.OUT_OF_STOCK: 'out_of_stock'>, 0)]
    >>> crossings(0, 0, 2), crossings(5, 4, 2)
    ([], [])
    """
    found: list[tuple[Signal, int]] = []
    if low is not None:
        if previous > low >= free:
            found.append((Signal.LOW_STOCK, low))
        elif free > low >= previous:
            found.append((Signal.NO_LONGER_LOW, low))
    if previous > 0 and free == 0:
        found.append((Signal.OUT_OF_STOCK, 0))
    elif previous == 0 and free > 0:
        found.insert(0, (Signal.BACK_IN_STOCK, 0))
    return found


def free_at_start(item: StockItem) -> int:
    """The item's ``available()`` before its unpulled movements and safety-stock changes.

    The counters less the deltas of the movements not yet pulled (incoming supply lines are
    not on hand and are skipped), and each safety stock as the first unpulled change found it.
    """
    on_hand: dict[PositionKey, int] = dict(item.counters.on_hand)
    reserved: dict[PositionKey, int] = dict(item.counters.reserved)
    for movement in item.journal.unpulled:
        if movement.supply is not None:
            continue
        key = PositionKey(movement.location, movement.lot)
        on_hand[key] = on_hand.get(key, 0) - movement.on_hand
        reserved[key] = reserved.get(key, 0) - movement.reserved
    safety = dict(item.safety_stock)
    for event in reversed(item.events):
        if isinstance(event, SafetyStockSet):
            safety[event.location] = event.previous
    rooms: dict[str, int] = {}
    for key, units in on_hand.items():
        if units:
            rooms[key.location] = rooms.get(key.location, 0) + units - reserved.get(key, 0)
    return sum(max(0, room - safety.get(location, 0)) for location, room in rooms.items())


def availability_signals(
    item: StockItem, settings: SignalSettings, at: pendulum.DateTime
) -> list[AvailabilityChanged]:
    """The signals of the command that just ran on ``item`` (nothing recorded; see ``signal``).

    One per figure (the SKU's, then each channel's) and line crossed between
    :func:`free_at_start` and ``available()``, carrying the item's version.
    """
    before = settings.figures(free_at_start(item))
    after = settings.figures(item.available())
    signals: list[AvailabilityChanged] = []
    for channel, free in after.items():
        previous = before[channel]
        for signal, line in crossings(previous, free, settings.threshold(item.sku, channel)):
            signals.append(
                AvailabilityChanged(
                    entity_id=item.sku,
                    version=item.version,
                    occurred_at=at,
                    signal=signal.value,
                    channel=channel,
                    previous=previous,
                    free=free,
                    threshold=line,
                )
            )
    return signals
