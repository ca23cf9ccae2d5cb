"""Inbound QuickBooks Online payloads: payments (which invoices, how much) and documents.

A ``Payment`` says which invoices it pays and how much; ``Invoice`` and ``CreditMemo`` are read
as QBO holds them, with their totals reconciled.

QBO sends money and quantities as JSON numbers: parse with ``json.loads(text,
parse_float=Decimal)`` (a float is refused). ``SyncToken`` is the version (a counter, compared as
a number); ``TxnDate``/``DueDate`` are calendar dates. Entities are keyed by the company's realm
id (the ``account`` of the :class:`ExternalRef`) and QBO's ``Id``.
"""

from __future__ import annotations

import attrs
import pendulum

from ordercore.channels.arguments import check_options
from ordercore.channels.payload import Node
from ordercore.channels.reconciliation import Reconciliation, TotalCheck, TotalKind
from ordercore.channels.versions import ExternalRef, ExternalVersion
from ordercore.domain.billing import PaymentTerms
from ordercore.kernel.money import Currency, CurrencyTable, Money, sum_money

__all__ = [
    "CHANNEL",
    "AppliedAmount",
    "QboDocument",
    "QboLine",
    "QboPayment",
    "map_credit_memo",
    "map_invoice",
    "map_payment",
]

CHANNEL = "quickbooks"
"""The channel name in every QuickBooks :class:`ExternalRef`."""


def _version(token: Node) -> ExternalVersion:
    return token.build(lambda: ExternalVersion.counter(token.text()))


def _unwrap(payload: object, key: str) -> Node:
    root = Node.root(payload, CHANNEL)
    return root.get(key) if key in root.mapping() else root


def _currency(node: Node, table: CurrencyTable | None) -> Currency:
    ref = node.opt("CurrencyRef")
    if ref is None:  # QBO leaves it out for single-currency companies: the caller must say
        node.get("CurrencyRef")
    assert ref is not None  # noqa: S101 - get() refused a missing CurrencyRef
    return ref.get("value").currency(table)


@attrs.frozen(kw_only=True)
class AppliedAmount:
    """Part of a payment applied to one QBO transaction (an invoice, or a credit memo used)."""

    txn_ref: ExternalRef
    txn_type: str
    amount: Money


@attrs.frozen(kw_only=True)
class QboPayment:
    """A QBO ``Payment``: what it applies to which invoices, the credit memos used, what is left.

    ``unapplied`` is computed (total - invoices + credit memos used) and reconciled against
    QBO's ``UnappliedAmt`` in ``reconciliation``; :attr:`payment_ref` is the reference to give
    ``Invoice.apply_payment`` so that a repeated payment is recognised.
    """

    ref: ExternalRef
    version: ExternalVersion
    customer_id: str
    txn_date: pendulum.Date
    currency: Currency
    total: Money
    invoices: tuple[AppliedAmount, ...]
    credit_memos: tuple[AppliedAmount, ...]
    unapplied: Money
    reference: str | None
    reconciliation: Reconciliation

    @property
    def payment_ref(self) -> str:
        """``quickbooks/<realm>/<payment id>``."""
        return str(self.ref)


def _applied(line: Node, account: str, currency: Currency) -> AppliedAmount:
    links = line.get("LinkedTxn").items()
    if len(links) != 1:
        line.get("LinkedTxn").fail("each payment line links exactly one transaction")
    link = links[0]
    kind = link.get("TxnType")
    if kind.text() not in {"Invoice", "CreditMemo"}:
        kind.fail("a payment line pays an Invoice or uses a CreditMemo")
    amount = line.get("Amount").money(currency)
    if not amount:
        line.get("Amount").fail("an applied amount is positive")
    return AppliedAmount(
        txn_ref=ExternalRef(CHANNEL, account, link.get("TxnId").identifier()),
        txn_type=kind.text(),
        amount=amount,
    )


def map_payment(payload: object, *, account: str, table: CurrencyTable | None = None) -> QboPayment:
    """A :class:`QboPayment` from ``{"Payment": {...}}``; ``account`` is the realm id.

    Refused: applications beyond what the payment and the credit memos used provide.
    """
    check_options(account=account, table=table)
    node = _unwrap(payload, "Payment")
    currency = _currency(node, table)
    total = node.get("TotalAmt").money(currency)
    lines = [_applied(line, account, currency) for line in node.opt_items("Line")]
    invoices = tuple(a for a in lines if a.txn_type == "Invoice")
    credit_memos = tuple(a for a in lines if a.txn_type == "CreditMemo")
    available = total + sum_money((c.amount for c in credit_memos), currency)
    applied = sum_money((a.amount for a in invoices), currency)
    if applied > available:
        node.get("Line").fail(
            f"applies {applied} to invoices but the payment and credit memos give only {available}"
        )
    unapplied = available - applied
    stated = node.opt("UnappliedAmt")
    checks = (
        ()
        if stated is None
        else (
            TotalCheck(
                kind=TotalKind.TOTAL,
                field="UnappliedAmt",
                stated=stated.money(currency),
                computed=unapplied,
            ),
        )
    )
    reference = node.opt("PaymentRefNum")
    return QboPayment(
        ref=ExternalRef(CHANNEL, account, node.get("Id").identifier()),
        version=_version(node.get("SyncToken")),
        customer_id=node.get("CustomerRef").get("value").identifier(),
        txn_date=node.get("TxnDate").date(),
        currency=currency,
        total=total,
        invoices=invoices,
        credit_memos=credit_memos,
        unapplied=unapplied,
        reference=None if reference is None else reference.text(),
        reconciliation=Reconciliation(checks),
    )


