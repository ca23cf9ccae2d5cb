"""Resolution money through the Engine: refunds to the original payments, and store credit.

* **Refunds go back where the money came from.** :func:`refund_plan` splits an amount over the
  order's payments in the order a :class:`~ordercore.domain.billing.RefundPriority` chooses
  (gift card before card, newest capture first...): ``plan_refund`` over the order's payments
  (``billing.payments_of``). ordercore calls no gateway: the host pays each planned part back
  and records it with :func:`record_refund`.
* **Bounded refunds.** :func:`record_refund` records a refund on one payment (never more than it
  captured and has not refunded: ``RefundExceedsCaptured``); for a return (``rma_id``) also
  never more than what the return was resolved to refund and is not yet paid back, itself at
  most the returned units' exact share (``OverRefund``). Both are checked before anything
  changes, in the command's unit of work.
* **Store credit** is a :class:`~ordercore.domain.billing.StoreCredit` balance per customer and
  currency (collection ``store_credits``, key ``<customer>/credit-<CUR>``):
  :func:`grant_credit` adds to it (a return resolved by credit does), :func:`redeem_credit`
  spends it, never below zero. Its history is the events in the outbox.
"""

from __future__ import annotations

from ordercore.domain.billing import (
    OperationKind,
    Payment,
    PaymentResult,
    PlannedRefund,
    RefundPriority,
    StoreCredit,
    plan_refund,
    store_credit_id,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money
from ordercore.service import billing, paying
from ordercore.service.session import Session

__all__ = [
    "STORE_CREDITS",
    "credit_balance",
    "grant_credit",
    "record_refund",
    "redeem_credit",
    "refund_plan",
    "store_credit_of",
]

STORE_CREDITS = "store_credits"
"""The collection store credit balances are kept in."""


def refund_plan(
    session: Session, order_id: str, amount: Money, priority: RefundPriority | None = None
) -> tuple[PlannedRefund, ...]:
    """Where ``amount`` goes back: the order's payments in ``priority``'s order, part by part."""
    session.order(order_id)  # NotFound for an unknown order
    payments: list[Payment] = billing.payments_of(session, order_id)
    return plan_refund(payments, amount, priority)


def record_refund(
    session: Session,
    order_id: str,
    amount: Money,
    reference: str,
    number: int,
    *,
    rma_id: str | None = None,
) -> PaymentResult:
    """Record a refund on the order's payment ``number``; for a return, within what it owes.

    With ``rma_id`` the return (of this order) counts the amount as paid back and refuses more
    than its resolved refund left (``OverRefund``) before the payment records anything.
    A repeated gateway ``reference`` is a no-op on the payment and is not counted twice.
    """
    if rma_id is None:
        return paying.refund(session, order_id, amount, reference, number)
    rma = session.rma(rma_id)
    if rma.order_id != order_id:
        raise ValidationError(
            "rma_id", rma_id, f"return {rma_id!r} is of order {rma.order_id!r}, not {order_id!r}"
        )
    payment = paying.payment_of(session, order_id, number)
    if payment.ledger.find(OperationKind.REFUND, reference) is None:  # not a repeat
        rma.record_refund(amount, reference, session.now, payment_id=str(payment.id))
    return paying.refund(session, order_id, amount, reference, number)


def store_credit_of(session: Session, customer_id: str, currency: str) -> StoreCredit:
    """The customer's store credit in ``currency``; opened (empty, added) if there is none."""
    key = store_credit_id(customer_id, currency)
    found: StoreCredit | None = session.find(STORE_CREDITS, key, StoreCredit)
    if found is None:
        found = StoreCredit.open(customer_id, currency)
        session.add(STORE_CREDITS, key, found)
    return found


def credit_balance(session: Session, customer_id: str, currency: str) -> Money:
    """The customer's store credit balance in ``currency`` (zero if none was ever granted)."""
    found: StoreCredit | None = session.find(
        STORE_CREDITS, store_credit_id(customer_id, currency), StoreCredit
    )
    return Money.zero(currency) if found is None else found.balance


def grant_credit(
    session: Session,
    customer_id: str,
    amount: Money,
    reference: str,
    *,
    order_id: str | None = None,
    note: str = "",
) -> Money:
    """Grant ``amount`` of store credit to the customer; returns the balance after it."""
    credit = store_credit_of(session, customer_id, str(amount.currency))
    return credit.grant(amount, reference, session.now, order_id=order_id, note=note)


def redeem_credit(
    session: Session,
    customer_id: str,
    amount: Money,
    reference: str,
    *,
    order_id: str | None = None,
    note: str = "",
) -> Money:
    """Spend ``amount`` of the customer's store credit (at most the balance); the balance left."""
    credit = store_credit_of(session, customer_id, str(amount.currency))
    return credit.redeem(amount, reference, session.now, order_id=order_id, note=note)
