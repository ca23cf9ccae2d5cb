"""Hypothesis strategies for payments: methods, amounts, references, instants, whole payments.

Part of the exported test kit (needs the ``testing`` extra). ordercore's own payment tests use
these, and so can an integrator's tests::

    from ordercore.testing.strategies_payments import payments

    @given(payments(order_id="order-7"))
    def test_my_projection_accepts_any_payment(payment): ...

References are drawn from a small pool on purpose, so that generated sequences repeat gateway
references (webhooks arrive at least once) and exercise idempotency.
"""

from __future__ import annotations

from typing import Final

import pendulum
from hypothesis import strategies as st

from ordercore.domain.billing.payment_ledger import OperationKind, PaymentMethod
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Currency, CurrencyTable, Money
from ordercore.testing.strategies_kernel import ANCHOR, CURRENCY_CODES, amounts
from ordercore.testing.strategies_kernel import instants as kernel_instants

__all__ = [
    "BASE_INSTANT",
    "PAYMENT_CURRENCIES",
    "apply_operation",
    "gateway_references",
    "instants",
    "payment_amounts",
    "payment_currencies",
    "payment_kinds",
    "payment_methods",
    "payments",
]

BASE_INSTANT: Final = ANCHOR
"""The instant generated times count from (a fixed one: tests never read the wall clock)."""

PAYMENT_CURRENCIES: Final = tuple(CurrencyTable.default().get(code) for code in CURRENCY_CODES)
"""Currencies with 2, 2, 0 and 3 decimal places."""


def payment_methods() -> st.SearchStrategy[PaymentMethod]:
    """Any payment method."""
    return st.sampled_from(PaymentMethod)


def payment_kinds() -> st.SearchStrategy[OperationKind]:
    """Any kind of gateway operation."""
    return st.sampled_from(OperationKind)


def payment_currencies() -> st.SearchStrategy[Currency]:
    """A currency with 0, 2 or 3 decimal places."""
    return st.sampled_from(PAYMENT_CURRENCIES)


def payment_amounts(
    currency: Currency, *, min_minor: int = 1, max_minor: int = 10_000
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` between ``min_minor`` and ``max_minor`` minor units."""
    return amounts(currency, max_minor, min_minor=min_minor)


def gateway_references(pool: int = 12) -> st.SearchStrategy[str]:
    """A gateway reference from a pool of ``pool`` names (``"gw_1"``...), so that some repeat."""
    return st.integers(1, pool).map(lambda number: f"gw_{number}")


def instants(max_days: int = 30) -> st.SearchStrategy[pendulum.DateTime]:
    """An aware instant within ``max_days`` after :data:`BASE_INSTANT`, to the second."""
    return kernel_instants(BASE_INSTANT, max_days)


def apply_operation(
    payment: Payment,
    kind: OperationKind,
    amount: Money,
    reference: str,
    at: pendulum.DateTime,
    *,
    expires_at: pendulum.DateTime | None = None,
) -> bool:
    """Record ``kind`` on ``payment`` as a gateway report would; False when it was refused.

    ``amount`` is ignored for ``void``, ``expire`` (they release what is open) and the dispute
    steps after a chargeback (evidence, win, lose); ``expires_at``
    is used by ``authorize`` only.
    """
    try:
        match kind:
            case OperationKind.AUTHORIZE:
                payment.authorize(amount, reference, at, expires_at=expires_at)
            case OperationKind.SALE:
                payment.record_sale(amount, reference, at)
            case OperationKind.CAPTURE:
                payment.capture(amount, reference, at)
            case OperationKind.VOID:
                payment.void(reference, at)
            case OperationKind.EXPIRE:
                payment.expire(reference, at)
            case OperationKind.REFUND:
                payment.refund(amount, reference, at)
            case OperationKind.FAIL:
                payment.fail(amount, reference, at, "declined")
            case OperationKind.CHARGEBACK:
                payment.charge_back(amount, reference, at, "fraudulent")
            case OperationKind.EVIDENCE:
                payment.submit_evidence(reference, at, "proof of delivery")
            case OperationKind.WIN:
                payment.win_dispute(reference, at)
            case OperationKind.LOSE:
                payment.lose_dispute(reference, at)
    except OrdercoreError:
        return False
    return True


@st.composite
def payments(
    draw: st.DrawFn,
    *,
    order_id: str = "order-1",
    currency: Currency | None = None,
    max_operations: int = 8,
) -> Payment:
    """A payment of ``order_id`` after a random sequence of gateway reports (refused ones skipped).

    Its events are left in ``payment.events`` (drain them with ``pull_events``). Times move
    forward; authorizations sometimes carry an expiry.
    """
    cur = draw(payment_currencies()) if currency is None else currency
    payment = Payment.start(
        f"pay-{draw(st.integers(1, 10**6))}", order_id, draw(payment_methods()), cur
    )
    at = BASE_INSTANT
    for _ in range(draw(st.integers(0, max_operations))):
        at = at.add(seconds=draw(st.integers(0, 3 * 86_400)))
        expiry = draw(st.none() | st.integers(1, 7 * 86_400))
        apply_operation(
            payment,
            draw(payment_kinds()),
            draw(payment_amounts(cur)),
            draw(gateway_references()),
            at,
            expires_at=None if expiry is None else at.add(seconds=expiry),
        )
    return payment
