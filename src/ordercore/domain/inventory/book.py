"""The reservation book of one SKU: its open reservations and the order in which holds expire.

A part of :class:`~ordercore.domain.inventory.stock.StockItem`. It keeps a reservation only while
it is open (held, allocated or picked). One that is consumed, released or expired is closed: it
leaves the stored book at once and waits in a transient list only until its final event is pulled
(``StockItem.pull_events()``), so that the same session can still read it and a second release
is a no-op that says so; its history lives in the events. The expiry index is a heap of
``(expires_at, reservation id)`` entries, compacted whenever it grows past twice the open holds,
so it too stays bounded by what is open. Only the stock item's ``apply`` changes the book.
"""

from __future__ import annotations

import heapq

import attrs
import pendulum

from ordercore.domain.inventory.reservations import Reservation, ReservationState
from ordercore.domain.inventory.values import PositionKey

__all__ = ["ReservationBook", "ShrinkStep"]

_HELD = ReservationState.HELD

ShrinkStep = tuple[Reservation, int, int]
"""A planned loss: the reservation, the index of its allocation and the units it loses."""


@attrs.define
class ReservationBook:
    """Open reservations by id (in the order they were placed) and the expiry index of holds."""

    open: dict[str, Reservation] = attrs.Factory(dict)
    expiries: list[tuple[pendulum.DateTime, str]] = attrs.field(factory=list, eq=False)
    _closing: dict[str, Reservation] = attrs.field(factory=dict, init=False, eq=False, repr=False)

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
        """Open a new reservation (and index its expiry when it is a hold)."""
        self.open[reservation.id] = reservation
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
