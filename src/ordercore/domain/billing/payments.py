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
* Refusals name the real reason first: capturing from a voided (or failed) payment, or from one
  whose uncaptured rest was voided, and refunding a voided, expired or failed payment are refused
  as such (:class:`~ordercore.kernel.errors.InvalidTransition` naming the state) before any
  amount is compared.
* Facts come in time order: a capture dated before the latest authorization it draws on, a void
  or expiry dated before what it releases from, and a refund dated before the latest capture are
  refused (:class:`~ordercore.kernel.errors.ValidationError` naming both instants).
* Disputes: :meth:`Payment.charge_back` records a chargeback opened by the card holder's bank
  on a settled payment; its amount is withdrawn at once (``disputed``; the payment keeps
  ``net_paid`` = captured - refunded - disputed) and may not exceed what is captured and neither
  refunded nor charged back (:class:`ChargebackExceedsCaptured`), nor be dated before the latest
  capture. :meth:`Payment.submit_evidence` keeps the dispute open; :meth:`Payment.win_dispute`
  reinstates the amount, :meth:`Payment.lose_dispute` keeps it withdrawn. One dispute at a
  time; no refund while one is open. Money is conserved: captured = refunded + lost + open
  dispute + net paid.
* A rejected command raises and changes nothing.
* Each change is written once: a command validates and decides, then records one event; the
  event's :meth:`Payment.apply` changes the payment, for live commands and for
  :meth:`Payment.replay` alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import pendulum

from ordercore.domain.billing.copying import copy_payment
from ordercore.domain.billing.payment_errors import (
    AuthorizationExpired,
    CaptureExceedsAuthorization,
    ChargebackExceedsCaptured,
    ConflictingGatewayReference,
    RefundBeforeSettlement,
    RefundExceedsCaptured,
)
from ordercore.domain.billing.payment_events import (
    DisputeEvidenceSubmitted,
    DisputeLost,
    DisputeWon,
    PaymentAuthorized,
    PaymentCaptured,
    PaymentChargedBack,
    PaymentEvent,
    PaymentExpired,
    PaymentFailed,
    PaymentRefunded,
    PaymentVoided,
    payment_event,
)
from ordercore.domain.billing.payment_ledger import (
    LedgerTotals,
    OperationKind,
    PaymentLedger,
    PaymentMethod,
    PaymentOperation,
    PaymentResult,
    checked_operation,
    empty_ledger,
    enum_member,
    recorded_result,
)
from ordercore.domain.billing.payment_lifecycle import PAYMENT_LIFECYCLE, PaymentState
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import (
    CurrencyMismatch,
    InvalidTransition,
    ValidationError,
    WrongType,
)
from ordercore.kernel.events import DomainEvent, EventSink, require_next
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
    OperationKind.CHARGEBACK: PaymentChargedBack,
    OperationKind.EVIDENCE: DisputeEvidenceSubmitted,
    OperationKind.WIN: DisputeWon,
    OperationKind.LOSE: DisputeLost,
}
_OPEN = frozenset({PaymentState.AUTHORIZED, PaymentState.PARTIALLY_CAPTURED})
_CLOSED_UNCAPTURED = frozenset({PaymentState.VOIDED, PaymentState.EXPIRED, PaymentState.FAILED})
_K = OperationKind
_next_state = PAYMENT_LIFECYCLE.next_state
"""``Payment._next``'s lifecycle step, called directly where a payment is authorized or captured."""
_DRAWS_ON: dict[OperationKind, tuple[OperationKind, ...]] = {
    _K.CAPTURE: (_K.AUTHORIZE,),
    _K.VOID: (_K.AUTHORIZE, _K.CAPTURE),
    _K.EXPIRE: (_K.AUTHORIZE, _K.CAPTURE),
    _K.REFUND: (_K.CAPTURE, _K.SALE),
    _K.CHARGEBACK: (_K.CAPTURE, _K.SALE),
    _K.EVIDENCE: (_K.CHARGEBACK,),
    _K.WIN: (_K.CHARGEBACK, _K.EVIDENCE),
    _K.LOSE: (_K.CHARGEBACK, _K.EVIDENCE),
}
"""What each operation depends on: it may not be dated before the latest of these."""
_new = object.__new__
_NOUN = {
    _K.AUTHORIZE: "authorization",
    _K.EXPIRE: "expiry",
    _K.WIN: "won dispute",
    _K.LOSE: "lost dispute",
}


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


