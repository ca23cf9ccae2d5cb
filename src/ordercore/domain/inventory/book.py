"""The reservation book of one SKU: its open reservations and the order in which holds expire.

A part of :class:`~ordercore.domain.inventory.stock.StockItem`. It owns every decision and change
made at the level of one reservation (whether a new hold's request is well formed and its id new,
where units are given back from, who loses units when stock shrinks, which promises follow an
arriving supply, which allocation a pick or a shipment touches)
and answers with the counter :data:`Change` rows the stock item records as ledger movements. It
keeps a reservation only while
it is open (held, allocated or picked). One that is consumed, released or expired is closed: it
leaves the stored book at once and waits in a transient list only until its final event is pulled
(``StockItem.pull_events()``), so that the same session can still read it and a second release
is a no-op that says so; its history lives in the events. The expiry index is a heap of
``(expires_at, reservation id)`` entries, compacted whenever it grows past twice the open holds,
so it too stays bounded by what is open. Only the stock item's ``apply`` changes the book.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

import attrs
import pendulum

from ordercore.domain.inventory.errors import DuplicateReservation
from ordercore.domain.inventory.events import StockReserved, stock_reserved
from ordercore.domain.inventory.reservations import (
    ReleaseResult,
    Reservation,
    ReservationLoss,
    ReservationState,
)
from ordercore.domain.inventory.supplies import SupplyList
from ordercore.domain.inventory.values import (
    Allocation,
    PositionKey,
    new_row,
    quantity,
    replace_allocation,
)
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["NOTHING_DUE", "Change", "Fields", "Overlay", "ReservationBook", "ShrinkStep"]

_S = ReservationState
# enum members read once: ``Enum.MEMBER`` is a descriptor lookup costing several dict reads
_HELD, _PICKED, _ALLOCATED, _CONSUMED = _S.HELD, _S.PICKED, _S.ALLOCATED, _S.CONSUMED
_DATETIME = pendulum.DateTime
_new = object.__new__

ShrinkStep = tuple[Reservation, int, int]
"""A planned loss: the reservation, the index of its allocation and the units it loses."""

Change = tuple[str, str, "str | None", "str | None", int, int]
"""A counter change a book mutation made, for the ledger: ``(reservation id, location, lot,
supply, reserved delta, picked delta)``."""

Overlay = tuple[dict[PositionKey, int], dict[str, int]]
"""Units that due holds give back: per position, and per incoming supply line."""

NOTHING_DUE: Overlay = ({}, {})  # read only

# A request's fields (a ReservationRequest is this very tuple): reservation_id, order_ref, line_ref,
# allocations, priority, placed_at, ttl, expires_at, hard.
Fields = tuple[
    str,
    str,
    str,
    tuple[Allocation, ...],
    int,
    "pendulum.DateTime | None",
    "timedelta | None",
    "pendulum.DateTime | None",
    bool,
]


@attrs.define
class ReservationBook:
    """Open reservations by id (in the order they were placed) and the expiry index of holds."""

    open: dict[str, Reservation] = attrs.Factory(dict)
    expiries: list[tuple[pendulum.DateTime, str]] = attrs.field(factory=list, eq=False)
    _closing: dict[str, Reservation] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def __deepcopy__(self, memo: dict[int, Any]) -> ReservationBook:
        """An equal book with reservations of its own (``kernel.copies``' protocol).

        Each reservation is in one of the two dicts, never both, and nothing else holds it: no
        memo is needed. The expiry entries are tuples of immutable values, shared.
        """
        copied = _new(ReservationBook)
        held = self.open
        copied.open = {rid: r.__deepcopy__(memo) for rid, r in held.items()} if held else {}
        copied.expiries = self.expiries.copy()
        closing = self._closing
        copied._closing = (
            {rid: r.__deepcopy__(memo) for rid, r in closing.items()} if closing else {}
        )
        return copied

    def find(self, reservation_id: str) -> Reservation | None:
        """The reservation with this id: open, or closed by a command whose events are unpulled."""
        found = self.open.get(reservation_id)
        if found is None:
            found = self._closing.get(reservation_id)
        return found

    def knows(self, reservation_id: str) -> bool:
        """True when the id is taken (open, or closed and not yet pulled)."""
        return reservation_id in self.open or reservation_id in self._closing

    @property
    def closing(self) -> dict[str, Reservation]:
        """Reservations closed since the events were last pulled (read only)."""
        return self._closing

    def add(self, reservation: Reservation) -> None:
        """Open a new reservation (and index its expiry when it is a hold).

        A checkout's new hold may take the id of its own hold that closed in the same command.
        """
        self.open[reservation.id] = reservation
        closing = self._closing
        if closing:
            closing.pop(reservation.id, None)
        if reservation.expires_at is not None:
            self.track(reservation)

    def track(self, reservation: Reservation) -> None:
        """Index a hold's (new) expiry; outdated entries are skipped and compacted away."""
        if reservation.expires_at is None:
            return
        expiries = self.expiries
        heapq.heappush(expiries, (reservation.expires_at, reservation.id))
        if len(expiries) > 2 * len(self.open) + 8:
            self.expiries = sorted(
                (r.expires_at, r.id)
                for r in self.open.values()
                if r.state is _HELD and r.expires_at is not None
            )

    def close(self, reservation: Reservation) -> None:
        """Take a consumed, released or expired reservation out of the open book."""
        del self.open[reservation.id]
        self._closing[reservation.id] = reservation
        if reservation.expires_at is not None:
            self._drop_outdated()

    def _drop_outdated(self) -> None:
        heap = self.expiries
        while heap and not self._live(heap[0]):
            heapq.heappop(heap)  # an entry outdated by extend, confirm, release or expiry

    def forget_closed(self) -> None:
        """Forget the closed reservations: their final events are out."""
        if self._closing:
            self._closing = {}

    def due(self, now: pendulum.DateTime) -> list[Reservation]:
        """Holds whose time is up at ``now`` (``now >= expires_at``), in expiry order."""
        self._drop_outdated()
        heap = self.expiries
        if not heap or heap[0][0] > now:
            return []
        due = sorted({entry for entry in heap if entry[0] <= now and self._live(entry)})
        return [self.open[rid] for _, rid in due]

    def _live(self, entry: tuple[pendulum.DateTime, str]) -> bool:
        found = self.open.get(entry[1])
        return found is not None and found.state is _HELD and found.expires_at == entry[0]

    def by_service_order(self) -> list[Reservation]:
        """Open reservations in the order they are served: lowest priority number, earliest."""
        return sorted(self.open.values(), key=lambda r: (r.priority, r.placed_at, r.id))

    def plan_shrink(self, key: PositionKey, excess: int, supply: str | None) -> list[ShrinkStep]:
        """Who loses ``excess`` units at ``key`` (or promised from ``supply``).

        The lowest priority (highest number), latest placed reservations lose first.
        """
        if excess <= 0:
            return []
        holders = [
            (reservation, index)
            for reservation in self.open.values()
            for index, allocation in enumerate(reservation.allocations)
            if allocation.supply == supply
            and allocation.location == key[0]
            and allocation.lot == key[1]
            and allocation.quantity
        ]
        holders.sort(key=lambda h: (h[0].priority, h[0].placed_at, h[0].id), reverse=True)
        plan: list[ShrinkStep] = []
        for reservation, index in holders:
            take = min(excess, reservation.allocations[index].quantity)
            plan.append((reservation, index, take))
            excess -= take
            if not excess:
                break
        return plan

    def uses_lot(self, lot: str) -> bool:
        """True while an open reservation holds (or is promised) units of ``lot``."""
        return any(a.lot == lot for r in self.open.values() for a in r.allocations)

    # ------------------------------------------------------------------ changes of one reservation

    def give_back(self, reservation: Reservation, *, picked_too: bool) -> list[Change]:
        """Take every unit (unpicked only, unless ``picked_too``) out of a reservation."""
        rid = reservation.id
        changes: list[Change] = []
        if picked_too:  # everything goes: nothing is kept
            for location, units, lot, supply, picked in reservation.allocations:
                if units:  # a loop, not a comprehension: no frame of its own
                    changes.append((rid, location, lot, supply, -units, -picked))
            reservation.allocations = ()
            return changes
        kept: list[Allocation] = []
        for allocation in reservation.allocations:
            location, units, lot, supply, picked = allocation
            units -= picked
            if units:
                changes.append((rid, location, lot, supply, -units, 0))
            if picked:
                kept.append(allocation._replace(quantity=picked))
        reservation.allocations = tuple(kept)
        return changes

    def release_units(self, reservation: Reservation, units: int) -> list[Change]:
        """Take ``units`` unpicked units out, from the least preferred allocation first."""
        left = units
        changes: list[Change] = []
        allocations = list(reservation.allocations)
        for index in range(len(allocations) - 1, -1, -1):
            allocation = allocations[index]
            take = min(left, allocation.quantity - allocation.picked)
            if take:
                changes.append(
                    (
                        reservation.id,
                        allocation.location,
                        allocation.lot,
                        allocation.supply,
                        -take,
                        0,
                    )
                )
                allocations[index] = allocation._replace(quantity=allocation.quantity - take)
                left -= take
                if not left:
                    break
        reservation.allocations = tuple(a for a in allocations if a.quantity)
        return changes

    def grow(self, reservation: Reservation, steps: Iterable[tuple[int, int]]) -> list[Change]:
        """Add ``(index, units)`` steps to a reservation's allocations (a resize that grows)."""
        changes: list[Change] = []
        allocations = list(reservation.allocations)
        for index, units in steps:
            allocation = allocations[index]
            allocations[index] = allocation._replace(quantity=allocation.quantity + units)
            changes.append(
                (reservation.id, allocation.location, allocation.lot, allocation.supply, units, 0)
            )
        reservation.allocations = tuple(allocations)
        return changes

    def lose(self, losses: Iterable[ReservationLoss]) -> list[Change]:
        """Apply the shrink rule's losses: each reservation gives up units at one place."""
        touched: dict[str, Reservation] = {}
        changes: list[Change] = []
        for loss in losses:
            reservation = self.open[loss.reservation_id]
            touched[reservation.id] = reservation
            index = next(
                i
                for i, a in enumerate(reservation.allocations)
                if a.supply == loss.supply
                and a.location == loss.location
                and a.lot == loss.lot
                and a.quantity
            )
            allocation = reservation.allocations[index]
            left = allocation.quantity - loss.quantity
            picked = min(allocation.picked, left)
            changes.append(
                (
                    reservation.id,
                    allocation.location,
                    allocation.lot,
                    allocation.supply,
                    -loss.quantity,
                    picked - allocation.picked,
                )
            )
            reservation.allocations = replace_allocation(
                reservation.allocations, index, allocation._replace(quantity=left, picked=picked)
            )
        for reservation in touched.values():
            reservation.allocations = tuple(a for a in reservation.allocations if a.quantity)
        return changes

    def follow(self, supply_id: str, units: int) -> list[tuple[str, str, str | None, int]]:
        """Move up to ``units`` promised from an arriving supply onto the shelf, in service order.

        Returns ``(reservation id, location, lot, units moved)`` per reservation that followed.
        """
        moves: list[tuple[str, str, str | None, int]] = []
        left = units
        for reservation in self.by_service_order():
            if not left:
                break
            moved = _follow(reservation, supply_id, left)
            if moved is not None:
                moves.append(moved)
                left -= moved[3]
        return moves

    def pick(self, reservation: Reservation, key: PositionKey, units: int) -> None:
        """Mark ``units`` of the allocation at ``key`` picked."""
        index = place_index(reservation, key)
        location, reserved, lot, supply, picked = reservation.allocations[index]
        # built, not _replace()d (Python code, ~2.5x the constructor), every field: no __new__
        here: Allocation = new_row(Allocation, (location, reserved, lot, supply, picked + units))
        allocations = reservation.allocations
        # one place (the common case): the tuple of it, not replace_allocation's slices
        reservation.allocations = (
            (here,) if len(allocations) == 1 else replace_allocation(allocations, index, here)
        )
        reservation.state = _PICKED

    def unpick(self, reservation: Reservation, key: PositionKey, units: int) -> None:
        """Put ``units`` picked at ``key`` back (still reserved)."""
        index = place_index(reservation, key)
        here = reservation.allocations[index]
        reservation.allocations = replace_allocation(
            reservation.allocations, index, here._replace(picked=here.picked - units)
        )
        reservation.state = _PICKED if reservation.picked else _ALLOCATED

    def ship(
        self, reservation: Reservation, units: int, location: str | None, lot: str | None
    ) -> list[Change]:
        """Take ``units`` picked units out (preferred places first, or exactly at a place).

        Shipping every unit consumes the reservation, which then closes.
        """
        consumed = units == reservation.quantity
        allocations = list(reservation.allocations)
        if location is None:
            steps = take_picked(allocations, units, range(len(allocations)))
        else:
            steps = [(place_index(reservation, new_row(PositionKey, (location, lot))), units)]
        changes: list[Change] = []
        rid = reservation.id
        for i, take in steps:
            location, units_here, lot, supply, picked = allocations[i]
            changes.append((rid, location, lot, None, -take, -take))
            # built, not _replace()d (Python code, ~2.5x the constructor), every field: no __new__
            allocations[i] = new_row(
                Allocation, (location, units_here - take, lot, supply, picked - take)
            )
        reservation.allocations = tuple([a for a in allocations if a.quantity])
        if consumed:
            reservation.state = _CONSUMED
            self.close(reservation)
        return changes

    def finish(self, reservation: Reservation, state: ReservationState) -> None:
        """Close a reservation that was released or expired (its units are given back)."""
        reservation.state = state
        # close()'s body, not its call (a release_all on every returned line and benchmark op)
        rid = reservation.id
        del self.open[rid]
        self._closing[rid] = reservation
        if reservation.expires_at is not None:
            self._drop_outdated()

    # ------------------------------------------------------------------ checking new holds

    def check_request(
        self,
        sku: str,
        fields: Fields,
        now: pendulum.DateTime,
        seen: set[str],
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
        supplies: SupplyList,
    ) -> tuple[pendulum.DateTime, pendulum.DateTime | None]:
        """Check one request completely and add its units to the batch's totals.

        Returns its ``placed_at`` and ``expires_at`` (``None`` for a hard one): the check of
        :meth:`decide_reserve`.
        """
        decided = self.decide_reserve(sku, 0, fields, now, seen, demand, from_supply, supplies)
        return decided.placed_at or now, decided.expires_at

    def decide_reserves(
        self,
        sku: str,
        version: int,
        batch: Sequence[Fields],
        now: pendulum.DateTime,
        seen: set[str] | None,
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
        supplies: SupplyList,
    ) -> list[StockReserved]:
        """Check every request of a batch completely, in order, and decide its ``StockReserved``.

        Returns one event per request (:meth:`decide_reserve`), in the batch's order, all of
        ``version`` and ``now``. The first request that breaks a rule is refused; nothing but
        the totals has changed.
        """
        made: list[StockReserved] = []
        for fields in batch:
            made.append(  # noqa: PERF401 - a loop, not a comprehension: no frame of its own
                self.decide_reserve(sku, version, fields, now, seen, demand, from_supply, supplies)
            )
        return made

    def decide_reserve(
        self,
        sku: str,
        version: int,
        fields: Fields,
        now: pendulum.DateTime,
        seen: set[str] | None,
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
        supplies: SupplyList,
    ) -> StockReserved:
        """Check one request completely and decide its ``StockReserved`` (of ``version``, ``now``).

        Nothing is recorded: the stock item records it once the totals fit. ``seen`` holds the
        ids of the batch so far (``None`` for a batch of one: no id to compare with); ``demand``
        (per position, keyed by plain ``(location, lot)`` tuples) and ``from_supply`` (per
        incoming line) collect the totals the stock item then checks against what is free.
        A request that breaks a rule is refused; nothing but the totals has changed.
        """
        rid, order_ref, line_ref, allocations, priority, placed_at, ttl, expires_at, hard = fields
        if rid.__class__ is not str or not rid or rid != rid.strip():
            require_id("reservation_id", rid)  # raises: not a usable id
        if rid in self.open or rid in self._closing or (seen is not None and rid in seen):
            raise DuplicateReservation(sku, rid)
        if seen is not None:
            seen.add(rid)
        if (
            order_ref.__class__ is not str
            or line_ref.__class__ is not str
            or not order_ref
            or not line_ref
            or order_ref != order_ref.strip()
            or line_ref != line_ref.strip()
        ):
            require_id("order_ref", order_ref)  # raises when it is not a usable id,
            require_id("line_ref", line_ref)  # else this one is not
        if priority.__class__ is not int and (
            isinstance(priority, bool) or not isinstance(priority, int)
        ):
            raise WrongType("priority", priority, "a priority is an int (lower first)")
        if placed_at is None:
            placed_at = now
        elif placed_at.__class__ is not _DATETIME or placed_at.tzinfo is None:
            placed_at = instant(placed_at, "placed_at")  # converts, or raises for a naive one
        if hard is not True or ttl is not None or expires_at is not None:  # not the usual
            expires_at = _expiry(ttl, expires_at, hard, now)
        if not allocations:
            raise ValidationError("allocations", (), "a reservation needs at least one allocation")
        if len(allocations) == 1:  # the common case: nothing to compare places with
            _check_allocation(allocations[0], None, demand, from_supply, supplies)
            units = allocations[0][1]
        else:
            places: set[tuple[str, str | None, str | None]] = set()
            for allocation in allocations:
                _check_allocation(allocation, places, demand, from_supply, supplies)
            units = sum([allocation[1] for allocation in allocations])
        return stock_reserved(  # every value checked above: its slots written directly
            sku,
            version,
            now,
            rid,
            order_ref,
            line_ref,
            units,
            expires_at is None,
            expires_at,
            allocations if allocations.__class__ is tuple else tuple(allocations),
            priority,
            placed_at,
        )


def _follow(
    reservation: Reservation, supply_id: str, most: int
) -> tuple[str, str, str | None, int] | None:
    allocations = list(reservation.allocations)
    for index, allocation in enumerate(allocations):
        if allocation.supply != supply_id:
            continue
        moved = min(most, allocation.quantity)
        location, lot = allocation.location, allocation.lot
        allocations[index] = allocation._replace(quantity=allocation.quantity - moved)
        on_shelf = [
            i
            for i, a in enumerate(allocations)
            if a.supply is None and a.location == location and a.lot == lot
        ]
        if on_shelf:
            here = allocations[on_shelf[0]]
            allocations[on_shelf[0]] = here._replace(quantity=here.quantity + moved)
        else:
            allocations.insert(index, Allocation(location, moved, lot))
        reservation.allocations = tuple(a for a in allocations if a.quantity)
        return reservation.id, location, lot, moved
    return None


def place_index(reservation: Reservation, key: PositionKey) -> int:
    """The index of the reservation's on-shelf allocation at ``key`` (refused if none)."""
    for index, allocation in enumerate(reservation.allocations):
        if allocation.supply is None and allocation.location == key[0] and allocation.lot == key[1]:
            return index
    raise ValidationError("location", key.label(), "the reservation holds no units here")


def take_picked(
    allocations: Sequence[Allocation], units: int, order: Iterable[int]
) -> list[tuple[int, int]]:
    """``(index, units)`` pairs taking ``units`` picked units from the allocations in ``order``."""
    steps: list[tuple[int, int]] = []
    for index in order:
        take = min(units, allocations[index].picked)
        if take:
            steps.append((index, take))
            units -= take
    return steps


def overlay(due: list[Reservation]) -> Overlay:
    """Units that holds whose time is up will give back, per position and per supply line."""
    if not due:
        return NOTHING_DUE
    by_key: dict[PositionKey, int] = {}
    by_supply: dict[str, int] = {}
    for reservation in due:
        for allocation in reservation.allocations:
            if allocation.supply is None:
                by_key[allocation.key] = by_key.get(allocation.key, 0) + allocation.quantity
            else:
                by_supply[allocation.supply] = (
                    by_supply.get(allocation.supply, 0) + allocation.quantity
                )
    return by_key, by_supply


def as_losses(plan: list[ShrinkStep]) -> tuple[ReservationLoss, ...]:
    """The shrink plan as the losses its event carries (what each reservation gives up)."""
    return tuple(
        ReservationLoss(
            reservation.id,
            reservation.order_ref,
            reservation.line_ref,
            reservation.allocations[index].location,
            reservation.allocations[index].lot,
            take,
            reservation.allocations[index].supply,
        )
        for reservation, index, take in plan
    )


def noop(reservation: Reservation) -> ReleaseResult:
    """The result of releasing a reservation that has nothing left to release."""
    return ReleaseResult(
        reservation.id,
        0,
        reservation.state,
        noop=True,
        reason=f"reservation {reservation.id!r} is already {reservation.state}: "
        "nothing left to release",
    )


def _check_allocation(
    allocation: Allocation,
    places: set[tuple[str, str | None, str | None]] | None,
    demand: dict[PositionKey, int],
    from_supply: dict[str, int],
    supplies: SupplyList,
) -> None:
    if allocation.__class__ is not Allocation and not isinstance(allocation, Allocation):
        raise WrongType("allocation", allocation, "allocations are Allocation values")
    location, units, lot, supply_id, picked = allocation  # a NamedTuple unpacks fastest
    if location.__class__ is not str or not location or location != location.strip():
        require_id("location", location)  # raises: not a usable id
    if lot is not None:
        require_id("lot", lot)
    if units.__class__ is not int or units < 1:
        quantity("quantity", units)
    if picked != 0:
        raise ValidationError("picked", picked, "a new allocation has nothing picked")
    if supply_id is not None:
        supply = supplies.line(supply_id)[0]
        if supply.location != location or supply.lot != lot:
            raise ValidationError(
                "supply",
                supply_id,
                f"incoming {supply.id} arrives at {supply.key.label()}, "
                f"not {allocation.key.label()}",
            )
    if places is not None:
        place = (location, lot, supply_id)
        if place in places:
            raise ValidationError(
                "allocations",
                allocation.key.label(),
                "one allocation per place in a reservation",
            )
        places.add(place)
    if supply_id is None:
        # a plain tuple equals (and hashes like) its PositionKey, and costs far less
        key: PositionKey = (location, lot)  # type: ignore[assignment]
        demand[key] = demand.get(key, 0) + units
    else:
        from_supply[supply_id] = from_supply.get(supply_id, 0) + units


def _expiry(
    ttl: timedelta | None,
    expires_at: pendulum.DateTime | None,
    hard: bool,
    now: pendulum.DateTime,
) -> pendulum.DateTime | None:
    """When a new hold expires (``None`` for a hard one); exactly one of the three is given."""
    if (ttl is not None) + (expires_at is not None) + bool(hard) != 1:
        raise ValidationError(
            "expires_at", expires_at, "give exactly one of ttl, expires_at or hard=True"
        )
    if ttl is not None:
        if not isinstance(ttl, timedelta) or ttl <= timedelta(0):
            raise ValidationError("ttl", ttl, "a time-to-live is a positive duration")
        expires_at = now + ttl
    elif expires_at is not None:
        expires_at = instant(expires_at, "expires_at")
        if expires_at <= now:
            raise ValidationError("expires_at", expires_at, f"a hold must expire after now ({now})")
    return expires_at
