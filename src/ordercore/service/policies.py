"""The policy table: what follows what across aggregates, in one place, in the command's commit.

A command handler changes the aggregate it is about, then states what happened as a *fact* (a
small frozen value named in the past tense) and calls :func:`run`. ``run`` looks the fact up in
:data:`POLICIES` and runs every row for it, in table order, in the same :class:`Session` (so
in the same unit of work: all of it commits or none of it does). Each row's result is returned
under the row's name, for the command to report.

=========================  =====================================  ==============================
when (fact)                 then (row name)                          touches
=========================  =====================================  ==============================
:class:`OrderPlaced`        invoice on placement (ON_PLACEMENT,     Invoice (new), Order
                            unless worth nothing)
:class:`OrderConfirming`    paid before fulfilment (a guard)         Payment (read)
:class:`PaymentCaptured`    apply the money to the invoices          Invoice
:class:`OrderPlanned`       reserve the plan                         StockItem, Order
:class:`ShipmentSent`       consume the picked stock                 StockItem
:class:`UnitsShipped`       invoice on shipment (ON_SHIPMENT)        Invoice (new), Order
:class:`UnitsShipped`       complete after the last shipment         Order
:class:`ShipmentCancelled`  put the picked units back on the shelf   StockItem
:class:`UnitsCancelled`     release the reserved stock               StockItem
:class:`UnitsCancelled`     credit the invoiced units                Invoice, Order
:class:`ReturnReceived`     restock the returned units               StockItem
:class:`ReturnReceived`     credit the returned units                Invoice, Order
:class:`ReturnUnitsDisposed` dispose of the inspected units         StockItem
                            (restock; hold or scrap: never
                            available)
:class:`ReturnSettled`      credit the settled return's units        Invoice, Order
:class:`PickListMade`       put the shipments on the list            Shipment
:class:`PickedOnList`       pick the confirmed units on shipments    Shipment, Order, StockItem
:class:`UnitsNotFound`      write the units not found off           StockItem, Order
:class:`UnitsNotFound`      re-allocate the units not found         Order, StockItem
:class:`PickListEnded`      take the shipments off the list          Shipment
:class:`LineCutting`        credit the invoiced units cut (edit)     Invoice, Order
:class:`LineEdited`         release the units cut                    StockItem
:class:`LineEdited`         invoice the added units (ON_PLACEMENT)   Invoice (new), Order
:class:`LineRemoved`        release the removed line's stock         StockItem
:class:`StockShrank`        backorder what no place could re-serve   Order
:class:`UnitsDelivered`     schedule the follow-up after the last    FollowUp (new)
                            delivery (once nothing is left to ship
                            or on its way)
:class:`TakenAtBin`         take the units out of the pick's bin     BinStock
:class:`ShelfChanged`       keep the bins in step with the shelf     BinStock
:class:`PickListMade`       promise the bins' units to the list      BinStock
:class:`PromiseSettled`     release the promise of units confirmed   BinStock
:class:`PickListEnded`      release what an ended list still had     BinStock
                            promised
=========================  =====================================  ==============================

Adding a consequence is adding a row (and, for a new kind of happening, a fact); a handler never
reaches into a second aggregate's rules itself. Rows find an order's documents through the
ports' ``for_order`` queries: a handler loads the order's payments and invoices first
(``Session.billing_of``) and hands them over in its fact, so a row reads them from the fact (a
fact built without them makes the row ask the session). The billing rows own their arithmetic:
issuing an invoice (with the money captured before it), applying a capture, crediting units.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import pendulum

from ordercore.domain.allocation import Plan
from ordercore.domain.billing import (
    CreditResult,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentTerms,
)
from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE
from ordercore.domain.billing.totals import compute_totals
from ordercore.domain.fulfilment import Shipment, ShipmentLine
from ordercore.domain.inventory import HoldKind, StockItem
from ordercore.domain.orders import CancellationResult, InvoicingPolicy, LineId, Order, OrderStatus
from ordercore.domain.returns import Disposition, DispositionKind, FollowUp
from ordercore.domain.returns.values import follow_up_id
from ordercore.kernel.money import Money, sum_money
from ordercore.service import billing, bins, floor_rows, picking, short_picks, shrink_rows
from ordercore.service.allocating import AppliedPlan, apply_plan
from ordercore.service.errors import PaymentNotAuthorized, ReservationsOutOfStep
from ordercore.service.floor_rows import PickedOnList, PickListEnded, PickListMade
from ordercore.service.picking import ShipmentSent
from ordercore.service.session import Session
from ordercore.service.short_picks import UnitsNotFound
from ordercore.service.shrink_rows import StockShrank

__all__ = [
    "BACKORDER_UNSERVED",
    "COMPLETE_AFTER_LAST_SHIPMENT",
    "CONSUME_PICKED_STOCK",
    "CREDIT_CANCELLED",
    "CREDIT_CUT",
    "CREDIT_RETURNED",
    "CREDIT_SETTLED",
    "DISPOSE_INSPECTED",
    "FOLLOW_UP_AFTER_LAST_DELIVERY",
    "INVOICE_ADDED",
    "INVOICE_ON_PLACEMENT",
    "INVOICE_ON_SHIPMENT",
    "KEEP_BINS_IN_STEP",
    "LIST_SHIPMENTS",
    "PAID_BEFORE_FULFILMENT",
    "PICK_CONFIRMED_UNITS",
    "POLICIES",
    "PUT_PICKS_BACK",
    "REALLOCATE_NOT_FOUND",
    "RELEASE_CUT",
    "RELEASE_REMOVED",
    "RELEASE_RESERVED",
    "RESERVE_PLAN",
    "RESTOCK_RETURNED",
    "SETTLE_INVOICES",
    "STORE_CREDIT_BACK",
    "TAKE_AT_BIN",
    "TAKE_OFF_LIST",
    "WRITE_OFF_NOT_FOUND",
    "LineCutting",
    "LineEdited",
    "LineRemoved",
    "OrderConfirming",
    "OrderPlaced",
    "OrderPlanned",
    "PaymentCaptured",
    "PickListEnded",
    "PickListMade",
    "PickedOnList",
    "ReturnReceived",
    "ReturnSettled",
    "ReturnUnitsDisposed",
    "Rule",
    "ShipmentCancelled",
    "ShipmentSent",
    "StockShrank",
    "StoreCreditRefunded",
    "UnitsCancelled",
    "UnitsDelivered",
    "UnitsNotFound",
    "UnitsShipped",
    "follow_up_id",
    "reserved_for",
    "rows_by_fact",
    "run",
    "run_all",
    "schedule_after_delivery",
    "sync_reservations",
]


# -- the facts ---------------------------------------------------------------------------------


@attrs.frozen
class OrderPlaced:
    """A draft order was placed (and added to the session), with its payments and invoices."""

    order: Order
    payments: list[Payment] | None = None
    """The order's payments as the handler loaded them (``None``: the row asks the session)."""
    invoices: list[Invoice] | None = None
    """The order's invoices, oldest first, as the handler loaded them (``None``: asked)."""


