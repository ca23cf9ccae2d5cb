"""The append-only movement ledger of one SKU, the counters projected from it, and verification.

Every change of a counter is a :class:`Movement` appended to the ledger *by the same call that
changes the counter* (:meth:`StockBook.record`), so the counters are always a projection of the
ledger. :func:`project` replays a ledger from nothing; :meth:`StockBook.verify` compares the
live counters with the replay and reports any drift; :meth:`StockBook.rebuild` restores them.

A movement either changes a position ``(location, lot)`` (``supply is None``) or an incoming
supply line (``supply`` set): for a supply line ``on_hand`` counts units still expected and
``reserved`` units promised from them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple, TypeVar

import attrs
import pendulum

from ordercore.domain.inventory.values import PositionKey

__all__ = [
    "Drift",
    "Movement",
    "MovementKind",
    "Projection",
    "StockBook",
    "VerifyReport",
    "project",
]

K = TypeVar("K")


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


class Movement(NamedTuple):
    """One entry of the ledger: counter deltas at one position (or incoming supply line).

    A ``NamedTuple``: a ledger row is a record, written once and read many times, and the hot
    paths append one per reservation (a tuple is built several times faster than a frozen
    attrs object, and is as small).
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


# Movement(seq, kind, ...) without its generated __new__ (validated values, every field given)
_new_tuple = tuple.__new__
_M = Movement
_RESERVE = MovementKind.RESERVE


@attrs.define
class Projection:
    """Counters as a ledger says they are: per position and per incoming supply line."""

    on_hand: dict[PositionKey, int] = attrs.Factory(dict)
    reserved: dict[PositionKey, int] = attrs.Factory(dict)
    picked: dict[PositionKey, int] = attrs.Factory(dict)
    expected: dict[str, int] = attrs.Factory(dict)
    promised: dict[str, int] = attrs.Factory(dict)

    def apply(self, movement: Movement) -> None:
        """Add one movement's deltas to the counters."""
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


def project(movements: list[Movement]) -> Projection:
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
    return key.label() if isinstance(key, PositionKey) else f"incoming {key}"


def _compare(name: str, live: Mapping[K, int], replay: Mapping[K, int]) -> list[Drift]:
    drifts: list[Drift] = []
    keys = {k for k, v in live.items() if v} | {k for k, v in replay.items() if v}
    for key in sorted(keys, key=str):
        recorded = live.get(key, 0)
        expected = replay.get(key, 0)
        if recorded != expected:
            drifts.append(Drift(name, _where(key), recorded, expected))
    return drifts


@attrs.define
class StockBook:
    """The live counters of one SKU and the ledger that justifies every one of them.

    Counters change only through :meth:`record`, which appends the movement first; nothing
    else writes them (``rebuild`` aside). Reads are plain dict lookups.
    """

    sku: str
    counters: Projection = attrs.Factory(Projection)
    ledger: list[Movement] = attrs.Factory(list)

    def record(
        self,
        kind: MovementKind,
        key: PositionKey,
        at: pendulum.DateTime,
        *,
        on_hand: int = 0,
        reserved: int = 0,
        picked: int = 0,
        reason: str = "",
        reference: str | None = None,
        supply: str | None = None,
    ) -> Movement:
        """Append a movement and apply its deltas (the caller validated them already)."""
        return self.append(
            kind, key[0], key[1], on_hand, reserved, picked, at, reason, reference, supply
        )

    def append(
        self,
        kind: MovementKind,
        location: str,
        lot: str | None,
        on_hand: int,
        reserved: int,
        picked: int,
        at: pendulum.DateTime,
        reason: str,
        reference: str | None,
        supply: str | None,
    ) -> Movement:
        """:meth:`record` with every field positional, for the hot paths (validated values)."""
        ledger = self.ledger
        movement = _new_tuple(
            _M,
            (
                len(ledger) + 1,
                kind,
                location,
                lot,
                on_hand,
                reserved,
                picked,
                at,
                reason,
                reference,
                supply,
            ),
        )
        ledger.append(movement)
        self.counters.add(location, lot, on_hand, reserved, picked, supply)
        return movement

    def reserve(
        self,
        rows: list[tuple[str, str | None, int, str | None, str]],
        at: pendulum.DateTime,
        on_hand: Mapping[PositionKey, int],
        incoming: Mapping[str, int],
    ) -> None:
        """Append a ``reserve`` movement per ``(location, lot, units, supply, reference)`` row.

        The counters move once per place by the batch's totals, ``on_hand`` per position and
        ``incoming`` per supply line, which the caller summed from exactly these rows (the
        reservation commands check a batch on those totals anyway); the result is what
        appending the rows one by one would give, at a fraction of the dictionary work.
        """
        if len(rows) == 1:  # one hold: the single-movement path is cheaper than the totals' loops
            location, lot, units, supply, reference = rows[0]
            self.append(_RESERVE, location, lot, 0, units, 0, at, "", reference, supply)
            return
        ledger = self.ledger
        seq = len(ledger)
        append = ledger.append
        for location, lot, units, supply, reference in rows:
            seq += 1
            append(
                _new_tuple(
                    _M, (seq, _RESERVE, location, lot, 0, units, 0, at, "", reference, supply)
                )
            )
        counters = self.counters
        reserved = counters.reserved
        positions = counters.on_hand
        for key, units in on_hand.items():
            if key not in positions:  # a reservation's movement adds a position at zero
                positions[PositionKey(*key)] = 0
            current = reserved.get(key)
            if current is None:
                reserved[PositionKey(*key)] = units
            else:
                reserved[key] = current + units
        expected, promised = counters.expected, counters.promised
        for supply, units in incoming.items():
            expected.setdefault(supply, 0)
            promised[supply] = promised.get(supply, 0) + units

    def verify(self) -> VerifyReport:
        """Replay the ledger and report every counter that differs from it."""
        replay = project(self.ledger)
        live = self.counters
        drifts = [
            *_compare("on_hand", live.on_hand, replay.on_hand),
            *_compare("reserved", live.reserved, replay.reserved),
            *_compare("picked", live.picked, replay.picked),
            *_compare("incoming", live.expected, replay.expected),
            *_compare("promised", live.promised, replay.promised),
        ]
        return VerifyReport(self.sku, len(self.ledger), tuple(drifts))

    def rebuild(self) -> VerifyReport:
        """Set every counter to what the ledger says; the report lists what was corrected."""
        report = self.verify()
        self.counters = project(self.ledger)
        return report
