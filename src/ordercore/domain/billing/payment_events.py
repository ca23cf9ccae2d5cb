"""The domain events of a payment (``entity_kind`` ``"payment"``), one per recorded operation.

Every event carries the payment's order, method, the operation that was recorded and the state
it led to, so that :meth:`ordercore.domain.billing.payments.Payment.replay` rebuilds a payment
exactly from its events.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ordercore.domain.billing.payment_ledger import PaymentMethod, PaymentOperation
from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money

__all__ = [
    "DisputeEvidenceSubmitted",
    "DisputeLost",
    "DisputeWon",
    "PaymentAuthorized",
    "PaymentCaptured",
    "PaymentChargedBack",
    "PaymentEvent",
    "PaymentExpired",
    "PaymentFailed",
    "PaymentRefunded",
    "PaymentVoided",
]


@attrs.frozen(kw_only=True)
class PaymentEvent(DomainEvent):
    """Something a gateway did to a payment: the base of every payment event."""

    entity_kind: ClassVar[str] = "payment"

    order_id: str
    method: PaymentMethod
    operation: PaymentOperation
    state: PaymentState

    @property
    def amount(self) -> Money:
        """The amount the operation moved (or released, or attempted)."""
        return self.operation.amount

    @property
    def reference(self) -> str:
        """The gateway's reference for the operation."""
        return self.operation.reference


@attrs.frozen(kw_only=True)
class PaymentAuthorized(PaymentEvent):
    """An authorization (first or incremental) was recorded."""


@attrs.frozen(kw_only=True)
class PaymentCaptured(PaymentEvent):
    """Money was captured: part of an authorization, its rest, or a sale (authorize + capture)."""


@attrs.frozen(kw_only=True)
class PaymentVoided(PaymentEvent):
    """The uncaptured rest of the authorization was voided (released); ``amount`` is that rest."""


@attrs.frozen(kw_only=True)
class PaymentExpired(PaymentEvent):
    """The uncaptured rest of the authorization expired; ``amount`` is what it released."""


@attrs.frozen(kw_only=True)
class PaymentRefunded(PaymentEvent):
    """Captured money was refunded to the customer."""


@attrs.frozen(kw_only=True)
class PaymentFailed(PaymentEvent):
    """The gateway declined the first attempt; ``operation.note`` says why."""


@attrs.frozen(kw_only=True)
class PaymentChargedBack(PaymentEvent):
    """A chargeback (dispute) was opened: ``amount`` was withdrawn from the merchant."""


@attrs.frozen(kw_only=True)
class DisputeEvidenceSubmitted(PaymentEvent):
    """The merchant submitted evidence against the open chargeback; ``operation.note`` says what."""


@attrs.frozen(kw_only=True)
class DisputeWon(PaymentEvent):
    """The dispute was won: ``amount`` (the charged-back amount) is reinstated."""


@attrs.frozen(kw_only=True)
class DisputeLost(PaymentEvent):
    """The dispute was lost: ``amount`` (the charged-back amount) stays withdrawn."""