@attrs.frozen
class OrderConfirming:
    """An order is about to be confirmed (rows here may refuse it)."""

    order: Order
    payment_first: bool
    payments: list[Payment] | None = None
    """The order's payments as the handler loaded them (``None``: the row asks the session)."""


@attrs.frozen
class PaymentCaptured:
    """Money was captured on one of the order's payments (not a repeated gateway reference)."""

    order_id: str
    amount: Money
    reference: str
    invoices: list[Invoice] | None = None
    """The order's invoices, oldest first, as the handler loaded them (``None``: asked)."""


@attrs.frozen
class OrderPlanned:
    """The allocator planned the order's waiting units (``filling``: its backordered ones)."""

    order: Order
    plan: Plan
    items: Mapping[str, StockItem]
    filling: bool = False
    reservation_ids: Mapping[str, str] | None = None
    """The id each waiting line's hold takes, as the handler read it from the stock items
    (``None``: asked of them while reserving)."""


@attrs.frozen
class UnitsShipped:
    """Units of the order's lines left (one shipment, or several shipped at once)."""

    order: Order
    shipped: Mapping[str, int]
    terms: PaymentTerms
    payments: list[Payment] | None = None
    """The order's payments as the handler loaded them (``None``: the row asks the session)."""
    invoices: list[Invoice] | None = None
    """The order's invoices, oldest first, as the handler loaded them (``None``: asked)."""


@attrs.frozen
class ShipmentCancelled:
    """A shipment that had not left was cancelled; ``lines`` as they were before."""

    shipment: Shipment
    order: Order
    lines: Mapping[str, ShipmentLine]
    put_back: Mapping[str, int]


@attrs.frozen
class UnitsCancelled:
    """Units of the order were cancelled (``whole``: the whole order)."""

    order: Order
    result: CancellationResult
    whole: bool


@attrs.frozen
class ReturnReceived:
    """Returned units of a line were received (``restock``: fit to sell again)."""

    order: Order
    line_id: str
    units: int
    location: str
    restock: bool
    reference: str | None


@attrs.frozen
class ReturnUnitsDisposed:
    """Units of a return were inspected and sent to ``disposition`` (restock: at ``lot``)."""

    order: Order
    rma_id: str
    line_id: str
    sku: str
    units: int
    disposition: Disposition
    lot: str | None
    stock: Mapping[str, StockItem] | None = None
    """The stock items of the order's SKUs as the handler loaded them (``None``: asked)."""
    location: str | None = None
    """Where the units are when the disposition names no location (a hold keeps them there;
    ``None``: nowhere known, so only the RMA records them)."""


