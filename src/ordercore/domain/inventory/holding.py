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

from ordercore.domain.inventory.errors import DuplicateReservation, InsufficientStock
from ordercore.domain.inventory.events import ReservationExpired, StockReserved
from ordercore.domain.inventory.ledger import MovementKind
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
        self, demand: dict[PositionKey, int], from_supply: dict[str, int], overlay: _Overlay
    ) -> None:
        """Refuse with :class:`InsufficientStock` unless every total fits where it is asked."""
        per_location: dict[str, int] = {}
        safety = self.safety_stock
        for key, units in demand.items():
            room = self._key_room(key, overlay)
            if units > room:
                raise InsufficientStock(self.sku, key.label(), units, max(0, room))
            if safety:
                per_location[key.location] = per_location.get(key.location, 0) + units
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
        when a place cannot give its total.
        """
        request = ReservationRequest(
            reservation_id,
            order_ref,
            line_ref,
            tuple(allocations),
            priority=priority,
            placed_at=placed_at,
            ttl=ttl,
            expires_at=expires_at,
            hard=hard,
        )
        return self.reserve_many([request], now)[0]

    def _validate_request(
        self, request: ReservationRequest, now: pendulum.DateTime, seen: set[str]
    ) -> tuple[pendulum.DateTime, pendulum.DateTime | None]:
        if not isinstance(request, ReservationRequest):
            raise WrongType("request", request, "a batch holds ReservationRequest values")
        rid = require_id("reservation_id", request.reservation_id)
        if rid in self.reservations or rid in seen:
            raise DuplicateReservation(self.sku, rid)
        seen.add(rid)
        require_id("order_ref", request.order_ref)
        require_id("line_ref", request.line_ref)
        if isinstance(request.priority, bool) or not isinstance(request.priority, int):
            raise WrongType("priority", request.priority, "a priority is an int (lower first)")
        placed_at = now if request.placed_at is None else instant(request.placed_at, "placed_at")
        modes = (request.ttl is not None) + (request.expires_at is not None) + bool(request.hard)
        if modes != 1:
            raise ValidationError(
                "expires_at", request.expires_at, "give exactly one of ttl, expires_at or hard=True"
            )
        expires_at: pendulum.DateTime | None = None
        if request.ttl is not None:
            if not isinstance(request.ttl, timedelta) or request.ttl <= timedelta(0):
                raise ValidationError("ttl", request.ttl, "a time-to-live is a positive duration")
            expires_at = now + request.ttl
        elif request.expires_at is not None:
            expires_at = instant(request.expires_at, "expires_at")
            if expires_at <= now:
                raise ValidationError(
                    "expires_at", expires_at, f"a hold must expire after now ({now})"
                )
        if not request.allocations:
            raise ValidationError("allocations", (), "a reservation needs at least one allocation")
        places: set[tuple[PositionKey, str | None]] = set()
        for allocation in request.allocations:
            self._validate_allocation(allocation, places)
        return placed_at, expires_at

    def _validate_allocation(
        self, allocation: Allocation, places: set[tuple[PositionKey, str | None]]
    ) -> None:
        if not isinstance(allocation, Allocation):
            raise WrongType("allocation", allocation, "allocations are Allocation values")
        require_id("location", allocation.location)
        if allocation.lot is not None:
            require_id("lot", allocation.lot)
        quantity("quantity", allocation.quantity)
        if allocation.picked != 0:
            raise ValidationError(
                "picked", allocation.picked, "a new allocation has nothing picked"
            )
        if allocation.supply is not None:
            supply = self.incoming(allocation.supply)[0]
            if supply.key != allocation.key:
                raise ValidationError(
                    "supply",
                    allocation.supply,
                    f"incoming {supply.id} arrives at {supply.key.label()}, "
                    f"not {allocation.key.label()}",
                )
        place = (allocation.key, allocation.supply)
        if place in places:
            raise ValidationError(
                "allocations", allocation.key.label(), "one allocation per place in a reservation"
            )
        places.add(place)

    def reserve_many(
        self, requests: Sequence[ReservationRequest], now: pendulum.DateTime
    ) -> list[Reservation]:
        """Place a batch of holds atomically, checked on the **totals** per place.

        Demand is summed per (location, lot) and per incoming supply across every request before
        it is compared with what is available; either every hold is placed or none is.
        """
        now = instant(now, "now")
        seen: set[str] = set()
        checked = [self._validate_request(request, now, seen) for request in requests]
        if not checked:
            raise ValidationError("requests", [], "a batch needs at least one request")
        demand: dict[PositionKey, int] = {}
        from_supply: dict[str, int] = {}
        for request in requests:
            for allocation in request.allocations:
                if allocation.supply is None:
                    key = allocation.key
                    demand[key] = demand.get(key, 0) + allocation.quantity
                else:
                    from_supply[allocation.supply] = (
                        from_supply.get(allocation.supply, 0) + allocation.quantity
                    )
        due = self._due(now)
        self._check_demand(demand, from_supply, _overlay(due))
        version = self._bump()
        self._expire(due, now, version)
        placed: list[Reservation] = []
        for request, (placed_at, expires_at) in zip(requests, checked, strict=True):
            placed.append(self._place(request, placed_at, expires_at, now, version))
        return placed

    def _place(
        self,
        request: ReservationRequest,
        placed_at: pendulum.DateTime,
        expires_at: pendulum.DateTime | None,
        now: pendulum.DateTime,
        version: int,
    ) -> Reservation:
        hard = expires_at is None
        reservation = Reservation(
            request.reservation_id,
            self.sku,
            request.order_ref,
            request.line_ref,
            request.priority,
            placed_at,
            ReservationKind.HARD if hard else ReservationKind.SOFT,
            ReservationState.ALLOCATED if hard else ReservationState.HELD,
            list(request.allocations),
            expires_at,
        )
        self.reservations[reservation.id] = reservation
        self._track_hold(reservation)
        for allocation in reservation.allocations:
            self.book.record(
                MovementKind.RESERVE,
                allocation.key,
                now,
                reserved=allocation.quantity,
                reference=reservation.id,
                supply=allocation.supply,
            )
        self._emit(
            StockReserved(
                entity_id=self.sku,
                version=version,
                occurred_at=now,
                reservation_id=reservation.id,
                order_ref=reservation.order_ref,
                line_ref=reservation.line_ref,
                quantity=reservation.quantity,
                hard=hard,
                expires_at=expires_at,
                allocations=tuple(
                    [(a.location, a.lot, a.quantity, a.supply) for a in reservation.allocations]
                ),
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
