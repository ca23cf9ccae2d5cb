"""The append-only movement ledger of one SKU, the counters projected from it, and verification.

Every change of a counter is a :class:`Movement` recorded *by the same call that changes the
counter*, so the counters are always a projection of the ledger. The ledger does not live in the
aggregate: a :class:`Journal` buffers the movements until the unit of work pulls them into the
SKU's append-only ledger stream. :func:`project` replays ledger rows from nothing, and
``StockItem.verify(rows)`` / ``StockItem.rebuild(rows, at)`` compare or restore the live counters
with such a replay.

A movement either changes a position ``(location, lot)`` (``supply is None``) or an incoming
supply line (``supply`` set): for a supply line ``on_hand`` counts units still expected and
``reserved`` units promised from them. A movement of held stock (:data:`HOLD_MOVEMENTS`, its
``reason`` the :class:`~ordercore.domain.inventory.holds.HoldKind`) changes the hold at its
position by ``on_hand``; the sellable half of a release is a ``release_hold`` row with no reason.
Every row's ``on_hand`` is its change of the units physically there, so they always add up to
on hand (held units included).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

import attrs
import pendulum

from ordercore.domain.inventory.holds import HeldKey, HoldKind
from ordercore.domain.inventory.values import PositionKey, new_row

__all__ = [
    "HOLD_MOVEMENTS",
    "Drift",
    "Journal",
    "Movement",
    "MovementKind",
    "Projection",
    "VerifyReport",
    "compare",
    "project",
]

K = TypeVar("K")
_new = object.__new__


class MovementKind(enum.StrEnum):
    """What a movement records."""

    RECEIPT = "receipt"
    """Units arrived (from a supplier, or from an incoming supply line)."""
    ADJUSTMENT = "adjustment"
    """A correction with a reason (damage found, stock found)."""
    COUNT = "count"
    """A cycle count set the position to what was counted."""
    TRANSFER = "transfer"
    """Units moved between locations (one movement out, one in)."""
    RESERVE = "reserve"
    """Units promised to a reservation (also: promises following incoming stock on receipt)."""
    RELEASE = "release"
    """Units given back by a reservation (released, resized down, expired, lost to a shrink)."""
    PICK = "pick"
    """Reserved units taken off the shelf."""
    SHIP = "ship"
    """Picked units left the building: on hand, reserved and picked all drop."""
    RETURN_TO_STOCK = "return_to_stock"
    """Returned units put back on the shelf."""
    SCRAP = "scrap"
    """Units destroyed or written off."""
    EXPECT = "expect"
    """An incoming supply line was announced (its ``on_hand`` is the expected quantity)."""
    HOLD = "hold"
    """Returned units arrived into a hold (quarantine, repair, vendor): on hand, never available."""
    RELEASE_HOLD = "release_hold"
    """Held units went back to sellable stock: -units from the hold, +units sellable (two rows)."""
    SCRAP_HELD = "scrap_held"
    """Held units were destroyed or written off."""
    RETURN_TO_VENDOR = "return_to_vendor"
    """Held units left the building, shipped back to their vendor."""
    MOVE_HOLD = "move_hold"
    """Held units moved between holds where they are: -units from one, +units into the other."""


HOLD_MOVEMENTS = frozenset(
    {
        MovementKind.HOLD,
        MovementKind.RELEASE_HOLD,
        MovementKind.SCRAP_HELD,
        MovementKind.RETURN_TO_VENDOR,
        MovementKind.MOVE_HOLD,
    }
)
"""The kinds that move held stock; such a row names its hold in ``reason`` (a ``release_hold``
row without one is the sellable half of a release)."""


class Movement(NamedTuple):
    """One entry of the ledger: counter deltas at one position (or incoming supply line).

    A ``NamedTuple``: a ledger row is a record, written once and read many times, and the hot
    paths make one per reservation (a tuple is built several times faster than a frozen attrs
    object, and is as small). Built by its one generated constructor, positionally.
    """

    seq: int
    kind: MovementKind
    location: str
    lot: str | None
    on_hand: int
    reserved: int
    picked: int
    at: pendulum.DateTime
    reason: str = ""
    reference: str | None = None
    supply: str | None = None

    @property
    def key(self) -> PositionKey:
        """The position this movement is about."""
        return PositionKey(self.location, self.lot)

    @property
    def hold(self) -> HoldKind | None:
        """The hold this movement changes, or ``None`` for sellable stock (or a supply line)."""
        if self.kind in HOLD_MOVEMENTS and self.reason:
            return HoldKind(self.reason)
        return None


_RESERVE = MovementKind.RESERVE


@attrs.define
class Projection:
    """Counters as a ledger says they are: per position and per incoming supply line."""

    on_hand: dict[PositionKey, int] = attrs.Factory(dict)
    reserved: dict[PositionKey, int] = attrs.Factory(dict)
    picked: dict[PositionKey, int] = attrs.Factory(dict)
    expected: dict[str, int] = attrs.Factory(dict)
    promised: dict[str, int] = attrs.Factory(dict)
    held: dict[HeldKey, int] = attrs.Factory(dict)

    def apply(self, movement: Movement) -> None:
        """Add one movement's deltas to the counters (a held stock movement to its hold)."""
        if movement.reason and movement.kind in HOLD_MOVEMENTS:  # most rows have no reason
            key = HeldKey(movement.location, movement.lot, HoldKind(movement.reason))
            self.held[key] = self.held.get(key, 0) + movement.on_hand
            return
        self.add(
            movement.location,
            movement.lot,
            movement.on_hand,
            movement.reserved,
            movement.picked,
            movement.supply,
        )

    def add(
        self,
        location: str,
        lot: str | None,
        on_hand: int,
        reserved: int,
        picked: int,
        supply: str | None,
    ) -> None:
        """Add the deltas of one movement at ``(location, lot)``, or at incoming ``supply``.

        A position's key is looked up as a plain tuple (it equals and hashes like its
        :class:`PositionKey`); a new :class:`PositionKey` is made only for a new position.
        """
        if supply is None:
            # a plain tuple: it finds the PositionKey already in a counter, at a tuple's cost
            key: PositionKey = (location, lot)  # type: ignore[assignment]
            counter = self.on_hand
            current = counter.get(key)
            if current is None:
                key = PositionKey(location, lot)
                counter[key] = on_hand
            elif on_hand:  # a reservation's movement leaves on hand as it is
                counter[key] = current + on_hand
            if reserved:  # most movements touch one or two counters: skip the rest
                counter = self.reserved
                current = counter.get(key)
                if current is None:
                    counter[PositionKey(location, lot)] = reserved
                else:
                    counter[key] = current + reserved
            if picked:
                counter = self.picked
                current = counter.get(key)
                if current is None:
                    counter[PositionKey(location, lot)] = picked
                else:
                    counter[key] = current + picked
        else:
            self.expected[supply] = self.expected.get(supply, 0) + on_hand
            self.promised[supply] = self.promised.get(supply, 0) + reserved


