"""Reservations: units of one SKU promised to one order line, and their lifecycle.

A reservation lives inside the :class:`~ordercore.domain.inventory.stock.StockItem` of its SKU
(one SKU is one consistency boundary), so a multi-SKU order holds one reservation per SKU per
line, each in its own stock item. Its ``allocations`` are kept **in preference order, as the
allocator gave them**: a partial release gives back from the last (least preferred) one first.

``priority``: **a lower number is more important** (1 is served before 5). When stock shrinks
below what is reserved, the reservations with the *highest* number (the lowest priority) and,
among equals, the latest ``placed_at`` lose their units first.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Any, NamedTuple

import attrs
import pendulum

from ordercore.domain.inventory.values import Allocation
from ordercore.kernel.fsm import Lifecycle, Transition
from ordercore.kernel.slots import draft_class

__all__ = [
    "ACTIVE_STATES",
    "RESERVATION_LIFECYCLE",
    "ReleaseResult",
    "Reservation",
    "ReservationKind",
    "ReservationLoss",
    "ReservationMove",
    "ReservationRequest",
    "ReservationState",
    "StockChange",
]


class ReservationState(enum.StrEnum):
    """Where a reservation is in its life."""

    HELD = "held"
    """A soft hold with a time-to-live (an unpaid checkout)."""
    ALLOCATED = "allocated"
    """A hard allocation: it does not expire (the order is paid, or trusted)."""
    PICKED = "picked"
    """Picking has begun: some units are off the shelf."""
    CONSUMED = "consumed"
    """Every unit shipped."""
    RELEASED = "released"
    """Every unit given back (release_all, or releasing exactly what was left)."""
    EXPIRED = "expired"
    """The hold's time ran out (``now >= expires_at``) and its units were given back."""


class ReservationKind(enum.StrEnum):
    """Soft holds expire; hard allocations do not."""

    SOFT = "soft"
    HARD = "hard"


_S = ReservationState
_ACTIVE = (_S.HELD, _S.ALLOCATED, _S.PICKED)
ACTIVE_STATES: tuple[ReservationState, ...] = _ACTIVE
"""The states of a reservation that holds (or may hold) units (``Reservation.is_active``)."""
_HELD = _S.HELD  # read once: an enum member lookup is a descriptor call
_new = object.__new__

RESERVATION_LIFECYCLE: Lifecycle[ReservationState, Reservation] = Lifecycle(
    "reservation",
    ReservationState,
    ReservationState.HELD,
    [
        Transition(_S.HELD, "extend", _S.HELD),
        Transition(_S.HELD, "confirm", _S.ALLOCATED),
        Transition(_S.HELD, "expire", _S.EXPIRED),
        Transition(_S.HELD, "resize", _S.HELD),
        Transition(_S.ALLOCATED, "resize", _S.ALLOCATED),
        Transition(_S.HELD, "release_part", _S.HELD),
        Transition(_S.ALLOCATED, "release_part", _S.ALLOCATED),
        Transition(_S.PICKED, "release_part", _S.PICKED),
        Transition(_ACTIVE, "release_all", _S.RELEASED),
        Transition(_S.HELD, "lose_units", _S.HELD),
        Transition(_S.ALLOCATED, "lose_units", _S.ALLOCATED),
        Transition(_S.PICKED, "lose_units", _S.PICKED),
        Transition([_S.ALLOCATED, _S.PICKED], "pick", _S.PICKED),
        Transition(_S.PICKED, "unpick_part", _S.PICKED),
        Transition(_S.PICKED, "unpick", _S.ALLOCATED),
        Transition(_S.PICKED, "ship_part", _S.PICKED),
        Transition(_S.PICKED, "consume", _S.CONSUMED),
    ],
    terminal=[_S.CONSUMED, _S.RELEASED, _S.EXPIRED],
)
"""The ``reservation`` lifecycle: held → allocated → picked → consumed; released; expired.

``lose_units`` is the shrink rule taking units away (the reservation stays, maybe at zero);
``release_part`` keeps the state, ``release_all`` ends it; ``ship_part`` ships some picked units,
``consume`` ships the last ones; ``unpick_part`` puts some picked units back on the shelf,
``unpick`` the last picked ones (back to ``allocated``).
"""


@attrs.define(weakref_slot=False)  # thousands per SKU; nothing holds one weakly
class Reservation:
    """Units of one SKU promised to one order line (an entity inside its ``StockItem``).

    Read it, never write it: the stock item changes it through its commands. ``expires_at`` is set
    for soft holds only.
    """

    id: str
    sku: str
    order_ref: str
    line_ref: str
    priority: int
    placed_at: pendulum.DateTime
    kind: ReservationKind
    state: ReservationState
    allocations: tuple[Allocation, ...]
    expires_at: pendulum.DateTime | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Reservation:
        """An equal reservation of its own (``kernel.copies``' protocol); its values are shared.

        Every field holds an immutable value; ten slot writes are cheaper than the copier's
        table (a stock item with open reservations copies them on every read).
        """
        copied = _new(Reservation)
        copied.id = self.id
        copied.sku = self.sku
        copied.order_ref = self.order_ref
        copied.line_ref = self.line_ref
        copied.priority = self.priority
        copied.placed_at = self.placed_at
        copied.kind = self.kind
        copied.state = self.state
        copied.allocations = self.allocations
        copied.expires_at = self.expires_at
        return copied

    @property
    def quantity(self) -> int:
        """Units this reservation holds now (picked ones included)."""
        allocations = self.allocations
        if len(allocations) == 1:  # the common case: no generator to sum
            return allocations[0].quantity
        return sum(a.quantity for a in allocations)

    @property
    def picked(self) -> int:
        """Units of it already off the shelf."""
        allocations = self.allocations
        if len(allocations) == 1:
            return allocations[0].picked
        return sum(a.picked for a in allocations)

    @property
    def is_active(self) -> bool:
        """True while it holds (or may hold) units: held, allocated or picked."""
        return self.state in _ACTIVE

    def is_due(self, now: pendulum.DateTime) -> bool:
        """True for a hold whose time is up: ``now >= expires_at`` (the boundary is expired)."""
        return self.state is _HELD and self.expires_at is not None and now >= self.expires_at


