"""The values of a return: reasons, lines, receipts, grades and dispositions.

A :class:`ReturnLine` ties the units asked back to the original order line (order id, line id,
SKU), the shipment they left in and the lot. :class:`ReturnableLine` is what the order says of a
line when a return is requested (shipped, already returned, delivered when): the caller passes
it, so the return does not depend on the ``Order`` class.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.slots import draft_class

if TYPE_CHECKING:
    from ordercore.domain.fulfilment import Shipment
    from ordercore.domain.orders.lines import OrderLine
    from ordercore.domain.returns.followup import FollowUp

__all__ = [
    "Arrival",
    "Condition",
    "Disposition",
    "DispositionKind",
    "Grade",
    "InspectedUnits",
    "ReceivedUnits",
    "ReturnLine",
    "ReturnReason",
    "ReturnRequestLine",
    "ReturnableLine",
    "follow_up_id",
]

_Validator = Callable[[Any, Any, Any], None]


def follow_up_id(order_id: str) -> str:
    """The id of an order's satisfaction follow-up: one per order, named after it."""
    return f"FUP-{order_id}"


def _count(field: str, minimum: int = 1) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_quantity(field, value, minimum=minimum)

    return check


def _id(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_id(field, value)

    return check


def _optional_id(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        if value is not None:
            require_id(field, value)

    return check


def _member(field: str, kind: type[enum.Enum]) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, kind):
            raise WrongType(field, value, f"{field} is a {kind.__name__} member")

    return check


def _note(_: object, __: object, value: object) -> None:
    if not isinstance(value, str):
        raise WrongType("note", value, "a note is text (may be empty)")


class ReturnReason(enum.StrEnum):
    """Why the customer sends units back (a free ``note`` says more)."""

    DAMAGED = "damaged"
    DEFECTIVE = "defective"
    WRONG_ITEM = "wrong_item"
    NOT_AS_DESCRIBED = "not_as_described"
    SIZE_OR_FIT = "size_or_fit"
    NO_LONGER_WANTED = "no_longer_wanted"
    OTHER = "other"


class Condition(enum.StrEnum):
    """The state a unit arrives in, as the receiving dock sees it (before inspection)."""

    SEALED = "sealed"
    OPENED = "opened"
    DAMAGED = "damaged"


class Grade(enum.StrEnum):
    """The inspector's grade of a unit; only resellable grades may be restocked."""

    AS_NEW = "as_new"
    GOOD = "good"
    DAMAGED = "damaged"
    DEFECTIVE = "defective"

    @property
    def resellable(self) -> bool:
        """Whether a unit of this grade may go back to sellable stock."""
        return self in (Grade.AS_NEW, Grade.GOOD)


class DispositionKind(enum.StrEnum):
    """What becomes of an inspected unit (see ``docs/returns.md`` for the ledger movement)."""

    RESTOCK = "restock"
    QUARANTINE = "quarantine"
    SCRAP = "scrap"
    RETURN_TO_VENDOR = "return_to_vendor"
    REPAIR = "repair"


@attrs.frozen
class Disposition:
    """Where inspected units go: ``kind``, and for a restock the ``location`` (and ``lot``).

    A restock names its location (the units are available there again); the other kinds take
    none (quarantine may name the quarantine location the units wait at).
    """

    kind: DispositionKind = attrs.field(validator=_member("disposition", DispositionKind))
    location: str | None = attrs.field(default=None, validator=_optional_id("location"))
    lot: str | None = attrs.field(default=None, validator=_optional_id("lot"))

    def __attrs_post_init__(self) -> None:
        if self.kind is DispositionKind.RESTOCK and self.location is None:
            raise ValidationError("location", None, "a restock names the location it goes to")
        if self.kind not in (DispositionKind.RESTOCK, DispositionKind.QUARANTINE) and (
            self.location is not None or self.lot is not None
        ):
            rule = f"a {self.kind.value} disposition puts nothing on a shelf: give no location"
            raise ValidationError("location", self.location, rule)


@attrs.frozen
class ReturnableLine:
    """What the order says of one of its lines, for a return: the caller's facts.

    ``shipped`` units left the warehouse, ``returned`` of them are already under other returns
    (not rejected or cancelled), and they were ``delivered_at`` (the window counts from it).
    """

    line_id: str = attrs.field(validator=_id("line_id"))
    sku: str = attrs.field(validator=_id("sku"))
    shipped: int = attrs.field(validator=_count("shipped", 0))
    returned: int = attrs.field(validator=_count("returned", 0))
    delivered_at: pendulum.DateTime = attrs.field(converter=instant)

    def __attrs_post_init__(self) -> None:
        if self.returned > self.shipped:
            rule = f"no more units are returned than were shipped ({self.shipped})"
            raise ValidationError("returned", self.returned, rule)

    @property
    def returnable(self) -> int:
        """Units that may still be asked back: shipped less already returned."""
        return self.shipped - self.returned

    @classmethod
    def of(
        cls,
        line: OrderLine,
        shipments: Iterable[Shipment],
        follow_up: FollowUp | None,
        now: pendulum.DateTime,
    ) -> ReturnableLine:
        """What an order line's buckets and deliveries say of it, for a return.

        Shipped counts every unit that left (shipped, delivered, under a return, returned),
        returned the units under a return or returned. The units were delivered when the last
        of ``shipments`` holding the line was; a line delivered without a shipment
        (``deliver_line``) takes the delivery its ``follow_up`` recorded; failing both, when it
        first shipped (or ``now``).
        """
        line_id = str(line.id)
        ledger = line.ledger
        arrivals = [
            s.delivered_at for s in shipments if line_id in s.lines and s.delivered_at is not None
        ]
        if not arrivals and follow_up is not None and follow_up.delivered_at is not None:
            arrivals.append(follow_up.delivered_at)  # delivered with deliver_line: the last unit
        delivered_at = max(arrivals) if arrivals else line.first_shipped_at
        return cls(
            line_id,
            str(line.sku),
            shipped=ledger.shipped + ledger.delivered + ledger.return_requested + ledger.returned,
            returned=ledger.return_requested + ledger.returned,
            delivered_at=now if delivered_at is None else delivered_at,
        )


@attrs.frozen
class ReturnRequestLine:
    """What the customer asks back of one order line: units, a reason, a note, where from."""

    line_id: str = attrs.field(validator=_id("line_id"))
    units: int = attrs.field(validator=_count("units"))
    reason: ReturnReason = attrs.field(validator=_member("reason", ReturnReason))
    note: str = attrs.field(default="", validator=_note)
    shipment_id: str | None = attrs.field(default=None, validator=_optional_id("shipment_id"))
    lot: str | None = attrs.field(default=None, validator=_optional_id("lot"))


@attrs.frozen
class ReceivedUnits:
    """Units of a line that arrived, in ``condition``, of ``lot`` (when stock is kept by lot).

    ``location`` is where they arrived (``None`` only in returns stored before it was kept):
    their disposition happens there unless it names another place.
    """

    units: int = attrs.field(validator=_count("units"))
    condition: Condition = attrs.field(validator=_member("condition", Condition))
    lot: str | None = attrs.field(default=None, validator=_optional_id("lot"))
    location: str | None = attrs.field(default=None, validator=_optional_id("location"))


@attrs.frozen
class Arrival:
    """Some received units of a line still to dispose of: how many, where they arrived, lot.

    ``location`` is ``None`` for units received before returns kept where they arrived.
    """

    units: int
    location: str | None
    lot: str | None


@attrs.frozen
class InspectedUnits:
    """Units of a line the inspector graded ``grade`` and sent to ``disposition``."""

    units: int = attrs.field(validator=_count("units"))
    grade: Grade = attrs.field(validator=_member("grade", Grade))
    disposition: Disposition = attrs.field()

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.disposition, Disposition):
            raise WrongType("disposition", self.disposition, "a Disposition value")
        if self.disposition.kind is DispositionKind.RESTOCK and not self.grade.resellable:
            rule = f"a unit graded {self.grade.value} is never restocked (it is not resellable)"
            raise ValidationError("disposition", self.disposition.kind.value, rule)