@attrs.frozen
class ReturnSettled:
    """A return was resolved for its received ``units`` per order line."""

    order: Order
    rma_id: str
    units: Mapping[str, int]
    invoices: list[Invoice] | None = None
    """The order's invoices, oldest first, as the handler loaded them (``None``: asked)."""


# -- the rows ----------------------------------------------------------------------------------


def _billing(
    session: Session, order_id: str, payments: list[Payment] | None, invoices: list[Invoice] | None
) -> tuple[list[Payment], list[Invoice]]:
    """The documents a fact carries; the session's query for a fact that carries none."""
    if payments is None or invoices is None:
        return session.billing_of(order_id)
    return payments, invoices


def _invoice_on_placement(session: Session, fact: OrderPlaced) -> Invoice | None:
    order = fact.order
    if order.invoicing_policy is not InvoicingPolicy.ON_PLACEMENT or _free(order):
        return None
    payments, invoices = _billing(session, order.id, fact.payments, fact.invoices)
    wanted: dict[str, int] = {}
    for line in order.lines.values():  # a plain loop: a comprehension is a function call
        wanted[str(line.id)] = line.ledger.active
    return _issue_invoice(
        session, order, wanted, _DUE_ON_RECEIPT, payments, invoices, whole_order=True
    )


_DUE_ON_RECEIPT = PaymentTerms.due_on_receipt()
"""The terms of an invoice issued on placement: one immutable value every such invoice shares
(the memory store keeps every invoice alive; a value per invoice is objects the collector walks)."""


def _free(order: Order) -> bool:
    """Whether the order is worth nothing, so it is not invoiced.

    An exchange's replacement (no price, no shipping) or an order wholly discounted; the total
    is computed only for an order that carries discounts.
    """
    if not order.shipping:
        for line in order.lines.values():  # a plain loop: no generator for all() to drive
            if not line.unit_price.is_zero():
                break
        else:
            return True  # every line free, and no shipping
    return bool(order.discounts) and order.total.is_zero()


def _paid_before_fulfilment(session: Session, fact: OrderConfirming) -> None:
    order = fact.order
    if fact.payment_first and order.invoicing_policy is InvoicingPolicy.ON_PLACEMENT:
        payments = fact.payments
        if payments is None:
            payments = session.for_order("payments", order.id, Payment)
        secured: list[Money] = []
        for payment in payments:  # each payment's ledger summed once for both amounts
            totals = payment.totals
            # captured + capturable (authorized - captured - released) is authorized - released:
            # one subtraction, of nothing when nothing was released (not three calls)
            secured.append(totals.authorized - totals.released)
        currency = order.currency  # the value: its zero found by identity
        # one payment in the order's currency (the usual) secures what it holds: sum_money's
        # own answer for it, without the call; any other case is summed (and checked) by it
        money = secured[0] if len(secured) == 1 else None
        if money is None or money.__class__ is not Money or money.currency is not currency:
            money = sum_money(secured, currency)
        if money < order.total:
            raise PaymentNotAuthorized(order.id, order.total, money)


def _settle_invoices(session: Session, fact: PaymentCaptured) -> Money:
    """Apply captured money to the order's invoices with a balance, oldest first.

    Returns what was applied; the rest stays unapplied (a later invoice may take it).
    """
    invoices = fact.invoices
    if invoices is None:
        _, invoices = session.billing_of(fact.order_id)
    left = fact.amount
    applied = Money.zero(fact.amount.currency)
    for invoice in invoices:
        if not left.amount:  # left.is_zero(), without the call
            break
        if not _PAYABLE(invoice.status):
            continue
        balance = invoice.balance
        if balance.amount <= 0:  # nothing owed (zero, or never: negative), in one comparison
            continue
        part = min(left, balance)
        invoice.apply_payment(f"{fact.reference}@{invoice.id}", part, session.now)
        applied = applied + part if applied.amount else part  # nothing before: part itself
        if part is left:  # min() gave back ``left``: all of it went here, nothing is left
            break
        left -= part
    return applied


def _payable(status: InvoiceStatus) -> bool:
    return any(INVOICE_LIFECYCLE.can(status, t) for t in ("pay_partly", "pay_in_full"))


def _creditable(status: InvoiceStatus) -> bool:
    return any(INVOICE_LIFECYCLE.can(status, t) for t in ("credit_partly", "credit_in_full"))


_PAYABLE = functools.cache(_payable)
_CREDITABLE = functools.cache(_creditable)


