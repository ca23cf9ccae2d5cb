"""The ``PickList`` aggregate: the stops a picker walks, confirmed line by line.

A pick list is made from allocated shipment lines (:class:`AllocatedLine`) by a method
(:class:`PickMethod`; :mod:`.planning` builds lists per method). Lines for the same SKU and lot
at the same bin become one pick line whatever shipment they serve, and the pick lines come in
walk order (:mod:`.walk`), so a picker visits each bin once and never walks back. Its commands
each check everything first, then record one event (``pull_events()`` drains them):

* :meth:`PickList.release` hands the list to the floor; :meth:`PickList.release_due` does so
  once its ``release_at`` (a wave's cut-off) has come.
* :meth:`PickList.confirm` confirms units of one pick line; with ``short=True`` the units still
  open on the line after this confirmation were not found. The :class:`PickResult` says, per
  shipment line, what was picked and what is missing (the host, or later the Engine, writes the
  missing units off as not found and re-allocates or backorders them). The confirmation of the
  last open unit moves the list to ``picked`` or, if anything was short, ``short_picked``.
* :meth:`PickList.close` ends a finished list; :meth:`PickList.cancel` ends an unfinished one
  and says which picked units go back.

Each change is written once: a command checks and decides, then records one event, and
:meth:`PickList.apply` (one mutator per event type) changes the list, for live commands and for
:meth:`PickList.replay` alike. Units are conserved: for every shipment line, requested = picked
+ short + open (:meth:`PickList.tallies`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from ordercore.domain.orders.values import require_text
from ordercore.domain.warehouse.errors import OverConfirm, UnknownPickLine
from ordercore.domain.warehouse.events import (
    PickLineConfirmed,
    PickListCancelled,
    PickListClosed,
    PickListCreated,
    PickListEvent,
    PickListReleased,
)
from ordercore.domain.warehouse.lifecycle import PICK_LIST_LIFECYCLE, PickListStatus
from ordercore.domain.warehouse.values import (
    AllocatedLine,
    LineTally,
    PickLine,
    PickMethod,
    ShipmentLineKey,
    checked_stop,
)
from ordercore.domain.warehouse.walk import SERPENTINE, WalkOrder
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id

__all__ = ["PickList", "PickResult", "pick_lines"]

_S = PickListStatus


@attrs.frozen
class PickResult:
    """What one confirmation did, per shipment line: units picked, units missing (short)."""

    picked: dict[ShipmentLineKey, int]
    missing: dict[ShipmentLineKey, int]


def pick_lines(
    lines: Iterable[AllocatedLine], order: WalkOrder = SERPENTINE
) -> tuple[PickLine, ...]:
    """``lines`` merged per (bin, SKU, lot) into pick lines numbered ``1``, ``2``... in walk order.

    Each pick line lists its demands by shipment line (sorted), so the split back is the same
    whatever order the lines came in.
    """
    given: object = lines
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise WrongType("lines", given, "allocated lines are a list of AllocatedLine values")
    stops: dict[tuple[Any, ...], dict[ShipmentLineKey, int]] = {}
    for line in given:
        if not isinstance(line, AllocatedLine):
            raise WrongType("lines", line, "each line is an AllocatedLine value")
        where = (line.bin, line.sku, line.lot)
        stop = stops.get(where)
        if stop is None:
            stop = stops[where] = {}
        key = (line.shipment_id, line.line_id)
        stop[key] = stop.get(key, 0) + line.units
    if not stops:
        raise ValidationError("lines", [], "a pick list has at least one line to pick")
    walk_key = order.key
    walked = sorted(stops, key=lambda s: (walk_key(s[0]), s[1], s[2] or ""))
    made = []
    for number, where in enumerate(walked, start=1):
        demands = stops[where]
        shares = [(sid, lid, units) for (sid, lid), units in demands.items()]
        if len(shares) > 1:
            shares.sort()
        made.append(checked_stop(str(number), where[0], where[1], where[2], shares))
    return tuple(made)


@attrs.define
class PickList:
    """A list of stops for one picker (see the module docstring)."""

    id: str
    method: PickMethod = PickMethod.SINGLE
    group: str = ""
    lines: dict[str, PickLine] = attrs.field(factory=dict)
    status: PickListStatus = PickListStatus.OPEN
    version: int = 0
    release_at: pendulum.DateTime | None = None
    created_at: pendulum.DateTime | None = None
    released_at: pendulum.DateTime | None = None
    closed_at: pendulum.DateTime | None = None
    cancel_reason: str | None = None
    open_units: int = 0
    """Units on the list neither picked nor found short (kept by :meth:`apply`)."""
    short_units: int = 0
    """Units on the list found short (kept by :meth:`apply`)."""
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @classmethod
    def create(
        cls,
        pick_list_id: str,
        method: PickMethod,
        lines: Iterable[AllocatedLine],
        now: pendulum.DateTime,
        *,
        walk: WalkOrder = SERPENTINE,
        group: str | None = None,
        release_at: pendulum.DateTime | None = None,
    ) -> PickList:
        """A new list (version 1, ``PickListCreated``) of ``lines`` in walk order.

        ``method`` ``single`` takes the lines of one shipment, ``zone`` the lines of one zone;
        ``release_at`` is when :meth:`release_due` releases it (a wave's cut-off).
        """
        require_id("pick_list_id", pick_list_id)
        if not callable(getattr(walk, "key", None)):
            raise WrongType("walk", walk, "a walk order has a key(bin) method")
        if not isinstance(method, PickMethod):
            raise WrongType("method", method, "a method is a PickMethod")
        at = instant(now, "now")
        due = None if release_at is None else instant(release_at, "release_at")
        stops = pick_lines(lines, walk)
        shipments = sorted({d.shipment_id for line in stops for d in line.demands})
        zones = sorted({line.bin.zone for line in stops})
        if method is PickMethod.SINGLE and len(shipments) > 1:
            raise ValidationError("lines", shipments, "a single-order pick list has one shipment")
        if method is PickMethod.ZONE and len(zones) > 1:
            raise ValidationError("lines", zones, "a zone pick list has the bins of one zone")
        if group is None:
            group = zones[0] if method is PickMethod.ZONE else ",".join(shipments)
        require_text("group", group)
        created = PickListCreated(
            entity_id=pick_list_id,
            version=1,
            occurred_at=at,
            method=method,
            group=group,
            lines=stops,
            release_at=due,
        )
        pick_list = cls(pick_list_id)
        _LOG.record(pick_list, created)
        return pick_list

    # -- queries --------------------------------------------------------------------------------

    def line(self, line_id: str) -> PickLine:
        """The pick line ``line_id``; :class:`UnknownPickLine` if none."""
        found = self.lines.get(line_id) if isinstance(line_id, str) else None
        if found is None:
            raise UnknownPickLine(self.id, str(line_id), tuple(self.lines))
        return found

    def has_open_units(self) -> bool:
        """Whether some unit is neither picked nor found short (a lifecycle guard)."""
        return self.open_units > 0

    def tallies(self) -> dict[ShipmentLineKey, LineTally]:
        """Per shipment line: units requested, picked, short (and so open), over every line."""
        totals: dict[ShipmentLineKey, LineTally] = {}
        for line in self.lines.values():
            for key, tally in line.split().items():
                was = totals.get(key, LineTally(0, 0, 0))
                totals[key] = LineTally(
                    was.requested + tally.requested, was.picked + tally.picked,
                    was.short + tally.short,
                )  # fmt: skip
        return totals

    def walk(self) -> tuple[PickLine, ...]:
        """The pick lines in the order a picker visits them."""
        return tuple(self.lines.values())

    def allowed_triggers(self) -> tuple[str, ...]:
        """The lifecycle triggers the current status has rows for."""
        return PICK_LIST_LIFECYCLE.allowed(self.status)

    # -- commands -------------------------------------------------------------------------------

    def release(self, now: pendulum.DateTime) -> None:
        """Hand the list to the floor (``open`` → ``released``)."""
        at = instant(now, "now")
        PICK_LIST_LIFECYCLE.next_state(self.status, "release", self)
        _LOG.record(self, PickListReleased(**_LOG.stamp(self, at)))

    def release_due(self, now: pendulum.DateTime) -> bool:
        """Release the list if it is open and its ``release_at`` has come; whether it did."""
        at = instant(now, "now")
        due = self.release_at
        if self.status is not _S.OPEN or due is None or at < due:
            return False
        self.release(at)
        return True

    def confirm(
        self, line_id: str, units: int, now: pendulum.DateTime, *, short: bool = False
    ) -> PickResult:
        """Confirm ``units`` picked on a line; ``short=True``: the rest of the line was not found.

        Returns the units picked and missing per shipment line by this confirmation.
        """
        line = self.line(line_id)
        count = require_quantity("units", units, minimum=0)
        if not isinstance(short, bool):
            raise WrongType("short", short, "short is True or False")
        at = instant(now, "now")
        PICK_LIST_LIFECYCLE.next_state(self.status, "confirm", self)
        still_open = line.open
        if count > still_open:
            raise OverConfirm(self.id, line.line_id, count, still_open)
        missing = still_open - count if short else 0
        if count == 0 and missing == 0:
            rule = "a confirmation picks at least one unit or reports the rest short"
            raise ValidationError("units", count, rule)
        given, lacking = line.handed_back(count, missing)
        confirmed = PickLineConfirmed(
            **_LOG.stamp(self, at), line_id=line_id, picked=count, short=missing
        )
        _LOG.record(self, confirmed)
        return PickResult(given, lacking)

    def close(self, now: pendulum.DateTime) -> None:
        """End a finished list (``picked`` or ``short_picked`` → ``closed``)."""
        at = instant(now, "now")
        PICK_LIST_LIFECYCLE.next_state(self.status, "close", self)
        _LOG.record(self, PickListClosed(**_LOG.stamp(self, at)))

    def cancel(self, reason: str, now: pendulum.DateTime) -> dict[ShipmentLineKey, int]:
        """Cancel an unfinished list; returns the picked units that go back per shipment line."""
        require_text("reason", reason)
        at = instant(now, "now")
        PICK_LIST_LIFECYCLE.next_state(self.status, "cancel", self)
        put_back = {k: t.picked for k, t in self.tallies().items() if t.picked}
        _LOG.record(
            self,
            PickListCancelled(
                **_LOG.stamp(self, at),
                reason=reason,
                put_back=tuple((sid, lid, n) for (sid, lid), n in sorted(put_back.items())),
            ),
        )
        return put_back

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- the mutators, one per event type, and replay --------------------------------------------

    def apply(self, event: PickListEvent) -> None:
        """Change the list as ``event`` reports: the one place a pick list changes.

        Live commands and :meth:`replay` both come here. The event must be this list's next (its
        version one more than the list's) and allowed by the lifecycle; otherwise it is refused
        and nothing changes. Each event type has its own mutator (``_LOG``).
        """
        _LOG.apply(self, event)

    def _created(self, event: PickListCreated) -> None:
        if self.version != 0:
            raise ValidationError("events", event.name, "a pick list is created once")
        self.method, self.group, self.release_at = event.method, event.group, event.release_at
        self.lines = {line.line_id: line for line in event.lines}
        self.open_units = sum(line.open for line in event.lines)
        self.short_units = sum(line.short for line in event.lines)
        self.status, self.created_at = _S.OPEN, event.occurred_at

    def _released(self, event: PickListReleased) -> None:
        self.status = PICK_LIST_LIFECYCLE.next_state(self.status, "release", self)
        self.released_at = event.occurred_at

    def _confirmed(self, event: PickLineConfirmed) -> None:
        line = self.line(event.line_id)
        status = PICK_LIST_LIFECYCLE.next_state(self.status, "confirm", self)
        if event.picked + event.short > line.open:
            raise OverConfirm(self.id, line.line_id, event.picked + event.short, line.open)
        self.lines[event.line_id] = line.confirmed(event.picked, event.short)
        self.open_units -= event.picked + event.short
        self.short_units += event.short
        self.status = status
        if not self.has_open_units():
            trigger = "finish_short" if self.short_units else "finish"
            self.status = PICK_LIST_LIFECYCLE.next_state(self.status, trigger, self)

    def _closed(self, event: PickListClosed) -> None:
        self.status = PICK_LIST_LIFECYCLE.next_state(self.status, "close", self)
        self.closed_at = event.occurred_at

    def _cancelled(self, event: PickListCancelled) -> None:
        self.status = PICK_LIST_LIFECYCLE.next_state(self.status, "cancel", self)
        self.cancel_reason = event.reason

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> PickList:
        """The pick list that emitted ``events`` (in order), rebuilt through :meth:`apply`."""
        return _LOG.replay(events, lambda first: cls(first.entity_id))


_LOG: EventLog[PickList] = EventLog(
    "pick list",
    PickListCreated,
    PickListEvent,
    {
        PickListCreated: PickList._created,
        PickListReleased: PickList._released,
        PickLineConfirmed: PickList._confirmed,
        PickListClosed: PickList._closed,
        PickListCancelled: PickList._cancelled,
    },
)
"""A pick list's log: the mutator of each event type, the checks, record, pull and replay."""
