"""Domain events of a SKU's stock (``entity_kind`` ``"stock"``, ``entity_id`` the SKU).

Small frozen objects: each carries the stock item's new ``version``; reservation events carry the
``reservation_id``. All events of one command share that command's version.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.domain.inventory.holds import HoldKind
from ordercore.domain.inventory.reservations import ReservationLoss
from ordercore.domain.inventory.values import Allocation, Lot
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.slots import draft_class

__all__ = [
    "AvailabilityChanged",
    "HeldStockMoved",
    "HeldStockReleased",
    "HeldStockReturnedToVendor",
    "HeldStockScrapped",
    "HoldReplaced",
    "IncomingStockCancelled",
    "IncomingStockExpected",
    "IncomingStockReceived",
    "ReservationConfirmed",
    "ReservationExpired",
    "ReservationExtended",
    "ReservationRefilled",
    "ReservationResized",
    "ReturnedStockHeld",
    "ReturnedStockScrapped",
    "SafetyStockSet",
    "StockAdjusted",
    "StockCounted",
    "StockEvent",
    "StockPicked",
    "StockRebuilt",
    "StockReceived",
    "StockReleased",
    "StockReserved",
    "StockReturned",
    "StockScrapped",
    "StockShipped",
    "StockTransferred",
    "StockUnpicked",
]


@attrs.frozen(kw_only=True)
class StockEvent(DomainEvent):
    """Base of every stock event: ``entity_id`` is the SKU."""

    entity_kind: ClassVar[str] = "stock"


@attrs.frozen(kw_only=True)
class StockReceived(StockEvent):
    """Units arrived at a position; ``new_lot`` is the lot it registered (received with a Lot)."""

    location: str
    lot: str | None
    quantity: int
    reason: str = ""
    reference: str | None = None
    new_lot: Lot | None = None


@attrs.frozen(kw_only=True)
class StockReturned(StockEvent):
    """Returned units were put back on the shelf; ``new_lot`` is the lot it registered."""

    location: str
    lot: str | None
    quantity: int
    reference: str | None = None
    new_lot: Lot | None = None


@attrs.frozen(kw_only=True)
class StockAdjusted(StockEvent):
    """On hand was corrected by ``delta`` for ``reason``; ``losses`` if it shrank below reserved."""

    location: str
    lot: str | None
    delta: int
    reason: str
    losses: tuple[ReservationLoss, ...] = ()


@attrs.frozen(kw_only=True)
class StockCounted(StockEvent):
    """A cycle count found ``counted`` units (a change of ``delta``)."""

    location: str
    lot: str | None
    counted: int
    delta: int
    losses: tuple[ReservationLoss, ...] = ()


@attrs.frozen(kw_only=True)
class StockScrapped(StockEvent):
    """Units were written off."""

    location: str
    lot: str | None
    quantity: int
    reason: str = ""
    losses: tuple[ReservationLoss, ...] = ()


@attrs.frozen(kw_only=True)
class StockTransferred(StockEvent):
    """Free units moved from one location to another."""

    from_location: str
    to_location: str
    lot: str | None
    quantity: int


@attrs.frozen(kw_only=True)
class SafetyStockSet(StockEvent):
    """A location's safety stock (units never promised) was set; ``previous`` was its value."""

    location: str
    quantity: int
    previous: int = 0


@attrs.frozen(kw_only=True)
class AvailabilityChanged(StockEvent):
    """A SKU's free figure crossed a threshold in one command (an availability signal).

    ``signal`` is ``out_of_stock``, ``back_in_stock``, ``low_stock`` or ``no_longer_low``;
    ``channel`` is ``None`` for the SKU's own figure (on hand - reserved - safety stock), or the
    sales channel whose figure (after its buffer) crossed. ``previous`` and ``free`` are the
    figure at the start and at the end of the command; ``threshold`` the line it crossed (0 for
    stock-outs). It changes no state: it shares the command's version.
    """

    signal: str
    channel: str | None
    previous: int
    free: int
    threshold: int


@attrs.frozen(kw_only=True)
class StockReserved(StockEvent):
    """A reservation was placed, with its ``allocations`` (where its units are) as placed.

    ``priority`` and ``placed_at`` decide who loses units first when stock shrinks; replay needs
    them (``placed_at`` ``None`` means the event's ``occurred_at``).
    """

    reservation_id: str
    order_ref: str
    line_ref: str
    quantity: int
    hard: bool
    expires_at: pendulum.DateTime | None = None
    allocations: tuple[Allocation, ...] = ()
    priority: int = 5
    placed_at: pendulum.DateTime | None = None