def _issue_invoice(
    session: Session,
    order: Order,
    quantities: Mapping[str, int],
    terms: PaymentTerms,
    payments: list[Payment],
    invoices: list[Invoice],
    *,
    whole_order: bool,
) -> Invoice | None:
    """Draft and issue the order's next invoice for ``quantities``; count them as invoiced.

    A shipment invoice that would be worth nothing (its units wholly discounted, no shipping
    left to charge) is not issued: its units count as invoiced, and ``None`` is returned.

    A whole-order invoice also carries the order-level discounts, a shipment invoice its units'
    share of them (:func:`billing.invoice_discount`); the shipping goes where
    :func:`billing.invoice_shipping` says (on an order invoiced on shipment, its first
    shipment's invoice). The
    money the order's payments hold that no invoice has received yet (captured before this
    invoice existed) is applied to it at once, under ``EARLIER_CAPTURES``.
    """
    currency = order.currency  # the value, not its code: its zero is found by identity
    invoice_id = billing.invoice_id(order.id, len(invoices) + 1)
    lines, shipping = billing.invoice_lines(order, quantities, invoices, whole_order=whole_order)
    unapplied = Money.zero(currency)
    for payment in payments:
        totals = payment.totals  # the ledger summed once for both amounts
        unapplied += totals.captured - totals.refunded
    for invoice in invoices:
        unapplied -= invoice.amount_received
    discount = billing.invoice_discount(order, quantities, whole_order=whole_order)
    worthless = (
        not whole_order
        and discount is not None
        and compute_totals(lines, order_discount=discount, shipping=shipping).total.is_zero()
    )
    for line_id, units in quantities.items():
        if units:
            order.record_invoiced(line_id, units, session.now)
    if worthless:
        return None
    invoice = Invoice.from_lines(
        invoice_id,
        lines,
        at=session.now,
        order_id=order.id,
        order_discount=discount,
        shipping=shipping,
    )
    next_number = functools.partial(session.numbers.next, "INV")
    invoice.issue(next_number, session.now, terms, session.timezone)
    if unapplied.amount > 0:  # nothing captured before (the usual placement): no balance asked
        part = min(unapplied, invoice.balance)
        if part.amount > 0:
            invoice.apply_payment(f"{billing.EARLIER_CAPTURES}@{invoice.id}", part, session.now)
    session.add("invoices", invoice.id, invoice)
    invoices.append(invoice)
    return invoice


def _credit_line_units(
    session: Session,
    order: Order,
    invoices: list[Invoice],
    line_id: str,
    units: int,
    *,
    reason: str,
    include_shipping: bool | None = False,
    shipping_share: bool = False,
    record: bool = False,
) -> list[CreditResult]:
    """Issue credit notes for ``units`` of one order line on its invoices, oldest first.

    Returns the credit notes' results; fewer units are credited when fewer were invoiced.
    ``shipping_share``: each note also credits its units' share of the invoice's shipping.
    ``record``: the order then counts the units the notes credited on the line (if any).
    """
    results: list[CreditResult] = []
    left = units
    wanted = str(LineId(line_id))
    for invoice in invoices:
        if not left:
            break
        if not _CREDITABLE(invoice.status):
            continue
        for index, line in enumerate(invoice.totals.lines):
            if line.order_line_id != wanted:
                continue
            room = line.quantity - invoice.credited_quantities[index]
            take = min(left, room)
            if take <= 0:
                continue
            note_id = f"{invoice.id}/credit-{len(invoice.credit_notes) + 1}"
            results.append(
                invoice.issue_credit_note(
                    note_id,
                    session.numbers.next("CN"),
                    session.now,
                    quantities={index: take},
                    include_shipping=include_shipping,
                    reason=reason,
                    shipping_share=shipping_share,
                )
            )
            left -= take
    credited = units - left  # the units the notes credited: each note credits its ``take``
    if record and credited:
        order.record_credited(line_id, credited, session.now)
    return results


def _reserve_plan(session: Session, fact: OrderPlanned) -> AppliedPlan:
    return apply_plan(  # selling (#17): the per-location backorder switch, for every plan
        fact.plan,
        fact.order,
        fact.items,
        session.now,
        filling=fact.filling,
        locations=session.locations,
        reservation_ids=fact.reservation_ids,
    )


def _invoice_on_shipment(session: Session, fact: UnitsShipped) -> Invoice | None:
    if fact.order.invoicing_policy is not InvoicingPolicy.ON_SHIPMENT:
        return None
    payments, invoices = _billing(session, fact.order.id, fact.payments, fact.invoices)
    return _issue_invoice(
        session, fact.order, fact.shipped, fact.terms, payments, invoices, whole_order=False
    )


def _complete_after_last_shipment(session: Session, fact: UnitsShipped) -> bool:
    order = fact.order
    if order.status is OrderStatus.IN_FULFILMENT and order.all_shipped():
        order.complete(session.now)
        return True
    return False


def _put_picks_back(session: Session, fact: ShipmentCancelled) -> None:
    for line_id in fact.put_back:
        line = fact.lines[line_id]
        item = session.stock(line.sku)
        for picked in line.picks:
            picking.unpick(session, item, fact.order.id, line_id, picked)


def _release_reserved(session: Session, fact: UnitsCancelled) -> dict[str, int]:
    released: dict[str, int] = {}
    for cancelled in fact.result.lines:
        line_id = str(cancelled.line_id)
        units = sync_reservations(session, fact.order, line_id)
        if units:
            released[line_id] = units
    return released


