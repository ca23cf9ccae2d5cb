"""Incoming supply and the floor: ``add_incoming``, ``receive_incoming``, ``pick``, ``ship``.

:class:`Handling` adds them to :class:`Reserving`; use :class:`StockItem`.
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.inventory.errors import NegativeStock, OverShipment
from ordercore.domain.inventory.events import (
    IncomingStockCancelled,
    IncomingStockExpected,
    IncomingStockReceived,
    StockAdjusted,
    StockPicked,
    StockShipped,
)
from ordercore.domain.inventory.ledger import MovementKind
from ordercore.domain.inventory.reservations import (
    RESERVATION_LIFECYCLE,
    Reservation,
    ReservationLoss,
    ReservationState,
    StockChange,
)
from ordercore.domain.inventory.reserving import Reserving
from ordercore.domain.inventory.values import Allocation, IncomingSupply, Lot, quantity
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import require_id

__all__ = ["Handling"]


@attrs.define
class Handling(Reserving):
    """Incoming stock, picking and shipping (use :class:`StockItem`)."""

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
        if supply_id in self.supplies:
            raise ValidationError("supply_id", supply_id, "this incoming supply already exists")
        key, new_lot = self._key(location, lot)
        units = quantity("units", units)
        expected = require_date(expected_on, "expected_on")
        at = instant(at, "at")
        version = self._bump()
        if new_lot is not None:
            self.lots[new_lot.id] = new_lot
        supply = IncomingSupply(supply_id, key.location, key.lot, expected)
        self.supplies[supply_id] = supply
        self.book.record(MovementKind.EXPECT, key, at, on_hand=units, supply=supply_id)
        self._emit(
            IncomingStockExpected(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                supply_id=supply_id,
                location=key.location,
                lot=key.lot,
                quantity=units,
                expected_on=expected,
            )
        )
        return supply

    def receive_incoming(self, supply_id: str, units: int, at: pendulum.DateTime) -> int:
        """Receive ``units`` of an incoming supply; returns how many promised units followed.

        Promised units follow to on hand in the order the reservations would be served: highest
        priority (lowest number), earliest placed first.
        """
        supply, expected, promised = self.incoming(supply_id)
        units = quantity("units", units)
        at = instant(at, "at")
        if units > expected:
            raise ValidationError(
                "units", units, f"incoming {supply_id} still expects only {expected} units"
            )
        version = self._bump()
        key = supply.key
        self.book.record(MovementKind.RECEIPT, key, at, on_hand=-units, supply=supply_id)
        self.book.record(MovementKind.RECEIPT, key, at, on_hand=units, reference=supply_id)
        followed = min(units, promised)
        left = followed
        holders = sorted(
            (r for r in self.reservations.values() if r.is_active),
            key=lambda r: (r.priority, r.placed_at, r.id),
        )
        for reservation in holders:
            if not left:
                break
            left -= self._follow(reservation, supply_id, left, at)
        self._emit(
            IncomingStockReceived(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
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
        supply, expected, _ = self.incoming(supply_id)
        units = quantity("units", units)
        at = instant(at, "at")
        if units > expected:
            raise ValidationError(
                "units", units, f"incoming {supply_id} still expects only {expected} units"
            )
        version = self._bump()
        losses = self._apply_shrink(self._plan_shrink(supply.key, expected - units, supply_id), at)
        self.book.record(
            MovementKind.ADJUSTMENT, supply.key, at, on_hand=-units, reason=reason, supply=supply_id
        )
        self._emit(
            IncomingStockCancelled(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                supply_id=supply_id,
                quantity=units,
                reason=reason,
                losses=losses,
            )
        )
        return losses

    def _follow(
        self, reservation: Reservation, supply_id: str, most: int, at: pendulum.DateTime
    ) -> int:
        allocations = reservation.allocations
        for index, allocation in enumerate(allocations):
            if allocation.supply != supply_id:
                continue
            moved = min(most, allocation.quantity)
            for kind_key, supply, delta in (
                (allocation.key, supply_id, -moved),
                (allocation.key, None, moved),
            ):
                self.book.record(
                    MovementKind.RESERVE,
                    kind_key,
                    at,
                    reserved=delta,
                    reason="incoming received",
                    reference=reservation.id,
                    supply=supply,
                )
            allocations[index] = allocation._replace(quantity=allocation.quantity - moved)
            on_hand = [
                i for i, a in enumerate(allocations) if a.supply is None and a.key == allocation.key
            ]
            if on_hand:
                here = allocations[on_hand[0]]
                allocations[on_hand[0]] = here._replace(quantity=here.quantity + moved)
            else:
                allocations.insert(index, Allocation(allocation.location, moved, allocation.lot))
            reservation.allocations = [a for a in allocations if a.quantity]
            return moved
        return 0

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
        index = next(
            (i for i, a in enumerate(reservation.allocations) if a.supply is None and a.key == key),
            None,
        )
        if index is None:
            raise ValidationError("location", key.label(), "the reservation holds no units here")
        allocation = reservation.allocations[index]
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
            change = self._change(MovementKind.ADJUSTMENT, key, -missing, at, "short pick")
            self._emit(
                StockAdjusted(
                    entity_id=self.sku,
                    version=version,
                    occurred_at=at,
                    location=key.location,
                    lot=key.lot,
                    delta=-missing,
                    reason="short pick",
                    losses=change.losses,
                )
            )
        if units:
            index = next(
                i
                for i, a in enumerate(reservation.allocations)
                if a.supply is None and a.key == key
            )
            here = reservation.allocations[index]
            reservation.allocations[index] = here._replace(picked=here.picked + units)
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

    def ship(self, reservation_id: str, units: int, at: pendulum.DateTime) -> ReservationState:
        """Ship picked units (preferred places first); the last units consume the reservation.

        Shipping more than is allocated is refused, and so is shipping units not yet picked.
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
        if units > reservation.picked:
            raise OverShipment(
                reservation.id, units, reservation.picked, "only picked units ship; pick first"
            )
        version = self._bump()
        left = units
        allocations = reservation.allocations
        for index, allocation in enumerate(allocations):
            take = min(left, allocation.picked)
            if take:
                self.book.record(
                    MovementKind.SHIP,
                    allocation.key,
                    at,
                    on_hand=-take,
                    reserved=-take,
                    picked=-take,
                    reference=reservation.id,
                )
                allocations[index] = allocation._replace(
                    quantity=allocation.quantity - take, picked=allocation.picked - take
                )
                left -= take
        reservation.allocations = [a for a in allocations if a.quantity]
        reservation.state = target
        self._emit(
            StockShipped(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                reservation_id=reservation.id,
                quantity=units,
            )
        )
        return target