def new_reservation(
    reservation_id: str,
    sku: str,
    order_ref: str,
    line_ref: str,
    priority: int,
    placed_at: pendulum.DateTime,
    kind: ReservationKind,
    state: ReservationState,
    allocations: tuple[Allocation, ...],
    expires_at: pendulum.DateTime | None,
) -> Reservation:
    """``Reservation(...)`` of checked values (every field, in order), its slots written.

    What placing a hold opens (one per reserve): the type call and attrs' ``__init__`` frame
    behind it cost more than the ten slot writes, as in ``Reservation.__deepcopy__``.
    """
    made = _new(Reservation)
    made.id = reservation_id
    made.sku = sku
    made.order_ref = order_ref
    made.line_ref = line_ref
    made.priority = priority
    made.placed_at = placed_at
    made.kind = kind
    made.state = state
    made.allocations = allocations
    made.expires_at = expires_at
    return made


class ReservationRequest(NamedTuple):
    """One hold of a :meth:`StockItem.reserve_many` batch (the same fields as ``reserve``).

    Give exactly one of ``ttl`` (a ``timedelta`` or ``pendulum.Duration``), ``expires_at``
    or ``hard=True``. A ``NamedTuple``: a host makes one per order line, so it costs a tuple;
    ``reserve_many`` checks every field (and names the one it refuses) before anything changes.
    """

    reservation_id: str
    order_ref: str
    line_ref: str
    allocations: tuple[Allocation, ...]
    priority: int = 5
    placed_at: pendulum.DateTime | None = None
    ttl: timedelta | None = None
    expires_at: pendulum.DateTime | None = None
    hard: bool = False


class ReleaseResult(NamedTuple):
    """What a release did: ``released`` units, or ``noop=True`` with the reason it did nothing.

    A ``NamedTuple`` (a hot-path record: every release returns one), read by its field names.
    """

    reservation_id: str
    released: int
    state: ReservationState
    noop: bool = False
    reason: str = ""


@attrs.frozen
class ReservationLoss:
    """Units a reservation lost because stock shrank below what was reserved.

    ``supply`` names the incoming supply line when the lost units were promised from it.
    """

    reservation_id: str
    order_ref: str
    line_ref: str
    location: str
    lot: str | None
    quantity: int
    supply: str | None = None


@attrs.frozen
class ReservationMove:
    """Units a reservation lost at one place and got back from free stock at another.

    ``from_location``/``from_lot`` is where stock shrank; ``location``/``lot`` where the units
    are reserved now.
    """

    reservation_id: str
    order_ref: str
    line_ref: str
    from_location: str
    from_lot: str | None
    location: str
    lot: str | None
    quantity: int


@attrs.frozen
class StockChange:
    """The result of a shrinking command (adjust, count, scrap, pick with missing units).

    ``losses`` says which reservations lost how many units at the shrunk place (empty when the
    free stock covered the change). With ``reserve_elsewhere=True`` the command served them
    again from free stock at other places first: ``moves`` says who moved where, and
    ``unserved`` is what is left for the order side to re-allocate or backorder.
    """

    location: str
    lot: str | None
    delta: int
    on_hand: int
    losses: tuple[ReservationLoss, ...] = ()
    moves: tuple[ReservationMove, ...] = ()

    @property
    def lost(self) -> int:
        """Units taken from reservations in total (re-served ones included)."""
        return sum(loss.quantity for loss in self.losses)

    @property
    def unserved(self) -> tuple[ReservationLoss, ...]:
        """The losses net of the moves: what no other place could serve again."""
        if not self.moves:
            return self.losses
        moved: dict[str, int] = {}
        for move in self.moves:
            moved[move.reservation_id] = moved.get(move.reservation_id, 0) + move.quantity
        left: list[ReservationLoss] = []
        for loss in self.losses:
            covered = min(loss.quantity, moved.get(loss.reservation_id, 0))
            if covered:
                moved[loss.reservation_id] -= covered
            if loss.quantity - covered:
                left.append(attrs.evolve(loss, quantity=loss.quantity - covered))
        return tuple(left)


_ChangeDraft = draft_class(StockChange)


def unshrunk(location: str, lot: str | None, on_hand: int) -> StockChange:
    """``StockChange(location, lot, 0, on_hand)`` of checked values, a draft's slots assigned.

    What a pick without missing units returns (a pick a line, on every order): every field of
    a draft (kernel.slots.draft_class) assigned, then its class set; no ``__init__`` call.
    """
    draft: Any = _ChangeDraft()
    draft.location = location
    draft.lot = lot
    draft.delta = 0
    draft.on_hand = on_hand
    draft.losses = ()
    draft.moves = ()
    draft.__class__ = StockChange
    change: StockChange = draft
    return change
