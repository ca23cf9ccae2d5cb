"""``StoreCredit``: one customer's store credit in one currency, as a balance and its events.

Store credit is money the merchant owes a customer and pays back as goods: a return resolved
with credit grants it, a later order redeems it. The aggregate keeps only what its rules need to
decide the next command: the balance, and the totals granted and redeemed (three amounts,
whatever the history). The history itself, one event per grant or redemption with the balance
after it, leaves through the unit of work's outbox like every other event: nothing stored grows
with time.

Rules:

* amounts are positive and in the ledger's currency (``CurrencyMismatch`` otherwise);
* a redemption never takes more than the balance (:class:`InsufficientStoreCredit`, naming
  what was asked, the balance and the shortfall), so the balance is never negative;
* ``balance == granted - redeemed`` always (``check_invariants`` refuses a stored document
  that breaks it);
* a refused command raises and changes nothing; each event has one mutator (:meth:`apply`),
  for live commands and :meth:`StoreCredit.replay` alike; versions count from 1.

>>> import pendulum
>>> from ordercore.kernel.money import Money
>>> at = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
>>> credit = StoreCredit.open("cust-7", "USD")
>>> credit.grant(Money.of("25.00", "USD"), "RMA-000001", at)
Money('25.00', 'USD')
>>> credit.redeem(Money.of("10.00", "USD"), "order-9", at)
Money('15.00', 'USD')
>>> [(e.name, str(e.balance)) for e in credit.pull_events()]
[('StoreCreditGranted', '25.00 USD'), ('StoreCreditRedeemed', '15.00 USD')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import CurrencyMismatch, OrdercoreError, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent, next_mutator
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Currency, CurrencyTable, Money

__all__ = [
    "InsufficientStoreCredit",
    "StoreCredit",
    "StoreCreditEvent",
    "StoreCreditGranted",
    "StoreCreditRedeemed",
    "store_credit_id",
]


def store_credit_id(customer_id: str, currency: Currency | str) -> str:
    """The key of ``customer_id``'s store credit in ``currency``: ``<customer>/credit-<CUR>``."""
    code = currency.code if isinstance(currency, Currency) else str(currency).upper()
    return f"{require_id('customer_id', customer_id)}/credit-{code}"


class InsufficientStoreCredit(OrdercoreError, ValueError):
    """A redemption asks for more store credit than the customer's balance holds."""

    template = (
        "amount={requested} was refused: store credit {credit_id!r} holds only {balance}, "
        "so the redemption overshoots by {overshoot}; redeem at most the balance"
    )
    credit_id: str
    requested: Money
    balance: Money

    @property
    def overshoot(self) -> Money:
        """How much more was asked than the balance holds."""
        return self.requested - self.balance

    def _more_fields(self) -> Mapping[str, Any]:
        return {"overshoot": self.overshoot}


@attrs.frozen(kw_only=True)
class StoreCreditEvent(DomainEvent):
    """Base of the store credit events (``entity_kind`` ``"store_credit"``)."""

    entity_kind: ClassVar[str] = "store_credit"

    customer_id: str
    amount: Money
    balance: Money
    """The balance after the event."""
    reference: str
    """What caused it: an RMA, an order, a case, a gesture of goodwill."""
    order_id: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class StoreCreditGranted(StoreCreditEvent):
    """Store credit was granted to the customer (a return resolved by credit, a goodwill)."""


@attrs.frozen(kw_only=True)
class StoreCreditRedeemed(StoreCreditEvent):
    """Store credit was spent (on an order) or paid out; the balance went down."""


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise WrongType(field, value, f"{field} is a str")
    return value


