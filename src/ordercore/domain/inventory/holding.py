"""Placing holds: ``reserve``, ``reserve_many`` (checked on totals) and ``tick`` (expiry).

:class:`Holding` adds them to :class:`StockState`; :class:`Reserving`, :class:`Handling` and
finally :class:`StockItem` (the class to use) add the other commands. Every command validates
completely, then bumps the version once, appends its ledger movements and records its events.
Commands given ``now`` treat holds whose time is up as expired: they count as free while
validating and are expired (with events) by the same command.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs
import pendulum

from ordercore.domain.inventory.builders import new_stock_reserved
from ordercore.domain.inventory.errors import DuplicateReservation, InsufficientStock
from ordercore.domain.inventory.events import ReservationExpired
from ordercore.domain.inventory.reservations import (
    RESERVATION_LIFECYCLE,
    Reservation,
    ReservationKind,
    ReservationRequest,
    ReservationState,
)
from ordercore.domain.inventory.state import StockState
from ordercore.domain.inventory.values import Allocation, PositionKey, quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["Holding"]

_Overlay = tuple[dict[PositionKey, int], dict[str, int]]


_NOTHING_DUE: _Overlay = ({}, {})  # read only

# A request's fields, in ReservationRequest order: reservation_id, order_ref, line_ref,
# allocations, priority, placed_at, ttl, expires_at, hard.
_Fields = tuple[
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
# a ledger row of a batch: (location, lot, units, supply, reservation id)
_Row = tuple[str, str | None, int, str | None, str]
_DATETIME = pendulum.DateTime
_HARD, _SOFT = ReservationKind.HARD, ReservationKind.SOFT
_ALLOCATED, _HELD = ReservationState.ALLOCATED, ReservationState.HELD


def _overlay(due: list[Reservation]) -> _Overlay:
    """Units that holds whose time is up will give back, per position and per supply line."""
    if not due:
        return _NOTHING_DUE
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


@attrs.define
class Holding(StockState):
    """Placing and expiring holds over a SKU's stock (use :class:`StockItem`)."""

    def _key_room(self, key: PositionKey, overlay: _Overlay) -> int:
        free = self.free(key) + overlay[0].get(key, 0)
        if self.safety_stock.get(key.location, 0):
            extra = sum(units for k, units in overlay[0].items() if k.location == key.location)
            free = min(free, self._location_room(key.location, extra))
        return free

    def _supply_room(self, supply: str, overlay: _Overlay) -> int:
        counters = self.book.counters
        return (
            counters.expected.get(supply, 0)
            - counters.promised.get(supply, 0)
            + overlay[1].get(supply, 0)
        )

    def _check_demand(
        self,
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
        overlay: _Overlay,
    ) -> None:
        """Refuse with :class:`InsufficientStock` unless every total fits where it is asked.

        ``demand`` may be keyed by plain ``(location, lot)`` tuples (equal to their PositionKey).
        """
        per_location: dict[str, int] = {}
        safety = self.safety_stock
        counters = self.book.counters
        on_hand, reserved, freed = counters.on_hand, counters.reserved, overlay[0]
        for key, units in demand.items():
            location = key[0]
            if safety and safety.get(location, 0):
                room = self._key_room(PositionKey(location, key[1]), overlay)
            else:
                room = on_hand.get(key, 0) - reserved.get(key, 0) + freed.get(key, 0)
            if units > room:
                raise InsufficientStock(self.sku, PositionKey(*key).label(), units, max(0, room))
            if safety:
                per_location[location] = per_location.get(location, 0) + units
        for location, units in per_location.items():
            if self.safety_stock.get(location, 0):
                extra = sum(n for k, n in overlay[0].items() if k.location == location)
                room = self._location_room(location, extra)
                if units > room:
                    raise InsufficientStock(self.sku, location, units, max(0, room))
        for supply, units in from_supply.items():
            room = self._supply_room(supply, overlay)
            if units > room:
                raise InsufficientStock(self.sku, f"incoming {supply}", units, max(0, room))

    def _expire(self, due: list[Reservation], now: pendulum.DateTime, version: int) -> None:
        for reservation in due:
            target = RESERVATION_LIFECYCLE.next_state(reservation.state, "expire", reservation)
            released = self._give_back(reservation, now, "expired", picked_too=False)
            reservation.state = target
            self._emit(
                ReservationExpired(
                    entity_id=self.sku,
                    version=version,
                    occurred_at=now,
                    reservation_id=reservation.id,
                    quantity=released,
                )
            )

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
        fields: _Fields = (
            reservation_id,
            order_ref,
            line_ref,
            tuple(allocations),
            priority,
            placed_at,
            ttl,
            expires_at,
            hard,
        )
        now = instant(now, "now")
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        placed_at, expires_at = self._validate(fields, now, set(), demand, from_supply)
        # the rest is _reserve_batch for a batch of one, without its lists
        due = self._due(now) if self._holds else []
        self._check_demand(demand, from_supply, _overlay(due))
        version = self._bump()
        if due:
            self._expire(due, now, version)
        rows: list[_Row] = []
        reservation = self._place(fields, placed_at, expires_at, now, version, rows)
        self.book.reserve(rows, now, demand, from_supply)
        return reservation

    def reserve_many(
        self, requests: Sequence[ReservationRequest], now: pendulum.DateTime
    ) -> list[Reservation]:
        """Place a batch of holds atomically, checked on the **totals** per place.

        Demand is summed per (location, lot) and per incoming supply across every request before
        it is compared with what is available; either every hold is placed or none is.
        """
        now = instant(now, "now")
        batch: list[_Fields] = list(requests)  # a request is the very tuple _validate reads
        for request in batch:
            if request.__class__ is not ReservationRequest and not isinstance(
                request, ReservationRequest
            ):
                raise WrongType("request", request, "a batch holds ReservationRequest values")
        return self._reserve_batch(batch, now)

    def _reserve_batch(self, batch: list[_Fields], now: pendulum.DateTime) -> list[Reservation]:
        """Validate every request and the totals, then place them all (``now`` is checked)."""
        seen: set[str] = set()
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        checked = [self._validate(fields, now, seen, demand, from_supply) for fields in batch]
        if not checked:
            raise ValidationError("requests", [], "a batch needs at least one request")
        due = self._due(now) if self._holds else []
        self._check_demand(demand, from_supply, _overlay(due))
        version = self._bump()
        if due:
            self._expire(due, now, version)
        place = self._place
        rows: list[_Row] = []
        placed = [
            place(fields, placed_at, expires_at, now, version, rows)
            for fields, (placed_at, expires_at) in zip(batch, checked, strict=True)
        ]
        self.book.reserve(rows, now, demand, from_supply)  # the totals checked above
        return placed

    def _validate(
        self,
        fields: _Fields,
        now: pendulum.DateTime,
        seen: set[str],
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
    ) -> tuple[pendulum.DateTime, pendulum.DateTime | None]:
        """Check one request completely and add its units to the batch's totals."""
        rid, order_ref, line_ref, allocations, priority, placed_at, ttl, expires_at, hard = fields
        if rid.__class__ is not str or not rid or rid != rid.strip():
            require_id("reservation_id", rid)  # raises: not a usable id
        if rid in self.reservations or rid in seen:
            raise DuplicateReservation(self.sku, rid)
        seen.add(rid)
        if order_ref.__class__ is not str or not order_ref or order_ref != order_ref.strip():
            require_id("order_ref", order_ref)  # raises: not a usable id
        if line_ref.__class__ is not str or not line_ref or line_ref != line_ref.strip():
            require_id("line_ref", line_ref)  # raises: not a usable id
        if priority.__class__ is not int and (
            isinstance(priority, bool) or not isinstance(priority, int)
        ):
            raise WrongType("priority", priority, "a priority is an int (lower first)")
        if placed_at is None:
            placed_at = now
        elif placed_at.__class__ is not _DATETIME or placed_at.tzinfo is None:
            placed_at = instant(placed_at, "placed_at")  # converts, or raises for a naive one
        if hard is not True or ttl is not None or expires_at is not None:  # not the common case
            expires_at = _expiry(ttl, expires_at, hard, now)
        if not allocations:
            raise ValidationError("allocations", (), "a reservation needs at least one allocation")
        if len(allocations) == 1:  # the common case: nothing to compare places with
            self._validate_allocation(allocations[0], None, demand, from_supply)
        else:
            places: set[tuple[str, str | None, str | None]] = set()
            for allocation in allocations:
                self._validate_allocation(allocation, places, demand, from_supply)
        return placed_at, expires_at

    def _validate_allocation(
        self,
        allocation: Allocation,
        places: set[tuple[str, str | None, str | None]] | None,
        demand: dict[PositionKey, int],
        from_supply: dict[str, int],
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
            supply = self.incoming(supply_id)[0]
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

    def _place(
        self,
        fields: _Fields,
        placed_at: pendulum.DateTime,
        expires_at: pendulum.DateTime | None,
        now: pendulum.DateTime,
        version: int,
        rows: list[_Row],
    ) -> Reservation:
        """Make the reservation and its event; its ledger rows go to ``rows`` (book.reserve)."""
        rid, order_ref, line_ref, allocations, priority, _, _, _, _ = fields
        placed = allocations if allocations.__class__ is tuple else tuple(allocations)
        hard = expires_at is None
        reservation = Reservation(
            rid,
            self.sku,
            order_ref,
            line_ref,
            priority,
            placed_at,
            _HARD if hard else _SOFT,
            _ALLOCATED if hard else _HELD,
            placed,
            expires_at,
        )
        self.reservations[rid] = reservation
        if not hard:
            self._track_hold(reservation)
        if len(allocations) == 1:  # the common case, without the loop
            location, total, lot, supply, _ = allocations[0]
            rows.append((location, lot, total, supply, rid))
        else:
            total = 0
            for location, units, lot, supply, _ in allocations:
                rows.append((location, lot, units, supply, rid))
                total += units
        self.events.append(
            new_stock_reserved(
                self.sku,
                version,
                now,
                rid,
                order_ref,
                line_ref,
                total,
                hard,
                expires_at,
                placed,
            )
        )
        return reservation

    def tick(self, now: pendulum.DateTime) -> list[Reservation]:
        """Expire every hold whose time is up (``now >= expires_at``); returns them."""
        now = instant(now, "now")
        due = self._due(now)
        if due:
            self._expire(due, now, self._bump())
        return due
