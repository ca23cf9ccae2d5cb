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
* **Store credit is a tender.** Spent on an order (``redeem_credit(order_id=...)``), it is a
  payment of method ``store_credit`` on that order (the order's next free payment number, taken
  at once, applied to its invoices), in the same unit of work: the order counts it as paid.
  Only the order's own customer spends on it, in its currency, and never more than the order's
  payments leave uncovered (its total less what they hold: captured and capturable, less
  refunded and charged back). A refund recorded on that payment (planned by the refund
  priority like any other) goes back to the customer's store credit. So store credit is
  conserved: granted - redeemed = balance, where granted counts the refunds given back.
"""

from __future__ import annotations

from ordercore.domain.billing import (
    ConflictingGatewayReference,
    OperationKind,
    Payment,
    PaymentMethod,
    PaymentResult,
    PlannedRefund,
    RefundPriority,
    StoreCredit,
    plan_refund,
    store_credit_id,
)
from ordercore.domain.orders import Order, OrderStatus
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.money import Money, sum_money
from ordercore.service import billing, paying
from ordercore.service.billing import STORE_CREDITS, store_credit_of
from ordercore.service.session import Session

__all__ = [
    "STORE_CREDITS",
    "credit_balance",
    "grant_credit",
    "record_refund",
    "redeem_credit",
    "refund_plan",
    "store_credit_of",
    "uncovered",
]


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
    """Spend ``amount`` of the customer's store credit (at most the balance); the balance left.

    With ``order_id`` the credit pays that order: a store-credit payment on it, in the same
    unit of work (see the module doc for the rules). The same ``reference`` and amount again
    on the order is a no-op that returns the balance.
    """
    if order_id is None:
        credit = store_credit_of(session, customer_id, str(amount.currency))
        return credit.redeem(amount, reference, session.now, note=note)
    order = session.order(order_id)
    payments = billing.payments_of(session, order_id)
    repeated = _spent_before(payments, amount, reference)
    if repeated:
        return credit_balance(session, customer_id, str(amount.currency))
    _check_spend(order, payments, customer_id, amount)
    credit = store_credit_of(session, customer_id, str(amount.currency))
    balance = credit.redeem(amount, reference, session.now, order_id=order_id, note=note)
    paying.pay_with_store_credit(session, order_id, amount, reference)
    return balance


def uncovered(order: Order, payments: list[Payment]) -> Money:
    """What the order's payments leave of its total: total - (net paid + capturable), >= 0."""
    held = sum_money((p.net_paid + p.capturable for p in payments), str(order.currency))
    return max(order.total - held, Money.zero(str(order.currency)))


def _spent_before(payments: list[Payment], amount: Money, reference: str) -> bool:
    """Whether store credit ``reference`` already paid the order (a conflicting amount raises)."""
    for payment in payments:
        if payment.method is not PaymentMethod.STORE_CREDIT:
            continue
        found = payment.ledger.find(OperationKind.SALE, reference)
        if found is None:
            continue
        if found.amount != amount:
            raise ConflictingGatewayReference(
                str(payment.id), str(OperationKind.SALE), reference, found.amount, amount
            )
        return True
    return False


def _check_spend(order: Order, payments: list[Payment], customer_id: str, amount: Money) -> None:
    if not isinstance(amount, Money):
        raise WrongType("amount", amount, "an amount of store credit is Money")
    if order.status is OrderStatus.CANCELLED:
        rule = "the order is cancelled: there is nothing to pay on it"
        raise ValidationError("order_id", str(order.id), rule)
    if customer_id != str(order.customer_id):
        rule = f"order {order.id!r} is of customer {order.customer_id!r}: only they spend on it"
        raise ValidationError("customer_id", customer_id, rule)
    if amount.currency != order.currency:
        raise CurrencyMismatch("pay an order with store credit", str(order.currency), str(amount))
    left = uncovered(order, payments)
    if amount > left:
        rule = f"store credit pays at most what order {order.id!r} still owes ({left})"
        raise ValidationError("amount", str(amount), rule)
