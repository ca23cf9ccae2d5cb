"""Returns through the Engine: a :class:`ReturnAuthorization` (RMA) from request to close.

==========================  ==========================================  =====================
command                     the RMA                                     the order's units
==========================  ==========================================  =====================
``request_return``          requested (window; shipped - returned)      delivered → requested
``authorize_return``        authorized                                  —
``ship_back``               in transit (carrier, tracking numbers)      —
``reject_return``           rejected, with a reason                     requested → delivered
``cancel_return``           cancelled, with a reason                    requested → delivered
``receive_return_line``     units received (location, lot, condition)   requested → returned
``inspect_return_line``     units graded and disposed of (policy row)   —
``finish_inspection``       inspected with what arrived                 missing → delivered
``resolve_return``          resolved: refund at most the exact share    credited (policy row)
``close_return``            closed                                      —
==========================  ==========================================  =====================

("requested" is the order's ``return_requested`` bucket.)

A return is requested per order line. Its facts come from the order: ``shipped`` counts the
line's shipped, delivered, return-requested and returned units, ``returned`` the
return-requested and returned ones, and ``delivered_at`` is when the last delivered shipment
holding the line arrived (``deliver_shipment``). Units delivered with ``deliver_line`` record no
shipment's arrival: they count from the order's last delivery (its follow-up's
``delivered_at``, once every unit arrived), else from the line's first shipping instant (the
earliest they can have arrived). The window is the Engine's ``return_window``.

Inspection hands each graded batch to the policy table (:class:`policies.ReturnUnitsDisposed`):
a restock puts the units back on the shelf at the disposition's location and lot, available
again; quarantine, repair and return to vendor take them on hand into that hold of the SKU's
stock (``StockItem.hold_returned``: counted on hand, never available), and a scrap records them
arriving and written off (``StockItem.scrap_returned``). Each is a ledger movement. The RMA
keeps where each received unit arrived (``receive_return_line``'s ``location``, by default
where the line shipped from: the last shipment holding it); units are inspected in the order
they arrived, and a hold or scrap happens at the disposition's location, else where those
units arrived, at the lot they arrived with (one disposal per place they arrived at).
Held units leave their hold with :func:`release_held_stock` (sellable again where they are),
:func:`scrap_held_stock` and :func:`ship_to_vendor`, and move between holds where they are with
:func:`move_held_stock` (quarantine → repair, repair → vendor: never available on the way).

Resolving computes the returned units' exact share
(``refund_share``, after the line's units already credited) and the restocking fee
(``refund_quote``); by policy the share adds the shipping the credit notes credit for those
units (their share of the shipping on the invoice that charged it: on placement the order's
invoice, on shipment the first shipment's, see ``billing.invoice_shipping``), so the refunds of
every unit add up to the shipping invoiced, however the order shipped. The refund (and store
credit) may not exceed ``share - fee``
(``OverRefund``: one unit worth 20.00 never refunds 40.00). The policy table then credits the
units on the order's invoices (:class:`policies.ReturnSettled`, credit notes). Without an amount,
the refund is what the customer had paid for those units (the credit notes' customer credit),
never more than the share due.

:func:`receive_return` is the one-step shortcut kept from before RMAs: it receives the units on
the line's open returns (oldest first), inspects them at once (``restock``: graded good and
restocked at ``location``; otherwise graded damaged and scrapped), and resolves and closes every
return whose last unit has arrived.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Protocol

import attrs
import pendulum

from ordercore.domain.billing import (
    CreditResult,
    Invoice,
    PlannedRefund,
    plan_refund,
    refundable_now,
)
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import HoldKind, StockItem
from ordercore.domain.orders import LineId, Order
from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    OrderFigures,
    RefundPolicy,
    RefundQuote,
    ReturnableLine,
    ReturnAuthorization,
    ReturnReason,
    ReturnRequestLine,
    RmaStatus,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money, sum_money
from ordercore.service import policies
from ordercore.service.credit import grant_credit
from ordercore.service.followups import follow_up_id
from ordercore.service.session import Session

__all__ = [
    "DIRECT_CHANNEL",
    "ReturnOutcome",
    "authorize_return",
    "cancel_return",
    "close_return",
    "finish_inspection",
    "inspect_return_line",
    "move_held_stock",
    "receive_return",
    "receive_return_line",
    "reject_return",
    "release_held_stock",
    "request_return",
    "request_return_lines",
    "resolve_return",
    "returnable_line",
    "scrap_held_stock",
    "ship_to_vendor",
]

DIRECT_CHANNEL = "direct"
"""The channel of an order that names none (the window's and follow-up's default applies)."""

_OPEN = (RmaStatus.REQUESTED, RmaStatus.AUTHORIZED, RmaStatus.IN_TRANSIT, RmaStatus.RECEIVED)


@attrs.frozen(kw_only=True)
class ReturnOutcome:
    """What receiving or resolving a return did: credit notes, their total, the money to refund."""

    credit_notes: tuple[CreditResult, ...]
    """Credit notes issued for the returned units."""
    credited: Money
    """Their total."""
    refund: Money
    """What to pay back to the customer's payments for these units (never over their share)."""
    returns: tuple[str, ...] = ()
    """The RMAs resolved by this command."""
    refunds: tuple[PlannedRefund, ...] = ()
    """Where ``refund`` goes back (``resolve_return``): the order's payments in the refund
    priority's order (what they can give back now; pay each part at the gateway, then
    ``record_refund`` it). The one-step ``receive_return`` leaves it empty: ask
    ``Engine.refund_plan`` for its refund."""
    credit: Money | None = None
    """Store credit granted to the customer by this command (None: none)."""