def reserved_for(item: StockItem, order_id: str, line_id: str) -> int:
    """Units of ``item`` reserved for one order line (all its active reservations)."""
    return sum(r.quantity for r in item.line_reservations(order_id, line_id))


def sync_reservations(session: Session, order: Order, line_id: str) -> int:
    """Give back reserved units the line no longer holds; returns how many were released.

    The target is the line's allocated + picked + packed units. Unpicked units go back from
    the newest reservation first; a reservation whose every unit must go is released whole
    (picked units back on the shelf).
    """
    line = order.lines[LineId(line_id)]
    item = session.find_stock(line.sku)
    if item is None:
        return 0
    ledger = line.ledger
    wanted = ledger.allocated + ledger.picked + ledger.packed
    held = reserved_for(item, order.id, line_id)
    excess = held - wanted
    released = 0
    for reservation in reversed(item.line_reservations(order.id, line_id)):
        if excess <= 0:
            break
        if reservation.quantity <= excess:
            released += reservation.quantity
            excess -= reservation.quantity
            item.release_all(reservation.id, session.now)
            continue
        take = min(excess, reservation.quantity - reservation.picked)
        if take:
            item.release(reservation.id, take, session.now)
            released += take
            excess -= take
    if excess > 0:
        raise ReservationsOutOfStep(order.id, line_id, held, wanted)
    return released


def _credit_cancelled(session: Session, fact: UnitsCancelled) -> list[CreditResult]:
    notes: list[CreditResult] = []
    _, invoices = session.billing_of(fact.order.id)
    for cancelled in fact.result.lines:
        if cancelled.credit_quantity:
            notes.extend(
                _credit_line_units(
                    session,
                    fact.order,
                    invoices,
                    str(cancelled.line_id),
                    cancelled.credit_quantity,
                    reason="cancelled",
                    include_shipping=None if fact.whole else False,
                )
            )
    return notes


def _restock_returned(session: Session, fact: ReturnReceived) -> None:
    if fact.restock:
        line = fact.order.lines[LineId(fact.line_id)]
        item = session.stock(line.sku)
        item.return_to_stock(fact.location, fact.units, session.now, reference=fact.reference)


def _credit_returned(session: Session, fact: ReturnReceived) -> list[CreditResult]:
    _, invoices = session.billing_of(fact.order.id)
    return _credit_line_units(
        session,
        fact.order,
        invoices,
        fact.line_id,
        fact.units,
        reason="returned",
        shipping_share=session.refund_policy.refund_shipping,
        record=True,
    )


_HOLD_OF = {
    DispositionKind.QUARANTINE: HoldKind.QUARANTINE,
    DispositionKind.REPAIR: HoldKind.REPAIR,
    DispositionKind.RETURN_TO_VENDOR: HoldKind.VENDOR,
}


def _dispose_inspected(session: Session, fact: ReturnUnitsDisposed) -> int:
    """Each disposition is a ledger movement of the line's SKU; returns the units restocked.

    A restock puts the units back on the shelf (available) at its location and lot;
    quarantine, repair and return to vendor take them on hand into that hold (never
    available); a scrap records them arriving and written off. A hold or scrap happens at the
    disposition's location, else where the fact says the units are.
    """
    disposition = fact.disposition
    kind = disposition.kind
    location = disposition.location if disposition.location is not None else fact.location
    if location is None or (kind is DispositionKind.RESTOCK and disposition.location is None):
        return 0
    loaded = fact.stock or {}
    item = loaded[fact.sku] if fact.sku in loaded else session.stock(fact.sku)
    lot = disposition.lot if disposition.lot is not None else fact.lot
    now, rma = session.now, fact.rma_id
    if kind is DispositionKind.RESTOCK:
        item.return_to_stock(location, fact.units, now, lot=lot, reference=rma)
        return fact.units
    if kind is DispositionKind.SCRAP:
        item.scrap_returned(location, fact.units, now, lot=lot, reference=rma)
    else:
        item.hold_returned(location, fact.units, now, hold=_HOLD_OF[kind], lot=lot, reference=rma)
    return 0


def _credit_settled(session: Session, fact: ReturnSettled) -> list[CreditResult]:
    notes: list[CreditResult] = []
    invoices = fact.invoices
    if invoices is None:
        _, invoices = session.billing_of(fact.order.id)
    for line_id, units in sorted(fact.units.items()):
        issued = _credit_line_units(
            session,
            fact.order,
            invoices,
            line_id,
            units,
            reason="returned",
            shipping_share=session.refund_policy.refund_shipping,
            record=True,
        )
        notes.extend(issued)
    return notes


# -- store credit as a tender (facts and rows) -------------------------------------------------


@attrs.frozen
class StoreCreditRefunded:
    """A refund of ``amount`` was recorded on one of the order's store-credit payments."""

    order_id: str
    amount: Money
    reference: str


