"""Shopify REST payloads other than orders → typed inbound values.

* ``transaction.json`` → :class:`PaymentOperation` (kind, status, amount, and the
  :class:`PaymentAction` ordercore should take: record an authorization, a capture, a refund...).
* ``refund.json`` → :class:`ShopifyRefund` (refunded line quantities with their restock flag, the
  refund transactions), with warnings when a transaction is dated before the refund or before
  the order (a fact to show, never to fix).
* ``fulfillment.json`` → :class:`ShopifyFulfillment` (lines and tracking).

Stock levels and locations are in :mod:`.locations`.
"""

from __future__ import annotations

import enum

import attrs
import pendulum

from ordercore.channels.arguments import check_options
from ordercore.channels.imports import ChannelWarning, WarningCode
from ordercore.channels.payload import Node
from ordercore.channels.versions import ExternalRef, ExternalVersion
from ordercore.kernel.money import Currency, CurrencyTable, Money, sum_money

from .orders import CHANNEL

__all__ = [
    "FulfillmentState",
    "PaymentAction",
    "PaymentOperation",
    "RefundedLine",
    "ShopifyFulfillment",
    "ShopifyRefund",
    "TransactionKind",
    "TransactionStatus",
    "map_fulfillment",
    "map_refund",
    "map_transaction",
]


class TransactionKind(enum.StrEnum):
    """Shopify's transaction ``kind``."""

    AUTHORIZATION = "authorization"
    CAPTURE = "capture"
    SALE = "sale"
    VOID = "void"
    REFUND = "refund"
    CHANGE = "change"


class TransactionStatus(enum.StrEnum):
    """Shopify's transaction ``status``."""

    PENDING = "pending"
    FAILURE = "failure"
    SUCCESS = "success"
    ERROR = "error"


class PaymentAction(enum.StrEnum):
    """What ordercore should record for a transaction (the Engine's payment commands)."""

    RECORD_AUTHORIZATION = "record_authorization"
    RECORD_CAPTURE = "record_capture"
    RECORD_SALE = "record_sale"
    """Authorized and captured at once: record an authorization and a capture of the amount."""
    RECORD_REFUND = "record_refund"
    RECORD_VOID = "record_void"
    NOTHING = "nothing"
    """Not (yet) successful, or change given back in cash: nothing to record."""


_ACTIONS = {
    TransactionKind.AUTHORIZATION: PaymentAction.RECORD_AUTHORIZATION,
    TransactionKind.CAPTURE: PaymentAction.RECORD_CAPTURE,
    TransactionKind.SALE: PaymentAction.RECORD_SALE,
    TransactionKind.VOID: PaymentAction.RECORD_VOID,
    TransactionKind.REFUND: PaymentAction.RECORD_REFUND,
    TransactionKind.CHANGE: PaymentAction.NOTHING,
}


def _enum(node: Node, kind: type[enum.StrEnum]) -> str:
    text = node.text()
    if text not in {member.value for member in kind}:
        node.fail("one of " + ", ".join(member.value for member in kind))
    return text


def _path(node: Node, key: str) -> str:
    return f"{node.path}.{key}" if node.path else key


@attrs.frozen(kw_only=True)
class PaymentOperation:
    """A payment transaction: what happened, for how much, and what ordercore should record."""

    ref: ExternalRef
    order_ref: ExternalRef
    kind: TransactionKind
    status: TransactionStatus
    amount: Money
    occurred_at: pendulum.DateTime
    gateway: str = ""
    authorization: str | None = None
    parent_id: str | None = None
    warnings: tuple[ChannelWarning, ...] = ()

    @property
    def action(self) -> PaymentAction:
        """The Engine command to run: only successful transactions are recorded."""
        if self.status is not TransactionStatus.SUCCESS:
            return PaymentAction.NOTHING
        return _ACTIONS[self.kind]