# -- the order's facts -------------------------------------------------------------------------


def returnable_line(session: Session, order: Order, line_id: str) -> ReturnableLine:
    """What the order says of one line for a return: shipped, already returned, delivered at."""
    shipments: list[Shipment] = session.for_order("shipments", order.id, Shipment)
    follow_up = session.find_follow_up(follow_up_id(order.id))
    return ReturnableLine.of(order.lines[LineId(line_id)], shipments, follow_up, session.now)


# -- request, authorize, reject, cancel ---------------------------------------------------------


def request_return(
    session: Session,
    order_id: str,
    line_id: str,
    units: int,
    *,
    reason: ReturnReason = ReturnReason.OTHER,
    channel: str | None = None,
    note: str = "",
) -> str:
    """Open a return of ``units`` delivered units of a line; returns the RMA number.

    Refused after the line's return window closed (``OutsideReturnWindow``, naming both dates)
    and for more units than were shipped less those already under a return (``OverReturn``).
    """
    return request_return_lines(
        session, order_id, {line_id: units}, reason=reason, channel=channel, note=note
    )


def request_return_lines(
    session: Session,
    order_id: str,
    lines: Mapping[str, int],
    *,
    reason: ReturnReason = ReturnReason.OTHER,
    channel: str | None = None,
    note: str = "",
) -> str:
    """Open one return of delivered units of several lines (line id -> units); its RMA number.

    One RMA, so one inspection and one resolution: one refund over all its lines (and, by
    policy, their share of shipping). Each line is checked as :func:`request_return` checks it.
    """
    if not lines:
        raise ValidationError("lines", {}, "a return asks back at least one order line")
    follow_up_key = follow_up_id(order_id)  # named first: the session then loads all in one go
    order = session.order(order_id)
    shipments: list[Shipment] = session.for_order("shipments", order.id, Shipment)
    follow_up = session.find_follow_up(follow_up_key)
    facts: list[ReturnableLine] = []
    asked: list[ReturnRequestLine] = []
    for line_id, units in lines.items():
        line = order.lines.get(LineId(line_id))
        order.move(line_id, units, "request_return", session.now)  # refuses units not delivered
        # the facts of the line as it was: delivered -> return_requested keeps its shipped units
        # and its first shipping, so they are the moved line's with these units not counted as
        # returned (as before), without a second value built to take them off
        assert line is not None  # noqa: S101 - the move refused a line the order does not have
        facts.append(ReturnableLine.of(line, shipments, follow_up, session.now))
    for line_id, units in lines.items():  # checked once every line has moved, as before
        asked.append(ReturnRequestLine(line_id, units, reason, note))
    if channel is None:  # the order's own channel (a direct order's: "direct")
        channel = DIRECT_CHANNEL if order.channel is None else str(order.channel.channel)
    rma_id = session.numbers.next("RMA")
    rma = ReturnAuthorization.request(
        rma_id,
        order.id,
        channel,
        asked,
        facts,
        session.return_window,
        session.now,
    )
    session.add("returns", rma_id, rma)
    return rma_id