@attrs.frozen
class ReturnLine:
    """One order line under a return: units authorized, and what arrived and was inspected."""

    line_id: str = attrs.field(validator=_id("line_id"))
    sku: str = attrs.field(validator=_id("sku"))
    units: int = attrs.field(validator=_count("units"))
    reason: ReturnReason = attrs.field(validator=_member("reason", ReturnReason))
    note: str = attrs.field(default="", validator=_note)
    shipment_id: str | None = attrs.field(default=None, validator=_optional_id("shipment_id"))
    lot: str | None = attrs.field(default=None, validator=_optional_id("lot"))
    receipts: tuple[ReceivedUnits, ...] = ()
    inspections: tuple[InspectedUnits, ...] = ()

    @property
    def received(self) -> int:
        """Units of the line that arrived."""
        total = 0
        for receipt in self.receipts:  # a loop, no generator: asked ~15 times a receive_return
            total += receipt.units
        return total

    @property
    def inspected(self) -> int:
        """Units of the line graded and disposed of."""
        total = 0
        for inspection in self.inspections:  # a loop, no generator (as ``received``)
            total += inspection.units
        return total

    @property
    def awaited(self) -> int:
        """Units authorized and not (yet) arrived."""
        return self.units - self.received

    @property
    def uninspected(self) -> int:
        """Units that arrived and wait for inspection."""
        return self.received - self.inspected

    @classmethod
    def requested(cls, line: ReturnRequestLine, sku: str) -> ReturnLine:
        """The return line a checked request ``line`` opens, of the order line's checked ``sku``.

        ``ReturnLine(line.line_id, sku, line.units, ...)`` with nothing received yet, its slots
        written directly: the request line's fields carry the same checks, so none runs again.
        """
        return _return_line(line, sku, (), ())

    def with_receipt(self, receipt: ReceivedUnits) -> ReturnLine:
        """This line with ``receipt`` kept after its receipts: ``attrs.evolve``'s line, cheaper.

        The line's fields are already checked and a receipt field has no check, so the copy's
        slots are written directly (:func:`~ordercore.kernel.slots.draft_class`): no
        validator runs again, as each receipt would otherwise re-check nine fields.
        """
        return _return_line(self, self.sku, (*self.receipts, receipt), self.inspections)

    def with_inspection(self, inspected: InspectedUnits) -> ReturnLine:
        """This line with ``inspected`` kept after its inspections (see :meth:`with_receipt`)."""
        return _return_line(self, self.sku, self.receipts, (*self.inspections, inspected))

    def arrivals(self, units: int) -> tuple[Arrival, ...]:
        """Where the next ``units`` to inspect arrived, grouped by location and lot.

        Units are inspected in the order they arrived: the receipts' first ``inspected`` units
        are done, the next ``units`` (at most :attr:`uninspected`) come from the receipts after
        them, each keeping its receipt's location and lot.
        """
        skip, left = self.inspected, min(units, self.uninspected)
        found: dict[tuple[str | None, str | None], int] = {}
        for receipt in self.receipts:
            if left <= 0:
                break
            passed = min(skip, receipt.units)
            skip -= passed
            take = min(receipt.units - passed, left)
            if take > 0:
                key = (receipt.location, receipt.lot)
                found[key] = found.get(key, 0) + take
                left -= take
        return tuple(Arrival(n, location, lot) for (location, lot), n in found.items())


_ReturnLineDraft = draft_class(ReturnLine)
"""A return line being built (kernel.slots.draft_class): its slots written by plain stores."""


def _return_line(
    line: ReturnRequestLine | ReturnLine,
    sku: str,
    receipts: tuple[ReceivedUnits, ...],
    inspections: tuple[InspectedUnits, ...],
) -> ReturnLine:
    """``ReturnLine`` of a checked ``line``'s fields, ``sku``, receipts and inspections, by slots.

    ``line`` is a return line (a copy with more receipts or inspections) or the request line it
    is opened from (its fields carry the same checks).
    """
    draft: Any = _ReturnLineDraft()
    draft.line_id = line.line_id
    draft.sku = sku
    draft.units = line.units
    draft.reason = line.reason
    draft.note = line.note
    draft.shipment_id = line.shipment_id
    draft.lot = line.lot
    draft.receipts = receipts
    draft.inspections = inspections
    draft.__class__ = ReturnLine
    built: ReturnLine = draft
    return built
