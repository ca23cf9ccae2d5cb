"""Availability signals at the end of an Engine command: one evaluation per SKU per command.

:func:`emit_signals` looks at every stock item the command changed, compares the free figure it
started from with the one it ends with (per SKU, and per channel after its buffer, see
``ordercore.domain.inventory.signals``) and records an ``AvailabilityChanged`` event on the item
for each line crossed. The events leave with the command's other stock events through the
outbox, where the channel router turns them into ``availability_signal`` messages.
"""

from __future__ import annotations

from collections.abc import Iterable

import pendulum

from ordercore.domain.inventory import StockItem
from ordercore.domain.inventory.events import AvailabilityChanged
from ordercore.domain.inventory.signals import SignalSettings, availability_signals

__all__ = ["emit_signals"]


def emit_signals(
    items: Iterable[StockItem], settings: SignalSettings, at: pendulum.DateTime
) -> list[AvailabilityChanged]:
    """Record on each item the signals of the command that changed it; returns them all."""
    emitted: list[AvailabilityChanged] = []
    for item in items:
        if not item.journal.unpulled and not item.events:
            continue  # the command did not change it
        signals = availability_signals(item, settings, at)
        if signals:
            item.signal(signals)
            emitted.extend(signals)
    return emitted
