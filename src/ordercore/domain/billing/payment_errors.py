"""The errors a payment raises when a recorded gateway operation breaks a rule.

Each error derives from :class:`~ordercore.kernel.errors.OrdercoreError` and from ``ValueError``,
carries its facts as attributes and in ``error.fields``, and says in its message what was asked,
what was available and by how much the request overshoots, so that a person can act on it.
Amounts are :class:`~ordercore.kernel.money.Money`; their ``str`` form (``"10.01 USD"``) is used.
"""

from __future__ import annotations

import pendulum

from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money

__all__ = [
    "AuthorizationExpired",
    "CaptureExceedsAuthorization",
    "ConflictingGatewayReference",
    "PaymentOvershoot",
    "RefundBeforeSettlement",
    "RefundExceedsCaptured",
]


class PaymentOvershoot(OrdercoreError, ValueError):
    """An amount asked of a payment is more than what is available for it.

    ``requested`` is what was asked, ``available`` what the payment could give, and ``overshoot``
    their difference (always positive). Subclasses name the operation and the limit.
    """

    operation: str = "use"
    limit: str = "what is available"

    def __init__(self, payment_id: str, requested: Money, available: Money) -> None:
        overshoot = requested - available
        super().__init__(
            f"payment {payment_id!r} cannot {self.operation} {requested}: only {available} is "
            f"{self.limit}, so the request overshoots by {overshoot}",
            payment_id=payment_id,
            requested=requested,
            available=available,
            overshoot=overshoot,
        )
        self.payment_id = payment_id
        self.requested = requested
        self.available = available
        self.overshoot = overshoot


class CaptureExceedsAuthorization(PaymentOvershoot):
    """A capture asks for more than the authorization holds (authorized - captured - released).

    Several partial captures are allowed while their total stays within the authorization.
    """

    operation = "capture"
    limit = "authorized and not yet captured or released"


class RefundExceedsCaptured(PaymentOvershoot):
    """A refund asks for more than was captured and not yet refunded."""

    operation = "refund"
    limit = "captured and not yet refunded"


class RefundBeforeSettlement(OrdercoreError, ValueError):
    """A refund was asked while part of the authorization is still open for capture.

    A payment refunds only once its authorization is settled: capture the rest or void it first.
    """

    def __init__(self, payment_id: str, requested: Money, capturable: Money) -> None:
        super().__init__(
            f"payment {payment_id!r} cannot refund {requested} while {capturable} of its "
            "authorization is still open: capture the rest or void it first, then refund",
            payment_id=payment_id,
            requested=requested,
            capturable=capturable,
        )
        self.payment_id = payment_id
        self.requested = requested
        self.capturable = capturable


class AuthorizationExpired(OrdercoreError, ValueError):
    """An operation was dated at or after the authorization's expiry (the boundary is expired)."""

    def __init__(
        self, payment_id: str, operation: str, at: pendulum.DateTime, expires_at: pendulum.DateTime
    ) -> None:
        super().__init__(
            f"payment {payment_id!r} cannot {operation} at {at.isoformat()}: its authorization "
            f"expired at {expires_at.isoformat()} (an authorization is expired from that instant "
            "on); authorize again with a new payment",
            payment_id=payment_id,
            operation=operation,
            at=at,
            expires_at=expires_at,
        )
        self.payment_id = payment_id
        self.operation = operation
        self.at = at
        self.expires_at = expires_at


class ConflictingGatewayReference(OrdercoreError, ValueError):
    """A gateway reference already recorded for this kind of operation came with another amount.

    Recording the same reference twice with the same amount is a harmless duplicate (webhooks
    arrive at least once); with a different amount one of the two reports is wrong.
    """

    def __init__(
        self, payment_id: str, kind: str, reference: str, recorded: Money, requested: Money
    ) -> None:
        super().__init__(
            f"payment {payment_id!r} already recorded {kind} {reference!r} for {recorded}; "
            f"the same reference now says {requested}: a gateway reference names one operation "
            "with one amount",
            payment_id=payment_id,
            kind=kind,
            reference=reference,
            recorded=recorded,
            requested=requested,
        )
        self.payment_id = payment_id
        self.kind = kind
        self.reference = reference
        self.recorded = recorded
        self.requested = requested
