"""The domain events of a payment (``entity_kind`` ``"payment"``), one per recorded operation.

Every event carries the payment's order, method, the operation that was recorded and the state
it led to, so that :meth:`ordercore.domain.billing.payments.Payment.replay` rebuilds a payment
exactly from its events.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from ordercore.domain.billing.payment_ledger import PaymentMethod, PaymentOperation
from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money
from ordercore.kernel.slots import draft_class

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
    "payment_event",
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


# ------------------------------------------------------------------ the recorded events
# Every payment event has its base's fields (no field of its own). A payment records its
# event from values it already checked: a draft of its kind, a plain slot store per field
# (kernel.slots.draft_class), instead of the generated __init__'s object.__setattr__ and
# converter per field.

_DRAFTS: dict[type[PaymentEvent], type[Any]] = {
    kind: draft_class(kind)
    for kind in (
        PaymentAuthorized,
        PaymentCaptured,
        PaymentVoided,
        PaymentExpired,
        PaymentRefunded,
        PaymentFailed,
        PaymentChargedBack,
        DisputeEvidenceSubmitted,
        DisputeWon,
        DisputeLost,
    )
}
"""The draft of each payment event kind of this module (kernel.slots)."""


def payment_event(
    kind: type[PaymentEvent],
    entity_id: str,
    version: int,
    order_id: str,
    method: PaymentMethod,
    operation: PaymentOperation,
    state: PaymentState,
) -> PaymentEvent:
    """``kind(entity_id=..., version=..., occurred_at=operation.at, ...)``, drafted.

    ``operation`` is a recorded :class:`PaymentOperation` (its ``at`` an aware instant, as the
    ``occurred_at`` converter would give it back).
    """
    draft_of = _DRAFTS.get(kind)
    if draft_of is None:  # a kind defined elsewhere: its constructor, as before drafts
        return kind(
            entity_id=entity_id,
            version=version,
            occurred_at=operation.at,
            order_id=order_id,
            method=method,
            operation=operation,
            state=state,
        )
    draft: Any = draft_of()
    draft.entity_id = entity_id
    draft.version = version
    draft.occurred_at = operation.at
    draft.order_id = order_id
    draft.method = method
    draft.operation = operation
    draft.state = state
    draft.__class__ = kind
    event: PaymentEvent = draft
    return event