def authorize_return(session: Session, rma_id: str) -> None:
    """Authorize the return: the customer may send the units back."""
    session.rma(rma_id).authorize(session.now)


def _back_to_delivered(session: Session, order_id: str, units: Mapping[str, int]) -> None:
    order = session.order(order_id)
    for line_id, count in units.items():
        if count:
            order.move(line_id, count, "reject_return", session.now)


def reject_return(session: Session, rma_id: str, reason: str) -> None:
    """Refuse the return, saying why; its units count as delivered again."""
    rma = session.rma(rma_id)
    rma.reject(reason, session.now)
    _back_to_delivered(session, rma.order_id, rma.units())


def ship_back(session: Session, rma_id: str, carrier: str, tracking: Iterable[str] = ()) -> None:
    """Record that the customer sent an authorized return with ``carrier`` (``tracking``).

    The RMA moves to in transit; its units stay where the order line's ledger has them
    (``return_requested``) until they are received.
    """
    session.rma(rma_id).ship_back(carrier, session.now, tracking=tracking)


def cancel_return(session: Session, rma_id: str, reason: str) -> None:
    """Call the return off before anything arrived; its units count as delivered again."""
    rma = session.rma(rma_id)
    rma.cancel(reason, session.now)
    _back_to_delivered(session, rma.order_id, rma.units())


# -- receive, inspect ---------------------------------------------------------------------------


def receive_return_line(
    session: Session,
    rma_id: str,
    line_id: str,
    units: int,
    location: str | None = None,
    *,
    condition: Condition = Condition.OPENED,
    lot: str | None = None,
) -> None:
    """Record ``units`` of a line arriving at ``location``; the order counts them returned.

    The RMA keeps where they arrived; without a ``location`` they arrived where the line
    shipped from (the last shipment holding it). A line no shipment holds needs one named
    (``ValidationError`` naming ``location``), and nothing changes.
    """
    rma = session.rma(rma_id)
    order = session.order(rma.order_id)
    where = location
    if where is None and line_id in rma.lines:
        where = _shipped_from(session, str(order.id), line_id)
        if where is None:
            rule = "no shipment holds this line: name the location the units arrived at"
            raise ValidationError("location", None, rule)
    rma.receive(line_id, units, condition, where or "", session.now, lot=lot)
    order.move(line_id, units, "receive_return", session.now)


