"""Payment commands through the Engine: authorise, capture, refund, dispute one payment.

An order's payments are numbered (``payment=1`` by default): the first authorisation on a
number starts that payment (id ``"<order>/payment-<n>"``, :func:`~ordercore.service.billing.
payment_id`). A capture is followed by the policy "apply the money to the invoices"
(:mod:`ordercore.service.policies`).

Store credit spent on an order is a payment too (:func:`pay_with_store_credit`): method
``store_credit``, the order's next free number, taken at once (a sale: authorised and
captured), its money applied to the invoices like a capture. ordercore is that tender's
gateway: a refund recorded on it goes back to the customer's store credit (the policy row
"give a store-credit refund back as store credit"), in the same unit of work.
"""

from __future__ import annotations

import pendulum

from ordercore.domain.billing import (
    PAYMENT_LIFECYCLE,
    Invoice,
    Payment,
    PaymentMethod,
    PaymentResult,
    PaymentState,
)
from ordercore.domain.orders import ORDER_LIFECYCLE, OrderStatus
from ordercore.kernel.errors import InvalidTransition
from ordercore.kernel.money import Money
from ordercore.service import policies
from ordercore.service.billing import next_payment_number, payment_id
from ordercore.service.errors import PaymentOfAnotherOrder
from ordercore.service.session import Session

__all__ = [
    "authorize",
    "capture",
    "charge_back",
    "lose_dispute",
    "pay_with_store_credit",
    "payment_of",
    "refund",
    "submit_evidence",
    "win_dispute",
]

_CLOSED = (PaymentState.VOIDED, PaymentState.EXPIRED, PaymentState.FAILED)


def payment_of(
    session: Session,
    order_id: str,
    number: int,
    method: str | None = None,
    *,
    command: str | None = None,
) -> Payment:
    """The order's ``number``-th payment; started (with ``method``) if there is none yet.

    With ``method=None`` (a capture or a refund) a missing payment raises ``NotFound``:
    nothing was authorised on it. A capture on a cancelled order is refused as cancelled.
    With a ``command``, a voided, expired or failed payment is
    refused first, saying so (the real reason): such a payment has nothing to capture or
    refund, and the useful answer is why, not that the amount overshoots zero.
    """
    payment, new = _payment(session, order_id, number, method, command)
    if new:
        session.add("payments", payment.id, payment)
    return payment


def _payment(
    session: Session, order_id: str, number: int, method: str | None, command: str | None
) -> tuple[Payment, bool]:
    """:func:`payment_of`'s payment, and whether it is new (started here, not yet added)."""
    key = payment_id(order_id, number)
    order = session.order(order_id)
    if command == "capture" and order.status is OrderStatus.CANCELLED:  # the real reason first
        raise InvalidTransition(
            "order",
            order.id,
            order.status.value,
            command,
            ORDER_LIFECYCLE.allowed(order.status),
            reason=f"the order is cancelled: there is nothing to {command} for it",
        )
    payment = session.find_payment(key)
    new = payment is None
    if payment is None:
        if method is None:
            session.get("payments", key, Payment)  # raises NotFound: nothing authorised
        payment = Payment.start(key, order_id, method or "card", order.currency)
    if payment.order_id != order_id:
        raise PaymentOfAnotherOrder(key, order_id, payment.order_id)
    if command is not None and payment.state in _CLOSED:
        raise InvalidTransition(
            "payment",
            payment.id,
            payment.state.value,
            command,
            PAYMENT_LIFECYCLE.allowed(payment.state),
            reason=f"the payment is {payment.state.value}: there is nothing on it to {command}",
        )
    return payment, new


def authorize(
    session: Session,
    order_id: str,
    amount: Money,
    reference: str,
    number: int,
    method: str,
    *,
    expires_at: pendulum.DateTime | None = None,
) -> PaymentResult:
    """Record the gateway's authorisation of ``amount`` on the order's payment ``number``.

    A payment started here joins the session once it holds the authorisation (one visit to
    the payment, then one to the session).
    """
    found, new = _payment(session, order_id, number, method, None)
    result = found.authorize(amount, reference, session.now, expires_at=expires_at)
    if new:
        session.add("payments", found.id, found)
    return result


def capture(
    session: Session, order_id: str, amount: Money, reference: str, number: int
) -> PaymentResult:
    """Record a capture on payment ``number``; the policy applies it to the order's invoices.

    The same gateway ``reference`` again is a no-op (the payment says so), here too.
    """
    found = payment_of(session, order_id, number, command="capture")
    invoices: list[Invoice] = session.for_order("invoices", order_id, Invoice)
    if len(invoices) > 1:  # oldest first; one invoice (the usual) is in order without a sort
        invoices = session.invoices_of(order_id)  # (its key writes each issue time out)
    read_at = found.version
    result = found.capture(amount, reference, session.now)
    if found.version != read_at:  # a repeated gateway reference changes nothing
        policies.run(session, policies.PaymentCaptured(order_id, amount, reference, invoices))
    return result


def refund(
    session: Session, order_id: str, amount: Money, reference: str, number: int
) -> PaymentResult:
    """Record a refund of captured money on the order's payment ``number``.

    A refund of a store-credit payment goes back to the customer's store credit (policy row).
    """
    found = payment_of(session, order_id, number, command="refund")
    read_at = found.version
    result = found.refund(amount, reference, session.now)
    if found.method is PaymentMethod.STORE_CREDIT and found.version != read_at:  # not a repeat
        policies.run(session, policies.StoreCreditRefunded(order_id, amount, reference))
    return result


def pay_with_store_credit(
    session: Session, order_id: str, amount: Money, reference: str
) -> PaymentResult:
    """Record ``amount`` of store credit spent on the order as a payment taken at once.

    The payment (method ``store_credit``) takes the order's next free number; its money is
    applied to the order's invoices like a capture. The caller has taken the credit off the
    customer's balance in the same unit of work (:func:`ordercore.service.credit.redeem_credit`).
    """
    order = session.order(order_id)
    invoices = session.invoices_of(order_id)
    key = payment_id(order_id, next_payment_number(session, order_id))
    payment = Payment.start(key, order_id, PaymentMethod.STORE_CREDIT, order.currency)
    result = payment.record_sale(amount, reference, session.now)
    session.add("payments", key, payment)
    policies.run(session, policies.PaymentCaptured(order_id, amount, reference, invoices))
    return result


def charge_back(
    session: Session, order_id: str, amount: Money, reference: str, number: int, reason: str = ""
) -> PaymentResult:
    """Record a chargeback of ``amount`` on the order's payment ``number``: a dispute opens."""
    found = payment_of(session, order_id, number, command="open_dispute")
    return found.charge_back(amount, reference, session.now, reason)


def submit_evidence(
    session: Session, order_id: str, reference: str, number: int, note: str = ""
) -> PaymentResult:
    """Record that evidence against the open dispute on payment ``number`` was submitted."""
    return payment_of(session, order_id, number).submit_evidence(reference, session.now, note)


def win_dispute(session: Session, order_id: str, reference: str, number: int) -> PaymentResult:
    """Record that the open dispute on payment ``number`` was won (the amount is reinstated)."""
    return payment_of(session, order_id, number).win_dispute(reference, session.now)


def lose_dispute(session: Session, order_id: str, reference: str, number: int) -> PaymentResult:
    """Record that the open dispute on payment ``number`` was lost (the amount stays withdrawn)."""
    return payment_of(session, order_id, number).lose_dispute(reference, session.now)
