"""The floor: ``pick``, ``unpick`` and ``ship`` units of hard reservations, at a place.

:class:`Floor` adds them to :class:`Reserving`; use :class:`StockItem`. A caller that knows
where units were picked (a shipment) names the place (``location``/``lot``) on every command;
without a place, ``ship`` takes picked units from the preferred places first and ``unpick``
puts them back at the least preferred places first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import pendulum

from ordercore.domain.inventory.errors import NegativeStock, OverShipment, OverUnpick
from ordercore.domain.inventory.events import (
    StockAdjusted,
    StockPicked,
    StockShipped,
    StockUnpicked,
)
from ordercore.domain.inventory.ledger import MovementKind
from ordercore.domain.inventory.reservations import (
    RESERVATION_LIFECYCLE,
    Reservation,
    ReservationState,
    StockChange,
)
from ordercore.domain.inventory.reserving import Reserving
from ordercore.domain.inventory.values import (
    Allocation,
    PositionKey,
    quantity,
    replace_allocation,
)
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError

__all__ = ["Floor"]


@attrs.define
class Floor(Reserving):
    """Picking, unpicking and shipping (use :class:`StockItem`)."""

    def _adjusted(
        self, key: PositionKey, delta: int, at: pendulum.DateTime, reason: str, version: int
    ) -> StockChange:
        """Move on hand at ``key`` by ``delta`` (the shrink rule applies); emit StockAdjusted."""
        change = self._change(MovementKind.ADJUSTMENT, key, delta, at, reason)
        self._emit(
            StockAdjusted(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=key.location,
                lot=key.lot,
                delta=delta,
                reason=reason,
                losses=change.losses,
            )
        )
        return change

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
        reservation = self.reservation(reservation_id)
        key, _ = self._key(location, lot)
        units = quantity("units", units, minimum=0)
        missing = quantity("missing", missing, minimum=0)
        at = instant(at, "at")
        if not units and not missing:
            raise ValidationError("units", units, "a pick takes units or reports missing ones")
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, "pick", reservation)
        allocation = reservation.allocations[self._place_index(reservation, key)]
        on_hand = self.book.counters.on_hand.get(key, 0)
        if missing > on_hand:
            raise NegativeStock(self.sku, key.label(), on_hand, -missing, "missing at most on hand")
        plan = self._plan_shrink(key, on_hand - missing) if missing else []
        lost = sum(take for r, _, take in plan if r is reservation)
        left = allocation.quantity - lost
        pickable = left - min(allocation.picked, left)
        if units > pickable:
            raise OverShipment(
                reservation.id, units, pickable, "picking more than is allocated here and unpicked"
            )
        version = self._bump()
        change = StockChange(key.location, key.lot, 0, on_hand)
        if missing:
            change = self._adjusted(key, -missing, at, "short pick", version)
        if units:
            index = self._place_index(reservation, key)  # the shrink may have moved it
            here = reservation.allocations[index]
            reservation.allocations = replace_allocation(
                reservation.allocations, index, here._replace(picked=here.picked + units)
            )
            self.book.record(MovementKind.PICK, key, at, picked=units, reference=reservation.id)
            reservation.state = target
        self._emit(
            StockPicked(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                reservation_id=reservation.id,
                location=key.location,
                lot=key.lot,
                quantity=units,
                missing=missing,
            )
        )
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
        reservation = self.reservation(reservation_id)
        units = quantity("units", units)
        at = instant(at, "at")
        if units > reservation.quantity:
            raise OverShipment(
                reservation.id, units, reservation.quantity, "shipping more than is allocated"
            )
        trigger = "consume" if units == reservation.quantity else "ship_part"
        target = RESERVATION_LIFECYCLE.next_state(reservation.state, trigger, reservation)
        index = self._named_place(reservation, location, lot)
        allocations = list(reservation.allocations)
        if index is None:
            if units > reservation.picked:
                raise OverShipment(
                    reservation.id, units, reservation.picked, "only picked units ship; pick first"
                )
            takes = _takes(allocations, units, range(len(allocations)))
        else:
            here = allocations[index]
            if units > here.picked:
                raise OverShipment(
                    reservation.id,
                    units,
                    here.picked,
                    f"only units picked at {here.key.label()} ship from there; pick first",
                )
            takes = [(index, units)]
        version = self._bump()
        for i, take in takes:
            allocation = allocations[i]
            self.book.record(
                MovementKind.SHIP,
                allocation.key,
                at,
                on_hand=-take,
                reserved=-take,
                picked=-take,
                reference=reservation.id,
            )
            allocations[i] = allocation._replace(
                quantity=allocation.quantity - take, picked=allocation.picked - take
            )
        reservation.allocations = tuple(a for a in allocations if a.quantity)
        reservation.state = target
        self._emit(
            StockShipped(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                reservation_id=reservation.id,
                quantity=units,
                location=location,
                lot=lot,
            )
        )
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
        allocations = list(reservation.allocations)
        if index is None:
            if units > reservation.picked:
                raise OverUnpick(reservation.id, units, reservation.picked, "the reservation")
            takes = _takes(allocations, units, reversed(range(len(allocations))))
        else:
            here = allocations[index]
            if units > here.picked:
                raise OverUnpick(reservation.id, units, here.picked, here.key.label())
            takes = [(index, units)]
        version = self._bump()
        for i, take in takes:
            allocation = allocations[i]
            self.book.record(
                MovementKind.PICK,
                allocation.key,
                at,
                picked=-take,
                reason="unpick",
                reference=reservation.id,
            )
            allocations[i] = allocation._replace(picked=allocation.picked - take)
            self._emit(
                StockUnpicked(
                    entity_id=self.sku,
                    version=version,
                    occurred_at=at,
                    reservation_id=reservation.id,
                    location=allocation.location,
                    lot=allocation.lot,
                    quantity=take,
                )
            )
        reservation.allocations = tuple(allocations)
        reservation.state = target
        return target

    def _named_place(
        self, reservation: Reservation, location: str | None, lot: str | None
    ) -> int | None:
        """The index of the allocation at ``location``/``lot``; ``None`` without a location."""
        if location is None:
            if lot is not None:
                raise ValidationError("lot", lot, "a lot names a place only with its location")
            return None
        return self._place_index(reservation, self._key(location, lot)[0])

    def _place_index(self, reservation: Reservation, key: PositionKey) -> int:
        """The index of the reservation's on-shelf allocation at ``key`` (refused if none)."""
        for index, allocation in enumerate(reservation.allocations):
            if allocation.supply is None and allocation.key == key:
                return index
        raise ValidationError("location", key.label(), "the reservation holds no units here")


def _takes(
    allocations: Sequence[Allocation], units: int, order: Iterable[int]
) -> list[tuple[int, int]]:
    """``(index, units)`` pairs taking ``units`` picked units from the allocations in ``order``."""
    takes: list[tuple[int, int]] = []
    for index in order:
        take = min(units, allocations[index].picked)
        if take:
            takes.append((index, take))
            units -= take
    return takes
