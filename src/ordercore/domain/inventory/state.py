"""The state of one SKU's stock and the queries on it (the commands live in ``stock.py``).

:class:`StockState` holds the counters (through its :class:`StockBook`), the reservations,
safety stock, lots and incoming supply lines of one SKU, and answers what is on hand, reserved
and available. It also holds the shared rules the commands use: capacity (what a request may
take), the shrink rule (who loses units when stock shrinks below what is reserved) and expiry.
"""

from __future__ import annotations

import heapq

import attrs
import pendulum

from ordercore.domain.inventory.errors import NegativeStock
from ordercore.domain.inventory.events import StockEvent
from ordercore.domain.inventory.ledger import MovementKind, StockBook
from ordercore.domain.inventory.reservations import (
    RESERVATION_LIFECYCLE,
    Reservation,
    ReservationLoss,
    ReservationState,
    StockChange,
)
from ordercore.domain.inventory.values import (
    Allocation,
    IncomingSupply,
    Lot,
    Position,
    PositionKey,
    SupplyRow,
    replace_allocation,
)
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import require_id

__all__ = ["StockState"]

# A planned loss: the reservation, the index of its allocation, and the units it loses.
_Loss = tuple[Reservation, int, int]
_RELEASE = MovementKind.RELEASE


@attrs.define
class StockState:
    """All stock of one SKU across locations and lots: one consistency boundary, one version."""

    sku: str
    version: int = 0
    book: StockBook = attrs.field(
        default=attrs.Factory(lambda self: StockBook(self.sku), takes_self=True)
    )
    reservations: dict[str, Reservation] = attrs.Factory(dict)
    safety_stock: dict[str, int] = attrs.Factory(dict)
    lots: dict[str, Lot] = attrs.Factory(dict)
    supplies: dict[str, IncomingSupply] = attrs.Factory(dict)
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    _holds: list[tuple[pendulum.DateTime, str]] = attrs.field(
        factory=list, eq=False, repr=False, alias="_holds"
    )

    def __attrs_post_init__(self) -> None:
        # checked here, not by an attrs validator: a validator would make every attribute
        # assignment (the version, on each command) go through attrs' slower __setattr__
        require_id("sku", self.sku)

    # ----------------------------------------------------------------- queries

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last pull, oldest first; the list is then cleared."""
        events, self.events = self.events, []
        return events

    def on_hand(self, location: str | None = None, lot: str | None = None) -> int:
        """Units physically here (reserved and picked ones included); ``None`` means all."""
        return sum(
            units
            for key, units in self.book.counters.on_hand.items()
            if _matches(key, location, lot)
        )

    def reserved(self, location: str | None = None, lot: str | None = None) -> int:
        """Units on hand promised to reservations (allocations and unexpired holds alike)."""
        return sum(
            units
            for key, units in self.book.counters.reserved.items()
            if _matches(key, location, lot)
        )

    def available(self, location: str | None = None, lot: str | None = None) -> int:
        """Units free to promise: on hand - reserved - safety stock, never below zero.

        Safety stock is per location: a lot can give at most its own free units and at most what
        its location has left above its safety stock. ``None`` means every location (or lot).
        Holds whose time is up still count until ``tick(now)`` (or a command given ``now``)
        expires them.
        """
        locations = {key.location for key in self.book.counters.on_hand}
        if location is not None:
            locations &= {location}
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
        counters = self.book.counters
        return counters.on_hand.get(key, 0) - counters.reserved.get(key, 0)

    def positions(self) -> list[Position]:
        """Every position with stock or reservations, sorted by location then lot."""
        counters = self.book.counters
        keys = sorted(
            (k for k in counters.on_hand if counters.on_hand[k] or counters.reserved.get(k)),
            key=lambda k: (k.location, k.lot or ""),
        )
        return [
            Position(
                key,
                counters.on_hand[key],
                counters.reserved.get(key, 0),
                counters.picked.get(key, 0),
                max(0, min(self.free(key), self._location_room(key.location))),
            )
            for key in keys
        ]

    def incoming(self, supply_id: str) -> tuple[IncomingSupply, int, int]:
        """An incoming supply line with its units still expected and units promised from them."""
        supply = self.supplies.get(supply_id)
        if supply is None:
            raise NotFound("incoming supply", supply_id)
        counters = self.book.counters
        return supply, counters.expected.get(supply_id, 0), counters.promised.get(supply_id, 0)

    def supply_rows(self) -> list[SupplyRow]:
        """The snapshot an allocator plans against: on-hand positions, then incoming lines.

        One row per position (``available`` after reserved units and safety stock; ``expires_on``
        and ``received_at`` from the lot) and one per incoming supply line still expected
        (``supply``, ``expected_on``; ``available`` = expected - promised). Rows with nothing
        available are included, so a planner sees every place. Sorted: positions by location
        and lot, then incoming lines by expected date and id.
        """
        rows: list[SupplyRow] = []
        for position in self.positions():
            lot = self.lots.get(position.key.lot or "")
            rows.append(
                SupplyRow(
                    position.key.location,
                    position.key.lot,
                    position.available,
                    position.on_hand,
                    expires_on=None if lot is None else lot.expires_on,
                    received_at=None if lot is None else lot.received_at,
                )
            )
        counters = self.book.counters
        for supply in sorted(self.supplies.values(), key=lambda s: (s.expected_on, s.id)):
            expected = counters.expected.get(supply.id, 0)
            if not expected:
                continue
            lot = self.lots.get(supply.lot or "")
            rows.append(
                SupplyRow(
                    supply.location,
                    supply.lot,
                    expected - counters.promised.get(supply.id, 0),
                    0,
                    expires_on=None if lot is None else lot.expires_on,
                    received_at=None if lot is None else lot.received_at,
                    supply=supply.id,
                    expected_on=supply.expected_on,
                )
            )
        return rows

    def reservation(self, reservation_id: str) -> Reservation:
        """The reservation with this id (in any state), or :class:`NotFound`."""
        found = self.reservations.get(reservation_id)
        if found is None:
            raise NotFound("reservation", reservation_id)
        return found

    # ------------------------------------------------------- shared internals

    def _location_room(self, location: str, extra: int = 0) -> int:
        """Free units of a location above its safety stock (may be negative)."""
        safety = self.safety_stock.get(location, 0)
        counters = self.book.counters
        free = sum(
            units - counters.reserved.get(key, 0)
            for key, units in counters.on_hand.items()
            if key.location == location
        )
        return free + extra - safety

    def _bump(self) -> int:
        """Count one more change command; returns the new version for its events."""
        self.version += 1
        return self.version

    def _emit(self, event: StockEvent) -> None:
        self.events.append(event)

    def _due(self, now: pendulum.DateTime) -> list[Reservation]:
        """Holds whose time is up at ``now`` (``now >= expires_at``), in expiry order."""
        heap = self._holds
        while heap and not self._live_entry(heap[0]):
            heapq.heappop(heap)  # an index entry outdated by extend/confirm/release
        if not heap or heap[0][0] > now:
            return []
        due = sorted(entry for entry in heap if entry[0] <= now and self._live_entry(entry))
        return [self.reservations[rid] for _, rid in due]

    def _live_entry(self, entry: tuple[pendulum.DateTime, str]) -> bool:
        found = self.reservations.get(entry[1])
        return (
            found is not None
            and found.state is ReservationState.HELD
            and found.expires_at == entry[0]
        )

    def _track_hold(self, reservation: Reservation) -> None:
        if reservation.expires_at is not None:
            heapq.heappush(self._holds, (reservation.expires_at, reservation.id))

    def _give_back(
        self, reservation: Reservation, at: pendulum.DateTime, reason: str, *, picked_too: bool
    ) -> int:
        """Release every unit (unpicked only, unless ``picked_too``) of a reservation."""
        released = 0
        kept: list[Allocation] = []
        append = self.book.append
        rid = reservation.id
        for allocation in reservation.allocations:
            picked = allocation.picked
            units = allocation.quantity if picked_too else allocation.quantity - picked
            if units:
                append(
                    _RELEASE,
                    allocation.location,
                    allocation.lot,
                    0,
                    -units,
                    -picked if picked_too else 0,
                    at,
                    reason,
                    rid,
                    allocation.supply,
                )
                released += units
            if allocation.quantity - units:
                kept.append(allocation._replace(quantity=allocation.quantity - units))
        reservation.allocations = tuple(kept)
        return released

    def _plan_shrink(
        self, key: PositionKey, on_hand_after: int, supply: str | None = None
    ) -> list[_Loss]:
        """Who loses units when ``key`` (or incoming ``supply``) shrinks to ``on_hand_after``.

        The lowest priority (highest number), latest placed reservations lose first.
        """
        counters = self.book.counters
        held = counters.reserved.get(key, 0) if supply is None else counters.promised.get(supply, 0)
        excess = held - on_hand_after
        if excess <= 0:
            return []
        holders = [
            (reservation, index)
            for reservation in self.reservations.values()
            if reservation.is_active
            for index, allocation in enumerate(reservation.allocations)
            if allocation.supply == supply and allocation.key == key and allocation.quantity
        ]
        holders.sort(key=lambda h: (h[0].priority, h[0].placed_at, h[0].id), reverse=True)
        plan: list[_Loss] = []
        for reservation, index in holders:
            take = min(excess, reservation.allocations[index].quantity)
            plan.append((reservation, index, take))
            excess -= take
            if not excess:
                break
        return plan

    def _apply_shrink(
        self, plan: list[_Loss], at: pendulum.DateTime
    ) -> tuple[ReservationLoss, ...]:
        losses: list[ReservationLoss] = []
        for reservation, index, take in plan:
            RESERVATION_LIFECYCLE.next_state(reservation.state, "lose_units", reservation)
            allocation = reservation.allocations[index]
            left = allocation.quantity - take
            picked = min(allocation.picked, left)
            self.book.record(
                MovementKind.RELEASE,
                allocation.key,
                at,
                reserved=-take,
                picked=picked - allocation.picked,
                reason="shrink",
                reference=reservation.id,
                supply=allocation.supply,
            )
            reservation.allocations = replace_allocation(
                reservation.allocations, index, allocation._replace(quantity=left, picked=picked)
            )
            losses.append(
                ReservationLoss(
                    reservation.id,
                    reservation.order_ref,
                    reservation.line_ref,
                    allocation.location,
                    allocation.lot,
                    take,
                    allocation.supply,
                )
            )
        for reservation, _, _ in plan:
            reservation.allocations = tuple(a for a in reservation.allocations if a.quantity)
        return tuple(losses)

    def _key(self, location: str, lot: str | Lot | None) -> tuple[PositionKey, Lot | None]:
        require_id("location", location)
        if lot is None:
            return PositionKey(location), None
        if isinstance(lot, Lot):
            require_id("lot", lot.id)
            known = self.lots.get(lot.id)
            if known is not None and known != lot:
                raise ValidationError("lot", lot, f"lot {lot.id} is already known as {known}")
            return PositionKey(location, lot.id), lot
        return PositionKey(location, require_id("lot", lot)), None

    def _change(
        self,
        kind: MovementKind,
        key: PositionKey,
        delta: int,
        at: pendulum.DateTime,
        reason: str,
    ) -> StockChange:
        """Validate and apply an on-hand change at ``key`` with the shrink rule; no event."""
        on_hand = self.book.counters.on_hand.get(key, 0)
        if on_hand + delta < 0:
            raise NegativeStock(self.sku, key.label(), on_hand, delta, "on hand cannot go below 0")
        plan = self._plan_shrink(key, on_hand + delta)
        losses = self._apply_shrink(plan, at)
        self.book.record(kind, key, at, on_hand=delta, reason=reason)
        return StockChange(key.location, key.lot, delta, on_hand + delta, losses)


def _matches(key: PositionKey, location: str | None, lot: str | None) -> bool:
    return (location is None or key.location == location) and (lot is None or key.lot == lot)
