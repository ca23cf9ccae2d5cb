"""Which of an order's payments a refund goes back to, and how much each gives back.

An order may be paid by several payments (a gift card and a card, two captures of one card
after an edit). A refund goes back to the original payments, never elsewhere, in the order a
:class:`RefundPriority` chooses: payment methods first in the order it lists them (say, gift card
before card), then, within one method, the newest capture first (or the oldest). Each payment
gives at most what it can refund *now*: captured less refunded and charged back, on a payment
that is settled (an open authorisation is voided, not refunded) and has no open dispute.

:func:`plan_refund` is pure: it returns :class:`PlannedRefund` values (payment, method, amount)
that add up to exactly the amount asked, or refuses an amount larger than the payments can give
(:class:`~ordercore.domain.billing.payment_errors.RefundExceedsCaptured`, naming the payments,
what was asked and what they hold) and plans nothing. The host pays each planned refund back
at its gateway and records it on its payment.

>>> import pendulum
>>> from ordercore.domain.billing.payments import Payment
>>> from ordercore.kernel.money import Money
>>> usd = lambda amount: Money.of(amount, "USD")
>>> at = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
>>> gift = Payment.start("order-1/payment-1", "order-1", "gift_card", "USD")
>>> _ = gift.record_sale(usd("20.00"), "gc-1", at)
>>> card = Payment.start("order-1/payment-2", "order-1", "card", "USD")
>>> _ = card.record_sale(usd("30.00"), "ch-1", at.add(minutes=1))
>>> [(p.payment_id, str(p.amount)) for p in plan_refund([gift, card], usd("25.00"))]
[('order-1/payment-2', '25.00 USD')]
>>> gift_first = RefundPriority(methods=("gift_card", "card"))
>>> [(p.payment_id, str(p.amount)) for p in plan_refund([gift, card], usd("25.00"), gift_first)]
[('order-1/payment-1', '20.00 USD'), ('order-1/payment-2', '5.00 USD')]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs
import pendulum

from ordercore.domain.billing.payment_errors import RefundExceedsCaptured
from ordercore.domain.billing.payment_ledger import OperationKind, PaymentMethod, enum_member
from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.money import Money, sum_money

__all__ = ["PlannedRefund", "RefundPriority", "RefundSequence", "plan_refund", "refundable_now"]

_UNSETTLED = frozenset({PaymentState.AUTHORIZED, PaymentState.PARTIALLY_CAPTURED})


class RefundSequence(enum.StrEnum):
    """Within one payment method, which capture is refunded first."""

    NEWEST_CAPTURE_FIRST = "newest_capture_first"
    OLDEST_CAPTURE_FIRST = "oldest_capture_first"


def _methods(value: object) -> tuple[PaymentMethod, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise WrongType("methods", value, "methods are a sequence of payment methods")
    methods = tuple(enum_member(PaymentMethod, "methods", v) for v in value)
    if len(set(methods)) != len(methods):
        raise ValidationError("methods", [str(m) for m in methods], "each method is named once")
    return methods


def _sequence(value: object) -> RefundSequence:
    return enum_member(RefundSequence, "sequence", value)


@attrs.frozen
class RefundPriority:
    """The order a refund goes back to an order's payments.

    ``methods``: payment methods refunded first, in this order (unlisted methods after them);
    ``sequence``: within a method, the newest capture first (the default) or the oldest.
    """

    methods: tuple[PaymentMethod, ...] = attrs.field(default=(), converter=_methods)
    sequence: RefundSequence = attrs.field(
        default=RefundSequence.NEWEST_CAPTURE_FIRST, converter=_sequence
    )

    def ranked(self, payments: Iterable[Payment]) -> list[Payment]:
        """``payments`` in the order a refund goes back to them."""
        chosen = list(payments)
        newest = self.sequence is RefundSequence.NEWEST_CAPTURE_FIRST
        chosen.sort(key=lambda p: (_last_capture(p), p.id), reverse=newest)
        rank = {method: index for index, method in enumerate(self.methods)}
        chosen.sort(key=lambda p: rank.get(p.method, len(rank)))  # stable: keeps the sequence
        return chosen


_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")


def _last_capture(payment: Payment) -> pendulum.DateTime:
    latest = payment.ledger.latest(OperationKind.CAPTURE, OperationKind.SALE)
    return _EPOCH if latest is None else latest.at


def refundable_now(payment: Payment) -> Money:
    """What ``payment`` can give back now: its refundable money, once settled and undisputed."""
    if payment.state in _UNSETTLED or not payment.open_dispute.is_zero():
        return Money.zero(payment.currency)
    return payment.refundable


@attrs.frozen
class PlannedRefund:
    """Pay ``amount`` back to the customer on ``payment_id`` (a payment of ``method``)."""

    payment_id: str
    method: PaymentMethod
    amount: Money


def plan_refund(
    payments: Iterable[Payment], amount: Money, priority: RefundPriority | None = None
) -> tuple[PlannedRefund, ...]:
    """Split ``amount`` over ``payments`` in ``priority``'s order; the parts sum to ``amount``.

    Refused (``RefundExceedsCaptured``) when the payments together can give back less.
    A zero amount plans nothing.
    """
    if not isinstance(amount, Money):
        raise WrongType("amount", amount, "a refund is Money")
    if amount.is_negative():
        raise ValidationError("amount", str(amount), "a refund is never negative")
    chosen = list(payments)
    for payment in chosen:
        if not isinstance(payment, Payment):
            raise WrongType("payments", payment, "each payment is a Payment")
        if payment.currency != amount.currency:
            raise CurrencyMismatch(
                "refund", str(amount), f"payment {payment.id} in {payment.currency}"
            )
    order = (priority or RefundPriority()).ranked(chosen)
    available = sum_money((refundable_now(p) for p in order), str(amount.currency))
    if amount > available:
        names = ", ".join(p.id for p in order) or "(none)"
        raise RefundExceedsCaptured(names, amount, available)
    planned: list[PlannedRefund] = []
    left = amount
    for payment in order:
        if left.is_zero():
            break
        take = min(left, refundable_now(payment))
        if take.is_zero():
            continue
        planned.append(PlannedRefund(str(payment.id), payment.method, take))
        left -= take
    return tuple(planned)
