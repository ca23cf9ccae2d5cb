"""The ledger of a payment: the gateway operations it recorded, and the amounts derived from them.

ordercore calls no payment gateway. The host tells a payment what its gateway did (authorized,
captured, voided, refunded, expired, failed); each report becomes one :class:`PaymentOperation`
with its amount, the gateway's reference and the instant it happened. The amounts a payment shows
(authorized, captured, refunded, released) are sums over this ledger, never stored beside it:
:class:`LedgerTotals` computes them, and :class:`PaymentLedger` (the part of a ``Payment`` that
holds the operations) answers them. Recording an operation answers a :class:`PaymentResult`.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs
import pendulum

from ordercore.domain.billing.payment_lifecycle import PaymentState
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Currency, Money
from ordercore.kernel.slots import draft_class

__all__ = [
    "LedgerTotals",
    "OperationKind",
    "PaymentLedger",
    "PaymentMethod",
    "PaymentOperation",
    "PaymentResult",
    "checked_operation",
    "empty_ledger",
    "enum_member",
    "recorded_result",
]

_E = TypeVar("_E", bound=enum.StrEnum)


def enum_member(kind: type[_E], field: str, value: object) -> _E:
    """``value`` as a member of ``kind``; else :class:`ValidationError` naming the members."""
    if isinstance(value, kind):
        return value
    if value.__class__ is str:  # a member's value (the usual "card"): looked up, no Enum call
        found = kind._value2member_map_.get(value)
        if found is not None:
            return found  # type: ignore[return-value]  # the map holds kind's own members
    try:
        return kind(str(value))
    except ValueError:
        rule = f"one of {', '.join(member.value for member in kind)}"
        raise ValidationError(field, value, rule) from None


class PaymentMethod(enum.StrEnum):
    """How the customer pays; an order may be paid by several payments of different methods."""

    CARD = "card"
    STORE_CREDIT = "store_credit"
    GIFT_CARD = "gift_card"
    BANK_TRANSFER = "bank_transfer"
    CASH_ON_DELIVERY = "cash_on_delivery"
    MARKETPLACE = "marketplace"
    """Collected by a marketplace (Amazon, Shopify payouts) and paid out to the merchant."""
    OTHER = "other"


class OperationKind(enum.StrEnum):
    """What a gateway did to a payment.

    ``sale`` is an authorization and a capture at once (bank transfer received, cash collected,
    card charged with automatic capture). ``void`` and ``expire`` release the part of the
    authorization that was not captured; ``fail`` records a declined first attempt.
    """

    AUTHORIZE = "authorize"
    SALE = "sale"
    CAPTURE = "capture"
    VOID = "void"
    EXPIRE = "expire"
    REFUND = "refund"
    FAIL = "fail"
    CHARGEBACK = "chargeback"
    """A dispute opened by the card holder's bank: the amount is withdrawn from the merchant."""
    EVIDENCE = "evidence"
    """The merchant's evidence against an open chargeback was submitted (moves nothing)."""
    WIN = "win"
    """The dispute was won: the charged-back amount is reinstated."""
    LOSE = "lose"
    """The dispute was lost: the charged-back amount stays withdrawn for good."""


def _kind(value: object) -> OperationKind:
    return enum_member(OperationKind, "kind", value)


def _amount(value: object) -> Money:
    if not isinstance(value, Money):
        raise WrongType("amount", value, "an operation's amount is Money")
    if value.is_negative():
        raise ValidationError("amount", str(value), "an operation's amount is never negative")
    return value


def _reference(value: object) -> str:
    if not isinstance(value, str):
        raise WrongType("reference", value, "a gateway reference is a str")
    if value != value.strip():
        raise ValidationError("reference", value, "a gateway reference has no outer spaces")
    return value


def _optional_instant(value: object) -> pendulum.DateTime | None:
    return None if value is None else instant(value, "expires_at")


def _note(value: object) -> str:
    if not isinstance(value, str):
        raise WrongType("note", value, "a note is a str")
    return value


