"""Changing reservations: ``extend``, ``confirm``, ``resize``, ``release``, ``release_all``.

:class:`Reserving` adds them to :class:`Holding`; use :class:`StockItem`.
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.inventory.builders import new_release_result, new_stock_released
from ordercore.domain.inventory.errors import HoldExpired, InsufficientStock, OverRelease
from ordercore.domain.inventory.events import (
    ReservationConfirmed,
    ReservationExtended,
    ReservationResized,
    StockReleased,
)
from ordercore.domain.inventory.holding import Holding, _Overlay, _overlay
from ordercore.domain.inventory.ledger import MovementKind
from ordercore.domain.inventory.reservations import (
    RESERVATION_LIFECYCLE,
    ReleaseResult,
    Reservation,
    ReservationKind,
    ReservationState,
)
from ordercore.domain.inventory.values import quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError

__all__ = ["Reserving"]

_RELEASED, _EXPIRED = ReservationState.RELEASED, ReservationState.EXPIRED
_OVER = (_RELEASED, _EXPIRED)  # nothing left to release


@attrs.define
class Reserving(Holding):
    """Commands that change a placed reservation (use :class:`StockItem`)."""

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
        version = self._bump()
        reservation.expires_at = new
        self._track_hold(reservation)
        self._emit(
            ReservationExtended(
                entity_id=self.sku,
                version=version,
                occurred_at=now,
                reservation_id=reservation.id,
                expires_at=new,
            )
        )
        return reservation

    def confirm(self, reservation_id: str, now: pendulum.DateTime) -> Reservation:
        """Harden a soft hold into an allocation that no longer expires (e.g. on payment)."""
        reservation = self.reservation(reservation_id)
        now = instant(now, "now")
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, "confirm", reservation)
        if reservation.is_due(now):
            raise HoldExpired(reservation.id, reservation.expires_at, now)
        version = self._bump()
        reservation.state = target
        reservation.kind = ReservationKind.HARD
        reservation.expires_at = None
        self._emit(
            ReservationConfirmed(
                entity_id=self.sku, version=version, occurred_at=now, reservation_id=reservation.id
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
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, "resize", reservation)
        if reservation.is_due(now):
            raise HoldExpired(reservation.id, reservation.expires_at, now)
        delta = new_quantity - reservation.quantity
        if not delta:
            return reservation
        due = self._due(now) if delta > 0 else []
        steps = self._grow_plan(reservation, delta, _overlay(due)) if delta > 0 else []
        version = self._bump()
        self._expire(due, now, version)
        allocations = list(reservation.allocations)
        if delta > 0:
            for index, units in steps:
                allocation = allocations[index]
                allocations[index] = allocation._replace(quantity=allocation.quantity + units)
                self.book.record(
                    MovementKind.RESERVE,
                    allocation.key,
                    now,
                    reserved=units,
                    reason="resize",
                    reference=reservation.id,
                    supply=allocation.supply,
                )
            reservation.allocations = tuple(allocations)
        else:
            self._release_units(reservation, -delta, now, "resize")
        reservation.state = target
        self._emit(
            ReservationResized(
                entity_id=self.sku,
                version=version,
                occurred_at=now,
                reservation_id=reservation.id,
                quantity=new_quantity,
                delta=delta,
            )
        )
        return reservation

    def _grow_plan(
        self, reservation: Reservation, delta: int, overlay: _Overlay
    ) -> list[tuple[int, int]]:
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
                room = self._supply_room(allocation.supply, overlay)
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

    def _release_units(
        self, reservation: Reservation, units: int, at: pendulum.DateTime, reason: str
    ) -> None:
        """Give back unpicked units from the least preferred allocation first."""
        left = units
        allocations = list(reservation.allocations)
        for index in range(len(allocations) - 1, -1, -1):
            allocation = allocations[index]
            take = min(left, allocation.quantity - allocation.picked)
            if take:
                self.book.record(
                    MovementKind.RELEASE,
                    allocation.key,
                    at,
                    reserved=-take,
                    reason=reason,
                    reference=reservation.id,
                    supply=allocation.supply,
                )
                allocations[index] = allocation._replace(quantity=allocation.quantity - take)
                left -= take
                if not left:
                    break
        reservation.allocations = tuple(a for a in allocations if a.quantity)

    def release(self, reservation_id: str, units: int, at: pendulum.DateTime) -> ReleaseResult:
        """Give back ``units`` (least preferred place first); more than is held is refused.

        Releasing a reservation that is already released or expired is a no-op that says so
        (``noop=True`` and a ``reason``). Picked units are given back only by ``release_all``.
        """
        reservation = self.reservation(reservation_id)
        at = instant(at, "at")
        units = quantity("units", units)
        if reservation.state in (ReservationState.RELEASED, ReservationState.EXPIRED):
            return self._noop(reservation)
        everything = units == reservation.quantity and not reservation.picked
        trigger = "release_all" if everything else "release_part"
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, trigger, reservation)
        releasable = reservation.quantity - reservation.picked
        if units > releasable:
            raise OverRelease(reservation.id, units, releasable)
        version = self._bump()
        self._release_units(reservation, units, at, "release")
        reservation.state = target
        self._emit(
            StockReleased(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
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
        reservation = self.reservations.get(reservation_id)
        if reservation is None:
            reservation = self.reservation(reservation_id)  # raises NotFound
        at = instant(at, "at")
        state = reservation.state
        if state in _OVER:
            return self._noop(reservation)
        target = RESERVATION_LIFECYCLE.next_state(state, "release_all", reservation)
        version = self._bump()
        released = self._give_back(reservation, at, "release", picked_too=True)
        reservation.state = target
        self.events.append(
            new_stock_released(self.sku, version, at, reservation.id, released, True)  # noqa: FBT003
        )
        return new_release_result(reservation.id, released, target)

    def _noop(self, reservation: Reservation) -> ReleaseResult:
        return ReleaseResult(
            reservation.id,
            0,
            reservation.state,
            noop=True,
            reason=f"reservation {reservation.id!r} is already {reservation.state}: "
            "nothing left to release",
        )