@attrs.frozen(kw_only=True)
class QboLine:
    """A ``SalesItemLineDetail`` line: QBO item id and name, quantity, unit price, amount."""

    item_id: str
    item_name: str | None
    description: str
    quantity: int
    unit_price: Money
    amount: Money


@attrs.frozen(kw_only=True)
class QboDocument:
    """A QBO ``Invoice`` or ``CreditMemo`` as QBO holds it, with its totals reconciled.

    ``reconciliation`` checks each line's ``Amount`` against ``Qty`` x ``UnitPrice``, the
    ``SubTotalLineDetail`` line against the lines, and ``TotalAmt`` against lines - discount +
    tax. ``balance`` is ``Balance`` (invoices) or ``RemainingCredit`` (credit memos).
    """

    ref: ExternalRef
    kind: str
    version: ExternalVersion
    number: str | None
    txn_date: pendulum.Date
    due_date: pendulum.Date | None
    customer_id: str
    currency: Currency
    terms: PaymentTerms | None
    lines: tuple[QboLine, ...]
    discount: Money
    tax: Money
    total: Money
    balance: Money | None
    reconciliation: Reconciliation


def _line(node: Node, currency: Currency) -> QboLine:
    detail = node.get("SalesItemLineDetail")
    item = detail.get("ItemRef")
    name = item.opt("name")
    description = node.opt("Description")
    return QboLine(
        item_id=item.get("value").identifier(),
        item_name=None if name is None else name.text(),
        description="" if description is None else description.text(allow_empty=True),
        quantity=detail.get("Qty").integer(minimum=1),
        unit_price=detail.get("UnitPrice").money(currency),
        amount=node.get("Amount").money(currency),
    )


_IGNORED = frozenset({"SubTotalLineDetail", "DescriptionOnly", "GroupLineDetail"})


def _document(node: Node, kind: str, account: str, table: CurrencyTable | None) -> QboDocument:
    currency = _currency(node, table)
    lines: list[QboLine] = []
    checks: list[TotalCheck] = []
    discounts: list[Money] = []
    subtotal: Node | None = None
    for line in node.get("Line").items():
        detail = line.get("DetailType")
        match detail.text():
            case "SalesItemLineDetail":
                item = _line(line, currency)
                lines.append(item)
                checks.append(
                    TotalCheck(
                        kind=TotalKind.LINE_ITEMS,
                        field=f"{line.path}.Amount",
                        stated=item.amount,
                        computed=item.unit_price * item.quantity,
                    )
                )
            case "DiscountLineDetail":
                discounts.append(line.get("Amount").money(currency))
            case "SubTotalLineDetail":
                subtotal = line.get("Amount")
            case other if other not in _IGNORED:
                detail.fail("a line is a SalesItemLineDetail, DiscountLineDetail or subtotal")
    if not lines:
        node.get("Line").fail("a document has at least one SalesItemLineDetail line")
    line_items = sum_money((x.amount for x in lines), currency)
    discount = sum_money(discounts, currency)
    tax_node = node.opt("TxnTaxDetail")
    tax_total = None if tax_node is None else tax_node.opt("TotalTax")
    tax = Money.zero(currency) if tax_total is None else tax_total.money(currency)
    total = node.get("TotalAmt").money(currency)
    if subtotal is not None:
        checks.append(
            TotalCheck(
                kind=TotalKind.LINE_ITEMS,
                field=subtotal.path,
                stated=subtotal.money(currency),
                computed=line_items,
            )
        )
    checks.append(
        TotalCheck(
            kind=TotalKind.TOTAL,
            field="TotalAmt",
            stated=total,
            computed=line_items - discount + tax,
        )
    )
    terms = node.opt("SalesTermRef")
    terms_name = None if terms is None else terms.opt("name")
    due = node.opt("DueDate")
    number = node.opt("DocNumber")
    balance = node.opt("Balance") or node.opt("RemainingCredit")
    return QboDocument(
        ref=ExternalRef(CHANNEL, account, node.get("Id").identifier()),
        kind=kind,
        version=_version(node.get("SyncToken")),
        number=None if number is None else number.text(),
        txn_date=node.get("TxnDate").date(),
        due_date=None if due is None else due.date(),
        customer_id=node.get("CustomerRef").get("value").identifier(),
        currency=currency,
        terms=None
        if terms_name is None
        else terms_name.build(lambda: PaymentTerms.parse(terms_name.text())),
        lines=tuple(lines),
        discount=discount,
        tax=tax,
        total=total,
        balance=None if balance is None else balance.money(currency),
        reconciliation=Reconciliation(tuple(checks)),
    )


def map_invoice(
    payload: object, *, account: str, table: CurrencyTable | None = None
) -> QboDocument:
    """A :class:`QboDocument` from ``{"Invoice": {...}}`` (terms parsed from their name)."""
    check_options(account=account, table=table)
    return _document(_unwrap(payload, "Invoice"), "Invoice", account, table)


def map_credit_memo(
    payload: object, *, account: str, table: CurrencyTable | None = None
) -> QboDocument:
    """A :class:`QboDocument` from ``{"CreditMemo": {...}}``."""
    check_options(account=account, table=table)
    return _document(_unwrap(payload, "CreditMemo"), "CreditMemo", account, table)