@attrs.frozen(kw_only=True)
class PaymentOperation:
    """One thing a gateway did to a payment, as recorded in its ledger.

    ``amount`` is what moved: authorized, captured, refunded, or (for ``void`` and ``expire``) the
    uncaptured remainder that was released, or (for ``fail``) what was attempted. ``reference`` is
    the gateway's id for the operation; it is empty only for an expiry that ordercore decided on a
    ``tick``. ``expires_at`` is set on authorizations that expire; ``note`` holds a failure reason.
    """

    kind: OperationKind = attrs.field(converter=_kind)
    amount: Money = attrs.field(converter=_amount)
    reference: str = attrs.field(converter=_reference)
    at: pendulum.DateTime = attrs.field(converter=instant)
    expires_at: pendulum.DateTime | None = attrs.field(default=None, converter=_optional_instant)
    note: str = attrs.field(default="", converter=_note)


@attrs.frozen
class PaymentResult:
    """What recording a gateway operation did.

    ``duplicate`` is True when the same operation (kind, reference, amount) was already recorded:
    nothing changed, and ``operation`` is the one recorded before.
    """

    operation: PaymentOperation
    duplicate: bool
    state: PaymentState
    version: int


# An operation and a result are built once per recorded gateway report, from values the payment
# already checked: each is a draft whose fields are plain slot stores, then made the value
# (kernel.slots.draft_class), not set through the generated __init__ (one object.__setattr__
# and, for an operation, one converter call per field).
_OperationDraft = draft_class(PaymentOperation)
_ResultDraft = draft_class(PaymentResult)


def checked_operation(
    kind: OperationKind,
    amount: Money,
    reference: str,
    at: pendulum.DateTime,
    expires_at: pendulum.DateTime | None,
    note: str,
) -> PaymentOperation:
    """``PaymentOperation(kind=kind, amount=amount, ...)`` of values its converters would pass.

    ``kind`` a member, ``amount`` Money >= 0, ``reference`` a str without outer spaces, ``at``
    and ``expires_at`` (or None) aware instants as ``instant()`` gives them, ``note`` a str: the
    caller has checked them (as :meth:`Payment._operation` does).
    """
    draft: Any = _OperationDraft()
    draft.kind = kind
    draft.amount = amount
    draft.reference = reference
    draft.at = at
    draft.expires_at = expires_at
    draft.note = note
    draft.__class__ = PaymentOperation
    operation: PaymentOperation = draft
    return operation


def recorded_result(
    operation: PaymentOperation, state: PaymentState, version: int
) -> PaymentResult:
    """``PaymentResult(operation, duplicate=False, state=state, version=version)``, drafted."""
    draft: Any = _ResultDraft()
    draft.operation = operation
    draft.duplicate = False
    draft.state = state
    draft.version = version
    draft.__class__ = PaymentResult
    result: PaymentResult = draft
    return result


_K = OperationKind


def _both(first: Money | None, second: Money | None, zero: Money) -> Money:
    """The sum of two kinds' amounts (either may be missing: ``None``); ``zero`` if both are."""
    if first is None:
        return zero if second is None else second
    return first if second is None else first + second


