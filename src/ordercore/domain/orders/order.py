"""The ``Order`` aggregate: one class, composed of the parts it owns and delegates to.

Its parts: the lines (:class:`~.lines.OrderLine`, each with its :class:`~.ledger.QuantityLedger`
of buckets), the money (:class:`~.pricing.OrderTotals`, a view over lines, discounts and
shipping), the active holds (:class:`~.holds.Hold`) and the lifecycle table
(:data:`~.lifecycle.ORDER_LIFECYCLE`).

Each state change is written once. A command validates completely and decides, then records an
event: :meth:`Order._record` applies it with the one mutator declared for its type (``_APPLY``)
and keeps it in ``events`` (drain them with :meth:`Order.pull_events`). :meth:`Order.replay` and
:meth:`Order.apply` run the same mutators over recorded events. A refused command raises a
typed error and changes nothing. Nothing here reads the clock or invents ids at random: ``now``
is a parameter, line ids are ``line-<n>`` and hold ids ``<order id>/hold-<n>``.

A command checks, in this order: the order's status (so a cancelled order is refused as
cancelled, whatever else is wrong), the instant (``now`` never before the order was placed),
its arguments, the holds, and the quantities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ordercore.kernel.checks import require_items
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import NotFound, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventSink
from ordercore.kernel.ids import CustomerId, OrderId, Sku, require_id
from ordercore.kernel.money import Currency, CurrencyTable, Money

from . import events as ev
from .cancelling import line_cancellation, plan_cancellation
from .copying import copy_order
from .errors import (
    BillingQuantityExceeded,
    InsufficientQuantity,
    LineNotEditable,
    NotAllowedInStatus,
    OrderOnHold,
)
from .holds import Hold, HoldType
from .ledger import (
    BUCKET_MOVES,
    EDITABLE_BUCKETS,
    Bucket,
    BucketMove,
    QuantityLedger,
    bucket_move,
)
from .lifecycle import ORDER_LIFECYCLE, OrderStatus
from .lines import OrderLine, rescaled
from .pricing import OrderTotals, total_of
from .results import CancellationResult, EditResult, LineQuantity, edit_result, line_quantity
from .status import FulfilmentStatus, fulfilment_status
from .values import (
    Address,
    ChannelRef,
    Discount,
    HoldId,
    InvoicingPolicy,
    LineId,
    ShippingCharge,
    TaxLine,
    require_choice,
    require_kind,
    require_money_in,
    require_quantity,
    require_text,
)

__all__ = ["BILLING_STATUSES", "CANCEL_LINE_STATUSES", "EDIT_STATUSES", "Order"]


_S = OrderStatus
EDIT_STATUSES = frozenset({_S.DRAFT, _S.PLACED, _S.CONFIRMED, _S.IN_FULFILMENT})
"""Statuses in which lines and addresses may be edited and holds placed."""

CANCEL_LINE_STATUSES = frozenset({_S.PLACED, _S.CONFIRMED, _S.IN_FULFILMENT})
"""Statuses in which some units of a line may be cancelled (a draft is simply edited)."""

BILLING_STATUSES = frozenset({_S.PLACED, _S.CONFIRMED, _S.IN_FULFILMENT, _S.COMPLETED})
"""Statuses in which invoiced units may be recorded (credited ones also when cancelled)."""


_DATETIME = pendulum.DateTime
"""pendulum's instant class, bound once: a move tests ``now`` against it (~10 moves an order)."""


def _priority(priority: object) -> int:
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise WrongType("priority", priority, "a priority is an int (lower = more urgent)")
    return priority


def _currency(currency: object, table: CurrencyTable | None) -> Currency:
    if table is not None and not isinstance(table, CurrencyTable):
        raise WrongType("table", table, "a currency table is a CurrencyTable or None")
    if isinstance(currency, Currency):
        return currency
    if isinstance(currency, str):
        return (table or CurrencyTable.default()).get(currency)
    raise WrongType("currency", currency, "a currency is an ISO 4217 code or a Currency")


def _units(line: OrderLine, quantity: int) -> tuple[LineQuantity, ...]:
    return (line_quantity(line.id, line.sku, quantity),) if quantity else ()


def _not_before(at: pendulum.DateTime, earlier: pendulum.DateTime | None, what: str) -> None:
    """Refuse a fact dated ``at`` that comes before the fact it depends on (``earlier``)."""
    if earlier is not None and at < earlier:
        raise ValidationError(
            "now",
            at.isoformat(),
            f"it is dated before {what} ({earlier.isoformat()}); facts follow each other in time",
            earlier=earlier.isoformat(),
        )


