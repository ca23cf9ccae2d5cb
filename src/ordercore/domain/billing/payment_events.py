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
from ordercore.kernel.slots import slot_setters

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
# Every payment event has its base's fields (no field of its own), so one set of slot writers
# serves them all: a payment records its event from values it already checked, writing each
# slot (kernel.slots) instead of the generated __init__'s object.__setattr__ and converter.

_new = object.__new__
(
    _set_entity_id,
    _set_version,
    _set_occurred_at,
    _set_order_id,
    _set_method,
    _set_operation,
    _set_state,
) = slot_setters(PaymentEvent)


def payment_event(
    kind: type[PaymentEvent],
    entity_id: str,
    version: int,
    order_id: str,
    method: PaymentMethod,
    operation: PaymentOperation,
    state: PaymentState,
) -> PaymentEvent:
    """``kind(entity_id=..., version=..., occurred_at=operation.at, ...)``, its slots written.

    ``operation`` is a recorded :class:`PaymentOperation` (its ``at`` an aware instant, as the
    ``occurred_at`` converter would give it back).
    """
    event: PaymentEvent = _new(kind)
    _set_entity_id(event, entity_id)
    _set_version(event, version)
    _set_occurred_at(event, operation.at)
    _set_order_id(event, order_id)
    _set_method(event, method)
    _set_operation(event, operation)
    _set_state(event, state)
    return event