@attrs.frozen
class LedgerTotals:
    """The amounts of one payment, summed from its ledger; all exact, all in its currency.

    * ``authorized``: authorizations and sales;
    * ``captured``: captures and sales, never more than ``authorized``;
    * ``released``: uncaptured remainders given back by voids and expiries;
    * ``refunded``: refunds, never more than ``captured``;
    * ``charged_back``: chargebacks opened (disputes), ``reinstated``: those won back,
      ``lost``: those lost; ``disputed`` (charged back and not reinstated) never exceeds what
      was captured and not refunded.
    """

    authorized: Money
    captured: Money
    released: Money
    refunded: Money
    charged_back: Money | None = None
    reinstated: Money | None = None
    lost: Money | None = None

    @classmethod
    def of(cls, operations: Iterable[PaymentOperation], currency: Currency) -> LedgerTotals:
        """The totals of ``operations`` (every amount must be in ``currency``)."""
        zero = Money.zero(currency)
        # the amounts of each kind, summed on their own: most kinds hold one operation or none,
        # so most sums are that operation's amount itself or zero (no Money addition at all)
        by_kind: dict[OperationKind, Money] = {}
        for operation in operations:
            kind, amount = operation.kind, operation.amount
            before = by_kind.get(kind)
            by_kind[kind] = amount if before is None else before + amount
        get = by_kind.get
        sale, void, expire = get(_K.SALE), get(_K.VOID), get(_K.EXPIRE)
        if sale is None and void is None and expire is None:
            # no sale, void or expiry (the usual card payment): each amount is its own kind's
            # alone, without three calls to _both
            authorized, captured, released = get(_K.AUTHORIZE, zero), get(_K.CAPTURE, zero), zero
        else:
            authorized = _both(get(_K.AUTHORIZE), sale, zero)
            captured = _both(get(_K.CAPTURE), sale, zero)
            released = _both(void, expire, zero)
        refunded = get(_K.REFUND, zero)
        charged_back = get(_K.CHARGEBACK, zero)
        reinstated = get(_K.WIN, zero)
        lost = get(_K.LOSE, zero)
        if cls is not LedgerTotals:
            return cls(authorized, captured, released, refunded, charged_back, reinstated, lost)
        return _totals(authorized, captured, released, refunded, charged_back, reinstated, lost)

    def adding(self, operation: PaymentOperation) -> LedgerTotals:
        """These totals with one more ``operation`` (in their currency): ``of`` with it appended.

        What :meth:`PaymentLedger.recording` gives the new ledger: the one or two amounts the
        operation moves added to the totals before it, not every operation summed again.
        """
        kind, amount = operation.kind, operation.amount
        authorized, captured, released = self.authorized, self.captured, self.released
        refunded = self.refunded
        charged_back, reinstated, lost = self.charged_back, self.reinstated, self.lost
        if kind is _K.AUTHORIZE:
            authorized += amount
        elif kind is _K.CAPTURE:
            captured += amount
        elif kind is _K.SALE:
            authorized += amount
            captured += amount
        elif kind is _K.VOID or kind is _K.EXPIRE:
            released += amount
        elif kind is _K.REFUND:
            refunded += amount
        elif kind is _K.CHARGEBACK:
            charged_back = self._or_zero(charged_back) + amount
        elif kind is _K.WIN:
            reinstated = self._or_zero(reinstated) + amount
        elif kind is _K.LOSE:
            lost = self._or_zero(lost) + amount
        # a failure or submitted evidence moves no total (of() leaves them out too)
        return _totals(authorized, captured, released, refunded, charged_back, reinstated, lost)

    def _or_zero(self, value: Money | None) -> Money:
        return Money.zero(self.captured.currency) if value is None else value

    @property
    def disputed(self) -> Money:
        """What chargebacks withdrew and no won dispute reinstated (open or lost)."""
        charged, won_back = self.charged_back, self.reinstated
        if charged is not None and won_back is not None and not won_back.amount:
            return charged  # nothing won back (the usual): no call to subtract nothing
        return self._or_zero(charged) - self._or_zero(won_back)

    @property
    def open_dispute(self) -> Money:
        """What an open chargeback withdrew and is not yet decided."""
        return self.disputed - self._or_zero(self.lost)

    @property
    def capturable(self) -> Money:
        """What is authorized and neither captured nor released: what remains to capture."""
        left = self.authorized - self.captured
        released = self.released
        return left if not released.amount else left - released  # nothing released: no call

    @property
    def refundable(self) -> Money:
        """What was captured and neither refunded nor withdrawn by a chargeback."""
        refunded, disputed = self.refunded, self.disputed
        if not (refunded.amount or disputed.amount):
            return self.captured  # nothing refunded or withdrawn (the usual): no subtraction
        return self.captured - refunded - disputed

    @property
    def net_paid(self) -> Money:
        """What the merchant keeps: captured minus refunded minus charged back (not won)."""
        return self.captured - self.refunded - self.disputed