def inspect_return_line(
    session: Session,
    rma_id: str,
    line_id: str,
    units: int,
    grade: Grade,
    disposition: Disposition,
) -> None:
    """Grade received units and dispose of them, each disposition a ledger movement.

    A restock puts them back, available; quarantine, repair and return to vendor hold them on
    hand, never available; a scrap writes them off as they arrive.
    """
    if disposition.kind is DispositionKind.RESTOCK and disposition.location is not None:
        session.known_location(disposition.location)
    rma = session.rma(rma_id)
    before = rma.line(line_id)
    rma.inspect(line_id, units, grade, disposition, session.now)
    arrivals = before.arrivals(units)  # where the units just graded arrived
    order = session.order(rma.order_id)
    sku = rma.line(line_id).sku
    facts: list[policies.ReturnUnitsDisposed] = []
    for arrival in arrivals:
        where = disposition.location if disposition.location is not None else arrival.location
        if where is None and disposition.kind is not DispositionKind.RESTOCK:
            where = _shipped_from(session, str(order.id), line_id)  # received before it was kept
        lot = disposition.lot if disposition.lot is not None else arrival.lot
        facts.append(
            policies.ReturnUnitsDisposed(
                order, rma.id, line_id, sku, arrival.units, disposition, lot, location=where
            )
        )
    policies.run_all(session, tuple(facts))


def _shipped_from(session: Session, order_id: str, line_id: str) -> str | None:
    """The location the line last shipped from (``None``: no shipment holds it)."""
    shipments: list[Shipment] = session.for_order("shipments", order_id, Shipment)
    holding = [s for s in shipments if line_id in s.lines and s.shipped_at is not None]
    if not holding:
        return None
    return max(holding, key=lambda s: (s.shipped_at, s.id)).ship_from


def finish_inspection(session: Session, rma_id: str) -> dict[str, int]:
    """End the inspection with what arrived; units that never did count as delivered again."""
    rma = session.rma(rma_id)
    missing = rma.finish_inspection(session.now)
    _back_to_delivered(session, rma.order_id, missing)
    return missing


# -- resolve, close -----------------------------------------------------------------------------


def quote(order: Order, rma: ReturnAuthorization, policy: RefundPolicy) -> RefundQuote:
    """The received units' exact share (after the units already credited) and the fee kept."""
    so_far = {str(k): line.ledger.credited for k, line in order.lines.items()}
    return rma.quote(OrderFigures.from_totals(order.totals), so_far, policy)


def resolve_return(
    session: Session,
    rma_id: str,
    *,
    refund: Money | None = None,
    credit: Money | None = None,
    note: str = "",
) -> ReturnOutcome:
    """Resolve an inspected return: credit notes for its units, a refund within their share.

    ``refund`` (to the payments) and ``credit`` (store credit) together may not exceed the
    received units' exact share less the restocking fee (``OverRefund``, and nothing changes).
    """
    rma = session.rma(rma_id)
    order = session.order(rma.order_id)
    invoices = session.invoices_of(order.id)
    resolved = _resolve(session, rma, order, invoices, refund=refund, credit=credit, note=note)
    refunds = refunds_for(session, str(order.id), resolved.refund)
    return attrs.evolve(resolved, refunds=refunds)


def _resolve(
    session: Session,
    rma: ReturnAuthorization,
    order: Order,
    invoices: list[Invoice],
    *,
    refund: Money | None = None,
    credit: Money | None = None,
    note: str = "",
) -> ReturnOutcome:
    """Resolve ``rma`` (loaded with its order and the order's invoices); see resolve_return.

    The table credits its received units (credit notes), then the return settles against the
    notes (:meth:`ReturnAuthorization.settle`: what the invoices charged for the units, or
    their exact share of the order, less the restocking fee).
    """
    credited_before = {str(k): line.ledger.credited for k, line in order.lines.items()}
    figures = OrderFigures.from_totals(order.totals)
    fact = policies.ReturnSettled(order, rma.id, rma.received(), invoices)
    notes: list[CreditResult] = policies.run(session, fact)[policies.CREDIT_SETTLED]
    policy = session.refund_policy
    rma.settle(
        figures,
        credited_before,
        notes,
        policy,
        session.now,
        refund=refund,
        credit=credit,
        note=note,
    )
    return _outcome(session, rma, order, notes)


