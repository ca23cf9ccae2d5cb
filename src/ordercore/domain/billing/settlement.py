"""What an order's payments add up to: :class:`PaymentSummary`, exact and in one currency.

An order may be paid by several payments (a card, store credit, a bank transfer...). The summary
adds up their ledgers against the amount the order is due and answers what an integrator asks:
what is authorized, captured, refunded, what remains to capture, what may be refunded now and
what the customer still owes (negative when the merchant owes the customer).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.ids import OrderId, require_id
from ordercore.kernel.money import Money, sum_money

__all__ = ["PaymentSummary"]

_REFUNDABLE_STATES = frozenset({PaymentState.CAPTURED, PaymentState.PARTIALLY_REFUNDED})


@attrs.frozen
class PaymentSummary:
    """The payments of one order summed against what it is due; every amount is exact.

    * ``authorized``, ``captured``, ``refunded``, ``released``: sums over every payment's ledger;
    * ``net_paid``: captured - refunded, what the merchant keeps;
    * ``remaining_to_capture``: authorized and neither captured nor released;
    * ``refundable``: what may be refunded now (payments whose authorization is settled; a payment
      with part of its authorization still open refunds once that part is captured or voided);
    * ``balance_owed``: amount due - net paid; negative when the customer is owed money back;
    * ``uncovered``: balance owed - remaining to capture; what no payment covers yet (negative
      when the open authorizations exceed what is owed, so not all of them need capturing).
    """

    order_id: OrderId
    amount_due: Money
    payment_count: int
    authorized: Money
    captured: Money
    refunded: Money
    released: Money
    net_paid: Money
    remaining_to_capture: Money
    refundable: Money
    balance_owed: Money
    uncovered: Money

    @classmethod
    def of(cls, order_id: str, amount_due: Money, payments: Iterable[Payment]) -> PaymentSummary:
        """The summary of ``payments`` of ``order_id`` against ``amount_due``.

        Refuses a negative amount due, a payment of another order, the same payment twice, and a
        payment in another currency than the amount due.
        """
        order = OrderId(require_id("order_id", order_id))
        if not isinstance(amount_due, Money):
            raise WrongType("amount_due", amount_due, "the amount due is Money")
        if amount_due.is_negative():
            raise ValidationError("amount_due", str(amount_due), "an amount due is never negative")
        chosen = list(payments)
        seen: set[str] = set()
        for index, payment in enumerate(chosen):
            if not isinstance(payment, Payment):
                raise WrongType(f"payments[{index}]", payment, "a summary adds up Payment objects")
            if payment.order_id != order:
                raise ValidationError(
                    f"payments[{index}].order_id",
                    payment.order_id,
                    f"every payment summed for order {order!r} belongs to it",
                )
            if payment.id in seen:
                raise ValidationError(
                    f"payments[{index}].id", payment.id, "each payment is summed once"
                )
            seen.add(payment.id)
            if payment.currency != amount_due.currency:
                raise CurrencyMismatch(
                    f"summarise order {order!r}",
                    f"amount due {amount_due}",
                    f"payment {payment.id!r} in {payment.currency}",
                )
        currency = amount_due.currency
        totals = [payment.totals for payment in chosen]
        captured = sum_money((t.captured for t in totals), currency)
        refunded = sum_money((t.refunded for t in totals), currency)
        net_paid = captured - refunded
        remaining = sum_money((t.capturable for t in totals), currency)
        refundable = sum_money(
            (p.refundable for p in chosen if p.state in _REFUNDABLE_STATES), currency
        )
        balance_owed = amount_due - net_paid
        return cls(
            order_id=order,
            amount_due=amount_due,
            payment_count=len(chosen),
            authorized=sum_money((t.authorized for t in totals), currency),
            captured=captured,
            refunded=refunded,
            released=sum_money((t.released for t in totals), currency),
            net_paid=net_paid,
            remaining_to_capture=remaining,
            refundable=refundable,
            balance_owed=balance_owed,
            uncovered=balance_owed - remaining,
        )

    @property
    def is_paid(self) -> bool:
        """True when the customer owes nothing (the balance is zero or in the customer's favour)."""
        return not self.balance_owed.amount > 0

    @property
    def is_overpaid(self) -> bool:
        """True when the merchant kept more than is due and owes the customer the difference."""
        return self.balance_owed.is_negative()
