"""``StockItem``: the aggregate of ALL stock of ONE SKU — the inventory consistency boundary.

One class, composed of small collaborating parts, each in its own module:

* :class:`~ordercore.domain.inventory.positions.Positions` (``counters``): on hand, reserved and
  picked units per ``(location, lot)``;
* :class:`~ordercore.domain.inventory.book.ReservationBook` (``book``): the open reservations and
  the expiry index of holds;
* :class:`~ordercore.domain.inventory.supplies.SupplyList` (``supplies``): incoming stock not yet
  received or cancelled;
* :class:`~ordercore.domain.inventory.lots.Lots` (``lots``): the lots that still matter;
* :class:`~ordercore.domain.inventory.ledger.Journal` (``journal``): the next ledger ``seq`` and
  the movements not yet pulled; plus ``safety_stock`` per location.

Each command validates completely, decides, and emits events; :meth:`StockItem.apply` (one
method per event type) is the only code that changes state, for live commands and for
:meth:`StockItem.replay` alike. The movement ledger leaves the aggregate through
:meth:`StockItem.pull_movements`; :meth:`StockItem.verify` and :meth:`StockItem.rebuild` take the
ledger rows as an argument.

>>> import pendulum
>>> from ordercore.domain.inventory import Allocation
>>> at = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> clock = StockItem("RETRO-CLOCK")
>>> clock.receive("WH-EAST", 10, at)
>>> hold = clock.reserve("R-1", order_ref="O-1", line_ref="L-1",
...                      allocations=[Allocation("WH-EAST", 3)], now=at, hard=True)
>>> (clock.on_hand(), clock.reserved(), clock.available(), clock.version)
(10, 3, 7, 2)
>>> [(m.seq, m.kind.value, m.on_hand, m.reserved) for m in clock.pull_movements()]
[(1, 'receipt', 10, 0), (2, 'reserve', 0, 3)]
>>> StockItem.replay(clock.pull_events()) == clock
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.domain.inventory.book import (
    NOTHING_DUE,
    Change,
    Fields,
    Overlay,
    ReservationBook,
    ShrinkStep,
    _check_allocation,
    _expiry,
    as_losses,
    noop,
    overlay,
    place_index,
    take_picked,
)
from ordercore.domain.inventory.checkouts import CHECKOUT_LINE, checkout_hold_id
from ordercore.domain.inventory.copying import copy_stock_item
from ordercore.domain.inventory.drifts import reservation_drifts, stock_breach
from ordercore.domain.inventory.errors import (
    HoldExpired,
    InsufficientStock,
    NegativeStock,
    OverRelease,
    OverShipment,
    OverUnpick,
    UnknownLot,
)
from ordercore.domain.inventory.events import (
    AvailabilityChanged,
    HeldStockMoved,
    HeldStockReleased,
    HeldStockReturnedToVendor,
    HeldStockScrapped,
    HoldReplaced,
    IncomingStockCancelled,
    IncomingStockExpected,
    IncomingStockReceived,
    ReservationConfirmed,
    ReservationExpired,
    ReservationExtended,
    ReservationRefilled,
    ReservationResized,
    ReturnedStockHeld,
    ReturnedStockScrapped,
    SafetyStockSet,
    StockAdjusted,
    StockCounted,
    StockEvent,
    StockPicked,
    StockRebuilt,
    StockReceived,
    StockReleased,
    StockReserved,
    StockReturned,
    StockScrapped,
    StockShipped,
    StockTransferred,
    StockUnpicked,
    stock_picked,
    stock_released,
    stock_shipped,
)
from ordercore.domain.inventory.holds import HeldKey, HoldKind
from ordercore.domain.inventory.ledger import (
    Drift,
    Journal,
    Movement,
    MovementKind,
    Projection,
    VerifyReport,
    compare,
    project,
)
from ordercore.domain.inventory.lots import Lots
from ordercore.domain.inventory.places import Rooms
from ordercore.domain.inventory.positions import Positions
from ordercore.domain.inventory.reservations import (
    ACTIVE_STATES,
    RESERVATION_LIFECYCLE,
    ReleaseResult,
    Reservation,
    ReservationKind,
    ReservationLoss,
    ReservationMove,
    ReservationRequest,
    ReservationState,
    StockChange,
    new_reservation,
    unshrunk,
)
from ordercore.domain.inventory.supplies import SupplyList
from ordercore.domain.inventory.values import (
    Allocation,
    IncomingSupply,
    Lot,
    Position,
    PositionKey,
    SupplyRow,
    new_row,
    quantity,
)
from ordercore.kernel.checks import require_items
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import NotFound, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventSink
from ordercore.kernel.ids import require_id

__all__ = ["StockItem"]

_DATETIME = pendulum.DateTime
_S = ReservationState
_HARD, _SOFT = ReservationKind.HARD, ReservationKind.SOFT
# enum members read once: ``Enum.MEMBER`` is a descriptor lookup costing several dict reads
_HELD, _ALLOCATED, _RELEASED, _EXPIRED = _S.HELD, _S.ALLOCATED, _S.RELEASED, _S.EXPIRED
_RESERVE, _RELEASE = MovementKind.RESERVE, MovementKind.RELEASE
_PICK, _SHIP, _CONSUMED = MovementKind.PICK, MovementKind.SHIP, _S.CONSUMED
_OVER = (_S.RELEASED, _S.EXPIRED)  # nothing left to release
# release_all's target per state, read once from the lifecycle's table (no guard on its rows)
_RELEASE_ALL = {
    state: RESERVATION_LIFECYCLE.next_state(state, "release_all")
    for state in _S
    if RESERVATION_LIFECYCLE.can(state, "release_all")
}
_M = MovementKind
_LONGEST_HOLD = timedelta(days=366)  # a checkout hold is short; this keeps the arithmetic sane


@attrs.define
class StockItem:
    """All stock of one SKU; see the module docstring and ``docs/inventory.md``.

    New items start at version 0; every accepted command adds 1 and records events (drain them
    with ``pull_events()``) and ledger movements (drain them with ``pull_movements()``). A refused
    command raises and changes nothing.

    * stock: ``receive``, ``return_to_stock``, ``adjust``, ``count``, ``scrap``, ``transfer``,
      ``set_safety_stock``;
    * incoming: ``add_incoming``, ``receive_incoming``, ``cancel_incoming``;
    * held stock (on hand, never available): ``hold_returned``, ``scrap_returned``,
      ``release_hold``, ``scrap_held``, ``ship_to_vendor``, ``move_hold``; ``held``,
      ``held_positions``;
    * reservations: ``reserve``, ``reserve_many``, ``extend``, ``confirm`` (``harden``),
      ``resize``, ``release``, ``release_all``, ``pick``, ``unpick``, ``ship``, ``tick``;
    * queries: ``on_hand``, ``reserved``, ``available``, ``positions``, ``supply_rows``,
      ``incoming``, ``reservation``, ``reservations``; ``verify`` and ``rebuild`` against the
      ledger rows; ``apply`` and ``replay`` for events.
    """

    sku: str
    version: int = 0
    counters: Positions = attrs.Factory(Positions)
    book: ReservationBook = attrs.Factory(ReservationBook)
    supplies: SupplyList = attrs.Factory(SupplyList)
    lots: Lots = attrs.Factory(Lots)
    safety_stock: dict[str, int] = attrs.Factory(dict)
    journal: Journal = attrs.Factory(Journal)
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    _APPLY: ClassVar[dict[type, Callable[[StockItem, Any], None]]]

    __deepcopy__ = copy_stock_item
    """The copy the memory store makes on every read and save (``kernel.copies``' protocol)."""

    def __attrs_post_init__(self) -> None:
        # checked here, not by an attrs validator: a validator would make every attribute
        # assignment (the version, on each event) go through attrs' slower __setattr__
        require_id("sku", self.sku)

    def check_invariants(self) -> None:
        """Refuse a state no command could have produced; the codec runs it on every decode.

        Raises :class:`ValidationError` naming the field, the value and the rule for: a version or
        ledger ``next_seq`` out of range, a negative counter, ``reserved > on hand`` or
        ``picked > reserved`` at a position, a closed or malformed open reservation, reservations
        whose units do not sum to the reserved, picked and promised counters, and supply lines
        whose counters are missing or break ``0 <= promised <= expected``.
        """
        version = self.version
        if version.__class__ is not int or version < 0:
            raise ValidationError("version", version, "a version is a whole number >= 0")
        next_seq = self.journal.next_seq
        if next_seq.__class__ is not int or next_seq < 1:
            raise ValidationError("journal.next_seq", next_seq, "ledger seq counts from 1")
        breach = stock_breach(self.counters, self.supplies, self.book, self.safety_stock)
        if breach is not None:
            raise ValidationError(*breach)
        for key, units in self.counters.held.items():
            if key.hold.__class__ is not HoldKind or units.__class__ is not int or units < 1:
                where = f"counters.held[{key!r}]"
                raise ValidationError(where, units, "a hold keeps a whole number of units >= 1")

    # ------------------------------------------------------------------ events and ledger

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last pull, oldest first; the list is then cleared.

        Reservations closed by those events (consumed, released, expired) leave the item now.
        """
        pending = self.events
        events = pending[:]
        pending.clear()  # in place: a unit of work's sink holds this very list
        book = self.book
        book.forget_closed()
        sink = self.sink
        if sink is not None and sink.ledger:
            sink.transient[:] = [book.closing]  # the book's new dict of closed ones
        return events

    def pull_movements(self) -> list[Movement]:
        """The ledger movements made since the last pull, oldest first; the buffer is cleared.

        The unit of work appends them to the SKU's append-only ledger stream, in the commit that
        stores the item; ``seq`` counts from 1 per SKU without gaps.
        """
        sink = self.sink
        if sink is None or not sink.ledger:
            return self.journal.pull()
        moved = sink.movements[:]
        sink.movements.clear()  # in place: the journal records into this very list
        return moved

    def apply(self, event: DomainEvent) -> None:
        """Change the state by one event: the only mutator, for live commands and replay alike."""
        applier = self._APPLY.get(type(event))
        if applier is None:
            raise WrongType("event", event, "a stock item applies the stock events only")
        applier(self, event)
        self.version = event.version

    @classmethod
    def replay(cls, events: Sequence[DomainEvent]) -> StockItem:
        """Rebuild a stock item exactly from all of its events (oldest first).

        Refused with :class:`ValidationError` for an empty history, another SKU's event or a gap
        in versions (a command's events share its version), and :class:`WrongType` for an event
        that is not a stock event. The rebuilt item has no events or movements to pull.
        """
        history = list(events)
        if not history:
            raise ValidationError("events", [], "a stock item is rebuilt from at least one event")
        first = history[0]
        if not isinstance(first, StockEvent):
            raise WrongType("events[0]", first, "a stock item replays StockEvent values")
        item = cls(first.entity_id)
        for index, event in enumerate(history):
            if not isinstance(event, StockEvent):
                raise WrongType(f"events[{index}]", event, "a stock item replays StockEvent values")
            if event.entity_id != item.sku:
                raise ValidationError(
                    f"events[{index}]", event, f"an event of another SKU than {item.sku}"
                )
            if event.version not in (item.version, item.version + 1) or event.version < 1:
                raise ValidationError(
                    f"events[{index}]", event, f"versions follow on from {item.version}"
                )
            item.apply(event)
        item.journal.pull()
        item.book.forget_closed()
        return item

    def _emit(self, event: StockEvent) -> None:
        """Record a decided event and apply it (``apply`` without its type check)."""
        self._pending().append(event)
        self._APPLY[event.__class__](self, event)
        self.version = event.version

    def _stamp(self, at: pendulum.DateTime, version: int | None = None) -> dict[str, Any]:
        """The fields every event of a command starts with: the SKU, the version, ``at``.

        ``version`` is the command's when its events share one; by default the next.
        """
        if version is None:
            version = self.version + 1
        return {"entity_id": self.sku, "version": version, "occurred_at": at}

    def _pending(self) -> list[DomainEvent]:
        """The list a decided event is kept in, until the store takes it (``events``).

        The first time the item records with a unit of work's event sink, the sink takes over
        its ledger buffer too (movements, from then on, are made straight into it) and the
        reservations the item keeps only until its events leave (the sink forgets them when
        it hands them on).
        """
        sink = self.sink
        if sink is not None and not sink.ledger:
            journal = self.journal
            movements = sink.movements  # read once: the sink's property is a call
            movements.extend(journal._movements)  # what journal.pull() hands, without the call
            journal._movements = movements  # the journal records into the sink from now on
            sink.transient.append(self.book.closing)
            sink.ledger = True
        return self.events

    def _move(
        self,
        kind: MovementKind,
        location: str,
        lot: str | None,
        on_hand: int,
        reserved: int,
        picked: int,
        at: pendulum.DateTime,
        reason: str = "",
        reference: str | None = None,
        supply: str | None = None,
    ) -> None:
        """Record one ledger movement and add its deltas to the counters it is about."""
        self.journal.record(
            kind, location, lot, on_hand, reserved, picked, at, reason, reference, supply
        )
        if supply is not None:
            self.supplies.add(supply, on_hand, reserved)
        elif on_hand or picked:
            self.counters.add(location, lot, on_hand, reserved, picked)
        elif reserved:  # a reservation's movement: only the reserved counter moves
            self.counters.add_reserved(location, lot, reserved)

    # ------------------------------------------------------------------ queries

    @property
    def reservations(self) -> Mapping[str, Reservation]:
        """The open reservations by id, in the order they were placed (read only).

        Reservations closed by a command whose events are not pulled yet are included too.
        """
        closing = self.book.closing
        return {**self.book.open, **closing} if closing else self.book.open

    def reservation(self, reservation_id: str) -> Reservation:
        """The open reservation with this id (or one closed since the last pull), or NotFound."""
        found = self.book.find(require_id("reservation_id", reservation_id))
        if found is None:
            raise NotFound("reservation", reservation_id)
        return found

    def on_hand(self, location: str | None = None, lot: str | None = None) -> int:
        """Units physically here (reserved, picked and held ones included); ``None`` means all.

        Held units (quarantine, repair, awaiting return to vendor: :meth:`held`) count here and
        never in :meth:`available`: on hand = available + reserved + held + what safety stock
        keeps back.
        """
        sellable = sum(
            units for key, units in self.counters.on_hand.items() if _matches(key, location, lot)
        )
        held = self.counters.held
        return sellable + (self.counters.held_units(None, location, lot) if held else 0)

    def reserved(self, location: str | None = None, lot: str | None = None) -> int:
        """Units on hand promised to reservations (allocations and unexpired holds alike)."""
        return sum(
            units for key, units in self.counters.reserved.items() if _matches(key, location, lot)
        )

    def available(self, location: str | None = None, lot: str | None = None) -> int:
        """Units free to promise: on hand - reserved - safety stock, never below zero.

        Safety stock is per location: a lot can give at most its own free units and at most what
        its location has left above its safety stock. ``None`` means every location (or lot).
        Held units (:meth:`held`) are never available: they are not in the sellable counters.
        Holds whose time is up still count until ``tick(now)`` (or a command given ``now``)
        expires them.
        """
        locations = {key.location for key in self.counters.on_hand}
        if location is not None:
            locations &= {require_id("location", location)}
        if lot is not None:
            require_id("lot", lot)
        total = 0
        for place in locations:
            room = self._location_room(place)
            if lot is None:
                total += max(0, room)
            else:
                total += max(0, min(self.free(PositionKey(place, lot)), room))
        return total

    def free(self, key: PositionKey) -> int:
        """On hand - reserved at one position (safety stock not subtracted)."""
        return self.counters.free(key)

    def positions(self) -> list[Position]:
        """Every position with stock or reservations, sorted by location then lot."""
        counters = self.counters
        keys = sorted(counters.on_hand, key=_by_place)
        return [
            Position(
                key,
                counters.on_hand[key],
                counters.reserved.get(key, 0),
                counters.picked.get(key, 0),
                max(0, min(counters.free(key), self._location_room(key.location))),
            )
            for key in keys
        ]

    def incoming(self, supply_id: str) -> tuple[IncomingSupply, int, int]:
        """An open incoming supply line with its units still expected and units promised.

        A line fully received or cancelled is closed: :class:`NotFound`.
        """
        return self.supplies.line(require_id("supply_id", supply_id))

    def supply_rows(self) -> list[SupplyRow]:
        """The snapshot an allocator plans against: on-hand positions, then incoming lines.

        One row per position (``available`` after reserved units and safety stock; ``expires_on``
        and ``received_at`` from the lot) and one per incoming supply line still expected
        (``supply``, ``expected_on``; ``available`` = expected - promised). Rows with nothing
        available are included, so a planner sees every place. Sorted: positions by location
        and lot, then incoming lines by expected date and id.
        """
        rows: list[SupplyRow] = []
        counters = self.counters
        on_hand, reserved, known = counters.on_hand, counters.reserved, self.lots.known
        safety = self.safety_stock
        rooms: dict[str, int] = {}
        several = len(on_hand) > 1
        # what positions() says, without a Position per row (a row per SKU on every allocation)
        for key in sorted(on_hand, key=_by_place) if several else on_hand:
            location, lot_id = key
            units = on_hand[key]
            free = units - reserved.get(key, 0)
            if several:
                room = rooms.get(location)
                if room is None:
                    room = rooms[location] = self._location_room(location)
                free = min(free, room)
            elif safety:  # the only position: its location's room is its free units less safety
                free -= safety.get(location, 0)
            lot = known.get(lot_id) if known and lot_id is not None else None
            rows.append(
                new_row(  # SupplyRow(...), every field given: no __new__ frame
                    SupplyRow,
                    (
                        location,
                        lot_id,
                        free if free > 0 else 0,
                        units,
                        None if lot is None else lot.expires_on,
                        None if lot is None else lot.received_at,
                        None,
                        None,
                    ),
                )
            )
        supplies = self.supplies
        for supply in supplies.expected_lines() if supplies.lines else ():
            lot = self.lots.get(supply.lot)
            rows.append(
                SupplyRow(
                    supply.location,
                    supply.lot,
                    supplies.room(supply.id),
                    0,
                    None if lot is None else lot.expires_on,
                    None if lot is None else lot.received_at,
                    supply.id,
                    supply.expected_on,
                )
            )
        return rows

    # ------------------------------------------------------------------ verify and rebuild

    def verify(self, rows: Iterable[Movement] = ()) -> VerifyReport:
        """Replay the SKU's ledger ``rows`` and compare every counter (and reservation) with it.

        ``rows`` are the movements already pulled (``uow.ledger.rows(sku)``), oldest first; the
        movements still buffered in the item are added to them. The rows must run from seq 1 to
        the item's last movement without a gap, else a ``"ledger rows"`` drift says so. Never
        raises on a healthy item: the report's ``ok`` is True and ``drifts`` empty.
        """
        movements, _, drifts = self._replay_rows(rows)
        return VerifyReport(
            self.sku,
            len(movements),
            tuple(drifts) + reservation_drifts(self.counters, self.supplies, self.book),
        )

    def rebuild(self, rows: Iterable[Movement], at: pendulum.DateTime) -> VerifyReport:
        """Restore every counter from the ledger ``rows``; the report lists what was corrected.

        A rebuild that corrected something is a change: +1 version and a ``StockRebuilt`` event
        that carries the restored counters. Rows with a gap are refused (``ValidationError``).
        """
        at = instant(at, "at")
        movements, replay, drifts = self._replay_rows(rows)
        gaps = [d for d in drifts if d.counter == "ledger rows"]
        if gaps:
            raise ValidationError("rows", gaps[0].recorded, "rebuild needs every ledger row")
        report = VerifyReport(self.sku, len(movements), tuple(drifts))
        if drifts:
            keys = sorted(
                {*replay.on_hand, *replay.reserved, *replay.picked},
                key=lambda k: (k.location, k.lot or ""),
            )
            self._emit(
                StockRebuilt(
                    **self._stamp(at),
                    corrections=len(drifts),
                    positions=tuple(
                        (
                            key.location,
                            key.lot,
                            replay.on_hand.get(key, 0),
                            replay.reserved.get(key, 0),
                            replay.picked.get(key, 0),
                        )
                        for key in keys
                    ),
                    incoming=tuple(
                        (supply, replay.expected.get(supply, 0), replay.promised.get(supply, 0))
                        for supply in sorted(self.supplies.lines)
                    ),
                    held=tuple(
                        (key.location, key.lot, key.hold.value, units)
                        for key, units in sorted(replay.held.items(), key=lambda kv: str(kv[0]))
                        if units
                    ),
                )
            )
        return report

    def _replay_rows(
        self, rows: Iterable[Movement]
    ) -> tuple[list[Movement], Projection, list[Drift]]:
        movements = [*rows, *self.journal.unpulled]
        replay = project(movements)
        live = self.counters
        supplies = self.supplies
        drifts = [
            *compare("on_hand", live.on_hand, replay.on_hand),
            *compare("reserved", live.reserved, replay.reserved),
            *compare("picked", live.picked, replay.picked),
            *compare("incoming", supplies.expected, replay.expected),
            *compare("promised", supplies.promised, replay.promised),
            *compare("held", live.held, replay.held),
        ]
        last = self.journal.next_seq - 1
        if [m.seq for m in movements] != list(range(1, last + 1)):
            drifts.insert(0, Drift("ledger rows", "seq 1..", len(movements), last))
        return movements, replay, drifts

    # ------------------------------------------------------------------ stock commands

    def receive(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | Lot | None = None,
        reason: str = "",
        reference: str | None = None,
    ) -> None:
        """Put ``units`` on hand at ``location`` (and ``lot``; a :class:`Lot` is registered).

        The stock item takes a lot named by its id alone as it is; the Engine first refuses one
        the SKU does not know (:meth:`require_lot`).
        """
        key, new_lot = self._key(location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        self._emit(
            StockReceived(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                quantity=units,
                reason=reason,
                reference=reference,
                new_lot=new_lot,
            )
        )

    def return_to_stock(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | Lot | None = None,
        reference: str | None = None,
    ) -> None:
        """Put returned units back on the shelf (``reference``: the return, e.g. an RMA id)."""
        key, new_lot = self._key(location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        self._emit(
            StockReturned(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                quantity=units,
                reference=reference,
                new_lot=new_lot,
            )
        )

    def adjust(
        self,
        location: str,
        delta: int,
        reason: str,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        reserve_elsewhere: bool = False,
    ) -> StockChange:
        """Correct on hand by ``delta`` (not 0) for a stated ``reason``.

        When on hand falls below what is reserved, the lowest priority, latest placed
        reservations lose units first; the result's ``losses`` say which. With
        ``reserve_elsewhere=True`` the units they lose are served again from free stock at other
        places in the same command (the result's ``moves``; ``unserved`` is what is left).
        """
        key, _ = self._key(location, lot)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise WrongType("delta", delta, "an adjustment is a whole int number of units")
        if not delta:
            raise ValidationError("delta", delta, "an adjustment changes on hand (not 0)")
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "an adjustment states its reason")
        at = instant(at, "at")
        change = self._adjusted(key, delta, at, reason, self.version + 1)
        return self._reserved_elsewhere(change, at) if reserve_elsewhere else change

    def _adjusted(
        self, key: PositionKey, delta: int, at: pendulum.DateTime, reason: str, version: int
    ) -> StockChange:
        """Check and emit an on-hand change at ``key`` (the shrink rule applies)."""
        on_hand = self.counters.on_hand.get(key, 0)
        if on_hand + delta < 0:
            raise NegativeStock(self.sku, key.label(), on_hand, delta, "on hand cannot go below 0")
        losses = self._losses(key, on_hand + delta)
        self._emit(
            StockAdjusted(
                **self._stamp(at, version),
                location=key.location,
                lot=key.lot,
                delta=delta,
                reason=reason,
                losses=losses,
            )
        )
        return StockChange(key.location, key.lot, delta, on_hand + delta, losses)

    def count(
        self,
        location: str,
        counted: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        reserve_elsewhere: bool = False,
    ) -> StockChange:
        """Record a cycle count: on hand becomes ``counted`` (the shrink rule applies).

        ``reserve_elsewhere=True`` serves lost units again from other places, as in ``adjust``.
        """
        key, _ = self._key(location, lot)
        counted = quantity("counted", counted, minimum=0)
        at = instant(at, "at")
        delta = counted - self.counters.on_hand.get(key, 0)
        losses = self._losses(key, counted)
        self._emit(
            StockCounted(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                counted=counted,
                delta=delta,
                losses=losses,
            )
        )
        change = StockChange(key.location, key.lot, delta, counted, losses)
        return self._reserved_elsewhere(change, at) if reserve_elsewhere else change

    def scrap(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        reason: str = "",
        reserve_elsewhere: bool = False,
    ) -> StockChange:
        """Write ``units`` off (damaged, expired); the shrink rule applies to reserved units.

        ``reserve_elsewhere=True`` serves lost units again from other places, as in ``adjust``.
        """
        key, _ = self._key(location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        on_hand = self.counters.on_hand.get(key, 0)
        if units > on_hand:
            raise NegativeStock(self.sku, key.label(), on_hand, -units, "scrap at most on hand")
        losses = self._losses(key, on_hand - units)
        self._emit(
            StockScrapped(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                quantity=units,
                reason=reason,
                losses=losses,
            )
        )
        change = StockChange(key.location, key.lot, -units, on_hand - units, losses)
        return self._reserved_elsewhere(change, at) if reserve_elsewhere else change

    def _reserved_elsewhere(self, change: StockChange, at: pendulum.DateTime) -> StockChange:
        """Serve a shrink's losses again from free stock elsewhere (in the shrink's version).

        The most important reservations (lowest priority number, earliest placed) are served
        first; each takes from the same location's other lots first, then from the places with
        the most free units. Incoming supply is not used: the units were on the shelf.
        """
        if not change.losses:
            return change
        shrunk = PositionKey(change.location, change.lot)
        rooms = Rooms.of(self.counters, self.safety_stock, {})
        open_ = self.book.open
        losses = sorted(
            (loss for loss in change.losses if loss.reservation_id in open_),
            key=lambda loss: _service_key(open_[loss.reservation_id]),
        )
        moves: list[ReservationMove] = []
        for loss in losses:
            order = rooms.most_free_first((shrunk,))
            order.sort(key=lambda k: k.location != change.location)  # stable: same place first
            placed, _ = rooms.take(loss.quantity, order)
            if not placed:
                continue
            self._emit(
                ReservationRefilled(
                    **self._stamp(at, self.version),
                    reservation_id=loss.reservation_id,
                    quantity=sum(a.quantity for a in placed),
                    allocations=tuple(placed),
                )
            )
            moves.extend(
                ReservationMove(
                    loss.reservation_id,
                    loss.order_ref,
                    loss.line_ref,
                    loss.location,
                    loss.lot,
                    allocation.location,
                    allocation.lot,
                    allocation.quantity,
                )
                for allocation in placed
            )
        return attrs.evolve(change, moves=tuple(moves))

    def transfer(
        self,
        from_location: str,
        to_location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
    ) -> None:
        """Move ``units`` of free (unreserved) stock between locations, keeping its lot."""
        source, _ = self._key(from_location, lot, "from_location")
        target, _ = self._key(to_location, lot, "to_location")
        units = quantity("units", units)
        at = instant(at, "at")
        if source == target:
            raise ValidationError("to_location", to_location, "a transfer goes somewhere else")
        free = self.free(source)
        if units > free:
            raise NegativeStock(
                self.sku, source.label(), free, -units, "only unreserved units are transferred"
            )
        self._emit(
            StockTransferred(
                **self._stamp(at),
                from_location=from_location,
                to_location=to_location,
                lot=source.lot,
                quantity=units,
            )
        )

    def set_safety_stock(self, location: str, units: int, at: pendulum.DateTime) -> None:
        """Keep ``units`` at ``location`` that are never promised (0 removes the buffer)."""
        require_id("location", location)
        units = quantity("units", units, minimum=0)
        at = instant(at, "at")
        self._emit(
            SafetyStockSet(
                **self._stamp(at),
                location=location,
                quantity=units,
                previous=self.safety_stock.get(location, 0),
            )
        )

    def signal(self, signals: Sequence[AvailabilityChanged]) -> None:
        """Record availability signals decided for the command that just ran (see ``signals``).

        They change no state and carry the item's current version, so they leave with that
        command's events (through the outbox) and replay ignores them.
        """
        for event in signals:
            if not isinstance(event, AvailabilityChanged) or event.entity_id != self.sku:
                raise WrongType("signals", event, f"AvailabilityChanged events of {self.sku}")
            if event.version != self.version:
                raise ValidationError(
                    "signals", event, f"a signal carries the item's version {self.version}"
                )
        self._pending().extend(signals)

    # ------------------------------------------------------------------ incoming commands

    def add_incoming(
        self,
        supply_id: str,
        location: str,
        units: int,
        expected_on: pendulum.Date,
        at: pendulum.DateTime,
        *,
        lot: str | Lot | None = None,
    ) -> IncomingSupply:
        """Announce stock on its way (a purchase order, a transfer in transit).

        Reservations may be placed against it (``Allocation(..., supply=supply_id)``) so an order
        can be promised ``expected_on``; when it arrives, they follow to on hand.
        """
        require_id("supply_id", supply_id)
        if self.supplies.get(supply_id) is not None:
            raise ValidationError("supply_id", supply_id, "this incoming supply already exists")
        key, new_lot = self._key(location, lot)
        units = quantity("units", units)
        expected = require_date(expected_on, "expected_on")
        at = instant(at, "at")
        self._emit(
            IncomingStockExpected(
                **self._stamp(at),
                supply_id=supply_id,
                location=key.location,
                lot=key.lot,
                quantity=units,
                expected_on=expected,
                new_lot=new_lot,
            )
        )
        return self.supplies.lines[supply_id]

    def receive_incoming(self, supply_id: str, units: int, at: pendulum.DateTime) -> int:
        """Receive ``units`` of an incoming supply; returns how many promised units followed.

        Promised units follow to on hand in the order the reservations would be served: highest
        priority (lowest number), earliest placed first. A line that expects nothing more closes.
        """
        _, expected, promised = self.incoming(supply_id)
        units = quantity("units", units)
        at = instant(at, "at")
        if units > expected:
            raise ValidationError(
                "units", units, f"incoming {supply_id} still expects only {expected} units"
            )
        followed = min(units, promised)
        self._emit(
            IncomingStockReceived(
                **self._stamp(at),
                supply_id=supply_id,
                quantity=units,
                followed=followed,
            )
        )
        return followed

    def cancel_incoming(
        self, supply_id: str, units: int, at: pendulum.DateTime, *, reason: str = ""
    ) -> tuple[ReservationLoss, ...]:
        """Stop expecting ``units`` of an incoming supply (a short-closed purchase order).

        When fewer units stay expected than were promised, the lowest priority, latest placed
        reservations on the supply lose their promises first; the result says which.
        """
        supply, expected, promised = self.incoming(supply_id)
        units = quantity("units", units)
        at = instant(at, "at")
        if units > expected:
            raise ValidationError(
                "units", units, f"incoming {supply_id} still expects only {expected} units"
            )
        plan = self.book.plan_shrink(supply.key, promised - (expected - units), supply_id)
        losses = as_losses(plan)
        self._emit(
            IncomingStockCancelled(
                **self._stamp(at),
                supply_id=supply_id,
                quantity=units,
                reason=reason,
                losses=losses,
            )
        )
        return losses

    # ------------------------------------------------------------------ placing holds

    def reserve(
        self,
        reservation_id: str,
        *,
        order_ref: str,
        line_ref: str,
        allocations: Sequence[Allocation],
        now: pendulum.DateTime,
        priority: int = 5,
        placed_at: pendulum.DateTime | None = None,
        ttl: pendulum.Duration | timedelta | None = None,
        expires_at: pendulum.DateTime | None = None,
        hard: bool = False,
    ) -> Reservation:
        """Promise units to one order line; give exactly one of ``ttl``, ``expires_at``, ``hard``.

        ``allocations`` are in preference order (most preferred first), as the allocator planned
        them; ``placed_at`` (default ``now``) and ``priority`` (lower number = more important)
        decide who loses units first when stock shrinks. Refused with :class:`InsufficientStock`
        when a place cannot give its total. The same rules as a ``reserve_many`` batch of one.
        """
        fields: Fields = (
            reservation_id,
            order_ref,
            line_ref,
            allocations
            if allocations.__class__ is tuple
            else require_items("allocations", allocations),
            priority,
            placed_at,
            ttl,
            expires_at,
            hard,
        )
        if now.__class__ is not _DATETIME or now.tzinfo is None:
            now = instant(now, "now")
        # _reserve's steps for a batch of one, with no list or loop around the one request
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        version = self.version + 1
        event = self.book.decide_reserve(
            self.sku, version, fields, now, None, demand, from_supply, self.supplies
        )
        # holds whose time is up (mostly none) count as given back, and expire once it all fits
        due = self.book.due(now) if self.book.expiries else None
        self._check_demand(demand, from_supply, overlay(due) if due else NOTHING_DUE)
        if due:
            self._expire(due, now, version)
        sink = self.sink
        # _emit, without its table lookup (the type is known) nor _pending's call without a sink
        (self.events if sink is None else self._pending()).append(event)
        self.version = version
        return self._open_reserved_one(event, now)

    def reserve_many(
        self, requests: Sequence[ReservationRequest], now: pendulum.DateTime
    ) -> list[Reservation]:
        """Place a batch of holds atomically, checked on the **totals** per place.

        Demand is summed per (location, lot) and per incoming supply across every request before
        it is compared with what is available; either every hold is placed or none is.
        """
        if now.__class__ is not _DATETIME or now.tzinfo is None:
            now = instant(now, "now")
        batch: Sequence[Fields] = (
            requests if requests.__class__ is list else require_items("requests", requests)
        )
        for i, request in enumerate(batch):  # every request's type first, as before
            if request.__class__ is not ReservationRequest and not isinstance(
                request, ReservationRequest
            ):
                raise WrongType(
                    f"requests[{i}]", request, "a batch holds ReservationRequest values"
                )
        if not batch:
            raise ValidationError("requests", [], "a batch needs at least one request")
        return self._reserve(batch, now)

    def tick(self, now: pendulum.DateTime) -> list[Reservation]:
        """Expire every hold whose time is up (``now >= expires_at``); returns them."""
        now = instant(now, "now")
        due = self.book.due(now)
        if due:
            self._expire(due, now, self.version + 1)
        return due

    def _reserve(self, batch: Sequence[Fields], now: pendulum.DateTime) -> list[Reservation]:
        """Place checked-on-their-totals holds: ``reserve`` and ``reserve_many`` alike.

        The book checks every request and decides its ``StockReserved`` (one per request, all
        of the command's version); the totals are checked against what is free (holds whose
        time is up count as given back, and expire in the same command); then the events are
        recorded and applied in order by :meth:`_open_reserved_one` (the one apply of
        ``StockReserved``). ``reserve`` takes the same steps for its one request.
        """
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        version = self.version + 1
        # no set of the batch's ids for a batch of one: nothing to compare with
        seen: set[str] | None = set() if len(batch) > 1 else None
        made = self.book.decide_reserves(
            self.sku, version, batch, now, seen, demand, from_supply, self.supplies
        )
        # holds whose time is up count as given back, and expire once the totals fit
        due = self.book.due(now) if self.book.expiries else None
        self._check_demand(demand, from_supply, overlay(due) if due else NOTHING_DUE)
        if due:
            self._expire(due, now, version)
        sink = self.sink
        # _emit, without its table lookup (the type is known) nor _pending's call without a sink
        (self.events if sink is None else self._pending()).extend(made)
        self.version = version
        return self._open_reserved(made, now)

    def _expire(self, due: list[Reservation], now: pendulum.DateTime, version: int) -> None:
        for reservation in due:
            RESERVATION_LIFECYCLE.next_state(reservation.state, "expire", reservation)
            self._emit(
                ReservationExpired(
                    **self._stamp(now, version),
                    reservation_id=reservation.id,
                    quantity=reservation.quantity - reservation.picked,
                )
            )

    def _check_demand(
        self,
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
        overlay: Overlay,
    ) -> None:
        """Refuse with :class:`InsufficientStock` unless every total fits where it is asked.

        ``demand`` may be keyed by plain ``(location, lot)`` tuples (equal to their PositionKey).
        """
        safety = self.safety_stock
        counters = self.counters
        on_hand, reserved, freed = counters.on_hand, counters.reserved, overlay[0]
        for key, units in demand.items():
            if safety and safety.get(key[0], 0):
                room = self._key_room(PositionKey(*key), overlay)
            else:
                room = on_hand.get(key, 0) - reserved.get(key, 0)
                if freed:
                    room += freed.get(key, 0)
            if units > room:
                raise InsufficientStock(self.sku, PositionKey(*key).label(), units, max(0, room))
        if safety:  # a location with safety stock keeps it over all of its positions
            per_location: dict[str, int] = {}
            for key, units in demand.items():
                per_location[key[0]] = per_location.get(key[0], 0) + units
            for location, units in per_location.items():
                if safety.get(location, 0):
                    extra = sum(n for k, n in freed.items() if k.location == location)
                    room = self._location_room(location, extra)
                    if units > room:
                        raise InsufficientStock(self.sku, location, units, max(0, room))
        if from_supply:  # mostly none: no items view and iterator made for nothing
            self._check_supply_demand(from_supply, overlay[1])

    def _check_supply_demand(self, from_supply: dict[str, int], freed: dict[str, int]) -> None:
        """Refuse with :class:`InsufficientStock` unless each incoming line gives its total."""
        for supply, units in from_supply.items():
            room = self.supplies.room(supply) + freed.get(supply, 0)
            if units > room:
                raise InsufficientStock(self.sku, f"incoming {supply}", units, max(0, room))

    def _key_room(self, key: PositionKey, overlay: Overlay) -> int:
        free = self.free(key) + overlay[0].get(key, 0)
        if self.safety_stock.get(key.location, 0):
            extra = sum(units for k, units in overlay[0].items() if k.location == key.location)
            free = min(free, self._location_room(key.location, extra))
        return free

    def _location_room(self, location: str, extra: int = 0) -> int:
        """Free units of a location above its safety stock (may be negative)."""
        return self.counters.location_free(location) + extra - self.safety_stock.get(location, 0)

    # ------------------------------------------------------------------ checkout holds

    def checkout_hold(self, checkout_id: str) -> Reservation | None:
        """The open hold of a checkout on this SKU, or ``None`` (see ``checkouts``)."""
        return self.book.open.get(checkout_hold_id(checkout_id))

    def available_for_checkout(self, checkout_id: str, location: str | None = None) -> int:
        """The free figure a checkout sees: ``available`` with its own hold's units counted free.

        A checkout holding 2 units of 5 free-and-held sees 5, so asking for 5 is possible.
        """
        own = self.checkout_hold(checkout_id)
        given: dict[PositionKey, int] = {}
        if own is not None:
            for allocation in own.allocations:
                if allocation.supply is None:
                    given[allocation.key] = given.get(allocation.key, 0) + allocation.quantity
        rooms = Rooms.of(self.counters, self.safety_stock, given)
        return sum(
            rooms.location_room(place)
            for place in rooms.by_location
            if location is None or place == location
        )

    def hold_for_checkout(
        self,
        checkout_id: str,
        units: int | None = None,
        *,
        now: pendulum.DateTime,
        ttl: pendulum.Duration | timedelta | None = None,
        expires_at: pendulum.DateTime | None = None,
        allocations: Sequence[Allocation] | None = None,
        location: str | None = None,
        priority: int = 5,
        incoming: int = 0,
    ) -> Reservation:
        """Hold ``units`` for a checkout: its one hold is placed, or grown, shrunk or moved.

        Give ``units`` (the item chooses the places: the hold's own places first, then the
        positions with the most free units; only ``location``'s when it is given) or explicit
        ``allocations`` (a move). A new hold needs ``ttl`` or ``expires_at``; an adjusted one
        keeps its expiry unless one is given. The checkout's own held units count as free, so
        changing 2 units to 5 needs 3 more free units and leaves 5 held, never 7. Refused with
        :class:`InsufficientStock` when the places cannot give it (nothing changes), and with
        :class:`ValidationError` once the hold was confirmed into an allocation. A hold whose
        time is up at ``now`` expires first and a new one is placed.

        ``incoming`` (a preorder allowance, 0 by default) lets the units stock on hand cannot
        give be held against incoming supply, at most that many: the hold's own supply lines
        first, then the lines that arrive first (never with ``location``: a pickup takes stock
        on hand only). Its allocations say which part is on hand (``supply`` ``None``) and
        which incoming. Stock on hand is always used first.
        """
        rid = checkout_hold_id(checkout_id)
        now = instant(now, "now")
        book = self.book
        own = book.open.get(rid)
        if own is not None and own.state is not _S.HELD:
            raise ValidationError(
                "checkout_id",
                checkout_id,
                f"the checkout's hold on {self.sku} is {own.state}: only a held hold is adjusted",
            )
        if priority.__class__ is not int:
            raise WrongType("priority", priority, "a priority is an int (lower first)")
        due = book.due(now) if book.expiries else []
        live = own if own is not None and all(r is not own for r in due) else None
        expiry = _checkout_expiry(live, ttl, expires_at, now)
        given = _given_back(due, live)
        if allocations is None:
            new = self._checkout_places(live, units, location, given, incoming)
        else:
            if units is not None or location is not None:
                raise ValidationError(
                    "allocations", allocations, "give units (and a location) or allocations"
                )
            new = self._checked_allocations(allocations, given)
        if live is not None and not due and new == live.allocations and expiry == live.expires_at:
            return live  # the same hold again: nothing changes
        version = self.version + 1
        if due:
            self._expire(due, now, version)
        if live is None:
            self._emit(
                StockReserved(
                    **self._stamp(now, version),
                    reservation_id=rid,
                    order_ref=checkout_id,
                    line_ref=CHECKOUT_LINE,
                    quantity=sum(a.quantity for a in new),
                    hard=expiry is None,
                    expires_at=expiry,
                    allocations=new,
                    priority=priority,
                    placed_at=now,
                )
            )
            return self.book.open[rid]
        self._emit(
            HoldReplaced(
                **self._stamp(now, version),
                reservation_id=rid,
                quantity=sum(a.quantity for a in new),
                previous=live.quantity,
                allocations=new,
                expires_at=expiry,
            )
        )
        return live

    def _checked_allocations(
        self, allocations: Sequence[Allocation], given: Overlay
    ) -> tuple[Allocation, ...]:
        """Explicit places for a hold, checked like a new reservation's (``given`` counts free)."""
        new = tuple(allocations)
        if not new:
            raise ValidationError("allocations", (), "a hold needs at least one allocation")
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        places: set[tuple[str, str | None, str | None]] = set()
        for allocation in new:
            _check_allocation(allocation, places, demand, from_supply, self.supplies)
        self._check_demand(demand, from_supply, given)
        return new

    def _checkout_places(
        self,
        live: Reservation | None,
        units: int | None,
        location: str | None,
        given: Overlay,
        incoming: int = 0,
    ) -> tuple[Allocation, ...]:
        """Where a checkout's ``units`` go: its own places first, then the most free ones.

        What stock on hand cannot give is held against incoming supply, up to ``incoming``
        units (see :meth:`_checkout_incoming`).
        """
        units = quantity("units", units)
        incoming = quantity("incoming", incoming, minimum=0)
        if location is not None:
            require_id("location", location)
        rooms = Rooms.of(self.counters, self.safety_stock, given[0])
        own = [a.key for a in live.allocations if a.supply is None] if live is not None else []
        order = [*own, *rooms.most_free_first(own)]
        if location is not None:
            order = [key for key in order if key.location == location]
        placed, left = rooms.take(units, order)
        if left and incoming and location is None:
            asked = min(left, incoming)
            promised, short = self._checkout_incoming(live, asked, given[1])
            placed.extend(promised)
            left += short - asked
        if left:
            raise InsufficientStock(self.sku, location or "every location", units, units - left)
        return tuple(placed)

    def _checkout_incoming(
        self, live: Reservation | None, units: int, given: Mapping[str, int]
    ) -> tuple[list[Allocation], int]:
        """Up to ``units`` held against incoming supply; the places, and what is left.

        The hold's own supply lines first, then the open lines by expected date and id; a line
        gives what is expected and not yet promised (the hold's own promised units count free).
        """
        supplies = self.supplies
        lines = supplies.expected_lines()
        mine = [a.supply for a in live.allocations if a.supply] if live is not None else []
        lines.sort(key=lambda line: line.id not in mine)  # stable: own lines first, then dates
        taken: list[Allocation] = []
        left = units
        for line in lines:
            if not left:
                break
            here = min(left, supplies.room(line.id) + given.get(line.id, 0))
            if here > 0:
                taken.append(Allocation(line.location, here, line.lot, line.id))
                left -= here
        return taken, left

    # ------------------------------------------------------------------ changing reservations

    def extend(
        self, reservation_id: str, expires_at: pendulum.DateTime, now: pendulum.DateTime
    ) -> Reservation:
        """Give a hold more time: ``expires_at`` must be later than its current expiry."""
        reservation = self.reservation(reservation_id)
        now = instant(now, "now")
        new = instant(expires_at, "expires_at")
        RESERVATION_LIFECYCLE.next_state(reservation.state, "extend", reservation)
        if reservation.is_due(now):
            raise HoldExpired(reservation.id, reservation.expires_at, now)
        if reservation.expires_at is not None and new <= reservation.expires_at:
            raise ValidationError(
                "expires_at", new, f"extend moves the expiry later than {reservation.expires_at}"
            )
        self._emit(
            ReservationExtended(
                **self._stamp(now),
                reservation_id=reservation.id,
                expires_at=new,
            )
        )
        return reservation

    def confirm(self, reservation_id: str, now: pendulum.DateTime) -> Reservation:
        """Harden a soft hold into an allocation that no longer expires (e.g. on payment)."""
        reservation = self.reservation(reservation_id)
        now = instant(now, "now")
        RESERVATION_LIFECYCLE.next_state(reservation.state, "confirm", reservation)
        if reservation.is_due(now):
            raise HoldExpired(reservation.id, reservation.expires_at, now)
        self._emit(
            ReservationConfirmed(
                **self._stamp(now),
                reservation_id=reservation.id,
            )
        )
        return reservation

    harden = confirm

    def resize(self, reservation_id: str, new_quantity: int, now: pendulum.DateTime) -> Reservation:
        """Hold ``new_quantity`` units instead; growing counts the reservation's own units.

        Growing a hold of 3 to 10 needs 7 more free units, taken at its places in preference
        order; shrinking gives back from the least preferred place first. Same size: no change.
        """
        reservation = self.reservation(reservation_id)
        now = instant(now, "now")
        new_quantity = quantity("new_quantity", new_quantity)
        RESERVATION_LIFECYCLE.next_state(reservation.state, "resize", reservation)
        if reservation.is_due(now):
            raise HoldExpired(reservation.id, reservation.expires_at, now)
        delta = new_quantity - reservation.quantity
        if not delta:
            return reservation
        due = self.book.due(now) if delta > 0 else []
        if delta > 0:
            self._grow_plan(reservation, delta, overlay(due))  # refuses what does not fit
        version = self.version + 1
        self._expire(due, now, version)
        self._emit(
            ReservationResized(
                **self._stamp(now, version),
                reservation_id=reservation.id,
                quantity=new_quantity,
                delta=delta,
            )
        )
        return reservation

    def _grow_plan(
        self, reservation: Reservation, delta: int, overlay: Overlay
    ) -> list[tuple[int, int]]:
        """``(index, units)`` to add at the reservation's places, in preference order."""
        steps: list[tuple[int, int]] = []
        taken: dict[str, int] = {}
        left = delta
        for index, allocation in enumerate(reservation.allocations):
            if allocation.supply is None:
                room = self.free(allocation.key) + overlay[0].get(allocation.key, 0)
                location = allocation.location
                if self.safety_stock.get(location, 0):
                    extra = sum(n for k, n in overlay[0].items() if k.location == location)
                    room = min(room, self._location_room(location, extra) - taken.get(location, 0))
            else:
                room = self.supplies.room(allocation.supply) + overlay[1].get(allocation.supply, 0)
            units = min(left, max(0, room))
            if units:
                steps.append((index, units))
                if allocation.supply is None:
                    taken[allocation.location] = taken.get(allocation.location, 0) + units
                left -= units
        if left:
            where = ", ".join(a.key.label() for a in reservation.allocations) or "nowhere"
            raise InsufficientStock(self.sku, where, delta, delta - left)
        return steps

    def release(self, reservation_id: str, units: int, at: pendulum.DateTime) -> ReleaseResult:
        """Give back ``units`` (least preferred place first); more than is held is refused.

        Releasing a reservation that is already released or expired is a no-op that says so
        (``noop=True`` and a ``reason``). Picked units are given back only by ``release_all``.
        """
        reservation = self.reservation(reservation_id)
        at = instant(at, "at")
        units = quantity("units", units)
        if reservation.state in _OVER:
            return noop(reservation)
        everything = units == reservation.quantity and not reservation.picked
        trigger = "release_all" if everything else "release_part"
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, trigger, reservation)
        releasable = reservation.quantity - reservation.picked
        if units > releasable:
            raise OverRelease(reservation.id, units, releasable)
        self._emit(
            StockReleased(
                **self._stamp(at),
                reservation_id=reservation.id,
                quantity=units,
                all_units=everything,
            )
        )
        return ReleaseResult(reservation.id, units, target)

    def release_all(self, reservation_id: str, at: pendulum.DateTime) -> ReleaseResult:
        """Give back every unit of a reservation, picked ones included (they go back on the shelf).

        A second call (or one on an expired hold) is a no-op that says so.
        """
        # an id found among the open ones is a valid id: only a miss needs the full check
        found = self.book.open.get(reservation_id) if reservation_id.__class__ is str else None
        reservation = self.reservation(reservation_id) if found is None else found
        if at.__class__ is not _DATETIME or at.tzinfo is None:
            at = instant(at, "at")
        state = reservation.state
        if state in _OVER:
            return noop(reservation)
        # the lifecycle's own answer, read from its table (no call); next_state on a miss raises
        target = _RELEASE_ALL.get(state)
        if target is None:
            target = RESERVATION_LIFECYCLE.next_state(state, "release_all", reservation)
        allocations = reservation.allocations
        # quantity's property, read inline for one place (the property is a call, ~800 instr)
        released = allocations[0][1] if len(allocations) == 1 else reservation.quantity
        version = self.version + 1
        # every value checked above: the event's slots written directly
        event = stock_released(self.sku, version, at, reservation.id, released, True)  # noqa: FBT003
        sink = self.sink
        # _emit, without its table lookup (the type is known) nor _pending's call without a sink
        (self.events if sink is None else self._pending()).append(event)
        self.version = version
        self._released(event, reservation)  # _on_released, without looking the hold up again
        # ReleaseResult(reservation.id, released, target), every field given: no __new__ frame
        return new_row(ReleaseResult, (reservation.id, released, target, False, ""))

    # ------------------------------------------------------------------ the floor

    def pick(
        self,
        reservation_id: str,
        units: int,
        at: pendulum.DateTime,
        *,
        location: str,
        lot: str | None = None,
        missing: int = 0,
    ) -> StockChange:
        """Take ``units`` of a hard reservation off the shelf at ``location``/``lot``.

        ``missing`` units the picker expected but did not find are a short pick: on hand drops by
        them (the shrink rule applies, maybe to this reservation) before the pick is checked.
        """
        # an open one found first (its id was checked when placed): reservation() on a miss
        found = self.book.open.get(reservation_id) if reservation_id.__class__ is str else None
        reservation = self.reservation(reservation_id) if found is None else found
        key, _ = self._key(location, lot)
        # the checks of quantity() and instant(), called only for a value they would refuse
        # or convert (a pick and a shipment a line, on every order)
        if units.__class__ is not int or units < 0:
            units = quantity("units", units, minimum=0)
        if missing.__class__ is not int or missing < 0:
            missing = quantity("missing", missing, minimum=0)
        if at.__class__ is not _DATETIME or at.tzinfo is None:
            at = instant(at, "at")
        if not units and not missing:
            raise ValidationError("units", units, "a pick takes units or reports missing ones")
        RESERVATION_LIFECYCLE.next_state(reservation.state, "pick", reservation)
        allocation = reservation.allocations[place_index(reservation, key)]
        on_hand = self.counters.on_hand.get(key, 0)
        if missing > on_hand:
            raise NegativeStock(self.sku, key.label(), on_hand, -missing, "missing at most on hand")
        plan = self._shrink_plan(key, on_hand - missing) if missing else []
        lost = sum(take for r, _, take in plan if r is reservation) if plan else 0  # no generator
        left = allocation.quantity - lost
        pickable = left - min(allocation.picked, left)
        if units > pickable:
            raise OverShipment(
                reservation.id, units, pickable, "picking more than is allocated here and unpicked"
            )
        version = self.version + 1
        if missing:
            change = self._adjusted(key, -missing, at, "short pick", version)
        else:
            change = unshrunk(key[0], key[1], on_hand)  # StockChange(..., 0, on_hand), for less
        # every value checked above: the event's slots written directly
        event = stock_picked(self.sku, version, at, reservation.id, key[0], key[1], units, missing)
        self._pending().append(event)  # _emit, without its table lookup: the type is known
        self.version = version
        self._on_picked(event)
        return change

    def ship(
        self,
        reservation_id: str,
        units: int,
        at: pendulum.DateTime,
        *,
        location: str | None = None,
        lot: str | None = None,
    ) -> ReservationState:
        """Ship picked units; the last units consume the reservation.

        Without ``location`` they leave from the preferred places first; with it, exactly from
        ``location``/``lot`` (a place the reservation holds and picked them at). Shipping more
        than is allocated is refused, and so is shipping units not yet picked (there).
        """
        # an open one found first (its id was checked when placed): reservation() on a miss
        found = self.book.open.get(reservation_id) if reservation_id.__class__ is str else None
        reservation = self.reservation(reservation_id) if found is None else found
        if units.__class__ is not int or units < 1:  # quantity() only for a refusal
            units = quantity("units", units)
        if at.__class__ is not _DATETIME or at.tzinfo is None:
            at = instant(at, "at")
        held = reservation.quantity
        if units > held:
            raise OverShipment(reservation.id, units, held, "shipping more than is allocated")
        trigger = "consume" if units == held else "ship_part"
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, trigger, reservation)
        index = self._named_place(reservation, location, lot)
        if index is None:
            if units > reservation.picked:
                raise OverShipment(
                    reservation.id, units, reservation.picked, "only picked units ship; pick first"
                )
        else:
            here = reservation.allocations[index]
            if units > here.picked:
                raise OverShipment(
                    reservation.id,
                    units,
                    here.picked,
                    f"only units picked at {here.key.label()} ship from there; pick first",
                )
        version = self.version + 1
        # every value checked above: the event's slots written directly
        event = stock_shipped(self.sku, version, at, reservation.id, units, location, lot)
        self._pending().append(event)  # _emit, without its table lookup: the type is known
        self.version = version
        self._on_shipped(event)
        return target

    def unpick(
        self,
        reservation_id: str,
        units: int,
        at: pendulum.DateTime,
        *,
        location: str | None = None,
        lot: str | None = None,
    ) -> ReservationState:
        """Put ``units`` picked units back on the shelf, still reserved (a cancelled shipment).

        With ``location``/``lot`` they go back exactly there; without, from the least
        preferred picked places first. The ledger records a ``pick`` movement with a negative
        ``picked`` delta and reason ``"unpick"``. When nothing stays picked the reservation is
        ``allocated`` again. Unpicking more than is picked (there) is refused (``OverUnpick``).
        """
        reservation = self.reservation(reservation_id)
        units = quantity("units", units)
        at = instant(at, "at")
        trigger = "unpick" if units == reservation.picked else "unpick_part"
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, trigger, reservation)
        index = self._named_place(reservation, location, lot)
        allocations = reservation.allocations
        if index is None:
            if units > reservation.picked:
                raise OverUnpick(reservation.id, units, reservation.picked, "the reservation")
            takes = take_picked(allocations, units, reversed(range(len(allocations))))
        else:
            here = allocations[index]
            if units > here.picked:
                raise OverUnpick(reservation.id, units, here.picked, here.key.label())
            takes = [(index, units)]
        version = self.version + 1
        for i, take in takes:
            allocation = allocations[i]
            self._emit(
                StockUnpicked(
                    **self._stamp(at, version),
                    reservation_id=reservation.id,
                    location=allocation.location,
                    lot=allocation.lot,
                    quantity=take,
                )
            )
        return target

    def _named_place(
        self, reservation: Reservation, location: str | None, lot: str | None
    ) -> int | None:
        """The index of the allocation at ``location``/``lot``; ``None`` without a location."""
        if location is None:
            if lot is not None:
                raise ValidationError("lot", lot, "a lot names a place only with its location")
            return None
        return place_index(reservation, self._key(location, lot)[0])

    # ------------------------------------------------------------------ shared decisions

    def _key(
        self, location: str, lot: str | Lot | None, field: str = "location"
    ) -> tuple[PositionKey, Lot | None]:
        """The position named, and the :class:`Lot` to register (new lots only).

        ``field`` is the location's parameter, named in a refusal (``from_location``...).
        """
        if location.__class__ is not str or not location or location != location.strip():
            require_id(field, location)  # raises: not a usable id (checked inline: a pick, a ship)
        if lot is None:  # PositionKey(location), without its __new__ frame (a pick, a ship)
            return new_row(PositionKey, (location, None)), None
        if isinstance(lot, Lot):
            require_id("lot", lot.id)
            return PositionKey(location, lot.id), self.lots.check(lot)
        return PositionKey(location, require_id("lot", lot)), None

    def require_lot(self, lot: str | Lot | None) -> None:
        """Refuse (``UnknownLot``) stock sent into a lot named by an id the SKU does not know.

        ``None`` (untracked stock) and a :class:`Lot` with its expiry (registered on receipt)
        pass; so does the id of a lot :meth:`knows_lot`. Receipts, restocks and transfers
        through the Engine check this first.
        """
        if lot is None or isinstance(lot, Lot):
            return
        if not self.knows_lot(require_id("lot", lot)):
            raise UnknownLot(self.sku, lot)

    def knows_lot(self, lot: str) -> bool:
        """True when ``lot`` is registered, or units, promises or supply of it are still here."""
        return (
            lot in self.lots.known
            or self.counters.holds_lot(lot)
            or self.supplies.uses_lot(lot)
            or self.book.uses_lot(lot)
        )

    def _shrink_plan(self, key: PositionKey, on_hand_after: int) -> list[ShrinkStep]:
        return self.book.plan_shrink(key, self.counters.reserved.get(key, 0) - on_hand_after, None)

    def _losses(self, key: PositionKey, on_hand_after: int) -> tuple[ReservationLoss, ...]:
        """What the shrink rule takes when ``key`` drops to ``on_hand_after`` (nothing changes)."""
        return as_losses(self._shrink_plan(key, on_hand_after))

    # ------------------------------------------------------------------ apply: one per event

    def _on_received(self, e: StockReceived) -> None:
        if e.new_lot is not None:
            self.lots.register(e.new_lot)
        self._move(
            _M.RECEIPT, e.location, e.lot, e.quantity, 0, 0, e.occurred_at, e.reason, e.reference
        )

    def _on_returned(self, e: StockReturned) -> None:
        if e.new_lot is not None:
            self.lots.register(e.new_lot)
        self._move(
            _M.RETURN_TO_STOCK, e.location, e.lot, e.quantity, 0, 0, e.occurred_at, "", e.reference
        )

    def _on_adjusted(self, e: StockAdjusted) -> None:
        self._lose(e.losses, e.occurred_at)
        self._move(_M.ADJUSTMENT, e.location, e.lot, e.delta, 0, 0, e.occurred_at, e.reason)
        self._forget_lots(e.lot)

    def _on_counted(self, e: StockCounted) -> None:
        self._lose(e.losses, e.occurred_at)
        self._move(_M.COUNT, e.location, e.lot, e.delta, 0, 0, e.occurred_at, "cycle count")
        self._forget_lots(e.lot)

    def _on_scrapped(self, e: StockScrapped) -> None:
        self._lose(e.losses, e.occurred_at)
        self._move(_M.SCRAP, e.location, e.lot, -e.quantity, 0, 0, e.occurred_at, e.reason)
        self._forget_lots(e.lot)

    def _on_transferred(self, e: StockTransferred) -> None:
        at = e.occurred_at
        self._move(_M.TRANSFER, e.from_location, e.lot, -e.quantity, 0, 0, at, "", e.to_location)
        self._move(_M.TRANSFER, e.to_location, e.lot, e.quantity, 0, 0, at, "", e.from_location)

    def _on_safety_stock_set(self, e: SafetyStockSet) -> None:
        if e.quantity:
            self.safety_stock[e.location] = e.quantity
        else:
            self.safety_stock.pop(e.location, None)

    def _on_expected(self, e: IncomingStockExpected) -> None:
        if e.new_lot is not None:
            self.lots.register(e.new_lot)
        self.supplies.open(IncomingSupply(e.supply_id, e.location, e.lot, e.expected_on))
        self._move(
            _M.EXPECT, e.location, e.lot, e.quantity, 0, 0, e.occurred_at, supply=e.supply_id
        )

    def _on_incoming_received(self, e: IncomingStockReceived) -> None:
        supply = self.supplies.lines[e.supply_id]
        at, units = e.occurred_at, e.quantity
        self._move(_M.RECEIPT, supply.location, supply.lot, -units, 0, 0, at, supply=supply.id)
        self._move(_M.RECEIPT, supply.location, supply.lot, units, 0, 0, at, "", supply.id)
        why = "incoming received"
        for rid, location, lot, moved in self.book.follow(supply.id, e.followed):
            self._move(_M.RESERVE, location, lot, 0, -moved, 0, at, why, rid, supply.id)
            self._move(_M.RESERVE, location, lot, 0, moved, 0, at, why, rid)
        self._close_supply(supply.id)

    def _on_incoming_cancelled(self, e: IncomingStockCancelled) -> None:
        supply = self.supplies.lines[e.supply_id]
        self._lose(e.losses, e.occurred_at)
        self._move(
            _M.ADJUSTMENT,
            supply.location,
            supply.lot,
            -e.quantity,
            0,
            0,
            e.occurred_at,
            e.reason,
            supply=supply.id,
        )
        self._close_supply(supply.id)

    def _close_supply(self, supply_id: str) -> None:
        closed = self.supplies.close_if_done(supply_id)
        if closed is not None:
            self._forget_lots(closed.lot)

    def _on_reserved(self, e: StockReserved) -> None:
        self._open_reserved_one(e, e.occurred_at)

    def _open_reserved(
        self, placed: Sequence[StockReserved], at: pendulum.DateTime
    ) -> list[Reservation]:
        """Open the reservations ``StockReserved`` events placed (all of them ``at``), in order."""
        opened: list[Reservation] = []
        for e in placed:  # a loop, not a comprehension: no frame of its own
            opened.append(self._open_reserved_one(e, at))  # noqa: PERF401
        return opened

    def _open_reserved_one(self, e: StockReserved, at: pendulum.DateTime) -> Reservation:
        """Open the reservation a ``StockReserved`` placed ``at``: the one apply of the event.

        It opens the reservation in the book, adds the units to the reserved counter of their
        position (or incoming supply) and writes a ``reserve`` movement per allocation.
        """
        hard, allocations = e.hard, e.allocations
        reservation = new_reservation(
            e.reservation_id,
            self.sku,
            e.order_ref,
            e.line_ref,
            e.priority,
            at if e.placed_at is None else e.placed_at,
            _HARD if hard else _SOFT,
            _ALLOCATED if hard else _HELD,
            allocations,
            e.expires_at,
        )
        self.book.add(reservation)
        # _move's steps per place, a movement recorded and its counter moved, called directly
        # (methods called as such: a bound method is an object made, ~300 instructions)
        rid, journal, counters = reservation.id, self.journal, self.counters
        for location, units, lot, supply, _ in allocations:
            journal.record(_RESERVE, location, lot, 0, units, 0, at, "", rid, supply)
            if supply is None:
                counters.add_reserved(location, lot, units)
            else:
                self.supplies.add(supply, 0, units)
        return reservation

    def _on_extended(self, e: ReservationExtended) -> None:
        reservation = self.book.open[e.reservation_id]
        reservation.expires_at = e.expires_at
        self.book.track(reservation)

    def _on_signalled(self, e: AvailabilityChanged) -> None:
        """A signal changes nothing: it reports what the command's other events did."""

    def _on_hold_replaced(self, e: HoldReplaced) -> None:
        book, reservation = self.book, self.book.open[e.reservation_id]
        at, rid = e.occurred_at, reservation.id
        self._record(_M.RELEASE, book.give_back(reservation, picked_too=True), at, "hold replaced")
        reservation.allocations = e.allocations
        self._record(
            _M.RESERVE,
            [(rid, a.location, a.lot, a.supply, a.quantity, 0) for a in e.allocations],
            at,
            "hold replaced",
        )
        reservation.expires_at = e.expires_at
        book.track(reservation)

    def _on_refilled(self, e: ReservationRefilled) -> None:
        reservation = self.book.open[e.reservation_id]
        allocations = list(reservation.allocations)
        changes: list[Change] = []
        for new in e.allocations:
            index = next(
                (i for i, a in enumerate(allocations) if a.supply is None and a.key == new.key),
                None,
            )
            if index is None:
                allocations.append(new)
            else:
                here = allocations[index]
                allocations[index] = here._replace(quantity=here.quantity + new.quantity)
            changes.append((reservation.id, new.location, new.lot, None, new.quantity, 0))
        reservation.allocations = tuple(allocations)
        self._record(_M.RESERVE, changes, e.occurred_at, "re-served")

    def _on_confirmed(self, e: ReservationConfirmed) -> None:
        reservation = self.book.open[e.reservation_id]
        reservation.state = _ALLOCATED
        reservation.kind = _HARD
        reservation.expires_at = None

    def _on_resized(self, e: ReservationResized) -> None:
        book, reservation = self.book, self.book.open[e.reservation_id]
        if e.delta > 0:
            steps = self._grow_plan(reservation, e.delta, NOTHING_DUE)
            self._record(_RESERVE, book.grow(reservation, steps), e.occurred_at, "resize")
        else:
            changes = book.release_units(reservation, -e.delta)
            self._record(_RELEASE, changes, e.occurred_at, "resize")

    def _on_released(self, e: StockReleased) -> None:
        self._released(e, self.book.open[e.reservation_id])

    def _released(self, e: StockReleased, reservation: Reservation) -> None:
        """Apply ``StockReleased`` to its open ``reservation`` (release_all has it in hand)."""
        book = self.book
        if e.all_units:
            # every unit goes back, picked ones too: the rows of book.give_back(picked_too=True)
            # made straight from the allocations (_move's steps, called directly), no change rows
            rid, at = reservation.id, e.occurred_at  # pairs: four names at once build a tuple
            journal, counters = self.journal, self.counters
            for location, units, lot, supply, picked in reservation.allocations:
                if not units:
                    continue
                journal.record(
                    _RELEASE, location, lot, 0, -units, -picked, at, "release", rid, supply
                )
                if supply is not None:
                    self.supplies.add(supply, 0, -units)
                elif not picked:  # the common case: only the reserved counter moves
                    counters.add_reserved(location, lot, -units)
                else:
                    counters.add(location, lot, 0, -units, -picked)
            reservation.allocations = ()
            book.finish(reservation, _RELEASED)
            if self.lots.known:
                self._forget_reservation_lots(reservation)
        else:
            changes = book.release_units(reservation, e.quantity)
            self._record(_RELEASE, changes, e.occurred_at, "release")

    def _on_expired(self, e: ReservationExpired) -> None:
        book, reservation = self.book, self.book.open[e.reservation_id]
        changes = book.give_back(reservation, picked_too=False)
        self._record(_RELEASE, changes, e.occurred_at, "expired")
        book.finish(reservation, _EXPIRED)
        self._forget_reservation_lots(reservation)

    def _on_picked(self, e: StockPicked) -> None:
        if not e.quantity:
            return
        reservation = self.book.open[e.reservation_id]
        location, lot, units = e.location, e.lot, e.quantity
        self.book.pick(reservation, new_row(PositionKey, (location, lot)), units)
        # _move's two steps, called directly (a pick a line, on every order)
        self.journal.record(_PICK, location, lot, 0, 0, units, e.occurred_at, "", reservation.id)
        self.counters.add(location, lot, 0, 0, units)

    def _on_shipped(self, e: StockShipped) -> None:
        reservation = self.book.open[e.reservation_id]
        changes = self.book.ship(reservation, e.quantity, e.location, e.lot)
        # methods called as such, not bound once (a bound method is an object made, ~300
        # instructions, and a shipment is mostly one change)
        at, journal, counters = e.occurred_at, self.journal, self.counters
        for rid, location, lot, _, units, _ in changes:  # _move's two steps, called directly
            journal.record(_SHIP, location, lot, units, units, units, at, "", rid)
            counters.add(location, lot, units, units, units)
        if self.lots.known:  # no lot registered (untracked stock): nothing to forget
            if reservation.state is _CONSUMED:
                self._forget_reservation_lots(reservation)
            self._forget_lots(*(lot for _, _, lot, _, _, _ in changes))

    def _on_unpicked(self, e: StockUnpicked) -> None:
        reservation = self.book.open[e.reservation_id]
        self.book.unpick(reservation, PositionKey(e.location, e.lot), e.quantity)
        self._move(
            _M.PICK, e.location, e.lot, 0, 0, -e.quantity, e.occurred_at, "unpick", reservation.id
        )

    def _on_rebuilt(self, e: StockRebuilt) -> None:
        self.counters.restore(e.positions)
        self.supplies.restore(e.incoming)
        self.counters.restore_held(e.held)

    # ------------------------------------------------------------------ apply helpers

    def _record(self, kind: MovementKind, changes: list[Change], at: _DATETIME, why: str) -> None:
        """Record the ledger movements of a reservation book's changes (reserved, picked)."""
        self.journal.record_changes(kind, changes, at, why)  # one row per change, in order
        counters = self.counters  # add_reserved called as a method: no bound method made
        for _, location, lot, supply, reserved, picked in changes:
            if supply is not None:
                self.supplies.add(supply, 0, reserved)
            elif not picked:  # the common case: only the reserved counter moves
                counters.add_reserved(location, lot, reserved)
            else:
                self.counters.add(location, lot, 0, reserved, picked)

    def _lose(self, losses: tuple[ReservationLoss, ...], at: _DATETIME) -> None:
        """Apply the shrink rule's losses (each reservation gives up units at one place)."""
        if losses:
            self._record(_M.RELEASE, self.book.lose(losses), at, "shrink")

    def _forget_reservation_lots(self, reservation: Reservation) -> None:
        if self.lots.known:
            self._forget_lots(*(a.lot for a in reservation.allocations))

    def _forget_lots(self, *lot_ids: str | None) -> None:
        """Drop registered lots that no longer matter (no units, no open promise or supply)."""
        known = self.lots.known
        for lot in lot_ids:
            if lot is None or lot not in known:
                continue
            if not (
                self.counters.holds_lot(lot)
                or self.supplies.uses_lot(lot)
                or self.book.uses_lot(lot)
            ):
                self.lots.forget(lot)

    # ------------------------------------------------------------------ held stock (issue #16)
    #
    # Returned units on hand but kept out of sale: quarantine, repair, awaiting return to vendor
    # (see ``holds``). They sit in the positions table's ``held`` counter, never in the sellable
    # ones, so nothing that reserves or allocates can take them; each command is one event and
    # each event's apply records its ledger movements (``hold``, ``release_hold``,
    # ``scrap_held``, ``return_to_vendor``, the hold named in ``reason``).

    def held(
        self,
        hold: HoldKind | None = None,
        location: str | None = None,
        lot: str | None = None,
    ) -> int:
        """Units on hand kept out of sale, per hold, location and lot (``None``: all of them).

        Counted in :meth:`on_hand`, never in :meth:`available` or :meth:`reserved`.
        """
        if hold is not None and not isinstance(hold, HoldKind):
            raise WrongType("hold", hold, "a hold is a HoldKind member")
        return self.counters.held_units(hold, location, lot)

    def held_positions(self) -> list[tuple[HeldKey, int]]:
        """Every hold with units, as ``(HeldKey(location, lot, hold), units)``, sorted."""
        return sorted(
            self.counters.held.items(),
            key=lambda row: (row[0].location, row[0].lot or "", row[0].hold.value),
        )

    def hold_returned(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        hold: HoldKind,
        lot: str | Lot | None = None,
        reference: str | None = None,
    ) -> None:
        """Take returned ``units`` on hand into ``hold`` at ``location`` (and ``lot``).

        They count in :meth:`on_hand` and :meth:`held`, never in :meth:`available`, until
        :meth:`release_hold` puts them back in sellable stock. ``reference``: the return (RMA).
        """
        key, new_lot, units, at = self._held_args(location, lot, units, at, hold)
        self._emit(
            ReturnedStockHeld(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                hold=hold,
                quantity=units,
                reference=reference,
                new_lot=new_lot,
            )
        )

    def scrap_returned(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Write returned ``units`` off as they arrive at ``location``: never sellable.

        The ledger says what happened in two rows: the units arrived into quarantine
        (``hold``) and were scrapped from it (``scrap_held``); on hand ends where it was.
        """
        key, _, units, at = self._held_args(location, lot, units, at, HoldKind.QUARANTINE)
        self._emit(
            ReturnedStockScrapped(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                quantity=units,
                reference=reference,
            )
        )

    def release_hold(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        hold: HoldKind,
        lot: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Put held ``units`` back in sellable stock where they are (inspection passed, repaired).

        More than ``hold`` keeps there is refused (:class:`NegativeStock`), and nothing changes.
        """
        self._leave_hold(HeldStockReleased, "release", location, lot, units, at, hold, reference)

    def scrap_held(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        hold: HoldKind,
        lot: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Write held ``units`` off (beyond repair); more than ``hold`` keeps there is refused."""
        self._leave_hold(HeldStockScrapped, "scrap", location, lot, units, at, hold, reference)

    def ship_to_vendor(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        hold: HoldKind = HoldKind.VENDOR,
        reference: str | None = None,
    ) -> None:
        """Ship held ``units`` back to their vendor: they leave the building (and on hand).

        From the vendor hold unless another ``hold`` is named; more than it keeps is refused.
        """
        self._leave_hold(
            HeldStockReturnedToVendor,
            "ship to the vendor",
            location,
            lot,
            units,
            at,
            hold,
            reference,
        )

    def _held_args(
        self,
        location: str,
        lot: str | Lot | None,
        units: int,
        at: pendulum.DateTime,
        hold: HoldKind,
    ) -> tuple[PositionKey, Lot | None, int, pendulum.DateTime]:
        """The checked arguments of a command that puts units into a hold."""
        key, new_lot = self._key(location, lot)
        if not isinstance(hold, HoldKind):
            raise WrongType("hold", hold, "a hold is a HoldKind member")
        return key, new_lot, quantity("units", units), instant(at, "at")

    def _leave_hold(
        self,
        event: type[HeldStockReleased | HeldStockScrapped | HeldStockReturnedToVendor],
        what: str,
        location: str,
        lot: str | None,
        units: int,
        at: pendulum.DateTime,
        hold: HoldKind,
        reference: str | None,
    ) -> None:
        """Emit ``event`` for held ``units`` leaving ``hold`` (``what``: the refusal's verb)."""
        key, units, at = self._take_held(location, lot, units, at, hold, what)
        self._emit(
            event(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                hold=hold,
                quantity=units,
                reference=reference,
            )
        )

    def _take_held(
        self,
        location: str,
        lot: str | None,
        units: int,
        at: pendulum.DateTime,
        hold: HoldKind,
        what: str,
    ) -> tuple[PositionKey, int, pendulum.DateTime]:
        """The checked arguments of a command that takes units out of a hold (at most held)."""
        key, _, units, at = self._held_args(location, lot, units, at, hold)
        held = self.counters.held.get(HeldKey(key.location, key.lot, hold), 0)
        if units > held:
            where = HeldKey(key.location, key.lot, hold).label()
            rule = f"{what} at most the units held in {hold.value} there ({held})"
            raise NegativeStock(self.sku, where, held, -units, rule)
        return key, units, at

    def _on_returned_held(self, e: ReturnedStockHeld) -> None:
        if e.new_lot is not None:
            self.lots.register(e.new_lot)
        self._move_held(_M.HOLD, e.location, e.lot, e.hold, e.quantity, e.occurred_at, e.reference)

    def _on_returned_scrapped(self, e: ReturnedStockScrapped) -> None:
        at, quarantine = e.occurred_at, HoldKind.QUARANTINE
        self._move_held(_M.HOLD, e.location, e.lot, quarantine, e.quantity, at, e.reference)
        self._move_held(_M.SCRAP_HELD, e.location, e.lot, quarantine, -e.quantity, at, e.reference)
        self._forget_lots(e.lot)

    def _on_held_released(self, e: HeldStockReleased) -> None:
        at = e.occurred_at
        self._move_held(_M.RELEASE_HOLD, e.location, e.lot, e.hold, -e.quantity, at, e.reference)
        self._move(_M.RELEASE_HOLD, e.location, e.lot, e.quantity, 0, 0, at, "", e.reference)

    def _on_held_scrapped(self, e: HeldStockScrapped) -> None:
        at = e.occurred_at
        self._move_held(_M.SCRAP_HELD, e.location, e.lot, e.hold, -e.quantity, at, e.reference)
        self._forget_lots(e.lot)

    def _on_returned_to_vendor(self, e: HeldStockReturnedToVendor) -> None:
        at, units = e.occurred_at, -e.quantity
        self._move_held(_M.RETURN_TO_VENDOR, e.location, e.lot, e.hold, units, at, e.reference)
        self._forget_lots(e.lot)

    # -- moving held units between holds (issue #16): quarantine → repair, repair → vendor

    def move_hold(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        from_hold: HoldKind,
        to_hold: HoldKind,
        lot: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Move held ``units`` at ``location`` (and ``lot``) from ``from_hold`` to ``to_hold``.

        On hand and available do not change: the units stay held on the way. Refused, and
        nothing changes: a hold that is not a :class:`HoldKind` (``WrongType``), the same hold
        twice (``ValidationError`` naming ``to_hold``), more than ``from_hold`` keeps there
        (:class:`NegativeStock`). The ledger records two ``move_hold`` rows (see ``holds``).
        """
        if not isinstance(to_hold, HoldKind):
            raise WrongType("to_hold", to_hold, "a hold is a HoldKind member")
        if not isinstance(from_hold, HoldKind):
            raise WrongType("from_hold", from_hold, "a hold is a HoldKind member")
        if to_hold is from_hold:
            rule = f"units move between two different holds (both are {from_hold.value})"
            raise ValidationError("to_hold", to_hold.value, rule)
        if reference is not None:
            require_id("reference", reference)
        key, units, at = self._take_held(location, lot, units, at, from_hold, "move")
        self._emit(
            HeldStockMoved(
                **self._stamp(at),
                location=key.location,
                lot=key.lot,
                from_hold=from_hold,
                to_hold=to_hold,
                quantity=units,
                reference=reference,
            )
        )

    def _on_held_moved(self, e: HeldStockMoved) -> None:
        at, units, ref = e.occurred_at, e.quantity, e.reference
        self._move_held(_M.MOVE_HOLD, e.location, e.lot, e.from_hold, -units, at, ref)
        self._move_held(_M.MOVE_HOLD, e.location, e.lot, e.to_hold, units, at, ref)

    def _move_held(
        self,
        kind: MovementKind,
        location: str,
        lot: str | None,
        hold: HoldKind,
        units: int,
        at: pendulum.DateTime,
        reference: str | None,
    ) -> None:
        """Record one movement of held stock (its hold in ``reason``) and change that hold."""
        self.journal.record(kind, location, lot, units, 0, 0, at, hold.value, reference)
        self.counters.add_held(location, lot, hold, units)

    # ------------------------------------------------ an order line's holds (the walk, #12)
    # The stock item answers what a handler reads of an order line's reservations itself, in
    # the call that already enters it, so that reading a step goes forward (issue #12).

    def line_reservations(self, order_id: str, line_id: str) -> list[Reservation]:
        """The active reservations of one order line, oldest (first reserved) first."""
        found: list[Reservation] = []
        # the open ones only: a closed reservation (consumed, released, expired) is not active,
        # and the refs are compared first (they tell most reservations apart)
        for r in self.book.open.values():  # is_active read as its state: no property call
            if r.order_ref == order_id and r.line_ref == line_id and r.state in ACTIVE_STATES:
                found.append(r)  # noqa: PERF401 - one pass over the reservations
        return found

    def next_reservation_id(self, order_id: str, line_id: str) -> str:
        """The first unused reservation id of the line: ``<order>/<line>``, then ``/2``, ``/3``."""
        first = f"{order_id}/{line_id}"
        # open or closed since the last pull: ``reservations``' ids (a method called as such:
        # binding it once makes an object, and the first id is mostly free)
        book = self.book
        if not book.knows(first):
            return first
        number = 2
        while book.knows(f"{first}/{number}"):
            number += 1
        return f"{first}/{number}"


StockItem._APPLY = {
    StockReceived: StockItem._on_received,
    StockReturned: StockItem._on_returned,
    StockAdjusted: StockItem._on_adjusted,
    StockCounted: StockItem._on_counted,
    StockScrapped: StockItem._on_scrapped,
    StockTransferred: StockItem._on_transferred,
    SafetyStockSet: StockItem._on_safety_stock_set,
    IncomingStockExpected: StockItem._on_expected,
    IncomingStockReceived: StockItem._on_incoming_received,
    IncomingStockCancelled: StockItem._on_incoming_cancelled,
    StockReserved: StockItem._on_reserved,
    ReservationExtended: StockItem._on_extended,
    ReservationConfirmed: StockItem._on_confirmed,
    ReservationResized: StockItem._on_resized,
    HoldReplaced: StockItem._on_hold_replaced,
    AvailabilityChanged: StockItem._on_signalled,
    ReservationRefilled: StockItem._on_refilled,
    StockReleased: StockItem._on_released,
    ReservationExpired: StockItem._on_expired,
    StockPicked: StockItem._on_picked,
    StockShipped: StockItem._on_shipped,
    StockUnpicked: StockItem._on_unpicked,
    StockRebuilt: StockItem._on_rebuilt,
    ReturnedStockHeld: StockItem._on_returned_held,
    ReturnedStockScrapped: StockItem._on_returned_scrapped,
    HeldStockReleased: StockItem._on_held_released,
    HeldStockScrapped: StockItem._on_held_scrapped,
    HeldStockReturnedToVendor: StockItem._on_returned_to_vendor,
    HeldStockMoved: StockItem._on_held_moved,
}


def _checkout_expiry(
    live: Reservation | None,
    ttl: timedelta | None,
    expires_at: pendulum.DateTime | None,
    now: pendulum.DateTime,
) -> pendulum.DateTime:
    """A checkout hold's expiry: the one given, else the live hold's own (a new one needs one)."""
    if ttl is None and expires_at is None:
        if live is None or live.expires_at is None:
            raise ValidationError("ttl", ttl, "a new checkout hold needs a ttl or an expires_at")
        return live.expires_at
    if ttl is not None and isinstance(ttl, timedelta) and ttl > _LONGEST_HOLD:
        raise ValidationError(
            "ttl", ttl, f"a checkout hold lasts at most {_LONGEST_HOLD.days} days"
        )
    expiry = _expiry(ttl, expires_at, hard=False, now=now)
    if expiry is None:  # pragma: no cover - a soft hold always has an expiry
        raise ValidationError("ttl", ttl, "a checkout hold expires")
    return expiry


def _given_back(due: list[Reservation], live: Reservation | None) -> Overlay:
    """Units counted free for a checkout: what due holds give back, and its own live hold."""
    keys, supplies = overlay(due)
    if live is None:
        return keys, supplies
    keys, supplies = dict(keys), dict(supplies)
    for allocation in live.allocations:
        if allocation.supply is None:
            keys[allocation.key] = keys.get(allocation.key, 0) + allocation.quantity
        else:
            supplies[allocation.supply] = supplies.get(allocation.supply, 0) + allocation.quantity
    return keys, supplies


def _service_key(reservation: Reservation) -> tuple[int, pendulum.DateTime, str]:
    """The order reservations are served in: lowest priority number, earliest placed, id."""
    return reservation.priority, reservation.placed_at, reservation.id


def _by_place(key: PositionKey) -> tuple[str, str]:
    """The order positions are listed in: by location, then lot (untracked stock first)."""
    return key[0], key[1] or ""


def _matches(key: PositionKey, location: str | None, lot: str | None) -> bool:
    return (location is None or key.location == location) and (lot is None or key.lot == lot)