def _outcome(
    session: Session, rma: ReturnAuthorization, order: Order, notes: list[CreditResult]
) -> ReturnOutcome:
    """What resolving ``rma`` did: its credit notes, the refund, the store credit granted."""
    currency = str(order.currency)
    paid = rma.refund if rma.refund is not None else Money.zero(currency)
    granted = rma.credit if rma.credit is not None and rma.credit.amount > 0 else None
    if granted is not None:
        grant_credit(session, str(order.customer_id), granted, rma.id, order_id=str(order.id))
    return ReturnOutcome(
        credit_notes=tuple(notes),
        credited=sum_money((n.note.total for n in notes), currency),
        refund=paid,
        returns=(rma.id,),
        credit=granted,
    )


def refunds_for(session: Session, order_id: str, amount: Money) -> tuple[PlannedRefund, ...]:
    """Where ``amount`` goes back, in the refund priority's order (what payments hold now)."""
    payments, _ = session.billing_of(order_id)
    held = sum_money((refundable_now(p) for p in payments), str(amount.currency))
    due = min(amount, held)
    if not due.amount > 0:
        return ()
    return plan_refund(payments, due, session.refund_priority)


def close_return(session: Session, rma_id: str) -> None:
    """Close a resolved return's file."""
    session.rma(rma_id).close(session.now)


# -- the one-step shortcut ---------------------------------------------------------------------


def receive_return(
    session: Session,
    order_id: str,
    line_id: str,
    units: int,
    location: str,
    *,
    restock: bool = True,
    reference: str | None = None,
) -> ReturnOutcome:
    """Receive, inspect and (for every return now complete) resolve and close, in one step.

    Restocked units go back at ``location``, which must be one of the Engine's locations;
    ``restock=False`` (damaged goods) scraps them. A return resolved here refunds what the
    customer had paid for its units, never more than their exact share.

    It loads the order, its returns and its invoices first; the returns receive and inspect
    the units; the policy table disposes of them (and credits units no return awaited); each
    return now complete is resolved (its units credited by the table) and closed.
    """
    if restock:
        session.known_location(location)
    order = session.order(order_id)
    invoices = session.invoices_of(order.id)
    found: list[ReturnAuthorization] = session.for_order("returns", order.id, ReturnAuthorization)
    known = order.lines.get(LineId(line_id))
    stock = {} if known is None else session.stock_of([known.sku])  # what the rows read
    order.move(line_id, units, "receive_return", session.now)
    totals = order.totals  # what the units are worth, taken before any of them is credited
    # the line's returns, oldest first (``reference`` first if an RMA)
    keyed = [((r.id != reference, r.requested_at or session.now, r.id), r) for r in found]
    keyed.sort(key=itemgetter(0))
    left = units
    disposed: list[policies.ReturnUnitsDisposed] = []
    complete: list[tuple[ReturnAuthorization, dict[str, int]]] = []
    condition, grade, disposition = (
        (Condition.OPENED, Grade.GOOD, Disposition(DispositionKind.RESTOCK, location))
        if restock
        else (Condition.DAMAGED, Grade.DAMAGED, Disposition(DispositionKind.SCRAP))
    )
    for _key, rma in keyed:
        take = 0
        if rma.status in _OPEN and line_id in rma.lines:
            take = min(left, rma.line(line_id).awaited)
        if not take:
            continue
        left -= take
        if rma.status is RmaStatus.REQUESTED:
            rma.authorize(session.now)
        rma.receive(line_id, take, condition, location, session.now)
        rma.inspect(line_id, take, grade, disposition, session.now)
        returned = rma.line(line_id)
        disposed.append(
            policies.ReturnUnitsDisposed(
                order, rma.id, line_id, returned.sku, take, disposition, returned.lot,
                stock=stock, location=location,
            )
        )  # fmt: skip
        if rma.status is RmaStatus.INSPECTED:
            complete.append((rma, rma.received()))
    policies.run_all(session, tuple(disposed))
    notes: list[CreditResult] = []
    refund = Money.zero(str(order.currency))
    for rma, received in complete:  # each credited by the table, then settled against its notes
        credited_before: dict[str, int] = {}
        for key, line in order.lines.items():
            credited_before[str(key)] = line.ledger.credited
        fact = policies.ReturnSettled(order, rma.id, received, invoices)
        issued: list[CreditResult] = policies.run(session, fact)[policies.CREDIT_SETTLED]
        rma.settle(
            OrderFigures.from_totals(totals), credited_before, issued, session.refund_policy,
            session.now,
        )  # fmt: skip
        rma.close(session.now)
        notes.extend(issued)
        refund += rma.refund or Money.zero(refund.currency)
    if left:  # more units than the open returns await (requested before returns were RMAs)
        fact_left = policies.ReturnReceived(order, str(line_id), left, location, restock, reference)
        extra: list[CreditResult] = policies.run(session, fact_left)[policies.CREDIT_RETURNED]
        notes.extend(extra)
        refund += sum_money((n.customer_credit for n in extra), refund.currency)
    return ReturnOutcome(
        credit_notes=tuple(notes),
        credited=sum_money((n.note.total for n in notes), refund.currency),
        refund=refund,
        returns=tuple(rma.id for rma, _ in complete),
    )


