"""Incoming supply: ``add_incoming``, ``receive_incoming``, ``cancel_incoming``.

:class:`Handling` adds them to :class:`Floor` (picking, unpicking, shipping); use
:class:`StockItem`.
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.inventory.events import (
    IncomingStockCancelled,
    IncomingStockExpected,
    IncomingStockReceived,
)
from ordercore.domain.inventory.floor import Floor
from ordercore.domain.inventory.ledger import MovementKind
from ordercore.domain.inventory.reservations import (
    Reservation,
    ReservationLoss,
)
from ordercore.domain.inventory.values import (
    Allocation,
    IncomingSupply,
    Lot,
    quantity,
)
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import require_id

__all__ = ["Handling"]


@attrs.define
class Handling(Floor):
    """Incoming stock, on top of picking and shipping (use :class:`StockItem`)."""

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
        allocations = list(reservation.allocations)
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
            reservation.allocations = tuple(a for a in allocations if a.quantity)
            return moved
        return 0