def _reason(value: object) -> str:
    """``fail``'s and ``charge_back``'s ``reason``, refused under that name.

    It is stored as the operation's ``note``, whose own check would name ``note``: a parameter
    neither command has.
    """
    if not isinstance(value, str):
        raise WrongType("reason", value, "a reason is a str")
    return value


@attrs.define(on_setattr=attrs.setters.NO_OP)
class Payment:
    """One payment of an order (an order may have several, of different methods).

    Start one with :meth:`start`; it is ``pending`` at version 0 with an empty ledger. It is
    composed of its identity, its lifecycle state and a :class:`PaymentLedger` (the operations
    recorded); its amounts (``authorized``, ``captured``, ``refunded``, ``released``,
    ``capturable``, ``refundable``) are the ledger's. New events collect in ``events``; drain
    them with :meth:`pull_events`.

    Its identity is converted and checked when it is built; nothing re-runs the converters when
    a field is set afterwards (``on_setattr`` is off, as on every other aggregate): only the
    mutator sets fields, and the hook attrs would add ran on every one of its three writes per
    recorded operation (and made the store's copies take the slow path).
    """

    id: PaymentId = attrs.field(converter=_payment_id)
    order_id: OrderId = attrs.field(converter=_order_id)
    method: PaymentMethod = attrs.field(converter=_method)
    currency: Currency = attrs.field(converter=_currency)
    state: PaymentState = attrs.field(init=False, default=PaymentState.PENDING)
    version: int = attrs.field(init=False, default=0)
    ledger: PaymentLedger = attrs.field(init=False)
    events: list[DomainEvent] = attrs.field(init=False, factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @ledger.default
    def _empty_ledger(self) -> PaymentLedger:
        return empty_ledger(self.currency)  # PaymentLedger(currency), its two slots written

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
        require_id("payment_id", payment_id)
        require_id("order_id", order_id)
        if table is not None and not isinstance(table, CurrencyTable):
            raise WrongType("table", table, "a currency table is a CurrencyTable")
        cur = (
            currency
            if isinstance(currency, Currency)
            else (table or CurrencyTable.default()).get(currency)
        )
        if cls is not Payment:
            return cls(payment_id, order_id, method, cur)  # a subclass: its own __init__
        # Payment(payment_id, order_id, method, cur) of the ids checked above: each field
        # written (as copy_payment writes a copy's), without the generated __init__ and its
        # converters checking both ids again (a payment started per order: ~1.5k instructions)
        payment: Payment = _new(Payment)
        payment.id = PaymentId(payment_id)
        payment.order_id = OrderId(order_id)
        payment.method = _method(method)
        payment.currency = cur
        payment.state = PaymentState.PENDING
        payment.version = 0
        payment.ledger = empty_ledger(cur)
        payment.events = []
        payment.sink = None
        return payment

    # -- queries (the ledger's) ------------------------------------------------------------------

    @property
    def operations(self) -> tuple[PaymentOperation, ...]:
        """The gateway operations recorded, oldest first."""
        return self.ledger.operations

    @property
    def totals(self) -> LedgerTotals:
        """Every amount of this payment, summed from its ledger."""
        return self.ledger.totals

    def check_invariants(self) -> None:
        """Refuse a state no command could have produced; the codec runs it on every decode.

        Raises :class:`ValidationError` naming the field, the value and the rule: the version is
        a whole number >= 0; the ledger is in the payment's currency and every operation moves an
        amount >= 0; ``captured + released <= authorized`` and ``refunded <= captured``.
        """
        version = self.version
        if version.__class__ is not int or version < 0:
            raise ValidationError("version", version, "a version is a whole number >= 0")
        if self.ledger.currency != self.currency:
            raise ValidationError(
                "ledger.currency",
                self.ledger.currency.code,
                f"the ledger is in {self.currency.code}",
            )
        for index, operation in enumerate(self.ledger.operations):
            if operation.amount.currency != self.currency or operation.amount.is_negative():
                raise ValidationError(
                    f"ledger.operations[{index}].amount",
                    str(operation.amount),
                    f"an operation moves an amount >= 0 in {self.currency.code}",
                )
        totals = self.totals
        if totals.capturable.is_negative():
            raise ValidationError(
                "captured",
                str(totals.captured),
                f"captured + released never exceed the authorized {totals.authorized}",
            )
        if totals.refundable.is_negative():
            raise ValidationError(
                "refunded",
                str(totals.refunded),
                f"refunds never exceed the captured {totals.captured}",
            )

    @property
    def authorized(self) -> Money:
        """What was authorized (authorizations and sales)."""
        return self.totals.authorized

    @property
    def captured(self) -> Money:
        """What was captured (captures and sales)."""
        return self.totals.captured

    @property
    def refunded(self) -> Money:
        """What was refunded."""
        return self.totals.refunded

    @property
    def released(self) -> Money:
        """What of the authorization was given back uncaptured (voided or expired)."""
        return self.totals.released

    @property
    def capturable(self) -> Money:
        """What remains to capture: authorized - captured - released."""
        return self.totals.capturable

    @property
    def refundable(self) -> Money:
        """What could still be refunded: captured - refunded."""
        return self.totals.refundable

    @property
    def net_paid(self) -> Money:
        """What the merchant keeps from this payment: captured - refunded."""
        return self.totals.net_paid

    @property
    def disputed(self) -> Money:
        """What chargebacks withdrew and no won dispute reinstated (an open one, or lost ones)."""
        return self.totals.disputed

    @property
    def open_dispute(self) -> Money:
        """What the open chargeback withdrew, pending its decision (zero without one)."""
        return self.totals.open_dispute

    @property
    def expires_at(self) -> pendulum.DateTime | None:
        """When the open authorization expires: the latest authorization's ``expires_at``."""
        return self.ledger.expires_at

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
        target = _next_state(self.state, "authorize", self)  # self._next, without its call
        self._refuse_if_expired("authorize", op.at)
        return self._record(op, target)

    def record_sale(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record money taken in one step (authorized and captured at once): transfer, cash."""
        op = self._operation(OperationKind.SALE, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        return self._record(op, self._next("sell"))

    def capture(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record a capture of ``amount``, part or all of what remains authorized.

        Checked in this order: an expired authorization, a voided (or failed) one, the amount
        against what remains, then the time order and the lifecycle.
        """
        op = self._operation(OperationKind.CAPTURE, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        self._refuse_if_expired("capture", op.at)
        self._refuse_capture_if_voided()
        capturable = self.ledger.totals.capturable  # self.capturable, two property calls fewer
        if op.amount > capturable:
            raise CaptureExceedsAuthorization(self.id, op.amount, capturable)
        self._refuse_if_out_of_order(op)
        trigger = "capture_rest" if op.amount == capturable else "capture_part"
        return self._record(op, _next_state(self.state, trigger, self))  # self._next, no call

    def void(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record that the uncaptured rest of the authorization was voided (released)."""
        return self._release(OperationKind.VOID, reference, at)

    def expire(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record the gateway's report that the uncaptured rest of the authorization expired."""
        return self._release(OperationKind.EXPIRE, reference, at)

    def _release(self, kind: OperationKind, reference: str, at: pendulum.DateTime) -> PaymentResult:
        op = self._operation(kind, self.capturable, reference, at, positive=False)
        if (found := self._duplicate(op, any_amount=True)) is not None:
            return found
        target = self._next(str(kind))
        self._refuse_if_out_of_order(op)
        return self._record(op, target)

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
        return self._record(op, self._next("expire"))

    def refund(self, amount: Money, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record a refund of ``amount``, part or all of what was captured and not refunded.

        Checked in this order: a voided, expired or failed payment (nothing was captured), the
        amount against what is refundable, an authorization still open, then the time order.
        """
        op = self._operation(OperationKind.REFUND, amount, reference, at)
        if (found := self._duplicate(op)) is not None:
            return found
        if self.state in _CLOSED_UNCAPTURED:
            reason = f"a payment {self.state} before any capture has nothing to refund"
            raise self._refused("refund", reason)
        refundable = self.refundable
        if op.amount > refundable:
            raise RefundExceedsCaptured(self.id, op.amount, refundable)
        if self.state in _OPEN:
            raise RefundBeforeSettlement(self.id, op.amount, self.capturable)
        self._refuse_if_out_of_order(op)
        trigger = "refund_rest" if op.amount == refundable else "refund_part"
        return self._record(op, self._next(trigger))

    def fail(
        self, amount: Money, reference: str, at: pendulum.DateTime, reason: str = ""
    ) -> PaymentResult:
        """Record that the gateway declined the first attempt (of ``amount``), with ``reason``."""
        op = self._operation(OperationKind.FAIL, amount, reference, at, note=_reason(reason))
        if (found := self._duplicate(op)) is not None:
            return found
        return self._record(op, self._next("fail"))

    def charge_back(
        self, amount: Money, reference: str, at: pendulum.DateTime, reason: str = ""
    ) -> PaymentResult:
        """Record a chargeback of ``amount`` (the bank withdrew it) opening a dispute.

        Checked in this order: a payment that captured nothing, the amount against what is
        captured and neither refunded nor charged back, the lifecycle (one dispute at a time,
        only once the authorization is settled), then the time order (not before the capture).
        """
        op = self._operation(OperationKind.CHARGEBACK, amount, reference, at, note=_reason(reason))
        if (found := self._duplicate(op)) is not None:
            return found
        if self.state in _CLOSED_UNCAPTURED:
            reason = f"a payment {self.state} before any capture has nothing to charge back"
            raise self._refused("open_dispute", reason)
        refundable = self.refundable
        if op.amount > refundable:
            raise ChargebackExceedsCaptured(self.id, op.amount, refundable)
        target = self._next("open_dispute")
        self._refuse_if_out_of_order(op)
        return self._record(op, target)

    def submit_evidence(
        self, reference: str, at: pendulum.DateTime, note: str = ""
    ) -> PaymentResult:
        """Record that evidence against the open chargeback was submitted (``note`` says what)."""
        op = self._operation(
            OperationKind.EVIDENCE,
            Money.zero(self.currency),
            reference,
            at,
            note=note,
            positive=False,
        )
        if (found := self._duplicate(op, any_amount=True)) is not None:
            return found
        target = self._next("submit_evidence")
        self._refuse_if_out_of_order(op)
        return self._record(op, target)

    def win_dispute(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record that the open dispute was won: its charged-back amount is reinstated."""
        return self._decide(OperationKind.WIN, reference, at)

    def lose_dispute(self, reference: str, at: pendulum.DateTime) -> PaymentResult:
        """Record that the open dispute was lost: its charged-back amount stays withdrawn."""
        return self._decide(OperationKind.LOSE, reference, at)

    def _decide(self, kind: OperationKind, reference: str, at: pendulum.DateTime) -> PaymentResult:
        op = self._operation(kind, self.open_dispute, reference, at, positive=False)
        if (found := self._duplicate(op, any_amount=True)) is not None:
            return found
        if self.state is not PaymentState.DISPUTED:
            raise self._refused(str(kind), "no dispute is open on this payment")
        after = self.ledger.recording(op).totals
        target = self._next(_trigger(kind, after))
        self._refuse_if_out_of_order(op)
        return self._record(op, target)

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then emptied."""
        events = self.events[:]
        self.events.clear()  # in place: a unit of work's sink holds this very list
        return events

    # -- the one mutator, and replay -------------------------------------------------------------

    def apply(self, event: PaymentEvent) -> None:
        """Change the payment as ``event`` reports: the one place a payment changes.

        Every payment event has one shape (the operation recorded and the state it led to), so
        one mutator serves them all, through :data:`_APPLY`: the operation joins the ledger, the
        state and version become the event's. It refuses (changing nothing) an event of another
        payment (or order, or method), out of version order, of another kind than its
        operation, already in the ledger, or whose state the lifecycle does not reach from here.
        """
        _APPLY[type(event)](self, event)

    def _recorded(self, event: PaymentEvent) -> None:
        op = event.operation
        require_next(self, event, noun="payment")
        if _EVENT_BY_KIND[op.kind] is not type(event):
            raise ValidationError("operation.kind", str(op.kind), f"not a {type(event).__name__}")
        if (event.order_id, event.method) != (self.order_id, self.method):
            rule = f"payment {self.id!r} is of order {self.order_id!r} by {self.method}"
            raise ValidationError("order_id", (event.order_id, str(event.method)), rule)
        currency = op.amount.currency
        if currency is not self.currency and currency != self.currency:  # identity: the usual
            raise CurrencyMismatch(str(op.kind), str(op.amount), f"payment in {self.currency}")
        if op.reference and self.ledger.find(op.kind, op.reference) is not None:
            rule = "each (kind, reference) is recorded once"
            raise ValidationError("operation.reference", op.reference, rule)
        ledger = self.ledger.recording(op)
        totals = ledger.totals
        capturable = totals.capturable  # worked out once: a capture's trigger asks it too
        if capturable.amount < 0:  # is_negative(), without the call
            raise CaptureExceedsAuthorization(self.id, op.amount, self.capturable)
        if totals.refundable.amount < 0:  # is_negative(), without the call
            raise RefundExceedsCaptured(self.id, op.amount, self.refundable)
        if op.kind is _K.CAPTURE:  # _trigger's first case, with the capturable rest known
            trigger = "capture_part" if capturable.amount > 0 else "capture_rest"
        else:
            trigger = _trigger(op.kind, totals)
        target = _next_state(self.state, trigger, self)  # self._next, without its call
        if target is not event.state:
            rule = f"{trigger!r} from {str(self.state)!r} leads to {str(target)!r}"
            raise ValidationError("state", str(event.state), rule)
        self.ledger, self.state, self.version = ledger, target, event.version

    @classmethod
    def replay(cls, events: Sequence[DomainEvent]) -> Payment:
        """Rebuild a payment from all of its events, applying each one in order.

        The first event names the payment (id, order, method, currency); each event then goes
        through :meth:`apply`, the same mutator the live commands use. A history the rules would
        not have produced (a gap in versions, another payment's event, a duplicate operation, an
        overshooting capture) is refused: :class:`ValidationError` naming ``events[i]``, or the
        error ``apply`` raises (an overshooting capture raises
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
            if (event.entity_id, event.version) != (payment.id, payment.version + 1):
                rule = f"event {payment.version + 1} of payment {payment.id!r} comes next"
                raise ValidationError(f"events[{index}]", event, rule)
            payment.apply(event)
        return payment

    # -- internals -------------------------------------------------------------------------------

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
        currency = amount.currency
        if currency is not self.currency and currency != self.currency:  # identity: the usual
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
        if expires_at is None and note.__class__ is str and (positive or not amount.is_negative()):
            # every field checked but the instant (checked here, as its converter would): the
            # operation's slots written, no generated __init__ and converters (kernel.slots)
            return checked_operation(kind, amount, reference, instant(at), None, note)
        return PaymentOperation(
            kind=kind, amount=amount, reference=reference, at=at, expires_at=expires_at, note=note
        )

    def _duplicate(self, op: PaymentOperation, *, any_amount: bool = False) -> PaymentResult | None:
        recorded = self.ledger.find(op.kind, op.reference)
        if recorded is None:
            return None
        if any_amount or recorded.amount == op.amount:
            return PaymentResult(recorded, duplicate=True, state=self.state, version=self.version)
        raise ConflictingGatewayReference(
            self.id, op.kind, op.reference, recorded.amount, op.amount
        )

    def _next(self, trigger: str) -> PaymentState:
        return PAYMENT_LIFECYCLE.next_state(self.state, trigger, self)

    def _refuse_if_expired(self, operation: str, at: pendulum.DateTime) -> None:
        expired = self.ledger.latest(OperationKind.EXPIRE)
        if expired is not None:
            raise AuthorizationExpired(self.id, operation, at, expired.at)
        expires_at = self.ledger.expires_at  # self.expires_at, without the property's call
        if expires_at is not None and at >= expires_at:
            raise AuthorizationExpired(self.id, operation, at, expires_at)

    def _refuse_capture_if_voided(self) -> None:
        voided = self.ledger.latest(OperationKind.VOID)
        if voided is None and self.state not in _CLOSED_UNCAPTURED:
            return
        reason = (
            f"the payment is {self.state}; nothing can be captured"
            if voided is None
            else f"the uncaptured rest of its authorization was voided at {voided.at.isoformat()}"
        )
        raise self._refused("capture", reason)

    def _refused(self, trigger: str, reason: str) -> InvalidTransition:
        """The refusal of ``trigger`` in this state, for ``reason`` (the real one, named first)."""
        allowed = PAYMENT_LIFECYCLE.allowed(self.state)
        return InvalidTransition("payment", self.id, str(self.state), trigger, allowed, reason)

    def _refuse_if_out_of_order(self, op: PaymentOperation) -> None:
        before = self.ledger.latest(*_DRAWS_ON[op.kind])
        if before is not None and op.at < before.at:
            rule = (
                f"a {_NOUN.get(op.kind, str(op.kind))} cannot be dated before the "
                f"{_NOUN.get(before.kind, str(before.kind))} it follows, "
                f"recorded at {before.at.isoformat()}"
            )
            raise ValidationError("at", op.at.isoformat(), rule)

    def _record(self, op: PaymentOperation, target: PaymentState) -> PaymentResult:
        # the event and the result of checked values, their slots written (kernel.slots)
        kind = _EVENT_BY_KIND[op.kind]
        version = self.version + 1
        event = payment_event(kind, self.id, version, self.order_id, self.method, op, target)
        _APPLY[kind](self, event)  # apply()'s own mutator, without the call to apply()
        self.events.append(event)
        return recorded_result(op, self.state, self.version)

    __deepcopy__ = copy_payment  # the store's copy on every read and save (kernel.copies)


_FIXED_TRIGGER = {
    OperationKind.AUTHORIZE: "authorize",
    OperationKind.SALE: "sell",
    OperationKind.CHARGEBACK: "open_dispute",
    OperationKind.EVIDENCE: "submit_evidence",
}


def _trigger(kind: OperationKind, after: LedgerTotals) -> str:
    """The lifecycle trigger of recording ``kind``, given the ledger's totals after it."""
    match kind:
        case OperationKind.CAPTURE:
            return "capture_part" if after.capturable.amount > 0 else "capture_rest"
        case OperationKind.REFUND:
            return "refund_part" if after.refundable.amount > 0 else "refund_rest"
        case OperationKind.WIN:
            given_back = after.refunded + after.disputed
            return "win_partial" if given_back.amount > 0 else "win_whole"
        case OperationKind.LOSE:
            return "lose_part" if after.net_paid.amount > 0 else "lose_rest"
        case _:
            return _FIXED_TRIGGER.get(kind, str(kind))


_APPLY: dict[type[PaymentEvent], Callable[[Payment, PaymentEvent], None]] = {
    PaymentAuthorized: Payment._recorded,
    PaymentCaptured: Payment._recorded,
    PaymentVoided: Payment._recorded,
    PaymentExpired: Payment._recorded,
    PaymentRefunded: Payment._recorded,
    PaymentFailed: Payment._recorded,
    PaymentChargedBack: Payment._recorded,
    DisputeEvidenceSubmitted: Payment._recorded,
    DisputeWon: Payment._recorded,
    DisputeLost: Payment._recorded,
}
"""Each payment event type's mutator: the events share one shape, so they share one mutator."""
