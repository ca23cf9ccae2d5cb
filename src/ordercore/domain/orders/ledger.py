"""The quantity ledger of an order line: ten buckets that always sum to the ordered quantity.

Every unit of a line is in exactly one :class:`Bucket`. Units change bucket only through the named
moves of :data:`BUCKET_MOVES` (declared once, as data) or through the order's edits and
cancellations. Beside the buckets, on the money side, the ledger counts ``invoiced`` and
``credited`` units; they are not buckets (an invoiced unit is still, say, allocated).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.slots import draft_class

from .values import require_quantity

__all__ = [
    "BUCKET_MOVES",
    "CANCELLABLE_BUCKETS",
    "EDITABLE_BUCKETS",
    "OUT_BUCKETS",
    "Bucket",
    "BucketMove",
    "QuantityLedger",
    "bucket_move",
]


class Bucket(enum.StrEnum):
    """Where a unit of a line is in its journey from ordered to delivered (or returned)."""

    UNALLOCATED = "unallocated"
    BACKORDERED = "backordered"
    ALLOCATED = "allocated"
    PICKED = "picked"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"
    CANCELLED = "cancelled"


EDITABLE_BUCKETS: tuple[Bucket, ...] = (Bucket.UNALLOCATED, Bucket.BACKORDERED, Bucket.ALLOCATED)
"""Buckets whose units an edit may take away, in the order it takes them (not yet picked)."""

CANCELLABLE_BUCKETS: tuple[Bucket, ...] = (*EDITABLE_BUCKETS, Bucket.PICKED, Bucket.PACKED)
"""Buckets whose units a cancellation may take, in the order it takes them (not yet shipped)."""

OUT_BUCKETS: tuple[Bucket, ...] = (
    Bucket.SHIPPED,
    Bucket.DELIVERED,
    Bucket.RETURN_REQUESTED,
    Bucket.RETURNED,
)
"""Buckets of units that have left the warehouse (fulfilled, counted by fulfilment status)."""


@attrs.frozen
class BucketMove:
    """One named move of units from ``source`` to ``target``, allowed in some order statuses."""

    name: str
    source: Bucket
    target: Bucket
    statuses: frozenset[str]
    description: str


_RESERVING = frozenset({"placed", "confirmed", "in_fulfilment"})
_WAREHOUSE = frozenset({"confirmed", "in_fulfilment"})
_FLOOR = frozenset({"in_fulfilment"})
_AFTER = frozenset({"in_fulfilment", "completed"})

BUCKET_MOVES: tuple[BucketMove, ...] = (
    BucketMove("allocate", Bucket.UNALLOCATED, Bucket.ALLOCATED, _RESERVING, "stock reserved"),
    BucketMove("backorder", Bucket.UNALLOCATED, Bucket.BACKORDERED, _RESERVING, "no stock yet"),
    BucketMove("fill_backorder", Bucket.BACKORDERED, Bucket.ALLOCATED, _RESERVING, "stock arrived"),
    BucketMove(
        "requeue_backorder", Bucket.BACKORDERED, Bucket.UNALLOCATED, _RESERVING, "try again"
    ),
    BucketMove("release", Bucket.ALLOCATED, Bucket.UNALLOCATED, _RESERVING, "reservation freed"),
    BucketMove("pick", Bucket.ALLOCATED, Bucket.PICKED, _WAREHOUSE, "taken from the shelf"),
    BucketMove(
        "short_pick", Bucket.ALLOCATED, Bucket.BACKORDERED, _FLOOR, "not found on the shelf"
    ),
    BucketMove("unpick", Bucket.PICKED, Bucket.ALLOCATED, _FLOOR, "put back on the shelf"),
    BucketMove("pack", Bucket.PICKED, Bucket.PACKED, _FLOOR, "packed and verified"),
    BucketMove("unpack", Bucket.PACKED, Bucket.PICKED, _FLOOR, "taken out of the box"),
    BucketMove("ship", Bucket.PACKED, Bucket.SHIPPED, _FLOOR, "handed to the carrier"),
    BucketMove("deliver", Bucket.SHIPPED, Bucket.DELIVERED, _AFTER, "received by the customer"),
    BucketMove("request_return", Bucket.DELIVERED, Bucket.RETURN_REQUESTED, _AFTER, "RMA opened"),
    BucketMove("receive_return", Bucket.RETURN_REQUESTED, Bucket.RETURNED, _AFTER, "came back"),
    BucketMove("reject_return", Bucket.RETURN_REQUESTED, Bucket.DELIVERED, _AFTER, "RMA refused"),
)
"""Every move of units between buckets, by name; ``Order.move`` applies them (see docs)."""

_MOVES_BY_NAME: Mapping[str, BucketMove] = {move.name: move for move in BUCKET_MOVES}


def bucket_move(name: object, field: str = "move") -> BucketMove:
    """The move called ``name``, or a :class:`ValidationError` naming ``field`` and the moves."""
    move = _MOVES_BY_NAME.get(name) if isinstance(name, str) else None
    if move is None:
        raise ValidationError(field, name, f"a move is one of {', '.join(_MOVES_BY_NAME)}")
    return move


_FIELDS = (
    *(bucket.value for bucket in Bucket),
    "invoiced",
    "credited",
)

_NAME_OF: Mapping[object, str] = {bucket: str.__str__(bucket) for bucket in Bucket}
"""Each bucket's field name, a plain ``str`` (a plain str of the same value finds it too)."""

