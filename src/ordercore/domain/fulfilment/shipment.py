"""The ``Shipment`` aggregate: units of one order picked, packed and shipped from one place.

A shipment is opened for some units of some lines of an order, from one ship-from location, to
the order's address. Its commands each check everything first, then change the shipment, add
one to ``version`` and record one event (``pull_events()`` drains them):

* :meth:`Shipment.pick` records units of a line taken off the shelf (at a lot, if stock is kept
  by lot); at most what the line still asks for. The last unit moves it to ``picked``.
* :meth:`Shipment.pack` closes picking and packs every picked unit into parcels
  (``packed == picked``). Units asked for but never picked are a *short pick*: they are not in
  the shipment and stay allocated on the order for a later one (the event lists them).
* :meth:`Shipment.ship` hands the parcels to a carrier with tracking numbers.
* :meth:`Shipment.deliver` records the delivery.
* :meth:`Shipment.track` records a carrier's tracking event (in transit, out for delivery,
  delivered, attempted or failed delivery, exception, damaged, lost, returned to sender) at the
  carrier's time; ``delivered`` is a delivery, and a lost or returned parcel asks the host to
  decide (reship or refund): it never counts as delivered.
* :meth:`Shipment.cancel` ends a shipment that has not left; its picked units go back.
* :meth:`Shipment.list_on` puts the units still to pick on a pick list (a zone pick puts them
  on one list per zone) and :meth:`Shipment.take_off` takes them off when the list is finished
  or cancelled: an attribute, not a lifecycle step. While on a list, the shipment is picked
  only through its lists, and neither packed nor cancelled.

Each change is written once: a command checks and decides, then records one event, and
:meth:`Shipment.apply` (one mutator per event type) changes the shipment, for live commands and
for :meth:`Shipment.replay` alike. A command stamps its event itself (``entity_id``, the next
``version``, ``occurred_at``): no ``_LOG.stamp`` dictionary is built and unpacked (a quarter
of a small event's cost). Facts come in time order: a delivery dated before the
shipment was shipped is refused, naming both instants.

The shipment knows nothing of stock or orders: the Engine moves the order's buckets and the
stock reservations in the same unit of work (see ``docs/fulfilment.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs
import pendulum

from ordercore.domain.fulfilment.copying import copy_shipment
from ordercore.domain.fulfilment.errors import OnPickList, OverPick, UnknownShipmentLine
from ordercore.domain.fulfilment.events import (
    ShipmentCancelled,
    ShipmentDelivered,
    ShipmentEvent,
    ShipmentLinePicked,
    ShipmentListed,
    ShipmentOpened,
    ShipmentPacked,
    ShipmentShipped,
    ShipmentTracked,
    shipment_delivered,
    shipment_line_picked,
    shipment_opened,
    shipment_packed,
    shipment_shipped,
)
from ordercore.domain.fulfilment.lifecycle import (
    SHIPMENT_LIFECYCLE,
    ShipmentStatus,
    guarded_steps,
    steps,
)
from ordercore.domain.fulfilment.tracking import HOST_DECISIONS, TrackingResult, TrackingStatus
from ordercore.domain.fulfilment.values import (
    Parcel,
    ShipmentLine,
    picked_units,
    shipment_line,
)
from ordercore.domain.orders.values import (
    Address,
    require_choice,
    require_quantity,
    require_text,
)
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id

__all__ = ["Shipment", "replay_shipment"]

_S = ShipmentStatus

_DATETIME = pendulum.DateTime
"""The usual ``now``: an aware one is taken as it is, without the call to ``instant()`` (~900
instructions a command); anything else goes through ``instant()`` to be checked or refused."""

# the next status of the unguarded rows the hot commands and mutators take, read off the
# table once (lifecycle.steps): a dict look-up, ``next_state`` only for a status not found
_PICK = steps("pick")
_FINISH_PICKING = steps("finish_picking")
_SHIP = steps("ship")
_DELIVER = steps("deliver")
_PACK = guarded_steps("pack")  # packing needs a unit picked: the row's guard, checked here


def _lines(value: object) -> tuple[dict[str, int], dict[str, str]]:
    """The units and the SKU of each line, checked as a ``ShipmentLine`` checks them.

    The lines themselves are built once, by the mutator of ``ShipmentOpened`` (a line built
    here too was a second set of three checks and one object per line, thrown away).
    """
    # a dict needs no isinstance() check against the ABC (the dearer kind)
    if not (value.__class__ is dict or isinstance(value, Mapping)) or not value:
        raise ValidationError("lines", value, "a shipment carries at least one order line")
    requested: dict[str, int] = {}
    skus: dict[str, str] = {}
    for line_id, pair in value.items():
        # a well-formed line checked inline (require_id twice and require_quantity cost a call
        # each, ~1,000 instructions); anything else goes through them, in order, to be refused
        if pair.__class__ is tuple and len(pair) == 2:
            sku, units = pair
            if (
                units.__class__ is int
                and units >= 1
                and line_id.__class__ is str
                and sku.__class__ is str
                and line_id != ""
                and sku != ""
                and line_id == line_id.strip()
                and sku == sku.strip()
            ):
                skus[line_id] = sku
                requested[line_id] = units
                continue
        require_id("line_id", line_id)
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise WrongType("lines", pair, "each line maps to a (sku, units) pair")
        sku, units = pair
        skus[line_id] = require_id("sku", sku)
        requested[line_id] = require_quantity("requested", units, minimum=1)
    return requested, skus


def _tracking(value: object) -> tuple[str, ...]:
    # a list or tuple needs neither isinstance() check (the ABC's is the dearer)
    plain = value.__class__ is list or value.__class__ is tuple
    if not plain and (isinstance(value, str) or not isinstance(value, Iterable)):
        raise WrongType("tracking", value, "tracking numbers are a list of strings")
    numbers: tuple[str, ...] = tuple(value)  # type: ignore[arg-type]  # an iterable, checked above
    for number in numbers:
        if number.__class__ is not str or not number or number != number.strip():
            require_id("tracking", number)  # refuses it (a well-formed id needs no call)
    if len(numbers) > 1 and len(set(numbers)) != len(numbers):  # one number: no set to build
        raise ValidationError("tracking", list(numbers), "each tracking number is given once")
    return numbers


def _check_contents(boxes: tuple[Parcel, ...], packed: Mapping[str, int]) -> None:
    """Parcels that say what they hold hold every picked unit, once (all of them say, or none)."""
    told = [box.contents for box in boxes if box.contents is not None]
    if not told:
        return
    if len(told) != len(boxes):
        rule = "either every parcel says what it holds or none does"
        raise ValidationError("parcels", len(boxes) - len(told), rule)
    total: dict[str, int] = {}
    for contents in told:
        for line_id, units in contents.items():
            total[line_id] = total.get(line_id, 0) + units
    if total != dict(packed):
        rule = f"the parcels hold every picked unit once: {dict(packed)} were picked"
        raise ValidationError("contents", total, rule)


@attrs.define
class Shipment:
    """Units of one order on their way from ``ship_from`` to ``ship_to`` (see the module doc)."""

    id: str
    order_id: str
    ship_from: str
    ship_to: Address | None
    lines: dict[str, ShipmentLine]
    status: ShipmentStatus = ShipmentStatus.OPEN
    version: int = 0
    parcels: tuple[Parcel, ...] = ()
    carrier: str | None = None
    service: str | None = None
    tracking: tuple[str, ...] = ()
    opened_at: pendulum.DateTime | None = None
    shipped_at: pendulum.DateTime | None = None
    delivered_at: pendulum.DateTime | None = None
    cancel_reason: str | None = None
    tracking_status: TrackingStatus | None = None
    """The carrier's last reported status (``None`` until it reports one)."""
    tracked_at: pendulum.DateTime | None = None
    """The carrier's time of its last report."""
    pick_lists: tuple[str, ...] = ()
    """The unfinished pick lists its units still to pick are on (several: one per zone)."""
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    def check_invariants(self) -> None:
        """Refuse a state no command could have produced; the codec runs it on every decode.

        Raises :class:`ValidationError` naming the field, the value and the rule: the version is
        a whole number >= 0; each line is kept under its id and never holds more picked (so
        packed and shipped) units than it asks for; a shipped or delivered shipment says when it
        left, a delivered one when it arrived, and those facts follow each other in time.
        """
        version = self.version
        if version.__class__ is not int or version < 0:
            raise ValidationError("version", version, "a version is a whole number >= 0")
        for line_id, line in self.lines.items():
            if line.line_id != line_id:
                raise ValidationError(
                    f"lines[{line_id}].line_id", line.line_id, "a line is kept under its id"
                )
            if line.picked > line.requested:
                raise ValidationError(
                    f"lines[{line_id}].picks",
                    line.picked,
                    f"picked units never exceed the {line.requested} the line asks for",
                )
        left = self.status in (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)
        if left and self.shipped_at is None:
            raise ValidationError("shipped_at", None, f"a {self.status} shipment says when it left")
        if self.status is ShipmentStatus.DELIVERED and self.delivered_at is None:
            raise ValidationError("delivered_at", None, "a delivered shipment says when it arrived")
        steps = (
            ("shipped_at", self.opened_at, self.shipped_at),
            ("delivered_at", self.shipped_at, self.delivered_at),
        )
        for name, before, after in steps:
            if before is not None and after is not None and after < before:
                raise ValidationError(
                    name, after.isoformat(), f"it is dated before {before.isoformat()}"
                )

    @classmethod
    def open(  # io-ok: the domain command, not builtins.open
        cls,
        shipment_id: str,
        order_id: str,
        ship_from: str,
        lines: Mapping[str, tuple[str, int]],
        now: pendulum.DateTime,
        *,
        ship_to: Address | None = None,
    ) -> Shipment:
        """A new shipment (version 1, ``ShipmentOpened``) of ``lines``: line id → (sku, units)."""
        # three well-formed ids tested inline (require_id is a call each, ~1,000 instructions);
        # anything else goes through require_id, in order, to be refused in its words
        if not (
            shipment_id.__class__ is str
            and order_id.__class__ is str
            and ship_from.__class__ is str
            and shipment_id != ""
            and order_id != ""
            and ship_from != ""
            and shipment_id == shipment_id.strip()
            and order_id == order_id.strip()
            and ship_from == ship_from.strip()
        ):
            require_id("shipment_id", shipment_id)
            require_id("order_id", order_id)
            require_id("ship_from", ship_from)
        if ship_to is not None and not isinstance(ship_to, Address):
            raise WrongType("ship_to", ship_to, "ship_to is an Address or None")
        requested, skus = _lines(lines)
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        # every value checked above: the event's slots written directly (kernel.slots)
        opened = shipment_opened(shipment_id, at, order_id, ship_from, ship_to, requested, skus)
        shipment = cls._unopened(opened)
        _LOG.record(shipment, opened)
        return shipment

    @classmethod
    def _unopened(cls, opened: ShipmentOpened) -> Shipment:
        """The blank that ``opened`` applies to (version 0, no lines yet)."""
        return cls(opened.entity_id, opened.order_id, opened.ship_from, opened.ship_to, {})

    # -- queries --------------------------------------------------------------------------------

    def line(self, line_id: str) -> ShipmentLine:
        """The shipment's line for order line ``line_id``; :class:`UnknownShipmentLine` if none."""
        found = self.lines.get(line_id) if isinstance(line_id, str) else None
        if found is None:
            raise UnknownShipmentLine(self.id, str(line_id), tuple(self.lines))
        return found

    def has_picked_units(self) -> bool:
        """Whether at least one unit has been picked (the guard of ``pack``)."""
        # a plain loop: any() over a generator costs a frame and a resume per line
        for line in self.lines.values():  # noqa: SIM110
            if line.picks:  # a pick records at least one unit
                return True
        return False

    def picked(self) -> dict[str, int]:
        """Units picked per order line (lines with none left out)."""
        picked: dict[str, int] = {}
        for key, line in self.lines.items():  # each line's picks counted once, not twice
            units = line.picked
            if units:
                picked[key] = units
        return picked

    @property
    def units(self) -> int:
        """Every unit picked into this shipment (packed and shipped ones included)."""
        return sum(line.picked for line in self.lines.values())

    @property
    def is_open(self) -> bool:
        """Whether the shipment has not left yet and is not cancelled (it may still change)."""
        return self.status in (_S.OPEN, _S.PICKING, _S.PICKED, _S.PACKED)

    def allowed_triggers(self) -> tuple[str, ...]:
        """The lifecycle triggers the current status has rows for."""
        return SHIPMENT_LIFECYCLE.allowed(self.status)

    # -- commands -------------------------------------------------------------------------------

    def pick(
        self,
        line_id: str,
        units: int,
        now: pendulum.DateTime,
        *,
        location: str | None = None,
        lot: str | None = None,
        pick_list_id: str | None = None,
    ) -> None:
        """Record ``units`` of a line picked at ``location`` (default: ship-from) and ``lot``.

        A shipment on a pick list is picked only by confirming that list (``pick_list_id``).
        """
        # the usual line id, units and shelf without a call each: line(), refuse_if_listed()
        # and require_quantity() only word a refusal (or look past a str subclass)
        line = self.lines.get(line_id) if line_id.__class__ is str else None
        if line is None:
            line = self.line(line_id)
        if self.pick_lists:
            self.refuse_if_listed("pick", pick_list_id)
        ok = units.__class__ is int and units >= 1
        count = units if ok else require_quantity("units", units, minimum=1)
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        # the place checked as a PickedUnits checks it (the mutator builds that one): the
        # ship-from was checked when the shipment opened; no value built to be thrown away
        place = self.ship_from if location is None else require_id("location", location)
        if lot is not None:
            require_id("lot", lot)
        if self.status not in _PICK:
            SHIPMENT_LIFECYCLE.next_state(self.status, "pick", self)  # refuses, in its words
        picked = 0
        for taken in line.picks:  # line.picked, without the property's call
            picked += taken.units
        remaining = line.requested - picked  # line.remaining, without counting the picks again
        if count > remaining:
            raise OverPick(self.id, line.line_id, count, remaining)
        # what the line and the shipment will hold after the pick, as ``_picked`` works it out
        # again from the event (it keeps the new line): counted here, no new line built twice
        line_picked = picked + count
        all_picked = count == remaining
        if all_picked:  # a plain loop, not all() over a generator (a frame and a resume a line)
            for key, other in self.lines.items():
                if key != line_id and other.remaining != 0:
                    all_picked = False
                    break
        _LOG.record(  # every value checked above: the event's slots written directly
            self,
            shipment_line_picked(
                self.id,
                self.version + 1,
                at,
                line_id,
                line.sku,
                count,
                place,
                lot,
                line_picked,
                all_picked,
            ),
        )

    def _rest_picked(self, line_id: str) -> bool:
        """Whether every line but ``line_id`` has all its asked-for units picked."""
        for key, other in self.lines.items():  # a plain loop, not all() over a generator
            if key != line_id and other.remaining != 0:
                return False
        return True

    def pack(self, parcels: Iterable[Parcel], now: pendulum.DateTime) -> dict[str, int]:
        """Pack every picked unit into ``parcels``; returns the units packed per line.

        Packing a shipment still ``picking`` is a short pick: what was not picked is not in it.
        An empty list of parcels means the host does not record parcels. Parcels that carry
        ``contents`` (scan-verified packing) must together hold exactly the picked units.
        """
        given: object = parcels
        # a list or tuple needs neither isinstance() check (the ABC's is the dearer)
        plain = given.__class__ is list or given.__class__ is tuple
        if not plain and (isinstance(given, str | bytes) or not isinstance(given, Iterable)):
            raise WrongType("parcels", given, "parcels are a list of Parcel values")
        boxes: tuple[Parcel, ...] = tuple(given)  # type: ignore[arg-type]  # each, below
        told = False  # whether a parcel says what it holds (else no contents to check)
        for box in boxes:
            if not isinstance(box, Parcel):
                raise WrongType("parcels", box, "each parcel is a Parcel value")
            if box.contents is not None:
                told = True
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        row = _PACK.get(self.status)
        if row is None or not row[1](self):
            SHIPMENT_LIFECYCLE.next_state(self.status, "pack", self)  # refuses, in its words
        if self.pick_lists:  # refuse_if_listed's own test, without the call when on none
            self.refuse_if_listed("pack")
        # the units picked and those never picked, per line, in one pass: each line's picks
        # counted once (``picked()`` and ``remaining`` counted them once each)
        packed: dict[str, int] = {}
        short: dict[str, int] = {}
        for key, line in self.lines.items():
            units = line.picked
            if units:
                packed[key] = units
            left = line.requested - units
            if left:
                short[key] = left
        if told:
            _check_contents(boxes, packed)
        _LOG.record(  # every value checked above: the event's slots written directly
            self, shipment_packed(self.id, self.version + 1, at, boxes, packed, short)
        )
        return packed

    def ship(
        self,
        carrier: str,
        tracking: Iterable[str],
        now: pendulum.DateTime,
        *,
        service: str | None = None,
    ) -> dict[str, int]:
        """Hand the parcels to ``carrier`` with its ``tracking`` numbers; returns units per line.

        A shipping dated before the shipment was opened is refused, naming both instants.
        """
        if carrier.__class__ is not str or not carrier.strip():  # require_text's test, no call
            require_text("carrier", carrier)
        if service is not None:
            require_text("service", service)
        numbers = _tracking(tracking)
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        if self.status not in _SHIP:
            SHIPMENT_LIFECYCLE.next_state(self.status, "ship", self)  # refuses, in its words
        opened_at = self.opened_at
        if opened_at is not None and at < opened_at:
            rule = f"a shipment is shipped no earlier than it was opened ({opened_at.isoformat()})"
            raise ValidationError("now", at.isoformat(), rule)
        # the units and the SKU of each line with units picked, in one pass (no comprehension)
        shipped: dict[str, int] = {}
        skus: dict[str, str] = {}
        for key, line in self.lines.items():
            units = line.picked
            if units:
                shipped[key] = units
                skus[key] = line.sku
        _LOG.record(  # every value checked above: the event's slots written directly
            self,
            shipment_shipped(
                self.id,
                self.version + 1,
                at,
                self.order_id,
                carrier,
                service,
                numbers,
                shipped,
                skus,
                self.ship_from,
                self.parcels,
            ),
        )
        return shipped

    def deliver(self, now: pendulum.DateTime) -> dict[str, int]:
        """Record that the carrier delivered the shipment; returns units per line.

        A delivery dated before the shipment was shipped is refused, naming both instants.
        """
        at = now if now.__class__ is _DATETIME and now.tzinfo is not None else instant(now, "now")
        if self.status not in _DELIVER:
            SHIPMENT_LIFECYCLE.next_state(self.status, "deliver", self)  # refuses, in its words
        shipped_at = self.shipped_at
        if shipped_at is not None and at < shipped_at:
            rule = (
                f"a shipment is delivered no earlier than it was shipped ({shipped_at.isoformat()})"
            )
            raise ValidationError("now", at.isoformat(), rule)
        delivered = self.picked()
        _LOG.record(  # every value checked above: the event's slots written directly
            self, shipment_delivered(self.id, self.version + 1, at, self.order_id, delivered)
        )
        return delivered

    def track(
        self,
        status: TrackingStatus | str,
        at: pendulum.DateTime,
        *,
        detail: str | None = None,
        location: str | None = None,
    ) -> TrackingResult:
        """Record the carrier's tracking ``status`` at its time ``at``; see the module doc.

        ``delivered`` delivers the shipment (as :meth:`deliver`); ``lost`` and
        ``returned_to_sender`` return a result whose ``decision`` asks the host to reship or
        refund. A report older than the shipping or the carrier's previous report is refused.
        """
        chosen = require_choice("status", status, TrackingStatus)
        if detail is not None:
            require_text("detail", detail)
        if location is not None:
            require_text("location", location)
        when = instant(at, "at")
        if chosen is TrackingStatus.DELIVERED:
            self._check_tracked_time(when)
            delivered = self.deliver(when)
            return TrackingResult(self.id, chosen, delivered)
        SHIPMENT_LIFECYCLE.next_state(self.status, chosen.trigger, self)
        self._check_tracked_time(when)
        _LOG.record(
            self,
            ShipmentTracked(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=when,
                order_id=self.order_id,
                status=chosen,
                detail=detail,
                location=location,
            ),
        )
        decision = HOST_DECISIONS if chosen.needs_decision else ()
        return TrackingResult(self.id, chosen, decision=decision)

    def _check_tracked_time(self, at: pendulum.DateTime) -> None:
        last = self.tracked_at or self.shipped_at
        if last is not None and at < last:
            rule = f"carrier reports come in time order: the last was at {last.isoformat()}"
            raise ValidationError("at", at.isoformat(), rule)

    @property
    def needs_decision(self) -> bool:
        """Whether the carrier lost the parcel or returned it, so the host must reship or refund."""
        return self.status in (_S.LOST, _S.RETURNED_TO_SENDER)

    def cancel(self, reason: str, now: pendulum.DateTime) -> dict[str, int]:
        """Cancel a shipment that has not left; returns the picked units that go back per line."""
        require_text("reason", reason)
        at = instant(now, "now")
        was = self.status
        SHIPMENT_LIFECYCLE.next_state(was, "cancel", self)
        self.refuse_if_listed("cancel")
        put_back = self.picked()
        _LOG.record(
            self,
            ShipmentCancelled(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                reason=reason,
                put_back=put_back,
                was=str(was),
            ),
        )
        return put_back

    def list_on(self, pick_list_id: str, now: pendulum.DateTime) -> None:
        """Put (some of) the units still to pick on pick list ``pick_list_id``.

        Refused for a shipment already on that list, and for one that is packed, gone or
        cancelled (only an open or picking shipment has units to pick).
        """
        require_id("pick_list_id", pick_list_id)
        at = instant(now, "now")
        self._check_listing(pick_list_id, listed=True)
        _LOG.record(
            self,
            ShipmentListed(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                pick_list_id=pick_list_id,
                listed=True,
            ),
        )

    def take_off(self, pick_list_id: str, now: pendulum.DateTime) -> None:
        """Take the shipment off pick list ``pick_list_id`` (finished or cancelled)."""
        require_id("pick_list_id", pick_list_id)
        at = instant(now, "now")
        self._check_listing(pick_list_id, listed=False)
        _LOG.record(
            self,
            ShipmentListed(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                pick_list_id=pick_list_id,
                listed=False,
            ),
        )

    def refuse_if_listed(self, command: str, pick_list_id: str | None = None) -> None:
        """Refuse ``command`` while the shipment is on a pick list (but its lists' own picks)."""
        if self.pick_lists and pick_list_id not in self.pick_lists:
            raise OnPickList(self.id, self.pick_lists[0], command)

    def _check_listing(self, pick_list_id: str, *, listed: bool) -> None:
        if not listed:
            if pick_list_id not in self.pick_lists:
                rule = f"the shipment is on the pick lists {list(self.pick_lists)} only"
                raise ValidationError("pick_list_id", pick_list_id, rule)
            return
        if self.status not in (_S.OPEN, _S.PICKING):
            rule = (
                f"only a shipment still being picked (open or picking) goes on a pick list, "
                f"and shipment {self.id!r} is not"
            )
            raise ValidationError("status", str(self.status), rule)
        if pick_list_id in self.pick_lists:
            raise ValidationError("pick_list_id", pick_list_id, "the shipment is on it already")

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- the mutators, one per event type, and replay --------------------------------------------

    def apply(self, event: ShipmentEvent) -> None:
        """Change the shipment as ``event`` reports: the one place a shipment changes.

        Live commands and :meth:`replay` both come here. The event must be this shipment's next
        (its version one more than the shipment's) and allowed by the lifecycle; otherwise it is
        refused and nothing changes. Each event type has its own mutator (:data:`_LOG`).
        """
        _LOG.apply(self, event)

    def _opened(self, event: ShipmentOpened) -> None:
        if event.requested.keys() != event.skus.keys():
            raise ValidationError("skus", event.skus, "every requested line names its SKU")
        skus = event.skus
        lines: dict[str, ShipmentLine] = {}
        for line_id, units in event.requested.items():  # a loop: a comprehension is a call
            lines[line_id] = shipment_line(line_id, skus[line_id], units)
        self.lines = lines
        self.status, self.opened_at = _S.OPEN, event.occurred_at

    def _picked(self, event: ShipmentLinePicked) -> None:
        line_id = event.line_id
        line = self.lines.get(line_id) if line_id.__class__ is str else None
        if line is None:
            line = self.line(line_id)  # raises for a line the shipment does not have
        target = _PICK.get(self.status)
        if target is None:  # not a status a pick leaves: the table refuses it
            target = SHIPMENT_LIFECYCLE.next_state(self.status, "pick", self)
        units = event.units
        remaining = line.requested
        for taken in line.picks:  # line.remaining, without the property's call
            remaining -= taken.units
        if units > remaining:
            raise OverPick(self.id, line.line_id, units, remaining)
        updated = line.with_pick(picked_units(event.location, units, event.lot))
        # the new line's remaining and picked units, worked out from the old line's count (a
        # pick adds its units): not counted again over the new line's picks
        left = remaining - units
        line_picked = line.requested - left
        done = left == 0 and self._rest_picked(line_id)
        if event.line_picked != line_picked or event.all_picked != done:
            rule = f"after this pick {line_picked} are picked; all picked: {done}"
            raise ValidationError("line_picked", event.line_picked, rule)
        self.lines[line_id] = updated
        if done:  # the same command's last unit: the shipment is picked
            picking = target
            target = _FINISH_PICKING.get(picking)
            if target is None:
                target = SHIPMENT_LIFECYCLE.next_state(picking, "finish_picking")
        self.status = target

    def _packed(self, event: ShipmentPacked) -> None:
        row = _PACK.get(self.status)
        if row is None or not row[1](self):  # refused, in the table's words
            self.status = SHIPMENT_LIFECYCLE.next_state(self.status, "pack", self)
        else:
            self.status = row[0]
        self.parcels = event.parcels

    def _shipped(self, event: ShipmentShipped) -> None:
        status = _SHIP.get(self.status)
        if status is None:  # not a status ``ship`` leaves: the table refuses it
            status = SHIPMENT_LIFECYCLE.next_state(self.status, "ship", self)
        self.status = status
        self.carrier, self.service = event.carrier, event.service
        self.tracking, self.shipped_at = event.tracking, event.occurred_at

    def _delivered(self, event: ShipmentDelivered) -> None:
        status = _DELIVER.get(self.status)
        if status is None:  # not a status ``deliver`` leaves: the table refuses it
            status = SHIPMENT_LIFECYCLE.next_state(self.status, "deliver", self)
        self.status = status
        self.delivered_at = event.occurred_at

    def _tracked(self, event: ShipmentTracked) -> None:
        self.status = SHIPMENT_LIFECYCLE.next_state(self.status, event.status.trigger, self)
        self.tracking_status, self.tracked_at = event.status, event.occurred_at

    def _listed(self, event: ShipmentListed) -> None:
        self._check_listing(event.pick_list_id, listed=event.listed)
        if event.listed:
            self.pick_lists = (*self.pick_lists, event.pick_list_id)
        else:
            self.pick_lists = tuple(p for p in self.pick_lists if p != event.pick_list_id)

    def _cancelled(self, event: ShipmentCancelled) -> None:
        self.status = SHIPMENT_LIFECYCLE.next_state(self.status, "cancel", self)
        self.cancel_reason = event.reason

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Shipment:
        """The shipment that emitted ``events`` (in order), rebuilt from them alone.

        The log starts with ``ShipmentOpened``; every event then goes through :meth:`apply`, the
        mutator the live commands use. A log that does not start so, mixes shipments, skips a
        version, holds something else or breaks the lifecycle is refused with a typed error.
        """
        return _LOG.replay(events, cls._unopened)

    __deepcopy__ = copy_shipment  # the store's copy on every read and save (kernel.copies)


_LOG: EventLog[Shipment] = EventLog(
    "shipment",
    ShipmentOpened,
    ShipmentEvent,
    {
        ShipmentOpened: Shipment._opened,
        ShipmentLinePicked: Shipment._picked,
        ShipmentPacked: Shipment._packed,
        ShipmentShipped: Shipment._shipped,
        ShipmentDelivered: Shipment._delivered,
        ShipmentTracked: Shipment._tracked,
        ShipmentCancelled: Shipment._cancelled,
        ShipmentListed: Shipment._listed,
    },
)
"""A shipment's log: it opens with ShipmentOpened, and the one mutator of each event type."""

replay_shipment = Shipment.replay
"""The shipment that emitted ``events`` (in order): :meth:`Shipment.replay`."""