def project(movements: Iterable[Movement]) -> Projection:
    """Replay ``movements`` from nothing: the counters they add up to."""
    projection = Projection()
    for movement in movements:
        projection.apply(movement)
    return projection


@attrs.frozen
class Drift:
    """One counter that disagrees: what is recorded live and what the ledger (or sum) says."""

    counter: str
    where: str
    recorded: int
    expected: int


@attrs.frozen
class VerifyReport:
    """The result of a verification: ``ok`` when no counter drifted."""

    sku: str
    movements: int
    drifts: tuple[Drift, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every counter matches the ledger and the reservations."""
        return not self.drifts


def _where(key: object) -> str:
    if isinstance(key, HeldKey):
        return key.label()
    return key.label() if isinstance(key, PositionKey) else f"incoming {key}"


def compare(name: str, live: Mapping[K, int], replay: Mapping[K, int]) -> list[Drift]:
    """The drifts between ``live`` counters and ``replay`` (zeros count as absent), sorted."""
    drifts: list[Drift] = []
    keys = {k for k, v in live.items() if v} | {k for k, v in replay.items() if v}
    for key in sorted(keys, key=str):
        recorded = live.get(key, 0)
        expected = replay.get(key, 0)
        if recorded != expected:
            drifts.append(Drift(name, _where(key), recorded, expected))
    return drifts


@attrs.define
class Journal:
    """The tail of a SKU's ledger that its stock item keeps: the next ``seq`` and unpulled rows.

    The ledger itself leaves the aggregate: every movement a command makes is buffered here and
    handed out, oldest first, by :meth:`pull` (``StockItem.pull_movements()``); the unit of work
    appends the rows to the SKU's append-only ledger stream in the same commit as the aggregate.
    Only ``next_seq`` is stored with the aggregate (``seq`` stays contiguous from 1 per SKU); the
    buffer is never stored (the codec skips ``_movements``, as it skips ``events``).
    """

    next_seq: int = 1
    _movements: list[Movement] = attrs.field(factory=list, init=False, eq=False, repr=False)

    def __deepcopy__(self, memo: dict[int, Any]) -> Journal:
        """An equal journal with its own buffer (``kernel.copies``' protocol); rows are shared."""
        copied = _new(Journal)
        copied.next_seq = self.next_seq
        copied._movements = self._movements.copy()
        return copied

    def record(
        self,
        kind: MovementKind,
        location: str,
        lot: str | None,
        on_hand: int,
        reserved: int,
        picked: int,
        at: pendulum.DateTime,
        reason: str = "",
        reference: str | None = None,
        supply: str | None = None,
    ) -> Movement:
        """Buffer the next movement (the caller validated its values) and return it."""
        seq = self.next_seq
        self.next_seq = seq + 1
        movement: Movement = new_row(  # Movement(...), every field given: no __new__ frame
            Movement,
            (seq, kind, location, lot, on_hand, reserved, picked, at, reason, reference, supply),
        )
        self._movements.append(movement)
        return movement

    def record_changes(
        self,
        kind: MovementKind,
        changes: Iterable[tuple[str, str, str | None, str | None, int, int]],
        at: pendulum.DateTime,
        reason: str,
    ) -> None:
        """Buffer one movement per reservation change, on hand unchanged.

        A change is ``(reference, location, lot, supply, reserved, picked)``: the rows
        :meth:`record` makes, in one call.
        """
        seq = self.next_seq
        # its append called as a method, not bound once: a bound method is an object made
        # (~300 instructions), and a command mostly makes one change
        movements = self._movements
        for reference, location, lot, supply, reserved, picked in changes:
            movements.append(  # Movement(...), every field given: no __new__ frame
                new_row(
                    Movement,
                    (seq, kind, location, lot, 0, reserved, picked, at, reason, reference, supply),
                )
            )
            seq += 1
        self.next_seq = seq

    @property
    def unpulled(self) -> tuple[Movement, ...]:
        """The movements buffered since the last pull, oldest first (read only)."""
        return tuple(self._movements)

    def pull(self) -> list[Movement]:
        """The buffered movements, oldest first; the buffer is then cleared."""
        movements, self._movements = self._movements, []
        return movements
