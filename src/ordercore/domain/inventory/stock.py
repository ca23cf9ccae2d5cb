"""``StockItem``: the aggregate of ALL stock of ONE SKU — the inventory consistency boundary.

It holds the positions per (location, lot), safety stock, lots, incoming supply lines, the
append-only movement ledger and the reservations of its SKU, under one ``version``: a host saves
it with ``save(item, expected_version)`` so concurrent workers never oversell. The class is
assembled from small modules (each under 400 lines): queries and shared rules in ``state.py``,
``reserve``/``reserve_many``/``tick`` in ``holding.py``, changes to reservations in
``reserving.py``, picking, unpicking and shipping in ``floor.py``, incoming supply in
``handling.py``, and here the physical stock commands and ``verify``/``rebuild``.

>>> import pendulum
>>> from ordercore.domain.inventory import Allocation
>>> at = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> clock = StockItem("RETRO-CLOCK")
>>> clock.receive("WH-EAST", 10, at)
>>> hold = clock.reserve("R-1", order_ref="O-1", line_ref="L-1",
...                      allocations=[Allocation("WH-EAST", 3)], now=at, hard=True)
>>> (clock.on_hand(), clock.reserved(), clock.available(), clock.version)
(10, 3, 7, 2)
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.domain.inventory.drifts import reservation_drifts
from ordercore.domain.inventory.errors import NegativeStock
from ordercore.domain.inventory.events import (
    SafetyStockSet,
    StockCounted,
    StockRebuilt,
    StockReceived,
    StockReturned,
    StockScrapped,
    StockTransferred,
)
from ordercore.domain.inventory.handling import Handling
from ordercore.domain.inventory.ledger import MovementKind, VerifyReport
from ordercore.domain.inventory.reservations import StockChange
from ordercore.domain.inventory.values import Lot, quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id

__all__ = ["StockItem"]


@attrs.define
class StockItem(Handling):
    """All stock of one SKU; see the module docstring and ``docs/inventory.md``.

    New items start at version 0; every accepted command adds 1 and records events (drain them
    with ``pull_events()``). A refused command raises and changes nothing.

    * stock: ``receive``, ``return_to_stock``, ``adjust``, ``count``, ``scrap``, ``transfer``,
      ``set_safety_stock``;
    * incoming: ``add_incoming``, ``receive_incoming``, ``cancel_incoming``;
    * reservations: ``reserve``, ``reserve_many``, ``extend``, ``confirm`` (``harden``),
      ``resize``, ``release``, ``release_all``, ``pick``, ``unpick``, ``ship``, ``tick``;
    * queries: ``on_hand``, ``reserved``, ``available``, ``positions``, ``supply_rows``,
      ``incoming``, ``reservation``; ``verify`` and ``rebuild`` for the ledger.
    """

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
        """Put ``units`` on hand at ``location`` (and ``lot``; a :class:`Lot` is registered)."""
        key, new_lot = self._key(location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        version = self._bump()
        if new_lot is not None:
            self.lots[new_lot.id] = new_lot
        self.book.record(
            MovementKind.RECEIPT, key, at, on_hand=units, reason=reason, reference=reference
        )
        self._emit(
            StockReceived(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=key.location,
                lot=key.lot,
                quantity=units,
                reason=reason,
                reference=reference,
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
        version = self._bump()
        if new_lot is not None:
            self.lots[new_lot.id] = new_lot
        self.book.record(MovementKind.RETURN_TO_STOCK, key, at, on_hand=units, reference=reference)
        self._emit(
            StockReturned(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=key.location,
                lot=key.lot,
                quantity=units,
                reference=reference,
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
    ) -> StockChange:
        """Correct on hand by ``delta`` (not 0) for a stated ``reason``.

        When on hand falls below what is reserved, the lowest priority, latest placed
        reservations lose units first; the result's ``losses`` say which.
        """
        key, _ = self._key(location, lot)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise WrongType("delta", delta, "an adjustment is a whole int number of units")
        if not delta:
            raise ValidationError("delta", delta, "an adjustment changes on hand (not 0)")
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("reason", reason, "an adjustment states its reason")
        at = instant(at, "at")
        on_hand = self.book.counters.on_hand.get(key, 0)
        if on_hand + delta < 0:
            raise NegativeStock(self.sku, key.label(), on_hand, delta, "on hand cannot go below 0")
        return self._adjusted(key, delta, at, reason, self._bump())

    def count(
        self, location: str, counted: int, at: pendulum.DateTime, *, lot: str | None = None
    ) -> StockChange:
        """Record a cycle count: on hand becomes ``counted`` (the shrink rule applies)."""
        key, _ = self._key(location, lot)
        counted = quantity("counted", counted, minimum=0)
        at = instant(at, "at")
        delta = counted - self.book.counters.on_hand.get(key, 0)
        version = self._bump()
        change = self._change(MovementKind.COUNT, key, delta, at, "cycle count")
        self._emit(
            StockCounted(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=key.location,
                lot=key.lot,
                counted=counted,
                delta=delta,
                losses=change.losses,
            )
        )
        return change

    def scrap(
        self,
        location: str,
        units: int,
        at: pendulum.DateTime,
        *,
        lot: str | None = None,
        reason: str = "",
    ) -> StockChange:
        """Write ``units`` off (damaged, expired); the shrink rule applies to reserved units."""
        key, _ = self._key(location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        on_hand = self.book.counters.on_hand.get(key, 0)
        if units > on_hand:
            raise NegativeStock(self.sku, key.label(), on_hand, -units, "scrap at most on hand")
        version = self._bump()
        change = self._change(MovementKind.SCRAP, key, -units, at, reason)
        self._emit(
            StockScrapped(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=key.location,
                lot=key.lot,
                quantity=units,
                reason=reason,
                losses=change.losses,
            )
        )
        return change

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
        source, _ = self._key(from_location, lot)
        target, _ = self._key(to_location, lot)
        units = quantity("units", units)
        at = instant(at, "at")
        if source == target:
            raise ValidationError("to_location", to_location, "a transfer goes somewhere else")
        free = self.free(source)
        if units > free:
            raise NegativeStock(
                self.sku, source.label(), free, -units, "only unreserved units are transferred"
            )
        version = self._bump()
        self.book.record(MovementKind.TRANSFER, source, at, on_hand=-units, reference=to_location)
        self.book.record(MovementKind.TRANSFER, target, at, on_hand=units, reference=from_location)
        self._emit(
            StockTransferred(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
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
        version = self._bump()
        self.safety_stock[location] = units
        self._emit(
            SafetyStockSet(
                entity_id=self.sku,
                version=version,
                occurred_at=at,
                location=location,
                quantity=units,
            )
        )

    def verify(self) -> VerifyReport:
        """Replay the ledger and compare every counter (and reservation sums) with it.

        Never raises on a healthy item: the report's ``ok`` is True and ``drifts`` empty.
        """
        report = self.book.verify()
        return attrs.evolve(report, drifts=report.drifts + reservation_drifts(self))

    def rebuild(self, at: pendulum.DateTime) -> VerifyReport:
        """Restore every counter from the ledger; the report lists what was corrected.

        A rebuild that corrected something is a change: +1 version and a ``StockRebuilt`` event.
        """
        at = instant(at, "at")
        report = self.book.rebuild()
        if report.drifts:
            self._emit(
                StockRebuilt(
                    entity_id=self.sku,
                    version=self._bump(),
                    occurred_at=at,
                    corrections=len(report.drifts),
                )
            )
        return report
