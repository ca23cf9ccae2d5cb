"""The errors a payment raises when a recorded gateway operation breaks a rule.

Each error derives from :class:`~ordercore.kernel.errors.OrdercoreError` and from ``ValueError``,
carries its facts as attributes and in ``error.fields``, and says in its message what was asked,
what was available and by how much the request overshoots, so that a person can act on it.
Amounts are :class:`~ordercore.kernel.money.Money`; their ``str`` form (``"10.01 USD"``) is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pendulum

from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money

__all__ = [
    "AuthorizationExpired",
    "CaptureExceedsAuthorization",
    "ChargebackExceedsCaptured",
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

    template = (
        "payment {payment_id!r} cannot {operation} {requested}: only {available} is "
        "{limit}, so the request overshoots by {overshoot}"
    )
    operation: ClassVar[str] = "use"
    limit: ClassVar[str] = "what is available"
    payment_id: str
    requested: Money
    available: Money

    @property
    def overshoot(self) -> Money:
        """How much more was requested than is available."""
        return self.requested - self.available

    def _more_fields(self) -> Mapping[str, Any]:
        return {"overshoot": self.overshoot}


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


class ChargebackExceedsCaptured(PaymentOvershoot):
    """A chargeback asks for more than was captured and not refunded or already charged back."""

    operation = "charge back"
    limit = "captured and not refunded or charged back"


class RefundBeforeSettlement(OrdercoreError, ValueError):
    """A refund was asked while part of the authorization is still open for capture.

    A payment refunds only once its authorization is settled: capture the rest or void it first.
    """

    template = (
        "payment {payment_id!r} cannot refund {requested} while {capturable} of its "
        "authorization is still open: capture the rest or void it first, then refund"
    )
    payment_id: str
    requested: Money
    capturable: Money


class AuthorizationExpired(OrdercoreError, ValueError):
    """An operation was dated at or after the authorization's expiry (the boundary is expired)."""

    template = (
        "payment {payment_id!r} cannot {operation} at {_at}: its authorization "
        "expired at {_expires_at} (an authorization is expired from that instant "
        "on); authorize again with a new payment"
    )
    payment_id: str
    operation: str
    at: pendulum.DateTime
    expires_at: pendulum.DateTime

    @property
    def _at(self) -> str:
        return self.at.isoformat()

    @property
    def _expires_at(self) -> str:
        return self.expires_at.isoformat()


class ConflictingGatewayReference(OrdercoreError, ValueError):
    """A gateway reference already recorded for this kind of operation came with another amount.

    Recording the same reference twice with the same amount is a harmless duplicate (webhooks
    arrive at least once); with a different amount one of the two reports is wrong.
    """

    template = (
        "payment {payment_id!r} already recorded {kind} {reference!r} for {recorded}; "
        "the same reference now says {requested}: a gateway reference names one operation "
        "with one amount"
    )
    payment_id: str
    kind: str
    reference: str
    recorded: Money
    requested: Money