@attrs.frozen(kw_only=True)
class ReservationExtended(StockEvent):
    """A hold got a later ``expires_at``."""

    reservation_id: str
    expires_at: pendulum.DateTime


@attrs.frozen(kw_only=True)
class ReservationConfirmed(StockEvent):
    """A soft hold became a hard allocation (it no longer expires)."""

    reservation_id: str


@attrs.frozen(kw_only=True)
class ReservationResized(StockEvent):
    """A reservation now holds ``quantity`` units (``delta`` more, or fewer if negative)."""

    reservation_id: str
    quantity: int
    delta: int


@attrs.frozen(kw_only=True)
class HoldReplaced(StockEvent):
    """A checkout's hold now holds ``allocations`` until ``expires_at`` (grown, shrunk, moved).

    ``previous`` is how many units it held before; the old places are given back and the new
    ones reserved in one step, so the hold never counts twice.
    """

    reservation_id: str
    quantity: int
    previous: int
    allocations: tuple[Allocation, ...]
    expires_at: pendulum.DateTime


@attrs.frozen(kw_only=True)
class ReservationRefilled(StockEvent):
    """A reservation that lost units when stock shrank was served again from ``allocations``.

    ``allocations`` are the places the units came from (free stock elsewhere); they join the
    reservation's own, after them in preference order.
    """

    reservation_id: str
    quantity: int
    allocations: tuple[Allocation, ...]


@attrs.frozen(kw_only=True)
class StockReleased(StockEvent):
    """A reservation gave back ``quantity`` units; ``all_units`` for a release of everything."""

    reservation_id: str
    quantity: int
    all_units: bool


@attrs.frozen(kw_only=True)
class ReservationExpired(StockEvent):
    """A hold's time ran out and its ``quantity`` units were given back."""

    reservation_id: str
    quantity: int


@attrs.frozen(kw_only=True)
class StockPicked(StockEvent):
    """Units of a reservation were picked; ``missing`` units were not found on the shelf."""

    reservation_id: str
    location: str
    lot: str | None
    quantity: int
    missing: int = 0


@attrs.frozen(kw_only=True)
class StockShipped(StockEvent):
    """Picked units of a reservation left the building.

    ``location`` (and ``lot``) name the place they left from when the caller named it;
    ``None`` when they left from the reservation's preferred picked places.
    """

    reservation_id: str
    quantity: int
    location: str | None = None
    lot: str | None = None


@attrs.frozen(kw_only=True)
class StockUnpicked(StockEvent):
    """Picked units of a reservation went back on the shelf at a place, still reserved."""

    reservation_id: str
    location: str
    lot: str | None
    quantity: int


@attrs.frozen(kw_only=True)
class IncomingStockExpected(StockEvent):
    """An incoming supply line (purchase order, transfer in transit) was announced."""

    supply_id: str
    location: str
    lot: str | None
    quantity: int
    expected_on: pendulum.Date
    new_lot: Lot | None = None


@attrs.frozen(kw_only=True)
class IncomingStockReceived(StockEvent):
    """Units of an incoming supply arrived; ``followed`` promised units moved to on hand."""

    supply_id: str
    quantity: int
    followed: int


@attrs.frozen(kw_only=True)
class IncomingStockCancelled(StockEvent):
    """Units no longer expected from a supply line; ``losses`` if promises exceeded the rest."""

    supply_id: str
    quantity: int
    reason: str = ""
    losses: tuple[ReservationLoss, ...] = ()


@attrs.frozen(kw_only=True)
class StockRebuilt(StockEvent):
    """The counters were restored from the ledger; ``corrections`` counters had drifted.

    ``positions`` are the restored ``(location, lot, on_hand, reserved, picked)`` rows and
    ``incoming`` the restored ``(supply_id, expected, promised)`` rows, so replay restores them too.
    """

    corrections: int
    positions: tuple[tuple[str, str | None, int, int, int], ...] = ()
    incoming: tuple[tuple[str, int, int], ...] = ()
    held: tuple[tuple[str, str | None, str, int], ...] = ()
    """The restored ``(location, lot, hold, units)`` rows of held stock."""


# -- held stock: returned units kept out of sale (quarantine, repair, vendor) -------------------


