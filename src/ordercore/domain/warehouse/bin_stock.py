"""``BinStock``: the units of one SKU in each bin of one location, per lot.

The inventory counts stock per (SKU, location, lot) (``StockItem``); a location that uses bins
also counts *where in it* the units sit. A :class:`BinStock` (one per location and SKU, key
``"<location>/<sku>"``) holds units per ``(bin, lot)`` and nothing else, so it stays as small as
the shelf: its history leaves through its events. Its commands check everything first, then
record one event, and :meth:`BinStock.apply` (one mutator per event type) changes it, for live
commands and for :meth:`BinStock.replay` alike:

* :meth:`BinStock.put` puts units into a bin (a receipt, a count that found more);
* :meth:`BinStock.take` takes units out of a bin (a pick, a write-off, a count that found
  fewer); more than the bin holds is refused (:class:`~.errors.BinShort`);
* :meth:`BinStock.move` moves units between two bins of the location (a put-away);
* :meth:`BinStock.take_in_walk` takes units of a lot from the bins that hold them, in walk
  order (one event per bin): units promised to no pick list first;
* :meth:`BinStock.promise` promises units of a bin to an open pick list, so the next list made
  (in the same command or any later one) is sent to other units; more than the bin holds
  unpromised is refused (:class:`~.errors.BinShort`);
* :meth:`BinStock.release` ends a promise: the units were picked, found short, or their list
  was cancelled.

Units never go below zero, and a bin of another location is refused. The units promised are
bounded: only open pick lists' claims are kept (per bin and lot, as :attr:`BinStock.promised`),
and a bin's promises never exceed what it holds while only picks take units out of it (a
move leaves promised units where they are; a count or write-off that finds fewer units than
are promised leaves the pickers to find them short). The service layer keeps
the bins in step with the stock item: for a location that uses bins, the units over its bins
equal the stock item's units on the shelf there (on hand less picked), per lot.

>>> import pendulum
>>> now = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> bins = BinStock.open("WH", "MUG", now)
>>> near, far = Bin("WH", "A", 1, 1), Bin("WH", "A", 1, 9)
>>> bins.put(far, 4, now, reason="receipt")
>>> bins.move(far, near, 1, now)
>>> [(place.code, units) for place, units in bins.take_in_walk(3, now, reason="pick")]
[('WH/A-01-01-1', 1), ('WH/A-01-09-1', 2)]
>>> bins.units(), bins.units(far)
(1, 1)
>>> BinStock.replay(bins.pull_events()) == bins
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from ordercore.domain.warehouse.bin_events import (
    BinStockEvent,
    BinStockOpened,
    PromiseReleased,
    UnitsBinned,
    UnitsMovedBetweenBins,
    UnitsPromised,
    UnitsUnbinned,
)
from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.errors import BinShort
from ordercore.domain.warehouse.walk import SERPENTINE, WalkOrder
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id

__all__ = ["BinStock", "Shelf", "bin_stock_id"]

_ANY_LOT: Any = object()


def bin_stock_id(location: str, sku: str) -> str:
    """The key of the bin stock of ``sku`` at ``location``: ``"<location>/<sku>"``."""
    return f"{require_id('location', location)}/{require_id('sku', sku)}"


@attrs.frozen
class Shelf:
    """``units`` of ``lot`` in ``bin`` (only bins that hold units are kept)."""

    bin: Bin
    lot: str | None
    units: int


def _shelf_order(key: tuple[str, str | None]) -> tuple[str, str]:
    code, lot = key
    return (code, lot or "")


def _lot(lot: str | None) -> str | None:
    return None if lot is None else require_id("lot", lot)


def _counted(
    shelves: tuple[Shelf, ...], place: Bin, lot: str | None, units: int
) -> tuple[Shelf, ...]:
    """``shelves`` with ``units`` more (or fewer) at ``(place, lot)``; empty shelves dropped."""
    counts = {(s.bin.code, s.lot): s for s in shelves}
    was = counts.get((place.code, lot))
    now_held = (0 if was is None else was.units) + units
    if now_held < 0:
        raise ValidationError("units", -units, f"{place.code} keeps {now_held - units} of them")
    counts[(place.code, lot)] = Shelf(place, lot, now_held)
    return tuple(counts[key] for key in sorted(counts, key=_shelf_order) if counts[key].units)


def _reason(reason: str) -> str:
    if not isinstance(reason, str):
        raise WrongType("reason", reason, "a reason is text")
    return reason


@attrs.define
class BinStock:
    """The units of one SKU per bin and lot at one location (see the module docstring)."""

    id: str
    location: str = ""
    sku: str = ""
    shelves: tuple[Shelf, ...] = ()
    """Every ``(bin, lot)`` that holds units, sorted by bin code then lot."""
    promised: tuple[Shelf, ...] = ()
    """Units per ``(bin, lot)`` promised to open pick lists, sorted as :attr:`shelves`."""
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @classmethod
    def open(  # io-ok: the domain command opening a bin record, not builtins.open
        cls, location: str, sku: str, now: pendulum.DateTime
    ) -> BinStock:
        """The empty bins of ``sku`` at ``location``, at version 1 (opening is an event)."""
        key = bin_stock_id(location, sku)
        stock = cls(key)
        stock._record(
            BinStockOpened(
                entity_id=key,
                version=1,
                occurred_at=instant(now, "now"),
                location=location,
                sku=sku,
            )
        )
        return stock

    # -- queries -------------------------------------------------------------------------------

    def units(self, place: Bin | None = None, lot: str | None = _ANY_LOT) -> int:
        """Units in ``place`` (every bin when None), of ``lot`` (every lot when not given)."""
        return sum(
            s.units
            for s in self.shelves
            if (place is None or s.bin == place) and (lot is _ANY_LOT or s.lot == lot)
        )

    def by_lot(self) -> dict[str | None, int]:
        """Units over every bin, per lot."""
        totals: dict[str | None, int] = {}
        for shelf in self.shelves:
            totals[shelf.lot] = totals.get(shelf.lot, 0) + shelf.units
        return totals

    def promised_units(self, place: Bin, lot: str | None) -> int:
        """Units of ``lot`` in ``place`` promised to open pick lists."""
        return sum(s.units for s in self.promised if s.bin == place and s.lot == lot)

    def unpromised(self, place: Bin, lot: str | None) -> int:
        """Units of ``lot`` in ``place`` no open pick list is promised (never below zero)."""
        return max(0, self.units(place, lot) - self.promised_units(place, lot))

    def holding(self, lot: str | None, walk: WalkOrder = SERPENTINE) -> tuple[tuple[Bin, int], ...]:
        """``(bin, units)`` of every bin that holds units of ``lot``, in walk order."""
        held = [(s.bin, s.units) for s in self.shelves if s.lot == lot]
        held.sort(key=lambda row: walk.key(row[0]))
        return tuple(held)

    # -- commands ------------------------------------------------------------------------------

    def put(
        self,
        place: Bin,
        units: int,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
        reason: str = "",
    ) -> None:
        """Put ``units`` of ``lot`` into ``place``."""
        self._record(UnitsBinned(**self._in_bin(place, lot, units, now), reason=_reason(reason)))

    def take(
        self,
        place: Bin,
        units: int,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
        reason: str = "",
    ) -> None:
        """Take ``units`` of ``lot`` out of ``place``; more than it holds is refused."""
        event = UnitsUnbinned(**self._in_bin(place, lot, units, now), reason=_reason(reason))
        self._enough(place, event.lot, event.units)
        self._record(event)

    def move(
        self,
        source: Bin,
        target: Bin,
        units: int,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
    ) -> None:
        """Move ``units`` of ``lot`` from ``source`` to ``target`` (another bin here).

        Units promised to an open pick list stay for its picker: moving more than ``source``
        holds unpromised is refused.
        """
        event = UnitsMovedBetweenBins(
            entity_id=self.id,
            version=self.version + 1,
            occurred_at=instant(now, "now"),
            source=self._here(source),
            target=self._here(target),
            lot=_lot(lot),
            units=require_quantity("units", units, minimum=1),
        )
        if source == target:
            raise ValidationError("target", target.code, "units move to another bin")
        self._enough(source, event.lot, event.units)
        self._unpromised_enough(source, event.lot, event.units)  # promised units wait there
        self._record(event)

    def take_in_walk(
        self,
        units: int,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
        reason: str = "",
        walk: WalkOrder = SERPENTINE,
        first: Bin | None = None,
    ) -> tuple[tuple[Bin, int], ...]:
        """Take ``units`` of ``lot`` from the bins that hold them, in walk order; ``first`` first.

        Units promised to no pick list are taken first (in that order), then promised ones, so
        a picker walking to a promised bin finds what was promised while there are other units
        to take. Returns ``(bin, units)`` taken per bin. More than the bins hold is refused,
        and nothing changes.
        """
        units = require_quantity("units", units, minimum=0)
        lot = _lot(lot)
        held = list(self.holding(lot, walk))
        if first is not None:
            held.sort(key=lambda row: row[0] != first)  # stable: the rest stay in walk order
        if units > sum(n for _, n in held):
            raise BinShort(units, f"{self.location} (its bins)", self.sku, lot, self.units(lot=lot))
        free = [(place, self.unpromised(place, lot)) for place, _ in held]
        bound = [(place, count - self.unpromised(place, lot)) for place, count in held]
        taken: dict[Bin, int] = {}
        left = units
        for place, count in [*free, *bound]:
            take = min(left, count)
            if take > 0:
                self.take(place, take, now, lot=lot, reason=reason)
                taken[place] = taken.get(place, 0) + take
                left -= take
        return tuple(taken.items())

    def promise(
        self, place: Bin, units: int, now: pendulum.DateTime, *, lot: str | None, pick_list_id: str
    ) -> None:
        """Promise ``units`` of ``lot`` in ``place`` to open pick list ``pick_list_id``.

        More than the bin holds unpromised is refused (:class:`~.errors.BinShort`): two lists
        are never sent to the same units.
        """
        event = UnitsPromised(
            **self._in_bin(place, lot, units, now),
            pick_list_id=require_id("pick_list_id", pick_list_id),
        )
        self._unpromised_enough(place, event.lot, event.units)
        self._record(event)

    def release(
        self,
        place: Bin,
        units: int,
        now: pendulum.DateTime,
        *,
        lot: str | None,
        pick_list_id: str,
        reason: str,
    ) -> None:
        """End the promise of ``units`` of ``lot`` in ``place`` (picked, found short, cancelled).

        More than the bin has promised is refused, and nothing changes.
        """
        event = PromiseReleased(
            **self._in_bin(place, lot, units, now),
            pick_list_id=require_id("pick_list_id", pick_list_id),
            reason=_reason(reason),
        )
        promised = self.promised_units(place, event.lot)
        if event.units > promised:
            rule = f"at most the {promised} units promised there are released"
            raise ValidationError("units", event.units, rule)
        self._record(event)

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- checks --------------------------------------------------------------------------------

    def _in_bin(
        self, place: Bin, lot: str | None, units: int, now: pendulum.DateTime
    ) -> dict[str, Any]:
        """The checked fields an event about ``units`` of ``lot`` in ``place`` starts with."""
        return {
            **_LOG.stamp(self, instant(now, "now")),
            "bin": self._here(place),
            "lot": _lot(lot),
            "units": require_quantity("units", units, minimum=1),
        }

    def _here(self, place: Bin) -> Bin:
        if not isinstance(place, Bin):
            raise WrongType("bin", place, "a bin is a Bin value")
        if place.location != self.location:
            rule = f"the bins of {self.sku} counted here are at {self.location!r}"
            raise ValidationError("bin", place.code, rule)
        return place

    def _enough(self, place: Bin, lot: str | None, units: int) -> None:
        held = self.units(place, lot)
        if units > held:
            raise BinShort(units, f"bin {place.code}", self.sku, lot, held)

    def _unpromised_enough(self, place: Bin, lot: str | None, units: int) -> None:
        free = self.unpromised(place, lot)
        if units > free:
            where = f"bin {place.code} (unpromised to open pick lists)"
            raise BinShort(units, where, self.sku, lot, free)

    # -- the mutators, one per event type, and replay -------------------------------------------

    def _record(self, event: BinStockEvent) -> None:
        _LOG.record(self, event)

    def apply(self, event: BinStockEvent) -> None:
        """Change the bins as ``event`` reports: the one place a bin stock changes.

        The event must be this bin stock's next (its version one more); otherwise it is
        refused and nothing changes.
        """
        _LOG.apply(self, event)

    def _opened(self, event: BinStockOpened) -> None:
        if self.version != 0:
            raise ValidationError("events", event.name, "a bin stock is opened once")
        self.location, self.sku = event.location, event.sku

    def _binned(self, event: UnitsBinned) -> None:
        self._add(event.bin, event.lot, event.units)

    def _unbinned(self, event: UnitsUnbinned) -> None:
        self._add(event.bin, event.lot, -event.units)

    def _moved(self, event: UnitsMovedBetweenBins) -> None:
        self._add(event.source, event.lot, -event.units)
        self._add(event.target, event.lot, event.units)

    def _promised(self, event: UnitsPromised) -> None:
        self.promised = _counted(self.promised, event.bin, event.lot, event.units)

    def _released(self, event: PromiseReleased) -> None:
        self.promised = _counted(self.promised, event.bin, event.lot, -event.units)

    def _add(self, place: Bin, lot: str | None, units: int) -> None:
        # keyed by bin code: the shelves are sorted by code, and a code is what a picker reads
        held = sum(s.units for s in self.shelves if s.bin.code == place.code and s.lot == lot)
        if held + units < 0:
            raise BinShort(-units, f"bin {place.code}", self.sku, lot, held)
        self.shelves = _counted(self.shelves, place, lot, units)

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> BinStock:
        """The bin stock that emitted ``events`` (in order), rebuilt through :meth:`apply`."""
        return _LOG.replay(events, lambda first: cls(first.entity_id))


_LOG: EventLog[BinStock] = EventLog(
    "bin stock",
    BinStockOpened,
    BinStockEvent,
    {
        BinStockOpened: BinStock._opened,
        UnitsBinned: BinStock._binned,
        UnitsUnbinned: BinStock._unbinned,
        UnitsMovedBetweenBins: BinStock._moved,
        UnitsPromised: BinStock._promised,
        PromiseReleased: BinStock._released,
    },
)
"""The bin stock's event log: its opening event, its family and one mutator per event type."""