_INDEX: Mapping[Bucket, int] = {bucket: index for index, bucket in enumerate(Bucket)}
"""Where each bucket's count is in :data:`_FIELDS` (and :meth:`QuantityLedger._values`)."""

_NOTHING = (0,) * (len(_FIELDS) - 1)
"""The counts after ``unallocated`` of a fresh ledger."""

_INT_ONLY = {int}
"""The types of twelve whole counts (compared with, never changed)."""


@attrs.frozen(kw_only=True)
class QuantityLedger:
    """The units of one line per bucket, plus invoiced and credited counts (all ``int`` >= 0)."""

    unallocated: int = 0
    backordered: int = 0
    allocated: int = 0
    picked: int = 0
    packed: int = 0
    shipped: int = 0
    delivered: int = 0
    return_requested: int = 0
    returned: int = 0
    cancelled: int = 0
    invoiced: int = 0
    credited: int = 0

    def __attrs_post_init__(self) -> None:
        # the twelve counts checked at C speed (every __init__; a move or a count writes the
        # slots and checks only its two changed counts, see _changed): every one an exact int
        # (a bool or a float is not) and none below 0; else the first count that is not a
        # whole int >= 0 is named by require_quantity with its field, value and rule
        values = self._values()
        if set(map(type, values)) == _INT_ONLY and min(values) >= 0:
            return  # the usual case, no name looked up
        for name in _FIELDS:
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                require_quantity(name, value, minimum=0)

    def _values(self) -> list[int]:
        """The twelve counts, in :data:`_FIELDS` order (spelled out: every move asks for them).

        A new list each call, which a move or a count changes in place (no copy of a tuple).
        """
        return [
            self.unallocated,
            self.backordered,
            self.allocated,
            self.picked,
            self.packed,
            self.shipped,
            self.delivered,
            self.return_requested,
            self.returned,
            self.cancelled,
            self.invoiced,
            self.credited,
        ]

    @classmethod
    def new(cls, quantity: int) -> QuantityLedger:
        """A fresh ledger: ``quantity`` units, all unallocated."""
        units = require_quantity("quantity", quantity, minimum=1)
        if cls is not QuantityLedger:
            return cls(unallocated=units)
        return _changed([units, *_NOTHING], units, 0)  # slots written: a line makes one

    def __getitem__(self, bucket: Bucket) -> int:
        # the bucket's field name as a plain str: getattr() with a str subclass (a Bucket)
        # misses the type's attribute cache and costs about three times as much
        try:
            name: str = _NAME_OF[bucket]
        except (KeyError, TypeError):  # not a bucket's name: the enum refuses it, as before
            name = Bucket(bucket)
        value: int = getattr(self, name)
        return value

    @property
    def ordered(self) -> int:
        """The ordered quantity: the sum of all ten buckets."""
        # spelled out, not a loop over Bucket: every command asks for it, several times
        return (
            self.unallocated
            + self.backordered
            + self.allocated
            + self.picked
            + self.packed
            + self.shipped
            + self.delivered
            + self.return_requested
            + self.returned
            + self.cancelled
        )

    @property
    def active(self) -> int:
        """Units still wanted: ordered minus cancelled."""
        return self.ordered - self.cancelled

    @property
    def editable(self) -> int:
        """Units not yet picked (unallocated, backordered, allocated): what edits may take."""
        return self.unallocated + self.backordered + self.allocated

    @property
    def cancellable(self) -> int:
        """Units not yet shipped (and not cancelled): what a cancellation may take."""
        return self.editable + self.picked + self.packed  # CANCELLABLE_BUCKETS, spelled out

    @property
    def out(self) -> int:
        """Units that have left the warehouse (shipped, delivered, in return, returned)."""
        # OUT_BUCKETS, spelled out: every shipping and return command asks for it per line
        return self.shipped + self.delivered + self.return_requested + self.returned

    @property
    def net_invoiced(self) -> int:
        """Invoiced units not credited back."""
        return self.invoiced - self.credited

    def buckets(self) -> dict[Bucket, int]:
        """The ten buckets and their counts, in journey order."""
        return {bucket: self[bucket] for bucket in Bucket}

    def moved(self, source: Bucket, target: Bucket, quantity: int) -> QuantityLedger:
        """A copy with ``quantity`` units moved from ``source`` to ``target`` (caller checked).

        Checked as any ledger: only the two counts that changed can be out of range (the
        other ten are this ledger's), so only they are looked at before the slots are written.
        """
        counts = [  # _values(), spelled out: a call fewer for every move
            self.unallocated,
            self.backordered,
            self.allocated,
            self.picked,
            self.packed,
            self.shipped,
            self.delivered,
            self.return_requested,
            self.returned,
            self.cancelled,
            self.invoiced,
            self.credited,
        ]
        taken, given = _INDEX[source], _INDEX[target]
        counts[taken] -= quantity
        counts[given] += quantity
        return _changed(counts, counts[taken], counts[given])

    @classmethod
    def _of(cls, counts: Sequence[int]) -> QuantityLedger:
        """The ledger of twelve ``counts`` in :data:`_FIELDS` order, through ``__init__`` (checked).

        Keywords spelled out: a call with twelve named arguments costs a third less than one
        that unpacks a dictionary of them, and every move makes a ledger.
        """
        (u, b, a, pi, pa, s, d, rr, r, c, invoiced, credited) = counts
        return cls(
            unallocated=u,
            backordered=b,
            allocated=a,
            picked=pi,
            packed=pa,
            shipped=s,
            delivered=d,
            return_requested=rr,
            returned=r,
            cancelled=c,
            invoiced=invoiced,
            credited=credited,
        )

    def _with(self, changes: Mapping[str, int]) -> QuantityLedger:
        """A ledger like this one with ``changes``, built through ``__init__`` (checked)."""
        counts = dict(zip(_FIELDS, self._values(), strict=True))
        counts.update(changes)
        return QuantityLedger(**counts)

    def counted(self, *, invoiced: int = 0, credited: int = 0) -> QuantityLedger:
        """A copy with ``invoiced`` and ``credited`` more units counted (caller checked)."""
        counts = self._values()
        counts[-2] += invoiced
        counts[-1] += credited
        return _changed(counts, counts[-2], counts[-1])

    def cancelled_from(
        self, from_buckets: Iterable[tuple[Bucket, int]], quantity: int, credited: int
    ) -> QuantityLedger:
        """A copy with ``quantity`` units moved to cancelled from ``from_buckets``.

        ``credited`` invoiced units are credited with them. A count that would go negative is
        a ``ValidationError`` (the ledger refuses it), so a bad recorded fact changes nothing.
        """
        changes = {bucket.value: self[bucket] - n for bucket, n in from_buckets}
        changes["cancelled"] = self.cancelled + quantity
        changes["credited"] = self.credited + credited
        return self._with(changes)

    def taken(
        self, quantity: int, order: tuple[Bucket, ...]
    ) -> tuple[QuantityLedger, dict[Bucket, int]]:
        """A copy with ``quantity`` units removed from buckets in ``order``, and what each gave."""
        left = quantity
        changes: dict[str, int] = {}
        taken: dict[Bucket, int] = {}
        for bucket in order:
            part = min(left, self[bucket])
            if part:
                changes[bucket.value] = self[bucket] - part
                taken[bucket] = part
                left -= part
        return self._with(changes), taken