def _store_credit_back(session: Session, fact: StoreCreditRefunded) -> Money:
    """The refund goes back to the order's customer as store credit; the balance after it."""
    order = session.order(fact.order_id)
    credit = billing.store_credit_of(session, str(order.customer_id), str(fact.amount.currency))
    note = "refunded to store credit"
    return credit.grant(fact.amount, fact.reference, session.now, order_id=fact.order_id, note=note)


# -- edits of a placed order (facts and rows) --------------------------------------------------


@attrs.frozen
class LineCutting:
    """An edit is about to cut ``units`` invoiced units of a line (rows credit them first)."""

    order: Order
    line_id: str
    units: int
    invoices: list[Invoice] | None = None


@attrs.frozen
class LineEdited:
    """An edit changed a line's quantity (or added it): ``added`` units are new demand."""

    order: Order
    line_id: str
    added: int
    payments: list[Payment] | None = None
    invoices: list[Invoice] | None = None


@attrs.frozen
class LineRemoved:
    """An edit removed a line of ``sku``: whatever stock it still held goes back."""

    order: Order
    line_id: str
    sku: str


def _credit_cut(session: Session, fact: LineCutting) -> list[CreditResult]:
    invoices = fact.invoices
    if invoices is None:
        _, invoices = session.billing_of(fact.order.id)
    return _credit_line_units(
        session, fact.order, invoices, fact.line_id, fact.units, reason="edited", record=True
    )


def _release_cut(session: Session, fact: LineEdited) -> int:
    return sync_reservations(session, fact.order, fact.line_id)


def _invoice_added(session: Session, fact: LineEdited) -> Invoice | None:
    order = fact.order
    if fact.added <= 0 or order.invoicing_policy is not InvoicingPolicy.ON_PLACEMENT:
        return None
    payments, invoices = _billing(session, order.id, fact.payments, fact.invoices)
    if not invoices:  # never invoiced on placement (worth nothing): nothing to add to
        return None
    terms = PaymentTerms.due_on_receipt()
    wanted = {fact.line_id: fact.added}
    return _issue_invoice(session, order, wanted, terms, payments, invoices, whole_order=False)


def _release_removed(session: Session, fact: LineRemoved) -> int:
    item = session.find_stock(fact.sku)
    if item is None:
        return 0
    released = 0
    for reservation in item.line_reservations(fact.order.id, fact.line_id):
        released += reservation.quantity
        item.release_all(reservation.id, session.now)
    return released


# -- deliveries (fact and row) -----------------------------------------------------------------


@attrs.frozen
class UnitsDelivered:
    """Units of ``order`` were delivered at ``delivered_at`` (``None``: the command's time)."""

    order: Order
    delivered_at: pendulum.DateTime | None = None
    follow_up: tuple[FollowUp, ...] | None = None
    """The order's follow-up as the handler loaded it (``()``: it has none; ``None``: the row
    asks the session)."""


_DIRECT_CHANNEL = "direct"


def _all_delivered(order: Order) -> bool:
    """Whether some units were delivered and none is still waiting, in the warehouse or en route."""
    delivered = False
    for line in order.lines.values():  # a plain loop: no list, no two generators
        ledger = line.ledger
        if (
            ledger.unallocated
            or ledger.backordered
            or ledger.allocated
            or ledger.picked
            or ledger.packed
            or ledger.shipped
        ):
            return False  # a unit still waiting (counts are never negative: none is)
        delivered = delivered or bool(ledger.delivered)
    return delivered


def schedule_after_delivery(session: Session, fact: UnitsDelivered) -> str | None:
    """Schedule the order's follow-up after its last delivery; its id, or None (not yet/already)."""
    order = fact.order
    key = follow_up_id(order.id)
    if not _all_delivered(order):
        return None
    if fact.follow_up is None:  # not loaded by the handler: ask
        if session.find_follow_up(key) is not None:
            return None
    elif fact.follow_up:  # scheduled already
        return None
    channel = _DIRECT_CHANNEL if order.channel is None else str(order.channel.channel)
    follow_up = FollowUp.schedule(
        key,
        order.id,
        str(order.customer_id),
        channel,
        session.now if fact.delivered_at is None else fact.delivered_at,
        session.follow_up_policy,
        session.now,
    )
    session.add("follow_ups", key, follow_up)
    return key


# -- the table ---------------------------------------------------------------------------------


@attrs.frozen
class Rule:
    """One row: when a fact of type ``when`` happens, ``then`` runs (named ``name``)."""

    when: type
    """The fact type the row reacts to."""
    name: str
    """What the row does, in words (its results are returned under this name)."""
    then: Callable[[Session, Any], object]
    """The handler: takes the session and the fact, may change aggregates, returns a result."""