@attrs.frozen
class PaymentLedger:
    """The gateway operations one payment recorded, oldest first: a collaborator of ``Payment``.

    A value: recording an operation (:meth:`recording`) gives a new ledger. Its amounts are
    summed from the operations (:attr:`totals`), never stored beside them. The operations are
    also what makes recording idempotent (:meth:`find` by kind and gateway reference), so they
    stay; each one moves money that the payment's own amounts bound (see ``docs/payments.md``).
    """

    currency: Currency
    operations: tuple[PaymentOperation, ...] = ()

    @functools.cached_property
    def totals(self) -> LedgerTotals:
        """Every amount of the ledger, summed from its operations.

        Summed once per ledger, on first use (the ledger is a value: its operations never
        change, so neither do their sums); a payment asks for its amounts several times per
        command. The cache is no field: not compared, not stored, not copied.
        """
        return LedgerTotals.of(self.operations, self.currency)

    def recording(self, operation: PaymentOperation) -> PaymentLedger:
        """This ledger with ``operation`` appended (its totals: these, plus the operation's)."""
        # PaymentLedger(currency, operations), drafted (no converter, validator); the cache of
        # ``totals`` filled from this ledger's: the amounts the operation moves added
        # (LedgerTotals.adding), not the whole ledger summed again (~120 instructions of
        # Python saved per recording); what of() gives its operations, pinned by a test
        draft: Any = _LedgerDraft()
        draft.currency = self.currency
        draft.operations = (*self.operations, operation)
        draft.totals = self.totals.adding(operation)
        draft.__class__ = PaymentLedger
        ledger: PaymentLedger = draft
        return ledger

    def find(self, kind: OperationKind, reference: str) -> PaymentOperation | None:
        """The operation of ``kind`` recorded with gateway ``reference``, or None."""
        for recorded in self.operations:
            if recorded.kind is kind and recorded.reference == reference:
                return recorded
        return None

    def latest(self, *kinds: OperationKind) -> PaymentOperation | None:
        """The operation of one of ``kinds`` recorded last, or None."""
        for recorded in reversed(self.operations):
            if recorded.kind in kinds:
                return recorded
        return None

    @property
    def expires_at(self) -> pendulum.DateTime | None:
        """When the open authorization expires: the latest authorization's ``expires_at``."""
        for operation in reversed(self.operations):
            if operation.kind is OperationKind.AUTHORIZE and operation.expires_at is not None:
                return operation.expires_at
        return None


_TotalsDraft = draft_class(LedgerTotals)
"""A :class:`LedgerTotals` being built (by :func:`_totals`)."""
_LedgerDraft = draft_class(PaymentLedger)
"""A :class:`PaymentLedger` being built; its cached ``totals`` slot is written too."""


def _totals(
    authorized: Money,
    captured: Money,
    released: Money,
    refunded: Money,
    charged_back: Money | None,
    reinstated: Money | None,
    lost: Money | None,
) -> LedgerTotals:
    """``LedgerTotals(...)`` of sums of a ledger's own amounts, drafted (kernel.slots)."""
    draft: Any = _TotalsDraft()
    draft.authorized = authorized
    draft.captured = captured
    draft.released = released
    draft.refunded = refunded
    draft.charged_back = charged_back
    draft.reinstated = reinstated
    draft.lost = lost
    draft.__class__ = LedgerTotals
    totals: LedgerTotals = draft
    return totals


def empty_ledger(currency: Currency) -> PaymentLedger:
    """``PaymentLedger(currency)``, drafted: the ledger every new payment starts with.

    Its totals (every amount zero) are filled in too: the first recording adds to them.
    """
    zero = Money.zero(currency)
    draft: Any = _LedgerDraft()
    draft.currency = currency
    draft.operations = ()
    draft.totals = _totals(zero, zero, zero, zero, zero, zero, zero)
    draft.__class__ = PaymentLedger
    ledger: PaymentLedger = draft
    return ledger