@attrs.define(kw_only=True)
class Order:
    """A customer's order; see docs/orders.md for the model and its rules.

    Build orders with :meth:`draft`; the plain constructor is for repositories that rebuild a
    stored order and performs no checks.
    """

    id: OrderId
    number: str
    customer_id: CustomerId
    currency: Currency
    ship_to: Address
    bill_to: Address
    lines: dict[LineId, OrderLine] = attrs.field(factory=dict)
    discounts: tuple[Discount, ...] = ()
    shipping: tuple[ShippingCharge, ...] = ()
    priority: int = 100
    promised_ship_by: pendulum.Date | None = None
    channel: ChannelRef | None = None
    pickup_at: str | None = None
    """The store the order is collected at: it takes stock only there (``None``: shipped)."""
    invoicing_policy: InvoicingPolicy = InvoicingPolicy.ON_PLACEMENT
    status: OrderStatus = OrderStatus.DRAFT
    holds: tuple[Hold, ...] = ()
    created_at: pendulum.DateTime | None = None
    placed_at: pendulum.DateTime | None = None
    line_counter: int = 0
    hold_counter: int = 0
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    def check_invariants(self) -> None:
        """Refuse a state no command could have produced; the codec runs it on every decode.

        Raises :class:`ValidationError` naming the field, the value and the rule: the version is
        a whole number >= 0; each line is kept under its id, its ten buckets are whole numbers
        >= 0 that sum to an ordered quantity >= 1, and ``0 <= credited <= invoiced`` with
        ``invoiced - credited <= ordered - cancelled``; the order keeps active holds only, and
        its counters have counted every line and hold it keeps.
        """
        version = self.version
        if version.__class__ is not int or version < 0:
            raise ValidationError("version", version, "a version is a whole number >= 0")
        for line_id, line in self.lines.items():
            _check_line(line_id, line)
        if self.line_counter < len(self.lines):
            raise ValidationError(
                "line_counter", self.line_counter, f"counts every line ({len(self.lines)})"
            )
        if self.hold_counter < len(self.holds):
            raise ValidationError(
                "hold_counter", self.hold_counter, f"counts every hold ({len(self.holds)})"
            )
        for hold in self.holds:
            if hold.released_at is not None or hold.released_by is not None:
                raise ValidationError(
                    f"holds[{hold.id}]", hold.released_at, "an order keeps active holds only"
                )

    # -- creation ------------------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        order_id: OrderId | str,
        number: str,
        customer_id: CustomerId | str,
        currency: Currency | str,
        ship_to: Address,
        now: pendulum.DateTime,
        bill_to: Address | None = None,
        priority: int = 100,
        promised_ship_by: pendulum.Date | None = None,
        channel: ChannelRef | None = None,
        invoicing_policy: InvoicingPolicy | str = InvoicingPolicy.ON_PLACEMENT,
        discounts: Iterable[Discount] = (),
        shipping: Iterable[ShippingCharge] = (),
        table: CurrencyTable | None = None,
        pickup_at: str | None = None,
    ) -> Order:
        """A new draft order: version 0 and no event, like every new aggregate.

        ``pickup_at`` names the store the order is collected at (it then takes stock only
        there); ``None`` ships it.

        ``bill_to`` defaults to ``ship_to``; ``priority`` is an int, lower = more urgent
        (1 before 2, default 100, as in allocation and inventory); ``discounts`` are
        order-level and ``shipping`` the shipping charges, all in ``currency``.
        """
        at = instant(now, "now")
        cur = _currency(currency, table)
        ship = require_kind("ship_to", ship_to, Address, "an address is an Address")
        bill = require_kind("bill_to", ship if bill_to is None else bill_to, Address, "an Address")
        rank = _priority(priority)
        ref = None
        if channel is not None:
            ref = require_kind(
                "channel", channel, ChannelRef, "a channel reference is a ChannelRef"
            )
        policy = require_choice("invoicing_policy", invoicing_policy, InvoicingPolicy)
        # the defaults, (), are taken as they are: no generator run for nothing
        discount_list = (
            ()
            if discounts == ()
            else tuple(
                require_kind("discounts", d, Discount, "order discounts are Discount values")
                for d in require_items("discounts", discounts)
            )
        )
        shipping_list = (
            ()
            if shipping == ()
            else tuple(
                require_kind("shipping", s, ShippingCharge, "shipping is ShippingCharge values")
                for s in require_items("shipping", shipping)
            )
        )
        for d in discount_list:
            require_money_in(cur, "discounts", d.amount)
        for s in shipping_list:
            require_money_in(cur, "shipping", s.total)
        return cls(
            id=OrderId(require_id("order_id", order_id)),
            number=require_text("number", number),
            customer_id=CustomerId(require_id("customer_id", customer_id)),
            currency=cur,
            ship_to=ship,
            bill_to=bill,
            priority=rank,
            promised_ship_by=None
            if promised_ship_by is None
            else require_date(promised_ship_by, "promised_ship_by"),
            channel=ref,
            pickup_at=None if pickup_at is None else require_id("pickup_at", pickup_at),
            invoicing_policy=policy,
            discounts=discount_list,
            shipping=shipping_list,
            created_at=at,
        )

    # -- events: record, apply, replay ---------------------------------------------------------

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then cleared."""
        pulled = list(self.events)
        self.events.clear()
        return pulled

    def _record(self, kind: type[ev.OrderEvent], at: pendulum.DateTime, **fields: Any) -> None:
        """Apply a decided change as its event (the next version), with its one mutator; keep it."""
        event = ev.recorded(kind, self.id, self.version + 1, at, fields)  # kind(...), cheaper
        self._mutate(event)
        self.events.append(event)

    def _mutate(self, event: ev.OrderEvent) -> None:
        mutator = _APPLY.get(type(event))
        if mutator is None:
            raise ValidationError("events", event.name, "an order applies only order events")
        mutator(self, event)
        self.version = event.version

    @classmethod
    def replay(cls, events: Iterable[ev.OrderEvent]) -> Order:
        """The order its events describe, ``==`` the live one (version included).

        Replay starts at ``OrderPlaced`` (which carries the whole draft as placed) and skips the
        events before it; then :meth:`apply` applies each later event (see docs/orders.md).
        Raises :class:`WrongType` for a value that is not an order event, and
        :class:`ValidationError` (field ``events``) when there is no ``OrderPlaced`` or
        :meth:`apply` refuses an event.
        """
        placed: ev.OrderPlaced | None = None
        later: list[ev.OrderEvent] = []
        for index, event in enumerate(events):
            if not isinstance(event, ev.OrderEvent):
                raise WrongType(
                    f"events[{index}]", event, "an order replays OrderEvent values only"
                )
            if placed is not None:
                later.append(event)
            elif isinstance(event, ev.OrderPlaced):
                placed = event
        if placed is None:
            raise ValidationError(
                "events", "no OrderPlaced", "a replay starts at an OrderPlaced event"
            )
        order = cls._placing(placed)
        order._mutate(placed)
        previous: ev.OrderEvent = placed
        for event in later:
            order.apply(event, after=previous)
            previous = event
        return order

    @classmethod
    def _placing(cls, placed: ev.OrderPlaced) -> Order:
        """The draft ``placed`` carries, one version before it (its mutator then places it)."""
        return cls(
            id=OrderId(placed.entity_id),
            number=placed.number,
            customer_id=CustomerId(placed.customer_id),
            currency=placed.currency,
            ship_to=placed.ship_to,
            bill_to=placed.bill_to,
            lines={line.id: line for line in placed.order_lines},
            discounts=placed.discounts,
            shipping=placed.shipping,
            priority=placed.priority,
            promised_ship_by=placed.promised_ship_by,
            channel=placed.channel,
            pickup_at=placed.pickup_at,
            invoicing_policy=placed.invoicing_policy,
            holds=placed.holds,
            created_at=placed.created_at,
            line_counter=placed.line_counter,
            hold_counter=placed.hold_counter,
            version=placed.version - 1,
        )

    def apply(self, event: ev.OrderEvent, *, after: ev.OrderEvent | None = None) -> None:
        """Apply one recorded ``event`` (to catch a stored order up), checking id and version.

        ``after`` is the event applied just before, if known: an ``OrderQuantityMoved`` may share
        its version with the ``OrderFulfilmentStarted`` before it. The same mutator as the live
        command changes the order; it re-runs no business rule. A refused event changes nothing.
        """
        if not isinstance(event, ev.OrderEvent):
            raise WrongType("event", event, "an order applies OrderEvent values only")
        if event.entity_id != self.id:
            raise ValidationError(
                "events", event.entity_id, f"every event applied belongs to order {self.id!r}"
            )
        if isinstance(event, ev.OrderPlaced):
            raise ValidationError(
                "events", event.name, "an order is placed once; a replay starts at OrderPlaced"
            )
        shares = isinstance(after, ev.OrderFulfilmentStarted) and isinstance(
            event, ev.OrderQuantityMoved
        )
        expected = self.version if shares else self.version + 1
        if event.version != expected:
            raise ValidationError(
                "events",
                f"{event.name} v{event.version}",
                f"versions follow on from the placement: expected version {expected}",
            )
        self._mutate(event)

    # -- the one mutator per event type (live commands and replay alike) -----------------------

    def _recorded_line(self, line_id: str) -> OrderLine:
        line = self.lines.get(LineId(line_id))
        if line is None:
            raise ValidationError("events", line_id, "an event applied names a line the order has")
        return line

    def _put(self, line: OrderLine) -> None:
        # in place: the dict is the order's own (its copy copies it), and no new dict per move
        self.lines[line.id] = line

    def _cancelled(self, cancellation: ev.LineCancellation) -> OrderLine:
        line = self._recorded_line(cancellation.line_id)
        ledger = line.ledger.cancelled_from(
            cancellation.from_buckets, cancellation.quantity, cancellation.credited
        )
        return line.with_ledger(ledger)

    def _on_placed(self, event: ev.OrderPlaced) -> None:
        self.status, self.placed_at = OrderStatus.PLACED, event.occurred_at

    def _on_status_event(self, event: ev.OrderEvent) -> None:
        self.status = _STATUS_AFTER[type(event)]

    def _on_cancelled(self, event: ev.OrderCancelled) -> None:
        changed = {c.line_id: self._cancelled(c) for c in event.lines}
        self.lines = {**self.lines, **changed}
        self.status = OrderStatus.CANCELLED

    def _on_line_added(self, event: ev.OrderLineAdded) -> None:
        self._put(event.line)
        self.line_counter += 1

    def _on_quantity_changed(self, event: ev.OrderLineQuantityChanged) -> None:
        self._recorded_line(event.line_id)
        self._put(event.line)

    def _on_line_removed(self, event: ev.OrderLineRemoved) -> None:
        self._recorded_line(event.line_id)
        self.lines = {key: line for key, line in self.lines.items() if key != event.line_id}

    def _on_ship_to_changed(self, event: ev.ShipToChanged) -> None:
        self.ship_to = event.address

    def _on_pickup_chosen(self, event: ev.PickupChosen) -> None:
        self.pickup_at = event.location

    def _on_bill_to_changed(self, event: ev.BillToChanged) -> None:
        self.bill_to = event.address

    def _on_moved(self, event: ev.OrderQuantityMoved) -> None:
        # _recorded_line and _put spelled out: every move comes this way
        line_id = event.line_id
        line = self.lines.get(line_id)
        if line is None:
            line = self._recorded_line(line_id)  # refuses it
        self.lines[line_id] = line.moved(
            event.source, event.target, event.quantity, event.occurred_at
        )

    def _on_line_cancelled(self, event: ev.OrderLineCancelled) -> None:
        self._put(self._cancelled(event.cancellation))

    def _on_invoiced(self, event: ev.OrderLineInvoiced) -> None:
        line = self._recorded_line(event.line_id)
        self._put(line.counted(invoiced=event.quantity))

    def _on_credited(self, event: ev.OrderLineCredited) -> None:
        line = self._recorded_line(event.line_id)
        self._put(line.counted(credited=event.quantity))

    def _on_hold_placed(self, event: ev.OrderHoldPlaced) -> None:
        self.holds = (*self.holds, event.hold)
        self.hold_counter += 1

    def _on_hold_released(self, event: ev.OrderHoldReleased) -> None:
        if all(h.id != event.hold_id for h in self.holds):
            raise ValidationError("events", event.hold_id, "an event released a hold the order has")
        self.holds = tuple(h for h in self.holds if h.id != event.hold_id)

    # -- checks ----------------------------------------------------------------------------------

    def _require_status(self, command: str, allowed: Iterable[OrderStatus]) -> None:
        allowed_set = frozenset(allowed)
        if self.status not in allowed_set:
            names = [s.value for s in OrderStatus if s in allowed_set]
            raise NotAllowedInStatus(self.id, command, self.status.value, names)

    def check_allows(self, action: str) -> None:
        """Refuse ``action`` when the order's status does not allow it; change nothing.

        ``action`` is a bucket move (``"allocate"``, ``"ship"``...: ``NotAllowedInStatus``) or a
        lifecycle trigger (``"confirm"``...: ``InvalidTransition``); guards, holds and quantities
        are not looked at. It is the check every command makes first, offered to callers that
        check other things (payments, stock) before calling the command, so that a cancelled
        order is refused as cancelled first.
        """
        if not isinstance(action, str):
            raise WrongType("action", action, "an action is a trigger or move name, a str")
        allowed = _MOVE_STATUSES.get(action)
        if allowed is not None:
            self._require_status(action, allowed)
        elif not ORDER_LIFECYCLE.can(self.status, action):
            ORDER_LIFECYCLE.next_state(self.status, action, self)

    def _when(self, now: object) -> pendulum.DateTime:
        """``now`` as an instant, refused when it comes before the order was placed."""
        # instant()'s usual case tested here: it is called only for another value
        at = now if now.__class__ is _DATETIME else None
        if at is None or at.tzinfo is None:
            at = instant(now, "now")
        placed = self.placed_at
        if placed is not None and at < placed:  # _not_before's test: called only to refuse
            _not_before(at, placed, "the order was placed")
        return at

    def _check_holds(self, action: str) -> None:
        if not self.holds:  # the usual case: nothing to look at
            return
        blocking = self.blocking_holds(action)
        if blocking:
            raise OrderOnHold(
                self.id,
                self.status.value,
                action,
                [h.id for h in blocking],
                [h.type.value for h in blocking],
            )

    def _next(self, trigger: str) -> OrderStatus:
        if self.holds and ORDER_LIFECYCLE.can(self.status, trigger):  # no hold: nothing to ask
            self._check_holds(trigger)
        return ORDER_LIFECYCLE.next_state(self.status, trigger, self)

    def _line(self, line_id: object) -> OrderLine:
        if isinstance(line_id, str):
            found = self.lines.get(LineId(line_id))
            if found is not None:
                return found  # a key the order keeps is a usable id (it was checked when added)
        line = self.lines.get(LineId(require_id("line_id", line_id)))
        if line is None:
            raise NotFound("order line", line_id)
        return line

    def _check_enough(self, line: OrderLine, action: str, source: str, qty: int, have: int) -> None:
        if qty > have:
            raise InsufficientQuantity(line.id, action, source, qty, have)

    def _check_discounts_fit(self, lines: Iterable[OrderLine]) -> None:
        if not self.discounts:
            return  # nothing to fit (OrderTotals.check_discounts_fit says so too): no totals built
        OrderTotals(
            currency=self.currency,
            lines=tuple(lines),
            discounts=self.discounts,
            shipping=self.shipping,
        ).check_discounts_fit()

    # -- lifecycle -------------------------------------------------------------------------------

    def place(self, now: pendulum.DateTime) -> None:
        """Place the draft (it needs a line): its lines become demand. Emits OrderPlaced."""
        at = instant(now, "now")
        self._next("place")
        _not_before(at, self.created_at, "the order was created")
        self._check_discounts_fit(self.lines.values())
        self._record(
            ev.OrderPlaced,
            at,
            number=self.number,
            customer_id=self.customer_id,
            total=self.total,
            lines=self.demand(),
            priority=self.priority,
            currency=self.currency,
            ship_to=self.ship_to,
            bill_to=self.bill_to,
            order_lines=tuple(self.lines.values()),
            discounts=self.discounts,
            shipping=self.shipping,
            promised_ship_by=self.promised_ship_by,
            channel=self.channel,
            invoicing_policy=self.invoicing_policy,
            holds=self.holds,
            created_at=self.created_at,
            line_counter=self.line_counter,
            hold_counter=self.hold_counter,
            pickup_at=self.pickup_at,
        )

    def _trigger(self, trigger: str, kind: type[ev.OrderEvent], now: object) -> None:
        self._next(trigger)
        self._record(kind, self._when(now))

    def confirm(self, now: pendulum.DateTime) -> None:
        """Confirm a placed order (ready to fulfil) unless a hold blocks it."""
        self._trigger("confirm", ev.OrderConfirmed, now)

    def complete(self, now: pendulum.DateTime) -> None:
        """Complete an order whose every unit not cancelled has shipped."""
        self._trigger("complete", ev.OrderCompleted, now)

    def archive(self, now: pendulum.DateTime) -> None:
        """Close a completed order for good (no return may be waiting)."""
        self._trigger("archive", ev.OrderArchived, now)

    # -- holds -----------------------------------------------------------------------------------

    def _hold_id(self, number: int) -> HoldId:
        return HoldId(f"{self.id}/hold-{number}")

    def place_hold(
        self, hold_type: HoldType | str, reason: str, by: str, now: pendulum.DateTime
    ) -> HoldId:
        """Put a hold of ``hold_type`` on the order; returns its id. Holds stack."""
        self._require_status("place_hold", EDIT_STATUSES)
        at = self._when(now)
        kind = require_choice("hold_type", hold_type, HoldType)
        why = require_text("reason", reason)
        who = require_text("by", by)
        hold_id = self._hold_id(self.hold_counter + 1)
        self._record(ev.OrderHoldPlaced, at, hold_id=hold_id, hold_type=kind, reason=why, by=who)
        return hold_id

    def release_hold(self, hold_id: HoldId | str, by: str, now: pendulum.DateTime) -> bool:
        """Release one hold; ``False`` (and no change) if it was already released.

        The order keeps only its active holds: a released hold leaves it, and its story (who
        placed and released it, when, why) stays in its two events.
        """
        at = self._when(now)
        who = require_text("by", by)
        require_id("hold_id", hold_id)
        hold = next((h for h in self.holds if h.id == hold_id), None)
        if hold is None:
            if self._was_released(hold_id):
                return False
            raise NotFound("hold", hold_id)
        _not_before(at, hold.placed_at, f"hold {hold.id!r} was placed")
        self._record(ev.OrderHoldReleased, at, hold_id=hold.id, hold_type=hold.type, by=who)
        return True

    def _was_released(self, hold_id: object) -> bool:
        """Whether ``hold_id`` is one this order gave out (and, being inactive, released)."""
        prefix = f"{self.id}/hold-"
        if not isinstance(hold_id, str) or not hold_id.startswith(prefix):
            return False
        number = hold_id.removeprefix(prefix)
        return (
            number.isdigit()
            and 0 < int(number) <= self.hold_counter
            and (self._hold_id(int(number)) == hold_id)
        )

    # -- quantity moves --------------------------------------------------------------------------

    def move(
        self, line_id: LineId | str, quantity: int, move_name: str, now: pendulum.DateTime
    ) -> None:
        """Move ``quantity`` units of a line by the named move of ``BUCKET_MOVES``.

        Checks, in order: the move exists, the order status, ``now``, the quantity, the line,
        the holds, that the source bucket holds enough, and that a delivery is not dated before
        the line first shipped. The first ``pick`` of a confirmed order also starts fulfilment
        (``OrderFulfilmentStarted``, same version).
        """
        # the usual cases of the checks tested here, the calls made only to refuse (~10 a order)
        plan = _MOVE_PLAN.get(move_name) if move_name.__class__ is str else None
        if plan is None:  # not a move's plain name: bucket_move finds its move or refuses it
            plan = _MOVE_PLAN[bucket_move(move_name, "move_name").name]
        spec, allowed, source = plan
        if self.status not in allowed:
            self._require_status(spec.name, allowed)  # check_allows, for a move
        at = now  # instant()'s usual case tested here: it is called only for another value
        if now.__class__ is not _DATETIME or now.tzinfo is None:
            at = instant(now, "now")
        placed = self.placed_at
        if placed is not None and at < placed:  # _when's test: _not_before called only to refuse
            _not_before(at, placed, "the order was placed")
        qty = quantity
        if qty.__class__ is not int or qty < 1:
            qty = require_quantity("quantity", quantity, minimum=1)
        line = self.lines.get(line_id) if line_id.__class__ is str else None  # type: ignore[call-overload]
        if line is None:  # not a key the order keeps: _line checks the id or refuses it
            line = self._line(line_id)
        if self.holds:
            self._check_holds(spec.name)
        have: int = getattr(line.ledger, source)  # ledger[spec.source], without the call
        if qty > have:
            self._check_enough(line, spec.name, spec.source.value, qty, have)
        if spec.name == "deliver":
            _not_before(at, line.first_shipped_at, f"line {line.id!r} first shipped")
        starts = spec.name == "pick" and self.status is OrderStatus.CONFIRMED
        if starts:
            self._next("start_fulfilment")
            self._record(ev.OrderFulfilmentStarted, at)
        moved = ev.quantity_moved(  # OrderQuantityMoved(...), built cheaper; in field order
            self.id,
            self.version if starts else self.version + 1,
            at,
            line.id,
            spec.name,
            spec.source,
            spec.target,
            qty,
        )
        # applied and kept as _record does, its mutator named (no lookup): ~10 moves an order
        self._on_moved(moved)
        self.version = moved.version
        self.events.append(moved)

    def allocate(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from unallocated to allocated (stock was reserved)."""
        self.move(line_id, quantity, "allocate", now)

    def backorder(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from unallocated to backordered (no stock yet)."""
        self.move(line_id, quantity, "backorder", now)

    def pick(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from allocated to picked."""
        self.move(line_id, quantity, "pick", now)

    def pack(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from picked to packed."""
        self.move(line_id, quantity, "pack", now)

    def ship(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from packed to shipped."""
        self.move(line_id, quantity, "ship", now)

    def deliver(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Move units from shipped to delivered (not dated before the line first shipped)."""
        self.move(line_id, quantity, "deliver", now)

    # -- billing counters ------------------------------------------------------------------------

    def record_invoiced(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Count more units as invoiced (invoiced - credited <= ordered - cancelled)."""
        if self.status not in BILLING_STATUSES:  # _require_status called only to refuse
            self._require_status("record_invoiced", BILLING_STATUSES)
        at = self._when(now)
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        ledger = line.ledger
        room = ledger.active - ledger.net_invoiced
        if qty > room:
            raise BillingQuantityExceeded(
                line.id,
                "invoiced",
                qty,
                room,
                "invoiced minus credited units never exceed ordered minus cancelled units",
            )
        self._record(ev.OrderLineInvoiced, at, line_id=line.id, quantity=qty)

    def record_credited(self, line_id: LineId | str, quantity: int, now: pendulum.DateTime) -> None:
        """Count ``quantity`` more units of a line as credited (credited <= invoiced)."""
        self._require_status("record_credited", BILLING_STATUSES | {OrderStatus.CANCELLED})
        at = self._when(now)
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        room = line.ledger.net_invoiced
        if qty > room:
            raise BillingQuantityExceeded(
                line.id, "credited", qty, room, "credited units never exceed invoiced units"
            )
        self._record(ev.OrderLineCredited, at, line_id=line.id, quantity=qty)

    # -- edits -----------------------------------------------------------------------------------

    def _demand(self, line: OrderLine, quantity: int) -> tuple[LineQuantity, ...]:
        return () if self.status is OrderStatus.DRAFT else _units(line, quantity)

    def add_line(
        self,
        sku: Sku | str,
        quantity: int,
        unit_price: Money,
        now: pendulum.DateTime,
        *,
        discounts: Iterable[Discount] = (),
        tax_lines: Iterable[TaxLine] = (),
    ) -> EditResult:
        """Add a line of ``quantity`` units of ``sku`` at ``unit_price``; ids are ``line-<n>``."""
        self._require_status("add_line", EDIT_STATUSES)
        at = self._when(now)
        qty = require_quantity("quantity", quantity, minimum=1)
        line = OrderLine.new(
            line_id=LineId(f"line-{self.line_counter + 1}"),
            sku=sku,
            quantity=qty,
            unit_price=unit_price,
            currency=self.currency,
            discounts=discounts,
            tax_lines=tax_lines,
        )
        self._record(
            ev.OrderLineAdded,
            at,
            line_id=line.id,
            sku=line.sku,
            quantity=qty,
            unit_price=line.unit_price,
            line=line,
        )
        return edit_result(line.id, allocate=self._demand(line, qty))

    def change_quantity(
        self, line_id: LineId | str, quantity: int, now: pendulum.DateTime
    ) -> EditResult:
        """Set a line's ordered quantity; a cut takes unallocated, then backordered, then allocated.

        Discounts and taxes of the line are rescaled in proportion (half-even). Refused when the
        cut needs picked units, or would leave fewer units than are (net) invoiced.
        """
        self._require_status("change_quantity", EDIT_STATUSES)
        at = self._when(now)
        qty = require_quantity("quantity", quantity, minimum=1)
        line = self._line(line_id)
        old, ledger = line.quantity, line.ledger
        if qty == old:
            return EditResult(line_id=line.id)
        release = 0
        if qty > old:
            new_ledger = attrs.evolve(ledger, unallocated=ledger.unallocated + qty - old)
        else:
            new_ledger, release = self._cut(line, qty)
        new_line = rescaled(line, new_ledger)
        self._check_discounts_fit({**self.lines, line.id: new_line}.values())
        self._record(
            ev.OrderLineQuantityChanged,
            at,
            line_id=line.id,
            old_quantity=old,
            new_quantity=qty,
            released=release,
            line=new_line,
        )
        return EditResult(
            line_id=line.id,
            release=_units(line, release),
            allocate=self._demand(line, max(0, qty - old)),
        )

    def _cut(self, line: OrderLine, quantity: int) -> tuple[QuantityLedger, int]:
        """The ledger of ``line`` cut to ``quantity`` units, and the allocated units it frees."""
        ledger, old = line.ledger, line.quantity
        if old - quantity > ledger.editable:
            raise LineNotEditable(
                line.id,
                "change_quantity",
                quantity,
                f"only {ledger.editable} unit(s) are not yet picked, so the quantity can "
                f"go down to {old - ledger.editable} at the least",
            )
        new_ledger, taken = ledger.taken(old - quantity, EDITABLE_BUCKETS)
        if new_ledger.net_invoiced > new_ledger.active:
            raise LineNotEditable(
                line.id,
                "change_quantity",
                quantity,
                f"{ledger.net_invoiced} unit(s) are invoiced; cancel units to credit them",
            )
        return new_ledger, taken.get(Bucket.ALLOCATED, 0)

    def remove_line(self, line_id: LineId | str, now: pendulum.DateTime) -> EditResult:
        """Remove a line none of whose units is picked, or invoiced and not credited.

        A placed order keeps at least one line.
        """
        self._require_status("remove_line", EDIT_STATUSES)
        at = self._when(now)
        line = self._line(line_id)
        ledger = line.ledger
        rule = ""
        if ledger.editable + ledger.cancelled != ledger.ordered:
            rule = "some units are picked or further along; cancel the rest instead"
        elif ledger.net_invoiced:
            rule = (
                f"{ledger.net_invoiced} unit(s) of the line are invoiced and not credited; "
                "credit them first (the Engine's edit does) or cancel them"
            )
        elif self.status is not OrderStatus.DRAFT and len(self.lines) == 1:
            rule = "a placed order keeps at least one line; cancel the order instead"
        if rule:
            raise LineNotEditable(line.id, "remove_line", line.id, rule)
        self._check_discounts_fit(other for other in self.lines.values() if other.id != line.id)
        self._record(
            ev.OrderLineRemoved,
            at,
            line_id=line.id,
            sku=line.sku,
            quantity=line.quantity,
            released=ledger.allocated,
        )
        return EditResult(line_id=line.id, release=_units(line, ledger.allocated))

    def change_ship_to(self, address: Address, now: pendulum.DateTime) -> EditResult:
        """Ship to ``address``, while no unit is picked; allocated units are to re-allocate."""
        self._require_status("change_ship_to", EDIT_STATUSES)
        at = self._when(now)
        address = require_kind("ship_to", address, Address, "an address is an Address")
        for line in self.lines.values():
            moved = line.ledger.ordered - line.ledger.editable - line.ledger.cancelled
            if moved:
                raise LineNotEditable(
                    line.id,
                    "change_ship_to",
                    f"{address.city}, {address.country}",
                    f"{moved} unit(s) are already picked or further along",
                )
        if address == self.ship_to:
            return EditResult()
        self._record(ev.ShipToChanged, at, address=address)
        if self.status is OrderStatus.DRAFT:
            return EditResult()
        lines = self.lines.values()
        return EditResult(reallocate=tuple(q for x in lines for q in _units(x, x.ledger.allocated)))

    def choose_pickup(self, location: str | None, now: pendulum.DateTime) -> None:
        """Collect the order at store ``location`` (``None``: ship it). Emits PickupChosen.

        Refused (``LineNotEditable``) while a unit is allocated or further along: its stock
        may be at another place; release it first. Backordered units wait for the new place.
        """
        self._require_status("choose_pickup", EDIT_STATUSES)
        at = self._when(now)
        place = None if location is None else require_id("pickup_at", location)
        if place == self.pickup_at:
            return
        for line in self.lines.values():
            held = line.ledger.ordered - line.ledger.editable - line.ledger.cancelled
            held += line.ledger.allocated
            if held:
                raise LineNotEditable(
                    line.id,
                    "choose_pickup",
                    place,
                    f"{held} unit(s) are allocated or further along; release them first",
                )
        self._record(ev.PickupChosen, at, location=place)

    def change_bill_to(self, address: Address, now: pendulum.DateTime) -> None:
        """Bill to ``address`` (any time before completion)."""
        self._require_status("change_bill_to", EDIT_STATUSES)
        at = self._when(now)
        address = require_kind("bill_to", address, Address, "an address is an Address")
        if address != self.bill_to:
            self._record(ev.BillToChanged, at, address=address)

    # -- cancellation ----------------------------------------------------------------------------

    def _discount_share(self, line: OrderLine) -> Money:
        return self.order_discount_shares().get(line.id, Money.zero(self.currency))

    def cancel_quantity(
        self, line_id: LineId | str, quantity: int, reason: str, now: pendulum.DateTime
    ) -> CancellationResult:
        """Cancel ``quantity`` units of a line not yet shipped (least progressed units first)."""
        self._require_status("cancel_quantity", CANCEL_LINE_STATUSES)
        at = self._when(now)
        qty = require_quantity("quantity", quantity, minimum=1)
        why = require_text("reason", reason)
        line = self._line(line_id)
        self._check_enough(line, "cancel", "not yet shipped", qty, line.ledger.cancellable)
        cancelled = plan_cancellation(line, qty, self._discount_share(line))
        self._record(
            ev.OrderLineCancelled,
            at,
            line_id=line.id,
            quantity=qty,
            reason=why,
            released=cancelled.release,
            value=cancelled.total,
            cancellation=line_cancellation(cancelled),
        )
        return CancellationResult(lines=(cancelled,), shipping=Money.zero(self.currency))

    def cancel(self, reason: str, now: pendulum.DateTime) -> CancellationResult:
        """Cancel the whole order (nothing may have shipped); shipping charges are cancelled too."""
        self._next("cancel")
        at = self._when(now)
        why = require_text("reason", reason)
        shares = self.order_discount_shares()
        zero = Money.zero(self.currency)
        result = CancellationResult(
            lines=tuple(
                plan_cancellation(line, line.ledger.cancellable, shares.get(line.id, zero))
                for line in self.lines.values()
                if line.ledger.cancellable
            ),
            shipping=self.totals.shipping_charged,
        )
        self._record(
            ev.OrderCancelled,
            at,
            reason=why,
            cancelled=tuple(
                LineQuantity(line_id=c.line_id, sku=c.sku, quantity=c.quantity)
                for c in result.lines
            ),
            release=result.release,
            value=result.total,
            lines=tuple(line_cancellation(c) for c in result.lines),
        )
        return result

    # -- facts (the lifecycle's guards ask these) ------------------------------------------------

    def has_lines(self) -> bool:
        """Whether the order has at least one line."""
        return bool(self.lines)

    @property
    def active_holds(self) -> tuple[Hold, ...]:
        """Holds not yet released (the order keeps no other)."""
        return tuple(h for h in self.holds if h.active)

    def blocking_holds(self, action: str) -> tuple[Hold, ...]:
        """The active holds that block ``action`` (a lifecycle trigger or a move name)."""
        if not isinstance(action, str):
            raise WrongType("action", action, "an action is a trigger or move name, a str")
        if not self.holds:  # the usual case: no generator to run
            return ()
        return tuple(h for h in self.holds if h.blocks(action))

    def blocked(self, action: str) -> bool:
        """Whether any active hold blocks ``action``."""
        return bool(self.blocking_holds(action))

    def nothing_shipped(self) -> bool:
        """Whether no unit of any line has left the warehouse."""
        return all(line.ledger.out == 0 for line in self.lines.values())

    def all_shipped(self) -> bool:
        """Whether every unit not cancelled has left the warehouse, and at least one has."""
        # spelled out over the buckets (counts >= 0): out == active when none of the five
        # buckets before shipped holds a unit. No list, generator or property: a sixth of the
        # instructions, and completing an order asks it twice
        out = False
        for line in self.lines.values():
            lg = line.ledger
            if lg.unallocated or lg.backordered or lg.allocated or lg.picked or lg.packed:
                return False
            if not out:
                out = bool(lg.shipped or lg.delivered or lg.return_requested or lg.returned)
        return out

    def no_open_returns(self) -> bool:
        """Whether no unit is waiting in ``return_requested``."""
        return all(line.ledger.return_requested == 0 for line in self.lines.values())

    @property
    def fulfilment_status(self) -> FulfilmentStatus:
        """How far the units have travelled, derived from the buckets (see docs/orders.md)."""
        return fulfilment_status(line.ledger for line in self.lines.values())

    def allowed_triggers(self) -> tuple[str, ...]:
        """Lifecycle triggers the current status has a row for (guards not evaluated)."""
        return ORDER_LIFECYCLE.allowed(self.status)

    def demand(self) -> tuple[LineQuantity, ...]:
        """Units still waiting for stock (unallocated), per line."""
        return tuple(
            line_quantity(line.id, line.sku, line.ledger.unallocated)
            for line in self.lines.values()
            if line.ledger.unallocated
        )

    # -- money (delegated to the totals part) ----------------------------------------------------

    @property
    def totals(self) -> OrderTotals:
        """The order's money part: lines, order discounts and shipping (computed, not stored)."""
        return OrderTotals.of(
            self.currency, tuple(self.lines.values()), self.discounts, self.shipping
        )

    @property
    def subtotal(self) -> Money:
        """Sum of the lines' subtotals (unit price times quantity)."""
        return self.totals.subtotal

    @property
    def order_discount_total(self) -> Money:
        """Sum of the order-level discounts."""
        return self.totals.order_discount_total

    @property
    def discount_total(self) -> Money:
        """Line discounts plus order-level discounts."""
        return self.totals.discount_total

    @property
    def shipping_total(self) -> Money:
        """Shipping charges, before their tax."""
        return self.totals.shipping_total

    @property
    def tax_total(self) -> Money:
        """Tax on the lines plus tax on shipping."""
        return self.totals.tax_total

    @property
    def total(self) -> Money:
        """Subtotal - discounts + shipping + tax: what the customer pays."""
        # OrderTotals.total, without building the totals and a tuple of the lines
        return total_of(self.currency, self.lines.values(), self.discounts, self.shipping)

    def order_discount_shares(self) -> dict[LineId, Money]:
        """The order-level discounts split over the lines by net amount (largest remainder)."""
        return self.totals.order_discount_shares()

    __deepcopy__ = copy_order  # the store's copy on every read and save (kernel.copies)


_MOVE_STATUSES: Mapping[str, frozenset[OrderStatus]] = {
    move.name: frozenset(status for status in OrderStatus if status.value in move.statuses)
    for move in BUCKET_MOVES
}
"""The statuses each bucket move is allowed in, by move name (worked out once, not per move)."""

_MOVE_PLAN: Mapping[str, tuple[BucketMove, frozenset[OrderStatus], str]] = {
    move.name: (move, _MOVE_STATUSES[move.name], str.__str__(move.source)) for move in BUCKET_MOVES
}
"""Each bucket move by name, with its statuses and its source bucket's field name (a plain str:
``getattr`` with a str subclass misses the type's attribute cache); looked up once per move."""

_STATUS_AFTER: Mapping[type[ev.OrderEvent], OrderStatus] = {
    ev.OrderConfirmed: OrderStatus.CONFIRMED,
    ev.OrderFulfilmentStarted: OrderStatus.IN_FULFILMENT,
    ev.OrderCompleted: OrderStatus.COMPLETED,
    ev.OrderArchived: OrderStatus.ARCHIVED,
}

_APPLY: Mapping[type[ev.OrderEvent], Callable[[Order, Any], None]] = {
    ev.OrderPlaced: Order._on_placed,
    **dict.fromkeys(_STATUS_AFTER, Order._on_status_event),
    ev.OrderCancelled: Order._on_cancelled,
    ev.OrderLineAdded: Order._on_line_added,
    ev.OrderLineQuantityChanged: Order._on_quantity_changed,
    ev.OrderLineRemoved: Order._on_line_removed,
    ev.ShipToChanged: Order._on_ship_to_changed,
    ev.BillToChanged: Order._on_bill_to_changed,
    ev.PickupChosen: Order._on_pickup_chosen,
    ev.OrderQuantityMoved: Order._on_moved,
    ev.OrderLineCancelled: Order._on_line_cancelled,
    ev.OrderLineInvoiced: Order._on_invoiced,
    ev.OrderLineCredited: Order._on_credited,
    ev.OrderHoldPlaced: Order._on_hold_placed,
    ev.OrderHoldReleased: Order._on_hold_released,
}
"""The one mutator of each order event type: live commands and replay both go through it."""


def _check_line(line_id: str, line: OrderLine) -> None:
    """Refuse a stored line whose buckets or billing counts no command could produce."""
    if line.id != line_id:
        raise ValidationError(f"lines[{line_id}].id", line.id, "a line is kept under its id")
    ledger = line.ledger
    for bucket in Bucket:
        units = ledger[bucket]
        if units.__class__ is not int or units < 0:
            where = f"lines[{line_id}].{bucket.value}"
            raise ValidationError(where, units, "a bucket holds a whole number >= 0 of units")
    if ledger.ordered < 1:
        raise ValidationError(
            f"lines[{line_id}]", ledger.ordered, "the buckets sum to an ordered quantity >= 1"
        )
    if not 0 <= ledger.credited <= ledger.invoiced:
        raise ValidationError(
            f"lines[{line_id}].credited", ledger.credited, "0 <= credited <= invoiced"
        )
    if ledger.net_invoiced > ledger.active:
        raise ValidationError(
            f"lines[{line_id}].invoiced",
            ledger.invoiced,
            "invoiced minus credited units never exceed ordered minus cancelled units",
        )