_LedgerDraft = draft_class(QuantityLedger)
"""A ledger being built: its slots written by plain assignment (kernel.slots.draft_class)."""

_KNOWN: dict[tuple[int, ...], QuantityLedger] = {}
"""Ledgers built by :func:`_changed`, by their twelve counts: the same counts, the same value.

A ledger never changes, and most lines of a shop hold one of a few (one to a few units, all in
one bucket, all invoiced): a store keeps every line's ledger and every event's alive, and one
shared value of each is fewer objects for the garbage collector's full runs to walk (four
fewer per order of the Engine's workflow), and a look-up costs less than building one.
At most :data:`_KNOWN_MAX` are kept (then the rest are built as before): it never grows with a
shop's history, only with the ledgers it has seen first.
"""

_KNOWN_MAX = 1024


def _changed(counts: Sequence[int], first: int, second: int) -> QuantityLedger:
    """The ledger of twelve ``counts`` (``_FIELDS`` order), of which only two changed.

    ``first`` and ``second`` are the changed counts; the ten others are those of a valid ledger.
    When both are whole ints >= 0 the slots of a draft are written (kernel.slots.draft_class):
    a third of the instructions of a ``__set__`` call per slot (5.085 M -> 4.986 M per order),
    and a move makes a ledger. Else ``__init__`` runs and refuses the ledger as it
    always has (naming the count).
    """
    if first.__class__ is not int or first < 0 or second.__class__ is not int or second < 0:
        return QuantityLedger._of(counts)
    key = tuple(counts)
    known = _KNOWN.get(key)
    if known is not None:  # an equal ledger built before: shared (it never changes)
        return known
    ledger: Any = _LedgerDraft()
    (
        ledger.unallocated,
        ledger.backordered,
        ledger.allocated,
        ledger.picked,
        ledger.packed,
        ledger.shipped,
        ledger.delivered,
        ledger.return_requested,
        ledger.returned,
        ledger.cancelled,
        ledger.invoiced,
        ledger.credited,
    ) = counts
    ledger.__class__ = QuantityLedger  # built: frozen from here on
    built: QuantityLedger = ledger
    if len(_KNOWN) < _KNOWN_MAX:
        _KNOWN[key] = built
    return built