# -- held stock: quarantine, repair, awaiting return to vendor ----------------------------------


class _LeavesHold(Protocol):
    """A ``StockItem`` command letting held units leave their hold (release, scrap, ship back)."""

    def __call__(
        self,
        item: StockItem,
        location: str,
        units: int,
        at: pendulum.DateTime,
        /,
        *,
        hold: HoldKind,
        lot: str | None = ...,
        reference: str | None = ...,
    ) -> None:
        """Let ``units`` held at ``location`` (``lot``) leave ``hold``, at ``at``."""


def _leave_hold(
    session: Session,
    leave: _LeavesHold,
    sku: str,
    location: str,
    units: int,
    hold: HoldKind,
    lot: str | None,
    reference: str | None,
) -> None:
    """The one shape of the held-stock commands: the SKU's stock item lets its units ``leave``."""
    leave(session.stock(sku), location, units, session.now, hold=hold, lot=lot, reference=reference)


def release_held_stock(
    session: Session,
    sku: str,
    location: str,
    units: int,
    hold: HoldKind,
    lot: str | None = None,
    reference: str | None = None,
) -> None:
    """Put held units back in sellable stock where they are (inspection passed, repaired)."""
    _leave_hold(session, StockItem.release_hold, sku, location, units, hold, lot, reference)


def scrap_held_stock(
    session: Session,
    sku: str,
    location: str,
    units: int,
    hold: HoldKind,
    lot: str | None = None,
    reference: str | None = None,
) -> None:
    """Write held units off (beyond repair, or refused by the vendor)."""
    _leave_hold(session, StockItem.scrap_held, sku, location, units, hold, lot, reference)


def ship_to_vendor(
    session: Session,
    sku: str,
    location: str,
    units: int,
    hold: HoldKind = HoldKind.VENDOR,
    lot: str | None = None,
    reference: str | None = None,
) -> None:
    """Ship held units back to their vendor: they leave the building."""
    _leave_hold(session, StockItem.ship_to_vendor, sku, location, units, hold, lot, reference)


def move_held_stock(
    session: Session,
    sku: str,
    location: str,
    units: int,
    from_hold: HoldKind,
    to_hold: HoldKind,
    lot: str | None = None,
    reference: str | None = None,
) -> None:
    """Move held units from one hold to another where they are (quarantine → repair).

    They stay on hand and held, never available on the way; channels hear no level change.
    """
    item = session.stock(sku)
    item.move_hold(
        location,
        units,
        session.now,
        from_hold=from_hold,
        to_hold=to_hold,
        lot=lot,
        reference=reference,
    )