@attrs.define
class StoreCredit:
    """One customer's store credit in one currency: a balance (see the module doc).

    Open one with :meth:`open` (version 0, no event); the plain constructor is for stores that
    rebuild a stored ledger.
    """

    id: str
    customer_id: str
    currency: Currency
    balance: Money
    granted: Money
    redeemed: Money
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def open(  # io-ok: the domain command opening a ledger, not builtins.open
        cls, customer_id: str, currency: Currency | str, *, table: CurrencyTable | None = None
    ) -> StoreCredit:
        """An empty store credit of ``customer_id`` in ``currency`` (balance zero, version 0)."""
        if isinstance(currency, Currency):
            cur = currency
        elif isinstance(currency, str):
            cur = (table or CurrencyTable.default()).get(currency)
        else:
            raise WrongType("currency", currency, "a currency is an ISO 4217 code or a Currency")
        customer = require_id("customer_id", customer_id)
        zero = Money.zero(cur)
        return cls(store_credit_id(customer, cur), customer, cur, zero, zero, zero)

    def check_invariants(self) -> None:
        """Refuse a stored ledger no command could produce (the codec runs it on decode)."""
        if self.version.__class__ is not int or self.version < 0:
            raise ValidationError("version", self.version, "a version is a whole number >= 0")
        for field in ("balance", "granted", "redeemed"):
            amount: Money = getattr(self, field)
            if amount.currency != self.currency:
                raise ValidationError(field, str(amount), f"in the ledger's {self.currency}")
            if amount.is_negative():
                raise ValidationError(field, str(amount), f"{field} is never negative")
        if self.balance != self.granted - self.redeemed:
            raise ValidationError(
                "balance", str(self.balance), "the balance is granted minus redeemed"
            )

    # -- commands ------------------------------------------------------------------------------

    def _amount(self, amount: object) -> Money:
        if not isinstance(amount, Money):
            raise WrongType("amount", amount, "an amount of store credit is Money")
        if amount.currency != self.currency:
            raise CurrencyMismatch("add to store credit", str(self.currency), str(amount))
        if not amount.amount > 0:
            raise ValidationError("amount", str(amount), "an amount of store credit is positive")
        return amount

    def _decide(
        self,
        kind: type[StoreCreditEvent],
        amount: Money,
        balance: Money,
        reference: str,
        at: pendulum.DateTime,
        order_id: str | None,
        note: str,
    ) -> Money:
        event = kind(
            entity_id=self.id,
            version=self.version + 1,
            occurred_at=at,
            customer_id=self.customer_id,
            amount=amount,
            balance=balance,
            reference=reference,
            order_id=order_id,
            note=note,
        )
        self.apply(event)
        self.events.append(event)
        return self.balance

    def grant(
        self,
        amount: Money,
        reference: str,
        now: pendulum.DateTime,
        *,
        order_id: str | None = None,
        note: str = "",
    ) -> Money:
        """Add ``amount`` to the balance (``reference``: what caused it); returns the balance."""
        at = instant(now, "now")
        money = self._amount(amount)
        ref = require_id("reference", reference)
        order = None if order_id is None else require_id("order_id", order_id)
        why = _text("note", note)
        return self._decide(StoreCreditGranted, money, self.balance + money, ref, at, order, why)

    def redeem(
        self,
        amount: Money,
        reference: str,
        now: pendulum.DateTime,
        *,
        order_id: str | None = None,
        note: str = "",
    ) -> Money:
        """Take ``amount`` off the balance (at most the balance); returns the balance left."""
        at = instant(now, "now")
        money = self._amount(amount)
        ref = require_id("reference", reference)
        order = None if order_id is None else require_id("order_id", order_id)
        why = _text("note", note)
        if money > self.balance:
            raise InsufficientStoreCredit(self.id, money, self.balance)
        return self._decide(StoreCreditRedeemed, money, self.balance - money, ref, at, order, why)

    # -- events --------------------------------------------------------------------------------

    def pull_events(self) -> list[DomainEvent]:
        """The events recorded since the last call, oldest first; the list is then cleared."""
        pulled = list(self.events)
        self.events.clear()
        return pulled

    def apply(self, event: StoreCreditEvent) -> None:
        """Change the ledger as ``event`` says: its next version, of this ledger, one mutator."""
        foreign = "a store credit applies store credit events only"
        mutate = next_mutator(_APPLY, self, event, foreign=foreign, field="event")
        mutate(self, event)
        self.version = event.version

    def _granted(self, event: StoreCreditGranted) -> None:
        self.granted += event.amount
        self.balance = self.granted - self.redeemed

    def _redeemed(self, event: StoreCreditRedeemed) -> None:
        self.redeemed += event.amount
        self.balance = self.granted - self.redeemed

    @classmethod
    def replay(
        cls, customer_id: str, currency: Currency | str, events: Iterable[StoreCreditEvent]
    ) -> StoreCredit:
        """The ledger its events describe, ``==`` the live one (version included)."""
        credit = cls.open(customer_id, currency)
        for event in events:
            credit.apply(event)
        return credit


_APPLY: Mapping[type[StoreCreditEvent], Callable[[StoreCredit, Any], None]] = {
    StoreCreditGranted: StoreCredit._granted,
    StoreCreditRedeemed: StoreCredit._redeemed,
}
"""The one mutator of each store credit event type."""
