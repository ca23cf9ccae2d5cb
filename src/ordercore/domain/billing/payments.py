"""The ``Payment`` aggregate: what a payment gateway did to one payment of an order.

ordercore calls no gateway. The host records each gateway report on the payment (authorize,
capture, void, refund, expire, fail, or a sale that authorizes and captures at once); the payment
checks it against its ledger and its lifecycle (:data:`PAYMENT_LIFECYCLE`), appends one
:class:`PaymentOperation`, moves its state, bumps its version and emits one event.

Rules:

* Captures never exceed the authorization: the sum of captures stays within authorized - released
  (several partial captures are allowed). Refunds never exceed captures. An overshooting request
  raises :class:`CaptureExceedsAuthorization` / :class:`RefundExceedsCaptured`, which say what
  was asked, what was available and by how much it overshoots.
* An authorization may carry ``expires_at``; from that instant on (the boundary is expired) no
  capture or incremental authorization dated then or later is accepted, and :meth:`Payment.tick`
  releases the uncaptured rest. A gateway-reported expiry is :meth:`Payment.expire`.
* :meth:`Payment.void` releases the uncaptured rest of the authorization; after a partial capture
  the captured part stays and the payment is settled as ``captured``. Refunds come only once the
  authorization is settled (captured in full, voided or expired), so nothing is voided after a
  refund.
* Gateway references make recording idempotent: the same (kind, reference) with the same amount is
  a duplicate that changes nothing (``PaymentResult.duplicate``); with another amount it is refused
  (:class:`ConflictingGatewayReference`). Webhooks arrive at least once.
* A rejected command raises and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pendulum

from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ConflictingGatewayReference,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.payment_events import (
    PaymentAuthorized,
    PaymentCaptured,
    PaymentEvent,
    PaymentExpired,
    PaymentFailed,
    PaymentRefunded,
    PaymentVoided,
)
from ordercore.domain.billing.payment_ledger import (
    LedgerAmounts,
    OperationKind,
    PaymentMethod,
    PaymentOperation,
    PaymentResult,
    enum_member,
)
from ordercore.domain.billing.payment_lifecycle import PAYMENT_LIFECYCLE, PaymentState
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import OrderId, PaymentId, require_id
from ordercore.kernel.money import Currency, CurrencyTable, Money

__all__ = ["Payment"]

_EVENT_BY_KIND: dict[OperationKind, type[PaymentEvent]] = {
    OperationKind.AUTHORIZE: PaymentAuthorized,
    OperationKind.SALE: PaymentCaptured,
    OperationKind.CAPTURE: PaymentCaptured,
    OperationKind.VOID: PaymentVoided,
    OperationKind.EXPIRE: PaymentExpired,
    OperationKind.REFUND: PaymentRefunded,
    OperationKind.FAIL: PaymentFailed,
}
_OPEN = frozenset({PaymentState.AUTHORIZED, PaymentState.PARTIALLY_CAPTURED})


def _payment_id(value: object) -> PaymentId:
    return PaymentId(require_id("id", value))


def _order_id(value: object) -> OrderId:
    return OrderId(require_id("order_id", value))


def _method(value: object) -> PaymentMethod:
    return enum_member(PaymentMethod, "method", value)


def _currency(value: object) -> Currency:
    if isinstance(value, Currency):
        return value
    if isinstance(value, str):
        return CurrencyTable.default().get(value)
    raise WrongType("currency", value, "a payment's currency is a Currency or an ISO 4217 code")


@attrs.define
class Payment(LedgerAmounts):
    """One payment of an order (an order may have several, of different methods).

    Start one with :meth:`start`; it is ``pending`` at version 0 with an empty ledger. Its amounts
    (``authorized``, ``captured``, ``refunded``, ``released``, ``capturable``, ``refundable``)
    are derived from the ledger ``operations`` (see :class:`LedgerAmounts`). New events collect
    in ``events``; drain them with :meth:`pull_events`.
    """

    id: PaymentId = attrs.field(converter=_payment_id)
    order_id: OrderId = attrs.field(converter=_order_id)
    method: PaymentMethod = attrs.field(converter=_method)
    currency: Currency = attrs.field(converter=_currency)
    state: PaymentState = attrs.field(init=False, default=PaymentState.PENDING)
    version: int = attrs.field(init=False, default=0)
    operations: tuple[PaymentOperation, ...] = attrs.field(init=False, default=())
    events: list[DomainEvent] = attrs.field(init=False, factory=list, eq=False, repr=False)

    @classmethod
    def start(
        cls,
        payment_id: str,
        order_id: str,
        method: PaymentMethod | str,
        currency: Currency | str,
        *,
        table: CurrencyTable | None = None,
    ) -> Payment:
        """A new pending payment of ``order_id`` (nothing recorded, version 0, no event)."""
        cur = (
            currency
            if isinstance(currency, Currency)
            else (table or CurrencyTable.default()).get(currency)
        )
        return cls(PaymentId(payment_id), OrderId(order_id), _method(method), cur)

    # -- commands -------------------------------------------------------------------------------

    def authorize(
        self,
        amount: Money,
        reference: str,
        at: pendulum.DateTime,
        *,
        expires_at: pendulum.DateTime | None = None,
    ) -> PaymentResult:
        """Record an authorization of ``amount`` (incremental when one is already open)."""
        op = self._operation(OperationKind.AUTHORIZE, amount, reference, at, expires_at=expires_at)
        if (found := self._duplicate(op)) is not None:
            return found
        if op.expires_at is not None and op.expires_at <= op.at:
            raise ValidationError(
                "expires_at",
                op.expires_at.isoformat(),
                f"an authorization made at {op.at.isoformat()} must expire after it",
            )
        target = self._next("authorize")
        self._refuse_if_expired("authorize", op.at)
        return self._apply(op, target)

    def record_sale(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record money taken in one step (authorized and captured at once): transfer, cash."""
        op = self._operation(OperationKind.SALE, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        return self._apply(op, self._next("sell"))

    def capture(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record a capture of ``amount``, part or all of what remains authorized."""
        op = self._operation(OperationKind.CAPTURE, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        self._refuse_if_expired("capture", op.at)
        capturable = self.capturable
        if op.amount > capturable:
            raise CaptureExceedsAuthorization(self.id, op.amount, capturable)
        trigger = "capture_rest" if op.amount == capturable else "capture_part"
        return self._apply(op, self._next(trigger))

    def void(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record that the uncaptured rest of the authorization was voided (released)."""
        op = self._operation(OperationKind.VOID, self.capturable, reference, at, positive=False)
        if (found := self._duplicate(op, any_amount=True)) is not None:
            return found
        return self._apply(op, self._next("void"))

    def expire(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record the gateway's report that the uncaptured rest of the authorization expired."""
        op = self._operation(OperationKind.EXPIRE, self.capturable, reference, at, positive=False)
        if (found := self._duplicate(op, any_amount=True)) is not None:
            return found
        return self._apply(op, self._next("expire"))

    def tick(self, now: pendulum.DateTime) -> PaymentResult | None:
        """Expire the open authorization if ``now >= expires_at``; otherwise do nothing (None).

        The expiry is recorded at ``expires_at`` (when it happened), with an empty reference.
        """
        moment = instant(now, "now")
        expires_at = self.expires_at
        if self.state not in _OPEN or expires_at is None or moment < expires_at:
            return None
        op = PaymentOperation(
            kind=OperationKind.EXPIRE, amount=self.capturable, reference="", at=expires_at
        )
        return self._apply(op, self._next("expire"))

    def refund(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record a refund of ``amount``, part or all of what was captured and not refunded."""
        op = self._operation(OperationKind.REFUND, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        refundable = self.refundable
        if op.amount > refundable:
            raise RefundExceedsCaptured(self.id, op.amount, refundable)
        if self.state in _OPEN:
            raise RefundBeforeSettlement(self.id, op.amount, self.capturable)
        trigger = "refund_rest" if op.amount == refundable else "refund_part"
        return self._apply(op, self._next(trigger))

    def fail(
        self, amount: Money, reference: str, at: pendulum.DateTime, reason: str = ""
    ) -> PaymentResult:
        """Record that the gateway declined the first attempt (of ``amount``), with ``reason``."""
        op = self._operation(OperationKind.FAIL, amount, reference, at, note=reason)
        if (found := self._duplicate(op)) is not None:
            return found
        return self._apply(op, self._next("fail"))

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then emptied."""
        events, self.events = self.events, []
        return events

    @classmethod
    def replay(cls, events: Sequence[DomainEvent]) -> Payment:
        """Rebuild a payment from all of its events, checking each one as it is applied.

        Every event is re-recorded as the command it reports and must come out equal to the
        event given. A history that the rules would not have produced (a gap in versions, another
        payment's event, a duplicate) is refused with :class:`ValidationError`, or with the error
        the command itself raises (an overshooting capture raises
        :class:`CaptureExceedsAuthorization`).
        """
        history: list[PaymentEvent] = []
        for index, event in enumerate(events):
            if not isinstance(event, PaymentEvent):
                raise WrongType(f"events[{index}]", event, "payments replay PaymentEvent only")
            history.append(event)
        if not history:
            raise ValidationError("events", [], "a payment is rebuilt from at least one event")
        first = history[0]
        payment = cls.start(
            first.entity_id, first.order_id, first.method, first.operation.amount.currency
        )
        for index, event in enumerate(history):
            payment._replay_one(event)
            recorded = payment.events[-1] if payment.events else None
            if recorded != event:
                raise ValidationError(
                    f"events[{index}]", event, f"replaying it produced {recorded!r} instead"
                )
        payment.events = []
        return payment

    # -- internals -------------------------------------------------------------------------------

    def _replay_one(self, event: PaymentEvent) -> None:
        op = event.operation
        match op.kind:
            case OperationKind.AUTHORIZE:
                self.authorize(op.amount, op.reference, op.at, expires_at=op.expires_at)
            case OperationKind.SALE:
                self.record_sale(op.amount, op.reference, op.at)
            case OperationKind.CAPTURE:
                self.capture(op.amount, op.reference, op.at)
            case OperationKind.VOID:
                self.void(op.reference, op.at)
            case OperationKind.EXPIRE if op.reference:
                self.expire(op.reference, op.at)
            case OperationKind.EXPIRE:
                self.tick(op.at)
            case OperationKind.REFUND:
                self.refund(op.amount, op.reference, op.at)
            case OperationKind.FAIL:
                self.fail(op.amount, op.reference, op.at, op.note)

    def _operation(
        self,
        kind: OperationKind,
        amount: object,
        reference: object,
        at: object,
        *,
        expires_at: object = None,
        note: object = "",
        positive: bool = True,
    ) -> PaymentOperation:
        if not isinstance(amount, Money):
            raise WrongType("amount", amount, "a payment amount is Money")
        if amount.currency != self.currency:
            raise CurrencyMismatch(
                str(kind), str(amount), f"payment {self.id!r} in {self.currency}"
            )
        if positive and not amount.amount > 0:
            raise ValidationError("amount", str(amount), f"a {kind} moves more than nothing")
        if not isinstance(reference, str) or not reference or reference != reference.strip():
            raise ValidationError(
                "reference",
                reference,
                "a gateway reference is a non-empty str without outer spaces",
            )
        return PaymentOperation(
            kind=kind, amount=amount, reference=reference, at=at, expires_at=expires_at, note=note
        )

    def _duplicate(self, op: PaymentOperation, *, any_amount: bool = False) -> PaymentResult | None:
        for recorded in self.operations:
            if recorded.kind is op.kind and recorded.reference == op.reference:
                if any_amount or recorded.amount == op.amount:
                    return PaymentResult(
                        recorded, duplicate=True, state=self.state, version=self.version
                    )
                raise ConflictingGatewayReference(
                    self.id, op.kind, op.reference, recorded.amount, op.amount
                )
        return None

    def _next(self, trigger: str) -> PaymentState:
        return PAYMENT_LIFECYCLE.next_state(self.state, trigger, self)

    def _refuse_if_expired(self, operation: str, at: pendulum.DateTime) -> None:
        for recorded in self.operations:
            if recorded.kind is OperationKind.EXPIRE:
                raise AuthorizationExpired(self.id, operation, at, recorded.at)
        expires_at = self.expires_at
        if expires_at is not None and at >= expires_at:
            raise AuthorizationExpired(self.id, operation, at, expires_at)

    def _apply(self, op: PaymentOperation, target: PaymentState) -> PaymentResult:
        self.operations = (*self.operations, op)
        self.state = target
        self.version += 1
        self.events.append(
            _EVENT_BY_KIND[op.kind](
                entity_id=self.id,
                version=self.version,
                occurred_at=op.at,
                order_id=self.order_id,
                method=self.method,
                operation=op,
                state=target,
            )
        )
        return PaymentResult(op, duplicate=False, state=target, version=self.version)