def _dated_before(
    node: Node, at: pendulum.DateTime, before: pendulum.DateTime | None, code: WarningCode
) -> tuple[ChannelWarning, ...]:
    if before is None or at >= before:
        return ()
    what = "the order" if code is WarningCode.DATED_BEFORE_ORDER else "its refund"
    return (
        ChannelWarning(
            code=code,
            path=_path(node, "created_at"),
            value=at.isoformat(),
            message=f"dated {at.isoformat()}, before {what} at {before.isoformat()}",
        ),
    )


def _transaction(
    node: Node,
    account: str,
    currency: Currency | None,
    table: CurrencyTable | None,
    order_placed_at: pendulum.DateTime | None,
    parent_at: pendulum.DateTime | None = None,
) -> PaymentOperation:
    code = node.opt("currency")
    if code is not None:
        cur = code.currency(table)
    elif currency is not None:
        cur = currency
    else:  # required when the caller gives none: get() refuses the missing member
        cur = node.get("currency").currency(table)
    at = node.get("created_at").instant()
    gateway = node.opt("gateway")
    authorization = node.opt("authorization")
    parent = node.opt("parent_id")
    return PaymentOperation(
        ref=ExternalRef(CHANNEL, account, node.get("id").identifier()),
        order_ref=ExternalRef(CHANNEL, account, node.get("order_id").identifier()),
        kind=TransactionKind(_enum(node.get("kind"), TransactionKind)),
        status=TransactionStatus(_enum(node.get("status"), TransactionStatus)),
        amount=node.get("amount").money(cur),
        occurred_at=at,
        gateway="" if gateway is None else gateway.text(allow_empty=True),
        authorization=None if authorization is None else authorization.text(allow_empty=True),
        parent_id=None if parent is None else parent.identifier(),
        warnings=_dated_before(node, at, parent_at, WarningCode.DATED_BEFORE_PARENT)
        + _dated_before(node, at, order_placed_at, WarningCode.DATED_BEFORE_ORDER),
    )


def _unwrap(payload: object, key: str) -> Node:
    root = Node.root(payload, CHANNEL)
    return root.get(key) if key in root.mapping() else root


def _currency(code: str | None, table: CurrencyTable | None) -> Currency | None:
    return None if code is None else (table or CurrencyTable.default()).get(code)


def map_transaction(
    payload: object,
    *,
    account: str,
    currency: str | None = None,
    order_placed_at: pendulum.DateTime | None = None,
    table: CurrencyTable | None = None,
) -> PaymentOperation:
    """A :class:`PaymentOperation` from ``{"transaction": {...}}`` (or a bare transaction).

    ``currency`` is the order's, used when the transaction states none (older payloads);
    ``order_placed_at`` adds a ``DATED_BEFORE_ORDER`` warning for a transaction dated earlier.
    """
    check_options(account=account, table=table, currency=currency, order_placed_at=order_placed_at)
    return _transaction(
        _unwrap(payload, "transaction"), account, _currency(currency, table), table, order_placed_at
    )


@attrs.frozen(kw_only=True)
class RefundedLine:
    """Units of one order line refunded, and whether they go back to stock."""

    external_line_id: str
    sku: str | None
    quantity: int
    restock: bool


@attrs.frozen(kw_only=True)
class ShopifyRefund:
    """A refund: its lines (quantities, restock), its transactions, and what was paid back."""

    ref: ExternalRef
    order_ref: ExternalRef
    created_at: pendulum.DateTime
    note: str
    lines: tuple[RefundedLine, ...]
    transactions: tuple[PaymentOperation, ...]
    warnings: tuple[ChannelWarning, ...] = ()

    def refunded(self, currency: Currency | str) -> Money:
        """The sum of the successful refund transactions, in ``currency``."""
        return sum_money(
            (t.amount for t in self.transactions if t.action is PaymentAction.RECORD_REFUND),
            currency,
        )


_RESTOCKING = frozenset({"return", "cancel", "legacy_restock"})
_RESTOCK_TYPES = frozenset({"no_restock"}) | _RESTOCKING


