"""Edits of a placed order through the Engine: the order's ``EditResult`` carried out everywhere.

The order decides what an edit means (``Order.change_quantity``, ``add_line``,
``remove_line``, ``change_ship_to``: which units to release, allocate or re-allocate) and
refuses, by name (:class:`~ordercore.domain.orders.LineNotEditable`), an edit that would touch
picked, packed or shipped units. This module carries the decision out in the same unit of work:

==========================  =========================================  ==========================
edit                        stock                                      money
==========================  =========================================  ==========================
more units / a new line     the new units are allocated (or            ON_PLACEMENT: a new invoice
                            backordered) like a placed order's         for them; ``collect`` it
fewer units                 the allocated units cut are released       invoiced units cut are
                                                                       credited (a credit note);
                                                                       ``void`` / ``refund``
remove a line               its allocated units are released           its invoiced units are
                                                                       credited first
new ship-to                 allocated units are released and the       —
                            order allocated again for the new address
==========================  =========================================  ==========================

An order still waiting for allocation (placed, never allocated) is not allocated by an edit:
its new or released units wait with the rest for ``allocate_order``.

Units an open shipment still asks for (opened, not yet picked) are refused too
(:class:`~ordercore.domain.orders.LineNotEditable` naming the shipment): the warehouse is
already walking to them. A refused edit raises before anything is changed, and the Engine's
unit of work stores nothing of it.

Money the edit frees is taken from the order's open authorisations first (``void``), then
refunded from its captures (``refund``), split over the payments by the refund priority
(``refunds``: which payment gives back how much); money the edit adds is ``collect``: authorise
and capture it like the order's first payment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ordercore.domain.billing import (
    CreditResult,
    Invoice,
    PlannedRefund,
    RefundPriority,
    plan_refund,
    refundable_now,
)
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.orders import (
    Address,
    Discount,
    EditResult,
    LineId,
    LineNotEditable,
    Order,
    OrderStatus,
    TaxLine,
)
from ordercore.kernel.errors import NotFound
from ordercore.kernel.money import Money, sum_money
from ordercore.service import fulfilling, policies
from ordercore.service.allocating import AppliedPlan
from ordercore.service.policies import sync_reservations
from ordercore.service.session import Session

__all__ = [
    "EditOutcome",
    "add_line",
    "change_line_quantity",
    "change_ship_to",
    "remove_line",
]


@attrs.frozen(kw_only=True)
class EditOutcome:
    """What an edit did to stock, invoices and the money the host must move."""

    order_id: str
    line_id: str | None = None
    """The line edited (a new line's id for ``add_line``); None for a new ship-to."""
    released: dict[str, int] = attrs.field(factory=dict)
    """Reserved units given back to stock, per order line id."""
    allocated: dict[str, int] = attrs.field(factory=dict)
    """Units newly reserved, per order line id."""
    backordered: dict[str, int] = attrs.field(factory=dict)
    """Units that found no stock and wait as backorders, per order line id."""
    invoice_id: str | None = None
    """A new invoice for units the edit added (orders invoiced on placement)."""
    credit_notes: tuple[CreditResult, ...] = ()
    """Credit notes for invoiced units the edit took away."""
    collect: Money | None = None
    """Money to authorise and capture for what the edit added (None: nothing); with a new
    invoice, what it still asks after money the payments already held paid it."""
    void: Money | None = None
    """Release this much of the order's open authorisations (None: nothing)."""
    refund: Money | None = None
    """Refund this much captured money (None: nothing), as ``refunds`` says."""
    refunds: tuple[PlannedRefund, ...] = ()
    """Where the refund goes back: payment by payment, in the refund priority's order."""


# -- checks ------------------------------------------------------------------------------------


def _editable_order(session: Session, order_id: str, command: str) -> Order:
    return session.live_order(order_id, command)


def _open_shipments(session: Session, order: Order) -> list[Shipment]:
    shipments: list[Shipment] = session.for_order("shipments", order.id, Shipment)
    return [s for s in shipments if s.is_open]


def _awaited_by_shipments(session: Session, order: Order, line_id: str) -> tuple[int, str]:
    """Allocated units of a line that open shipments still ask for, and the first such one."""
    units, first = 0, ""
    for shipment in _open_shipments(session, order):
        line = shipment.lines.get(line_id)
        if line is not None and line.requested > line.picked:
            units += line.requested - line.picked
            first = first or str(shipment.id)
    return units, first


def _refuse_cut_into_shipments(
    session: Session, order: Order, line_id: str, keep: int, edit: str, value: object
) -> None:
    """Refuse an edit that leaves a line fewer allocated units than open shipments ask for."""
    awaited, shipment = _awaited_by_shipments(session, order, line_id)
    if awaited and keep < awaited:
        raise LineNotEditable(
            LineId(line_id),
            edit,
            value,
            f"open shipment {shipment} still asks for {awaited} unit(s) of the line; cancel "
            "the shipment first",
        )


# -- money -------------------------------------------------------------------------------------


def _money_back(
    session: Session, order: Order, value: Money, priority: RefundPriority | None
) -> tuple[Money | None, Money | None, tuple[PlannedRefund, ...]]:
    """Take ``value`` from open authorisations first, then refund it from captures."""
    if not value.amount > 0:
        return None, None, ()
    payments, _ = session.billing_of(order.id)
    currency = str(order.currency)
    open_auth = sum_money((p.capturable for p in payments), currency)
    void = min(value, open_auth)
    available = sum_money((refundable_now(p) for p in payments), currency)
    refund = min(value - void, available)
    refunds = plan_refund(payments, refund, priority) if refund.amount > 0 else ()
    return (
        void if void.amount > 0 else None,
        refund if refund.amount > 0 else None,
        refunds,
    )


def _waiting(order: Order) -> bool:
    """Whether units of the order wait unallocated (it was never allocated, say)."""
    return any(line.ledger.unallocated for line in order.lines.values())


def _allocate(
    session: Session, order: Order, result: EditResult, waiting_before: bool
) -> AppliedPlan | None:
    """Allocate the units an edit added, unless the order was waiting for allocation anyway.

    An order whose units all had been allocated (or backordered) gets its new units allocated
    at once; one still waiting is allocated when the host allocates it, new units with the rest.
    """
    if not result.allocate or order.status is OrderStatus.DRAFT or waiting_before:
        return None
    return fulfilling.allocate_order(session, order.id)


def _outcome(
    session: Session,
    order: Order,
    *,
    line_id: str | None,
    before: Money,
    released: Mapping[str, int],
    plan: AppliedPlan | None,
    invoice: Invoice | None,
    notes: Iterable[CreditResult],
    priority: RefundPriority | None,
) -> EditOutcome:
    credit_notes = tuple(notes)
    currency = str(order.currency)
    after = order.total
    if credit_notes:
        freed = sum_money((n.customer_credit + n.applied for n in credit_notes), currency)
    else:
        freed = before - after if before > after else Money.zero(currency)
    added = after - before if after > before else Money.zero(currency)
    if invoice is not None:  # what the new invoice still asks, after money already held
        added = invoice.balance
    void, refund, refunds = _money_back(session, order, freed, priority)
    return EditOutcome(
        order_id=str(order.id),
        line_id=line_id,
        released={k: v for k, v in released.items() if v},
        allocated={} if plan is None else {k: v for k, v in plan.reserved.items() if v},
        backordered={} if plan is None else {k: v for k, v in plan.backordered.items() if v},
        invoice_id=None if invoice is None else str(invoice.id),
        credit_notes=credit_notes,
        collect=added if added.amount > 0 else None,
        void=void,
        refund=refund,
        refunds=refunds,
    )


# -- the edits ---------------------------------------------------------------------------------


def change_line_quantity(
    session: Session,
    order_id: str,
    line_id: str,
    quantity: int,
    *,
    priority: RefundPriority | None = None,
) -> EditOutcome:
    """Set a line's ordered quantity; stock, invoices and payments follow (see the module doc).

    A cut takes unallocated, then backordered, then allocated units; it is refused
    (``LineNotEditable``) when it needs picked units or units an open shipment asks for.
    """
    order = _editable_order(session, order_id, "change_quantity")
    payments, invoices = session.billing_of(order.id)
    line = order.lines.get(LineId(line_id)) if isinstance(line_id, str) else None
    before, waiting = order.total, _waiting(order)
    notes: list[CreditResult] = []
    if line is not None and isinstance(quantity, int) and 1 <= quantity < line.quantity:
        ledger = line.ledger
        if line.quantity - quantity > ledger.editable:
            order.change_quantity(line_id, quantity, session.now)  # refuses, naming the rule
        cut = line.quantity - quantity
        taken_from_allocated = max(0, cut - ledger.unallocated - ledger.backordered)
        _refuse_cut_into_shipments(
            session,
            order,
            line_id,
            ledger.allocated - taken_from_allocated,
            "change_quantity",
            quantity,
        )
        to_credit = ledger.net_invoiced - (quantity - ledger.cancelled)
        if to_credit > 0:
            fact = policies.LineCutting(order, line_id, to_credit, invoices)
            notes = policies.run(session, fact)[policies.CREDIT_CUT]
    result = order.change_quantity(line_id, quantity, session.now)
    added = sum(q.quantity for q in result.allocate)
    followed = policies.run(
        session, policies.LineEdited(order, str(result.line_id), added, payments, invoices)
    )
    released = {line_id: followed[policies.RELEASE_CUT]} if result.release else {}
    plan = _allocate(session, order, result, waiting)
    return _outcome(
        session,
        order,
        line_id=line_id,
        before=before,
        released=released,
        plan=plan,
        invoice=followed[policies.INVOICE_ADDED],
        notes=notes,
        priority=priority,
    )


def add_line(
    session: Session,
    order_id: str,
    sku: str,
    quantity: int,
    unit_price: Money,
    *,
    discounts: Iterable[Discount] = (),
    tax_lines: Iterable[TaxLine] = (),
    priority: RefundPriority | None = None,
) -> EditOutcome:
    """Add a line to a placed order: allocate it and (invoiced on placement) invoice it."""
    order = _editable_order(session, order_id, "add_line")
    payments, invoices = session.billing_of(order.id)
    before, waiting = order.total, _waiting(order)
    result = order.add_line(
        sku, quantity, unit_price, session.now, discounts=discounts, tax_lines=tax_lines
    )
    new_line = str(result.line_id)
    added = order.lines[LineId(new_line)].quantity
    followed = policies.run(
        session, policies.LineEdited(order, new_line, added, payments, invoices)
    )
    plan = _allocate(session, order, result, waiting)
    return _outcome(
        session,
        order,
        line_id=new_line,
        before=before,
        released={},
        plan=plan,
        invoice=followed[policies.INVOICE_ADDED],
        notes=(),
        priority=priority,
    )


def remove_line(
    session: Session, order_id: str, line_id: str, *, priority: RefundPriority | None = None
) -> EditOutcome:
    """Remove a line none of whose units is picked: release its stock, credit its invoiced units.

    Refused (``LineNotEditable``) when a unit is picked or further along, when an open
    shipment asks for its units, and for a placed order's last line (cancel the order then).
    """
    order = _editable_order(session, order_id, "remove_line")
    line = order.lines.get(LineId(line_id)) if isinstance(line_id, str) else None
    if line is None:
        raise NotFound("order line", f"{order.id}/{line_id}")
    before = order.total
    ledger = line.ledger
    refusal = ""
    if ledger.editable + ledger.cancelled != ledger.ordered:
        refusal = "some units are picked or further along; cancel the rest instead"
    elif len(order.lines) == 1:
        refusal = "a placed order keeps at least one line; cancel the order instead"
    if refusal:
        raise LineNotEditable(line.id, "remove_line", line.id, refusal)
    _refuse_cut_into_shipments(session, order, line_id, 0, "remove_line", line_id)
    notes: list[CreditResult] = []
    if ledger.net_invoiced:
        _, invoices = session.billing_of(order.id)
        fact = policies.LineCutting(order, line_id, ledger.net_invoiced, invoices)
        notes = policies.run(session, fact)[policies.CREDIT_CUT]
    order.remove_line(line_id, session.now)
    followed = policies.run(session, policies.LineRemoved(order, line_id, str(line.sku)))
    released = {line_id: followed[policies.RELEASE_REMOVED]}
    return _outcome(
        session,
        order,
        line_id=line_id,
        before=before,
        released=released,
        plan=None,
        invoice=None,
        notes=notes,
        priority=priority,
    )


def change_ship_to(session: Session, order_id: str, address: Address) -> EditOutcome:
    """Ship to ``address``: allocated units are released and the order allocated again for it.

    Refused (``LineNotEditable``) once a unit is picked, and while a shipment is open.
    """
    order = _editable_order(session, order_id, "change_ship_to")
    before, waiting = order.total, _waiting(order)
    picked = any(
        x.ledger.ordered - x.ledger.editable - x.ledger.cancelled for x in order.lines.values()
    )
    if picked:
        order.change_ship_to(address, session.now)  # refuses, naming the line and the units
    shipments = _open_shipments(session, order)
    if shipments and isinstance(address, Address) and address != order.ship_to:
        first = shipments[0]
        line_id = next(iter(first.lines), "")
        raise LineNotEditable(
            LineId(line_id),
            "change_ship_to",
            f"{address.city}, {address.country}",
            f"shipment {first.id} is open for the old address; cancel it first",
        )
    result = order.change_ship_to(address, session.now)
    released: dict[str, int] = {}
    for units in result.reallocate:
        key = str(units.line_id)
        order.move(key, units.quantity, "release", session.now)
        released[key] = sync_reservations(session, order, key)
    plan = fulfilling.allocate_order(session, order.id) if released and not waiting else None
    return _outcome(
        session,
        order,
        line_id=None,
        before=before,
        released=released,
        plan=plan,
        invoice=None,
        notes=(),
        priority=None,
    )
