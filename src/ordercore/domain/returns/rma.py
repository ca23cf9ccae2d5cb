"""The ``ReturnAuthorization`` aggregate (an RMA): units of one order coming back.

A return is requested for some units of some lines of an order, each tied to the order line
(order id, line id, SKU), the shipment it left in and the lot. Its commands each check
everything first, then record one event and add one to ``version`` (``pull_events()`` drains):

* :meth:`ReturnAuthorization.request` opens it (version 1). Every line must be in its return
  window (:class:`~ordercore.domain.returns.window.ReturnWindow`, counted from that line's
  delivery) and ask at most ``shipped - already returned`` units, as the caller's
  :class:`~ordercore.domain.returns.values.ReturnableLine` facts say.
* :meth:`authorize` or :meth:`reject` (with a reason); :meth:`ship_back` when the customer sends.
* :meth:`receive` records units of a line arriving, with location, lot and condition; the
  line keeps each receipt (at most one per unit authorized), so :meth:`ReturnLine.arrivals
  <ordercore.domain.returns.values.ReturnLine.arrivals>` says where the units an inspection
  grades arrived (inspected in the order they arrived).
* :meth:`inspect` grades received units and gives them a disposition (restock to a location and
  lot, quarantine, scrap, return to vendor, repair). Inspecting the last authorized unit ends the
  inspection; :meth:`finish_inspection` ends it when some units never arrive.
* :meth:`resolve` records the refund, store credit, fee and exchange order; never more than the
  exact share the caller computed with :func:`~ordercore.domain.returns.refunds.refund_share`.
* :meth:`close`, or :meth:`cancel` before anything arrived.

Each change is written once: :meth:`apply` (one mutator per event type) changes the return for
live commands and for :meth:`replay` alike. The return knows nothing of stock, orders or money
movements: the service turns its events into them (see ``docs/returns.md``). Each event writes
its three stamp fields out (``entity_id``, ``version``, ``occurred_at``), as shipments' and
invoices' do, instead of unpacking ``EventLog.stamp``'s dictionary: ``receive_return`` records
five events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from ordercore.domain.orders.values import require_text
from ordercore.domain.returns.errors import (
    OutsideReturnWindow,
    OverRefund,
    OverReturn,
    UnknownReturnLine,
)
from ordercore.domain.returns.events import (
    ReturnAuthorized,
    ReturnCancelled,
    ReturnClosed,
    ReturnEvent,
    ReturnInspectionFinished,
    ReturnRefundPaid,
    ReturnRejected,
    ReturnRequested,
    ReturnResolved,
    ReturnShippedBack,
    ReturnUnitsInspected,
    ReturnUnitsReceived,
)
from ordercore.domain.returns.lifecycle import RMA_LIFECYCLE, RmaStatus
from ordercore.domain.returns.refunds import (
    OrderFigures,
    RefundPolicy,
    RefundQuote,
    refund_quote,
    settled_quote,
)
from ordercore.domain.returns.values import (
    Condition,
    Disposition,
    Grade,
    InspectedUnits,
    ReceivedUnits,
    ReturnableLine,
    ReturnLine,
    ReturnRequestLine,
)
from ordercore.domain.returns.window import ReturnWindow
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money, sum_money

if TYPE_CHECKING:
    from ordercore.domain.billing import CreditResult

__all__ = ["ReturnAuthorization", "replay_return"]

_S = RmaStatus


def _request_lines(value: object) -> tuple[ReturnRequestLine, ...]:
    # a list or tuple needs neither isinstance() check (the ABC's is the dearer)
    plain = value.__class__ is list or value.__class__ is tuple
    if not plain and (isinstance(value, str) or not isinstance(value, Iterable)):
        raise WrongType("lines", value, "lines are a list of ReturnRequestLine values")
    lines: tuple[ReturnRequestLine, ...] = tuple(value)  # type: ignore[arg-type]  # each, below
    if not lines:
        raise ValidationError("lines", [], "a return asks back at least one order line")
    seen: set[str] = set()
    for line in lines:
        if not isinstance(line, ReturnRequestLine):
            raise WrongType("lines", line, "each line is a ReturnRequestLine value")
        if line.line_id in seen:
            raise ValidationError("lines", line.line_id, "each order line is asked back once")
        seen.add(line.line_id)
    return lines


def _order_facts(value: object) -> dict[str, ReturnableLine]:
    plain = value.__class__ is list or value.__class__ is tuple  # as _request_lines
    if not plain and (isinstance(value, str) or not isinstance(value, Iterable)):
        raise WrongType("order_lines", value, "the order's facts are a list of ReturnableLine")
    facts: dict[str, ReturnableLine] = {}
    for fact in value:  # type: ignore[attr-defined]  # an iterable, checked above
        if not isinstance(fact, ReturnableLine):
            raise WrongType("order_lines", fact, "each fact is a ReturnableLine value")
        facts[fact.line_id] = fact
    return facts


def _money(field: str, value: object) -> Money:
    if not isinstance(value, Money):
        raise WrongType(field, value, f"{field} is Money")
    if value.is_negative():
        raise ValidationError(field, str(value), f"{field} is never negative")
    return value


@attrs.define
class ReturnAuthorization:
    """A return merchandise authorization for units of one order (see the module doc)."""

    id: str
    order_id: str
    channel: str
    lines: dict[str, ReturnLine]
    status: RmaStatus = RmaStatus.REQUESTED
    version: int = 0
    requested_at: pendulum.DateTime | None = None
    reject_reason: str | None = None
    cancel_reason: str | None = None
    carrier: str | None = None
    tracking: tuple[str, ...] = ()
    refund: Money | None = None
    credit: Money | None = None
    fee: Money | None = None
    exchange_order_id: str | None = None
    refunded: Money | None = None
    """What was paid back so far of ``refund`` (``record_refund``); None before any."""
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @classmethod
    def request(
        cls,
        rma_id: str,
        order_id: str,
        channel: str,
        lines: Sequence[ReturnRequestLine],
        order_lines: Iterable[ReturnableLine],
        window: ReturnWindow,
        now: pendulum.DateTime,
    ) -> ReturnAuthorization:
        """A new return (version 1, ``ReturnRequested``) of ``lines`` of order ``order_id``.

        ``order_lines`` are the order's facts for the lines asked back (shipped, already
        returned, delivered at). A line outside its window is refused
        (:class:`OutsideReturnWindow`, naming the request and the closing instant), a line asking
        more than ``shipped - returned`` units too (:class:`OverReturn`).
        """
        require_id("rma_id", rma_id)
        require_id("order_id", order_id)
        require_id("channel", channel)
        asked = _request_lines(lines)
        facts = _order_facts(order_lines)
        if not isinstance(window, ReturnWindow):
            raise WrongType("window", window, "a ReturnWindow value")
        at = instant(now, "now")
        closes: list[tuple[str, pendulum.DateTime]] = []
        built: list[ReturnLine] = []
        for line in asked:
            fact = facts.get(line.line_id)
            if fact is None:
                raise UnknownReturnLine(line.line_id, f"order {order_id!r}", tuple(facts))
            closes_at = window.closes_at(fact.delivered_at, channel, fact.sku)
            if at >= closes_at:
                raise OutsideReturnWindow(
                    line.line_id,
                    fact.sku,
                    at.isoformat(),
                    fact.delivered_at.isoformat(),
                    closes_at.isoformat(),
                    window.days_for(channel, fact.sku),
                )
            if line.units > fact.returnable:
                rule = f"{fact.shipped} shipped less {fact.returned} already returned"
                raise OverReturn(line.line_id, line.units, fact.returnable, rule)
            closes.append((line.line_id, closes_at))
            built.append(ReturnLine.requested(line, fact.sku))  # both checked: written by slots
        requested = ReturnRequested(
            entity_id=rma_id,
            version=1,
            occurred_at=at,
            order_id=order_id,
            channel=channel,
            lines=tuple(built),
            windows_close=tuple(closes),
        )
        rma = cls._unopened(requested)
        _LOG.record(rma, requested)
        return rma

    @classmethod
    def _unopened(cls, requested: ReturnRequested) -> ReturnAuthorization:
        """The blank that ``requested`` applies to (version 0, no lines yet)."""
        return cls(requested.entity_id, requested.order_id, requested.channel, {})

    # -- queries --------------------------------------------------------------------------------

    def line(self, line_id: str) -> ReturnLine:
        """The return's line for order line ``line_id``; :class:`UnknownReturnLine` if none."""
        found = self.lines.get(line_id) if isinstance(line_id, str) else None
        if found is None:
            raise UnknownReturnLine(line_id, f"return {self.id!r}", tuple(self.lines))
        return found

    def units(self) -> dict[str, int]:
        """Units authorized per order line."""
        return {k: line.units for k, line in self.lines.items()}

    def received(self) -> dict[str, int]:
        """Units arrived per order line (lines with none left out)."""
        return {k: line.received for k, line in self.lines.items() if line.received}

    def quote(
        self, figures: OrderFigures, credited: Mapping[str, int], policy: RefundPolicy
    ) -> RefundQuote:
        """What the units received so far are exactly worth, and the restocking fee kept.

        ``figures`` are the order's money, ``credited`` its units already given back with money
        per line (counted before these are credited); each line's reason may waive the fee
        (:func:`~ordercore.domain.returns.refunds.refund_quote`).
        """
        now = {k: (line.received, line.reason) for k, line in self.lines.items() if line.received}
        return refund_quote(figures, credited, now, policy)

    def every_received_unit_inspected(self) -> bool:
        """Whether something arrived and every unit that arrived was inspected."""
        arrived = any(line.received for line in self.lines.values())
        return arrived and all(line.uninspected == 0 for line in self.lines.values())

    def allowed_triggers(self) -> tuple[str, ...]:
        """The lifecycle triggers the current status has rows for."""
        return RMA_LIFECYCLE.allowed(self.status)

    # -- commands -------------------------------------------------------------------------------

    def authorize(self, now: pendulum.DateTime) -> None:
        """Authorize the return: the customer may send the units back."""
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "authorize", self)
        _LOG.record(
            self, ReturnAuthorized(entity_id=self.id, version=self.version + 1, occurred_at=at)
        )

    def reject(self, reason: str, now: pendulum.DateTime) -> None:
        """Refuse the return, saying why (it ends here)."""
        require_text("reason", reason)
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "reject", self)
        _LOG.record(
            self,
            ReturnRejected(
                entity_id=self.id, version=self.version + 1, occurred_at=at, reason=reason
            ),
        )

    def ship_back(
        self, carrier: str, now: pendulum.DateTime, *, tracking: Iterable[str] = ()
    ) -> None:
        """Record that the customer sent the units with ``carrier`` (optional tracking)."""
        require_text("carrier", carrier)
        if isinstance(tracking, str) or not isinstance(tracking, Iterable):
            raise WrongType("tracking", tracking, "tracking numbers are a list of strings")
        numbers = tuple(tracking)
        for number in numbers:
            require_id("tracking", number)
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "ship_back", self)
        _LOG.record(
            self,
            ReturnShippedBack(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                carrier=carrier,
                tracking=numbers,
            ),
        )

    def receive(
        self,
        line_id: str,
        units: int,
        condition: Condition,
        location: str,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
    ) -> None:
        """Record ``units`` of a line arriving at ``location`` in ``condition`` (of ``lot``).

        At most the units still awaited (:class:`OverReturn`). The lot defaults to the lot
        named on the return line.
        """
        line = self.line(line_id)
        count = require_quantity("units", units, minimum=1)
        require_id("location", location)
        arrived = ReceivedUnits(count, condition, line.lot if lot is None else lot, location)
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "receive", self)
        if count > line.awaited:
            rule = f"{line.units} authorized less {line.received} already received"
            raise OverReturn(line_id, count, line.awaited, rule)
        _LOG.record(
            self,
            ReturnUnitsReceived(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                order_id=self.order_id,
                line_id=line_id,
                sku=line.sku,
                location=location,
                received=arrived,
            ),
        )

    def inspect(
        self,
        line_id: str,
        units: int,
        grade: Grade,
        disposition: Disposition,
        now: pendulum.DateTime,
    ) -> None:
        """Grade ``units`` received of a line and send them to ``disposition``.

        At most the units arrived and not yet inspected (:class:`OverReturn`); a unit graded
        damaged or defective is never restocked. The last authorized unit ends the inspection.
        """
        line = self.line(line_id)
        graded = InspectedUnits(require_quantity("units", units, minimum=1), grade, disposition)
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "inspect", self)
        if graded.units > line.uninspected:
            rule = f"{line.received} received less {line.inspected} already inspected"
            raise OverReturn(line_id, graded.units, line.uninspected, rule)
        _LOG.record(
            self,
            ReturnUnitsInspected(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                order_id=self.order_id,
                line_id=line_id,
                sku=line.sku,
                inspected=graded,
                finished=self._finished_with(line_id, graded.units),
            ),
        )

    def _finished_with(self, line_id: str, more: int) -> bool:
        return all(
            line.awaited == 0 and line.uninspected == (more if key == line_id else 0)
            for key, line in self.lines.items()
        )

    def finish_inspection(self, now: pendulum.DateTime) -> dict[str, int]:
        """End the inspection with what arrived; returns the units that never did, per line."""
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "finish_inspection", self)
        missing = {k: line.awaited for k, line in self.lines.items() if line.awaited}
        _LOG.record(
            self,
            ReturnInspectionFinished(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                never_arrived=tuple(missing.items()),
            ),
        )
        return missing

    def settle(
        self,
        figures: OrderFigures,
        credited_before: Mapping[str, int],
        notes: Sequence[CreditResult],
        policy: RefundPolicy,
        now: pendulum.DateTime,
        *,
        refund: Money | None = None,
        credit: Money | None = None,
        note: str = "",
    ) -> Money:
        """Resolve the return once the invoices' credit ``notes`` credited its received units.

        The share paid back is bounded by what the invoices charged for the received units (the
        notes' total) when the notes credit every one of them, else by the units' exact share of
        the order (``figures``, with the units ``credited_before`` the notes) plus, by
        ``policy``, the shipping the notes credited; either way less the restocking fee
        (:func:`~ordercore.domain.returns.refunds.settled_quote`). With neither ``refund`` nor
        ``credit``, the refund is what the notes owe the customer, within that. Then
        :meth:`resolve`; returns what it returns.
        """
        # the goods alone: the policy as it is when it refunds no shipping (no copy to build)
        rules = attrs.evolve(policy, refund_shipping=False) if policy.refund_shipping else policy
        goods = self.quote(figures, credited_before, rules)
        units = sum(line.received for line in self.lines.values())
        quoted = settled_quote(goods, notes, units, refund_shipping=policy.refund_shipping)
        if refund is None and credit is None:
            currency = quoted.share.currency
            owed = sum_money((n.customer_credit for n in notes), currency)
            refund = max(min(owed, quoted.due), Money.zero(currency))
        return self.resolve(
            quoted.share, now, refund=refund, credit=credit, fee=quoted.fee, note=note
        )

    def resolve(
        self,
        share: Money,
        now: pendulum.DateTime,
        *,
        refund: Money | None = None,
        credit: Money | None = None,
        fee: Money | None = None,
        exchange_order_id: str | None = None,
        note: str = "",
    ) -> Money:
        """Record how the customer is made whole; returns what is paid back (refund + credit).

        ``share`` is the returned units' exact share of what was paid (from
        :func:`~ordercore.domain.returns.refunds.refund_share`); ``refund`` + ``credit`` may not
        exceed ``share - fee`` (:class:`OverRefund`). Amounts not given are zero; an exchange
        names the linked replacement order.
        """
        limit = _money("share", share)
        zero = Money.zero(limit.currency)
        paid = _money("refund", zero if refund is None else refund)
        credited = _money("credit", zero if credit is None else credit)
        kept = _money("fee", zero if fee is None else fee)
        if exchange_order_id is not None:
            require_id("exchange_order_id", exchange_order_id)
        if not isinstance(note, str):
            raise WrongType("note", note, "a note is text (may be empty)")
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "resolve", self)
        if kept > limit:
            raise OverRefund(self.id, str(kept), str(limit))
        if paid + credited > limit - kept:
            raise OverRefund(self.id, str(paid + credited), str(limit - kept))
        _LOG.record(
            self,
            ReturnResolved(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                order_id=self.order_id,
                refund=paid,
                credit=credited,
                fee=kept,
                exchange_order_id=exchange_order_id,
                note=note,
            ),
        )
        return paid + credited

    def refund_left(self) -> Money | None:
        """What of the resolved refund is still to be paid back (None before resolving)."""
        if self.refund is None:
            return None
        paid = self.refunded if self.refunded is not None else Money.zero(self.refund.currency)
        return self.refund - paid

    def record_refund(
        self,
        amount: Money,
        reference: str,
        now: pendulum.DateTime,
        *,
        payment_id: str | None = None,
    ) -> Money:
        """Count ``amount`` of the resolved refund as paid back; returns what is left to pay.

        Only a resolved (or closed) return pays back, and never more than its resolved refund
        (itself at most the returned units' share): :class:`OverRefund` names the limit left.
        """
        paid = _money("amount", amount)
        ref = require_id("reference", reference)
        if payment_id is not None:
            require_id("payment_id", payment_id)
        at = instant(now, "now")
        left = self.refund_left()
        if left is None or self.status not in (_S.RESOLVED, _S.CLOSED):
            raise ValidationError(
                "rma_id",
                self.id,
                f"return {self.id!r} is {self.status.value}: a refund is paid back once the "
                "return is resolved",
            )
        if paid.amount <= 0:
            raise ValidationError("amount", str(paid), "a refund paid back is positive")
        if paid > left:
            raise OverRefund(self.id, str(paid), str(left))
        before = self.refund - left if self.refund is not None else paid
        _LOG.record(
            self,
            ReturnRefundPaid(
                entity_id=self.id,
                version=self.version + 1,
                occurred_at=at,
                order_id=self.order_id,
                amount=paid,
                refunded=before + paid,
                reference=ref,
                payment_id=payment_id,
            ),
        )
        return left - paid

    def close(self, now: pendulum.DateTime) -> None:
        """Close the return's file."""
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "close", self)
        _LOG.record(self, ReturnClosed(entity_id=self.id, version=self.version + 1, occurred_at=at))

    def cancel(self, reason: str, now: pendulum.DateTime) -> None:
        """Cancel the return before anything arrived, saying why."""
        require_text("reason", reason)
        at = instant(now, "now")
        RMA_LIFECYCLE.next_state(self.status, "cancel", self)
        _LOG.record(
            self,
            ReturnCancelled(
                entity_id=self.id, version=self.version + 1, occurred_at=at, reason=reason
            ),
        )

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- the mutators, one per event type, and replay --------------------------------------------

    def apply(self, event: ReturnEvent) -> None:
        """Change the return as ``event`` reports: the one place a return changes.

        Live commands and :meth:`replay` both come here. The event must be this return's next
        (version one more) and allowed by the lifecycle; otherwise it is refused and nothing
        changes. Each event type has its own mutator (:data:`_LOG`).
        """
        _LOG.apply(self, event)

    def _requested(self, event: ReturnRequested) -> None:
        self.lines = {line.line_id: line for line in event.lines}
        self.status, self.requested_at = _S.REQUESTED, event.occurred_at

    def _authorized(self, event: ReturnAuthorized) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "authorize", self)

    def _rejected(self, event: ReturnRejected) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "reject", self)
        self.reject_reason = event.reason

    def _shipped_back(self, event: ReturnShippedBack) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "ship_back", self)
        self.carrier, self.tracking = event.carrier, event.tracking

    def _received(self, event: ReturnUnitsReceived) -> None:
        line = self.line(event.line_id)
        target = RMA_LIFECYCLE.next_state(self.status, "receive", self)
        if event.received.units > line.awaited:
            rule = f"{line.units} authorized less {line.received} already received"
            raise OverReturn(line.line_id, event.received.units, line.awaited, rule)
        arrived = event.received
        if arrived.location is None:  # an event stored before receipts kept their location
            arrived = attrs.evolve(arrived, location=event.location)
        elif arrived.location != event.location:
            rule = f"the units arrived at {event.location!r}, as the event says"
            raise ValidationError("received.location", arrived.location, rule)
        self.lines[event.line_id] = line.with_receipt(arrived)
        self.status = target

    def _inspected(self, event: ReturnUnitsInspected) -> None:
        line = self.line(event.line_id)
        target = RMA_LIFECYCLE.next_state(self.status, "inspect", self)
        if event.inspected.units > line.uninspected:
            rule = f"{line.received} received less {line.inspected} already inspected"
            raise OverReturn(line.line_id, event.inspected.units, line.uninspected, rule)
        done = self._finished_with(event.line_id, event.inspected.units)
        if event.finished != done:
            raise ValidationError("finished", event.finished, f"after it, finished is {done}")
        self.lines[event.line_id] = line.with_inspection(event.inspected)
        self.status = target
        if done:
            self.status = RMA_LIFECYCLE.next_state(target, "finish_inspection", self)

    def _inspection_finished(self, event: ReturnInspectionFinished) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "finish_inspection", self)

    def _resolved(self, event: ReturnResolved) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "resolve", self)
        self.refund, self.credit, self.fee = event.refund, event.credit, event.fee
        self.exchange_order_id = event.exchange_order_id

    def _refund_paid(self, event: ReturnRefundPaid) -> None:
        if self.status not in (_S.RESOLVED, _S.CLOSED):
            raise ValidationError("events", event.name, "a refund is paid back once resolved")
        self.refunded = event.refunded

    def _closed(self, event: ReturnClosed) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "close", self)

    def _cancelled(self, event: ReturnCancelled) -> None:
        self.status = RMA_LIFECYCLE.next_state(self.status, "cancel", self)
        self.cancel_reason = event.reason

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> ReturnAuthorization:
        """The return that emitted ``events`` (in order), rebuilt from them alone.

        The log starts with ``ReturnRequested``; every event then goes through :meth:`apply`. A
        log that does not start so, mixes returns, skips a version, holds something else or
        breaks the lifecycle is refused with a typed error.
        """
        return _LOG.replay(events, cls._unopened)


_LOG: EventLog[ReturnAuthorization] = EventLog(
    "return",
    ReturnRequested,
    ReturnEvent,
    {
        ReturnRequested: ReturnAuthorization._requested,
        ReturnAuthorized: ReturnAuthorization._authorized,
        ReturnRejected: ReturnAuthorization._rejected,
        ReturnShippedBack: ReturnAuthorization._shipped_back,
        ReturnUnitsReceived: ReturnAuthorization._received,
        ReturnUnitsInspected: ReturnAuthorization._inspected,
        ReturnInspectionFinished: ReturnAuthorization._inspection_finished,
        ReturnResolved: ReturnAuthorization._resolved,
        ReturnRefundPaid: ReturnAuthorization._refund_paid,
        ReturnClosed: ReturnAuthorization._closed,
        ReturnCancelled: ReturnAuthorization._cancelled,
    },
)
"""A return's log: it opens with ReturnRequested, and the one mutator of each event type."""

replay_return = ReturnAuthorization.replay
"""The return that emitted ``events`` (in order): :meth:`ReturnAuthorization.replay`."""
