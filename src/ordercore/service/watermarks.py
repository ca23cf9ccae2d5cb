"""The tick watermark: the time of the latest tick, kept in the store so every Engine agrees.

``tick(now)`` never runs time-based work backwards: a tick behind the latest one is a no-op that
says so. The latest tick's time must therefore be shared by every Engine object and process on
one store, so it is kept in the store, in the **idempotency port** (``uow.idempotency``): every
adapter already commits that port atomically with the unit of work, and it needs no new
collection, table or migration.

The port's records are write-once, so the watermark is a log: a tick that moves time forward
writes the record ``ordercore:tick:<n+1>`` (fingerprint :data:`FINGERPRINT`, result the tick's
instant as the codec writes it) in its own commit, where ``n`` is the newest record's index. A
reader finds the newest record by galloping forward from an index it knows (1, 2, 4, 8...
then halving), so it takes ``O(log n)`` reads. Two ticks racing to write the same index: the
second one's ``put`` (or commit) is a retryable ``ConcurrencyConflict``, and the Engine re-runs
that tick against the watermark the first one wrote.

A host that prunes old idempotency keys keeps every ``ordercore:tick:`` key (one per tick that
moved time forward), or at least the newest with its whole index range below it.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from ordercore.ports.codec import Codec

__all__ = ["FINGERPRINT", "PREFIX", "Watermark", "advance", "read"]

PREFIX = "ordercore:tick:"
"""The idempotency keys of the watermark log: ``ordercore:tick:1``, ``ordercore:tick:2``..."""

FINGERPRINT = "ordercore tick watermark"
"""The fingerprint of every watermark record (one kind of write, so racing writers conflict)."""

_CODEC = Codec()


@attrs.frozen
class Watermark:
    """The newest watermark record: its index (0 when no tick was recorded) and its instant."""

    index: int = 0
    at: pendulum.DateTime | None = None


def _at(keys: Any, index: int) -> pendulum.DateTime | None:
    record = keys.get(f"{PREFIX}{index}")
    if record is None:
        return None
    at: pendulum.DateTime = _CODEC.decode(pendulum.DateTime, record.result)
    return at


def read(keys: Any) -> Watermark:
    """The newest watermark record in the idempotency store ``keys``."""
    if _at(keys, 1) is None:
        return Watermark()
    low, high = 1, 2
    while _at(keys, high) is not None:  # gallop: ``low`` is present, ``high`` is tried
        low, high = high, high * 2
    while high - low > 1:  # ``low`` present, ``high`` absent
        middle = (low + high) // 2
        if _at(keys, middle) is None:
            high = middle
        else:
            low = middle
    return Watermark(low, _at(keys, low))


def advance(keys: Any, mark: Watermark, at: pendulum.DateTime) -> Watermark:
    """Record ``at`` as the newest tick after ``mark`` (written by the unit of work's commit)."""
    index = mark.index + 1
    keys.put(f"{PREFIX}{index}", FINGERPRINT, _CODEC.encode(at))
    return Watermark(index, at)