INVOICE_ON_PLACEMENT = "invoice on placement"
"""An ON_PLACEMENT order is invoiced whole, due on receipt, as it is placed."""
PAID_BEFORE_FULFILMENT = "paid before fulfilment"
"""With ``payment_first``, an ON_PLACEMENT order is confirmed once its payments secure it."""
SETTLE_INVOICES = "apply the money to the invoices"
"""Captured money is applied to the order's invoices with a balance, oldest first."""
RESERVE_PLAN = "reserve the plan"
"""The plan's units are reserved (``reserve_plan``) and the order's buckets follow."""
CONSUME_PICKED_STOCK = "consume the picked stock"
"""The units a shipment picked leave the stock, from exactly where they were picked."""
INVOICE_ON_SHIPMENT = "invoice on shipment"
"""An ON_SHIPMENT order is invoiced for what shipped, on the given terms."""
COMPLETE_AFTER_LAST_SHIPMENT = "complete after the last shipment"
"""The order completes when every unit not cancelled has shipped."""
PUT_PICKS_BACK = "put the picked units back on the shelf"
"""A cancelled shipment's picked units go back on the shelf, still reserved."""
RELEASE_RESERVED = "release the reserved stock"
"""Stock reserved for cancelled units is given back."""
CREDIT_CANCELLED = "credit the invoiced units"
"""Cancelled units that were invoiced are credited on the invoices."""
RESTOCK_RETURNED = "restock the returned units"
"""Returned units go back on the shelf (unless damaged: ``restock=False``)."""
CREDIT_RETURNED = "credit the returned units"
"""Returned units are credited on the invoices and counted as credited on the order."""
DISPOSE_INSPECTED = "dispose of the inspected units"
"""Inspected units graded for restock go back on the shelf at their location and lot (available
again); quarantined, repaired and vendor-bound units go on hand into that hold (``hold``
movements, never available until released); scrapped units are recorded arriving and written
off (``hold`` then ``scrap_held``)."""
CREDIT_SETTLED = "credit the settled return's units"
"""A resolved return's units are credited on the invoices (credit notes) and counted as
credited on the order."""
CREDIT_CUT = "credit the invoiced units cut"
"""Invoiced units an edit cuts are credited first (credit notes) and counted as credited."""
RELEASE_CUT = "release the units cut"
"""Stock reserved for allocated units an edit cut is given back."""
INVOICE_ADDED = "invoice the added units"
"""Units an edit adds to an order invoiced on placement get an invoice of their own."""
RELEASE_REMOVED = "release the removed line's stock"
"""Every reservation of a line an edit removed is given back."""

LIST_SHIPMENTS = "put the shipments on the list"
"""The shipments a new pick list holds units of go on it (picked only through it meanwhile)."""
PICK_CONFIRMED_UNITS = "pick the confirmed units on their shipments"
"""Units confirmed on a pick line are picked on its shipments through the shipment pick path."""
TAKE_OFF_LIST = "take the shipments off the list"
"""A finished or cancelled pick list's shipments come off it."""
WRITE_OFF_NOT_FOUND = "write the units not found off"
"""Units a picker did not find leave the line's reservation and are written off where they were
looked for (an ``adjust`` movement, reason ``"not found"``): free units first, then other
reservations there are cut, re-served elsewhere or backordered (the shrink path)."""
REALLOCATE_NOT_FOUND = "re-allocate the units not found"
"""The order line's units not found go back to unallocated and are planned again away from the
place they were not found: reserved elsewhere, or backordered."""

BACKORDER_UNSERVED = "backorder what no place could re-serve"
"""Units a count or write-off took from an order line, and no other place could serve again,
move from allocated to backordered (selling, #17)."""
FOLLOW_UP_AFTER_LAST_DELIVERY = "schedule the follow-up after the last delivery"
"""Once nothing of a delivered order is still to ship or on its way, its satisfaction follow-up
is scheduled, due the Engine's ``follow_ups`` days after that delivery (once per order)."""

STORE_CREDIT_BACK = "give a store-credit refund back as store credit"
"""A refund recorded on a store-credit payment is granted back to the order's customer's store
credit (ordercore is that tender's gateway), in the refund's unit of work."""
TAKE_AT_BIN = "take the units out of the pick's bin"
"""Units a pick list confirmed (picked, or written off as not found) leave the line's bin, as far
as it holds them (bins, #15)."""
KEEP_BINS_IN_STEP = "keep the bins in step with the shelf"
"""At a location that counts stock in bins, what the shelf gained goes into the receiving
bin and what it lost comes out of the bins that hold it, in walk order (bins, #15)."""

PROMISE_BINS = "promise the bins' units to the list"
"""A new pick list's units are promised at their bins, so no other list is sent to them (bins,
#15)."""
RELEASE_SETTLED = "release the promise of units confirmed"
"""Units a confirmation picked or found short are promised to their list no more (bins, #15)."""
RELEASE_OPEN = "release what an ended list still had promised"
"""A cancelled list's units still open are promised no more (bins, #15)."""

