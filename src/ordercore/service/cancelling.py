"""Cancellations through the Engine: the order's ``CancellationResult`` carried out everywhere.

The order decides what is cancelled (least progressed units first) and what it was worth. The
policy table then, in the same unit of work (rows of :mod:`ordercore.service.policies`):

* gives back the reservations the cancelled units held ("release the reserved stock");
* issues credit notes on the order's invoices for cancelled units that were already invoiced
  ("credit the invoiced units"; the order counts them as credited itself);

and the command reports the money the host must move with its gateway: ``void`` (release that
much of the open authorisations) and ``refund`` (give that much captured money back). The
cancelled value is taken from the open authorisation first, then refunded from captures;
cancelling a whole order voids every open authorisation and refunds every captured unit of
money.

Shipments: cancelling a whole order first cancels its open shipments (their picked units go
back on the shelf); cancelling some units of a line is refused with
:class:`ShipmentInProgress` when it would take units an open shipment has picked.
"""

from __future__ import annotations

import attrs

from ordercore.domain.billing import CreditResult
from ordercore.domain.orders import CancellationResult, LineId, Order
from ordercore.kernel.money import Money, sum_money
from ordercore.service import policies, shipping
from ordercore.service.billing import payments_of
from ordercore.service.errors import ShipmentInProgress
from ordercore.service.session import Session

__all__ = ["CancellationOutcome", "cancel_order", "cancel_quantity"]


@attrs.frozen(kw_only=True)
class CancellationOutcome:
    """What a cancellation did, and the money the host must void, refund or has credited."""

    result: CancellationResult
    """The order's own account: lines, buckets, values."""
    released: dict[str, int]
    """Reserved units given back, per order line id."""
    credit_notes: tuple[CreditResult, ...]
    """Credit notes issued on the order's invoices."""
    credited: Money
    """The credit notes' total."""
    void: Money
    """Release this much of the order's open authorisations at the gateway."""
    refund: Money
    """Refund this much captured money (then ``record_refund`` it)."""


def _carry_out(
    session: Session, order: Order, result: CancellationResult, whole: bool
) -> CancellationOutcome:
    followed = policies.run(session, policies.UnitsCancelled(order, result, whole))
    released: dict[str, int] = followed[policies.RELEASE_RESERVED]
    notes: list[CreditResult] = followed[policies.CREDIT_CANCELLED]
    currency = str(order.currency)
    payments = payments_of(session, order.id)
    open_auth = sum_money((p.capturable for p in payments), currency)
    refundable = sum_money((p.refundable for p in payments), currency)
    if whole:
        void, refund = open_auth, refundable
    else:
        void = min(result.total, open_auth)
        refund = min(result.total - void, refundable)
    return CancellationOutcome(
        result=result,
        released=released,
        credit_notes=tuple(notes),
        credited=sum_money((n.note.total for n in notes), currency),
        void=void,
        refund=refund,
    )


def cancel_order(session: Session, order_id: str, reason: str) -> CancellationOutcome:
    """Cancel the whole order (nothing may have shipped) and carry the result out.

    Its open shipments are cancelled first, with the same reason.
    """
    order = session.order(order_id)
    for shipment in shipping.shipments_of(session, order.id):
        if shipment.is_open:
            shipping.cancel_shipment(session, shipment.id, reason)
    result = order.cancel(reason, session.now)
    return _carry_out(session, order, result, whole=True)


def cancel_quantity(
    session: Session, order_id: str, line_id: str, units: int, reason: str
) -> CancellationOutcome:
    """Cancel ``units`` of one line not yet shipped and carry the result out.

    Refused (:class:`ShipmentInProgress`) when it reaches into units an open shipment picked.
    """
    order = session.order(order_id)
    line = order.lines.get(LineId(line_id))
    if line is not None and isinstance(units, int) and units > line.ledger.editable:
        held = sum(
            shipment.lines[line_id].picked
            for shipment in shipping.shipments_of(session, order.id)
            if shipment.is_open and line_id in shipment.lines
        )
        if held:
            raise ShipmentInProgress(order.id, line_id, units, line.ledger.editable)
    result = order.cancel_quantity(line_id, units, reason, session.now)
    return _carry_out(session, order, result, whole=False)
