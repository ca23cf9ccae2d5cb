"""The garbage collector's share of an Engine benchmark run, chunk by chunk.

CPython's cyclic collector runs when allocations pile up; a *full* collection (generation 2)
walks every tracked object the process holds, and the memory store holds every order as live
objects, so one full collection late in a 10k-order run costs as much as many early ones. Full
collections come about every 25% of heap growth, so their cost per order is flat on average but
lumpy: whether one lands in the last tenth of a run or not moves "last 10% / first 10%" by more
than the code does. :class:`GcMeter` times every collection with ``gc.callbacks`` (on the same
timer as the run) so the benchmark can print each tenth with and without the collector's time,
and count the full collections in it.

:data:`HOST_GC` is what a host that keeps a big in-memory store can do about it (a documented
recommendation, measured as a separate, labelled row; the default measurement never uses it).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

T = TypeVar("T", int, float)


class GcMeter:
    """Seconds spent in the garbage collector and full collections, since the last :meth:`take`.

    Use it as a context manager around the timed run; it adds a callback to ``gc.callbacks`` on
    entry and removes it on exit.
    """

    def __init__(self, timer: Callable[[], float]) -> None:
        self._timer = timer
        self._started: float | None = None
        self._seconds = 0.0
        self._full = 0
        self.chunks: list[tuple[float, int]] = []
        """(collector seconds, full collections) of each chunk :meth:`mark` closed, in order."""

    def __enter__(self) -> Self:
        gc.callbacks.append(self.observe)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        gc.callbacks.remove(self.observe)

    def observe(self, phase: str, info: dict[str, Any]) -> None:
        """The ``gc.callbacks`` hook: time from ``start`` to ``stop``; count generation 2."""
        if phase == "start":
            self._started = self._timer()
        elif self._started is not None:
            self._seconds += self._timer() - self._started
            self._started = None
            if info.get("generation") == 2:  # the oldest generation: a full collection
                self._full += 1

    def take(self) -> tuple[float, int]:
        """Collector seconds and full collections since the last call (and start again at 0)."""
        taken = (self._seconds, self._full)
        self._seconds, self._full = 0.0, 0
        return taken

    def mark(self) -> None:
        """Close a chunk of the run: what the collector did since the last mark joins ``chunks``."""
        self.chunks.append(self.take())


def tenth(values: Sequence[T], *, last: bool) -> Sequence[T]:
    """The chunks of the first (or last) tenth of a run (at least one chunk)."""
    k = max(1, len(values) // 10)
    return values[-k:] if last else values[:k]


def without_gc(took: Sequence[float], collected: Sequence[float]) -> list[float]:
    """Each chunk's time less the collector's time in it (never below zero)."""
    return [max(0.0, total - spent) for total, spent in zip(took, collected, strict=True)]


def growth(took: Sequence[float]) -> float:
    """Mean of the last tenth of chunks over the mean of the first tenth: 1.0 is flat."""
    first = sum(tenth(took, last=False))
    return sum(tenth(took, last=True)) / first if first else float("inf")


def spread_gc(took: Sequence[float], collected: Sequence[float]) -> list[float]:
    """Each chunk's time with the run's whole collector time spread evenly over the chunks.

    CPython starts a full collection when the objects that survived since the last one reach a
    quarter of the long-lived heap, so a full collection's walk is paid for by the objects
    created since the last: its cost per order is constant over a run, but it lands at one
    point. This is each order's share of it, wherever it landed.
    """
    share = sum(collected) / len(collected) if collected else 0.0
    return [net + share for net in without_gc(took, collected)]


def gc_verdicts(
    took: Sequence[float], collected: Sequence[float], limit: float = 1.25
) -> tuple[float, float, bool, bool]:
    """Last/first with and without the collector's time, and whether each is within ``limit``."""
    with_gc, net = growth(took), growth(without_gc(took, collected))
    return with_gc, net, with_gc <= limit, net <= limit


def freeze_now() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze()``).

    A host that loads (or has built up) a big in-memory store calls this after warm-up and now
    and then after: later full collections walk only what was made since. Frozen objects are
    still freed by reference counting; only reference cycles among them are never collected.
    """
    gc.freeze()


def unfreeze() -> None:
    """Undo :func:`freeze_now` (the benchmark's other passes must not inherit a frozen heap)."""
    gc.unfreeze()


def host_heap(objects: int) -> list[list[int]]:
    """``objects`` small long-lived containers, collected once so they sit in the oldest generation.

    A web or worker process that embeds ordercore already holds a heap of its own (its framework,
    its caches): hundreds of thousands of tracked objects or more. CPython starts a full
    collection only when the objects that survived into the oldest generation since the last one
    exceed a quarter of those it holds, so in a nearly empty process a run that keeps what it
    makes (the floor keeps every event in one list) pays a full collection every 25% of growth,
    and in a process with a heap of its own it pays few or none. ``engine.py --host-heap N``
    holds this list through every pass, floor and ordercore alike, so both are measured in the
    heap of such a host: :data:`HOST_HEAP` objects by default since session 10 (``--host-heap 0``
    measures in a nearly empty process, as every run before it did).
    """
    heap = [[n] for n in range(objects)]
    gc.collect()
    return heap


HOST_HEAP = 1_000_000
"""The host heap ``engine.py`` measures beside by default: a million long-lived objects, a modest
web worker's (its framework, its caches); with it the floor spends 12-15% of its time collecting
instead of 45-62% (session 9's measurement)."""

HOST_GC = "gc.freeze() after stock-up and after each tenth of the run"
"""What the host-tuned row does (printed as its label)."""