POLICIES: tuple[Rule, ...] = (
    Rule(OrderPlaced, INVOICE_ON_PLACEMENT, _invoice_on_placement),
    Rule(OrderConfirming, PAID_BEFORE_FULFILMENT, _paid_before_fulfilment),
    Rule(PaymentCaptured, SETTLE_INVOICES, _settle_invoices),
    Rule(OrderPlanned, RESERVE_PLAN, _reserve_plan),
    Rule(ShipmentSent, CONSUME_PICKED_STOCK, picking.consume_picked_stock),
    Rule(UnitsShipped, INVOICE_ON_SHIPMENT, _invoice_on_shipment),
    Rule(UnitsShipped, COMPLETE_AFTER_LAST_SHIPMENT, _complete_after_last_shipment),
    Rule(ShipmentCancelled, PUT_PICKS_BACK, _put_picks_back),
    Rule(UnitsCancelled, RELEASE_RESERVED, _release_reserved),
    Rule(UnitsCancelled, CREDIT_CANCELLED, _credit_cancelled),
    Rule(ReturnReceived, RESTOCK_RETURNED, _restock_returned),
    Rule(ReturnReceived, CREDIT_RETURNED, _credit_returned),
    Rule(ReturnUnitsDisposed, DISPOSE_INSPECTED, _dispose_inspected),
    Rule(ReturnSettled, CREDIT_SETTLED, _credit_settled),
    Rule(PickListMade, LIST_SHIPMENTS, floor_rows.put_on_list),
    Rule(PickedOnList, PICK_CONFIRMED_UNITS, floor_rows.pick_confirmed_units),
    Rule(UnitsNotFound, WRITE_OFF_NOT_FOUND, short_picks.write_off_not_found),
    Rule(UnitsNotFound, REALLOCATE_NOT_FOUND, short_picks.reallocate_short),
    Rule(PickListEnded, TAKE_OFF_LIST, floor_rows.take_off_list),
    Rule(LineCutting, CREDIT_CUT, _credit_cut),
    Rule(LineEdited, RELEASE_CUT, _release_cut),
    Rule(LineEdited, INVOICE_ADDED, _invoice_added),
    Rule(LineRemoved, RELEASE_REMOVED, _release_removed),
    Rule(StockShrank, BACKORDER_UNSERVED, shrink_rows.backorder_unserved),
    Rule(UnitsDelivered, FOLLOW_UP_AFTER_LAST_DELIVERY, schedule_after_delivery),
    Rule(StoreCreditRefunded, STORE_CREDIT_BACK, _store_credit_back),
    Rule(bins.TakenAtBin, TAKE_AT_BIN, bins.take_at_bin),
    Rule(bins.ShelfChanged, KEEP_BINS_IN_STEP, bins.keep_bins_in_step),
    Rule(PickListMade, PROMISE_BINS, bins.promise_bins),
    Rule(bins.PromiseSettled, RELEASE_SETTLED, bins.release_settled),
    Rule(PickListEnded, RELEASE_OPEN, bins.release_open),
)
"""What follows what, in the order the rows run."""


def rows_by_fact(table: tuple[Rule, ...]) -> Mapping[type, tuple[Rule, ...]]:
    """The rows of ``table`` grouped by the fact type they react to, each group in table order.

    :func:`run` looks a fact's rows up here instead of asking every row of the table whether it
    reacts to the fact (a fact has one to three rows of about thirty).
    """
    grouped: dict[type, list[Rule]] = {}
    for rule in table:
        grouped.setdefault(rule.when, []).append(rule)
    return MappingProxyType({when: tuple(rows) for when, rows in grouped.items()})


_ROWS: Mapping[type, tuple[Rule, ...]] = rows_by_fact(POLICIES)
""":data:`POLICIES` by fact type (a fixed index of the table, built with it)."""


def _scan(fact: object, table: tuple[Rule, ...]) -> list[Rule]:
    """The rows of a table other than POLICIES for ``fact``, in table order."""
    return [rule for rule in table if type(fact) is rule.when]


def run(session: Session, fact: object, table: tuple[Rule, ...] = POLICIES) -> dict[str, Any]:
    """Run every row of ``table`` for ``fact``, in order; their results by row name."""
    rows = _ROWS.get(type(fact), ()) if table is POLICIES else _scan(fact, table)
    followed: dict[str, Any] = {}
    for rule in rows:  # a plain loop: a comprehension is a function called per fact
        followed[rule.name] = rule.then(session, fact)
    return followed


def run_all(
    session: Session, facts: tuple[object, ...], table: tuple[Rule, ...] = POLICIES
) -> dict[str, Any]:
    """Run the rows of each of ``facts`` in turn (:func:`run`); all their results by row name."""
    followed: dict[str, Any] = {}
    for fact in facts:  # the index looked up here, not in a helper (a call back into this file)
        rows = _ROWS.get(type(fact), ()) if table is POLICIES else _scan(fact, table)
        for rule in rows:
            followed[rule.name] = rule.then(session, fact)
    return followed