@attrs.frozen(kw_only=True)
class ReturnedStockHeld(StockEvent):
    """Returned units arrived into ``hold`` at a position: on hand, never available."""

    location: str
    lot: str | None
    hold: HoldKind
    quantity: int
    reference: str | None = None
    new_lot: Lot | None = None


@attrs.frozen(kw_only=True)
class ReturnedStockScrapped(StockEvent):
    """Returned units were written off on arrival (received into quarantine and scrapped)."""

    location: str
    lot: str | None
    quantity: int
    reference: str | None = None


@attrs.frozen(kw_only=True)
class HeldStockReleased(StockEvent):
    """Held units went back to sellable stock at their position (inspection passed, repaired)."""

    location: str
    lot: str | None
    hold: HoldKind
    quantity: int
    reference: str | None = None


@attrs.frozen(kw_only=True)
class HeldStockScrapped(StockEvent):
    """Held units were destroyed or written off."""

    location: str
    lot: str | None
    hold: HoldKind
    quantity: int
    reference: str | None = None


@attrs.frozen(kw_only=True)
class HeldStockReturnedToVendor(StockEvent):
    """Held units left the building, shipped back to their vendor."""

    location: str
    lot: str | None
    hold: HoldKind
    quantity: int
    reference: str | None = None


@attrs.frozen(kw_only=True)
class HeldStockMoved(StockEvent):
    """Held units moved from one hold to another where they are (quarantine → repair).

    On hand does not change and the units are never available on the way.
    """

    location: str
    lot: str | None
    from_hold: HoldKind
    to_hold: HoldKind
    quantity: int
    reference: str | None = None


# ------------------------------------------------------------------ the hot commands' events
# A frozen event's attrs __init__ writes each field with object.__setattr__ (about 1.2k
# instructions a field) and runs the occurred_at converter. reserve, pick, ship and release_all
# build theirs from values they already checked (``occurred_at`` an aware instant): every
# field of a draft assigned, then its class set (kernel.slots.draft_class), the same event.

_ReservedDraft = draft_class(StockReserved)
_PickedDraft = draft_class(StockPicked)
_ShippedDraft = draft_class(StockShipped)
_ReleasedDraft = draft_class(StockReleased)


def stock_reserved(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    reservation_id: str,
    order_ref: str,
    line_ref: str,
    quantity: int,
    hard: bool,
    expires_at: pendulum.DateTime | None,
    allocations: tuple[Allocation, ...],
    priority: int,
    placed_at: pendulum.DateTime | None,
) -> StockReserved:
    """The ``StockReserved`` of values a reserve already checked (every field, in order)."""
    draft: Any = _ReservedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.reservation_id = reservation_id
    draft.order_ref = order_ref
    draft.line_ref = line_ref
    draft.quantity = quantity
    draft.hard = hard
    draft.expires_at = expires_at
    draft.allocations = allocations
    draft.priority = priority
    draft.placed_at = placed_at
    draft.__class__ = StockReserved
    event: StockReserved = draft
    return event


def stock_picked(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    reservation_id: str,
    location: str,
    lot: str | None,
    quantity: int,
    missing: int,
) -> StockPicked:
    """The ``StockPicked`` of values a pick already checked (every field, in order)."""
    draft: Any = _PickedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.reservation_id = reservation_id
    draft.location = location
    draft.lot = lot
    draft.quantity = quantity
    draft.missing = missing
    draft.__class__ = StockPicked
    event: StockPicked = draft
    return event


def stock_shipped(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    reservation_id: str,
    quantity: int,
    location: str | None,
    lot: str | None,
) -> StockShipped:
    """The ``StockShipped`` of values a ship already checked (every field, in order)."""
    draft: Any = _ShippedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.reservation_id = reservation_id
    draft.quantity = quantity
    draft.location = location
    draft.lot = lot
    draft.__class__ = StockShipped
    event: StockShipped = draft
    return event


def stock_released(
    entity_id: str,
    version: int,
    occurred_at: pendulum.DateTime,
    reservation_id: str,
    quantity: int,
    all_units: bool,
) -> StockReleased:
    """The ``StockReleased`` of values a release already checked (every field, in order)."""
    draft: Any = _ReleasedDraft()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = occurred_at
    draft.reservation_id = reservation_id
    draft.quantity = quantity
    draft.all_units = all_units
    draft.__class__ = StockReleased
    event: StockReleased = draft
    return event