def _refunded_line(node: Node, restock_all: bool) -> RefundedLine:
    restock = restock_all
    kind = node.opt("restock_type")
    if kind is not None:
        text = kind.text()
        if text not in _RESTOCK_TYPES:
            kind.fail("one of " + ", ".join(sorted(_RESTOCK_TYPES)))
        restock = text in _RESTOCKING
    item = node.opt("line_item")
    sku = None if item is None else item.opt("sku")
    return RefundedLine(
        external_line_id=node.get("line_item_id").identifier(),
        sku=None if sku is None else sku.text(),
        quantity=node.get("quantity").integer(minimum=1),
        restock=restock,
    )


def map_refund(
    payload: object,
    *,
    account: str,
    currency: str | None = None,
    order_placed_at: pendulum.DateTime | None = None,
    table: CurrencyTable | None = None,
) -> ShopifyRefund:
    """A :class:`ShopifyRefund` from ``{"refund": {...}}``.

    Each line's restock flag is its ``restock_type`` (``return``/``cancel``/``legacy_restock``
    restock, ``no_restock`` does not) or else the refund's ``restock``. Transactions dated before
    the refund, or before ``order_placed_at`` when given, are reported as warnings.
    """
    check_options(account=account, table=table, currency=currency, order_placed_at=order_placed_at)
    node = _unwrap(payload, "refund")
    created = node.get("created_at").instant()
    restock = node.opt("restock")
    restock_all = False if restock is None else restock.boolean()
    lines = tuple(_refunded_line(n, restock_all) for n in node.opt_items("refund_line_items"))
    cur = _currency(currency, table)
    transactions = tuple(
        _transaction(n, account, cur, table, order_placed_at, created)
        for n in node.opt_items("transactions")
    )
    note = node.opt("note")
    return ShopifyRefund(
        ref=ExternalRef(CHANNEL, account, node.get("id").identifier()),
        order_ref=ExternalRef(CHANNEL, account, node.get("order_id").identifier()),
        created_at=created,
        note="" if note is None else note.text(allow_empty=True),
        lines=lines,
        transactions=transactions,
        warnings=_dated_before(node, created, order_placed_at, WarningCode.DATED_BEFORE_ORDER)
        + tuple(w for t in transactions for w in t.warnings),
    )


class FulfillmentState(enum.StrEnum):
    """Shopify's fulfillment ``status``."""

    PENDING = "pending"
    OPEN = "open"
    SUCCESS = "success"
    CANCELLED = "cancelled"
    ERROR = "error"
    FAILURE = "failure"


@attrs.frozen(kw_only=True)
class ShopifyFulfillment:
    """A fulfillment: its status, lines (external line id, SKU, quantity) and tracking."""

    ref: ExternalRef
    order_ref: ExternalRef
    version: ExternalVersion
    status: FulfillmentState
    lines: tuple[RefundedLine, ...]
    tracking_company: str | None
    tracking_numbers: tuple[str, ...]
    tracking_urls: tuple[str, ...]


def map_fulfillment(payload: object, *, account: str) -> ShopifyFulfillment:
    """A :class:`ShopifyFulfillment` from ``{"fulfillment": {...}}`` (lines carry no restock)."""
    check_options(account=account)
    node = _unwrap(payload, "fulfillment")
    updated = node.get("updated_at")
    company = node.opt("tracking_company")
    lines = tuple(
        RefundedLine(
            external_line_id=n.get("id").identifier(),
            sku=None if (sku := n.opt("sku")) is None else sku.text(),
            quantity=n.get("quantity").integer(minimum=1),
            restock=False,
        )
        for n in node.get("line_items").items()
    )
    return ShopifyFulfillment(
        ref=ExternalRef(CHANNEL, account, node.get("id").identifier()),
        order_ref=ExternalRef(CHANNEL, account, node.get("order_id").identifier()),
        version=ExternalVersion.at(updated.instant(), updated.text()),
        status=FulfillmentState(_enum(node.get("status"), FulfillmentState)),
        lines=lines,
        tracking_company=None if company is None else company.text(),
        tracking_numbers=tuple(n.text() for n in node.opt_items("tracking_numbers")),
        tracking_urls=tuple(n.text() for n in node.opt_items("tracking_urls")),
    )
