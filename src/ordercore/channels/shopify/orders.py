"""Shopify Admin REST orders (``order.json``, ``orders.json``, webhooks) → ``ImportOrder``.

Reading rules (see docs/channels.md for the full table):

* ``line_items[].price`` is a **unit** price, a string; ``quantity`` is at least 1; ``sku`` is
  required (a line without one is refused: stock is kept by SKU).
* Order discounts are the ``discount_codes``; when lines carry ``discount_allocations`` those are
  the same money spread over lines, so they are read instead and the codes are not added again.
* Tax comes from ``line_items[].tax_lines`` and ``shipping_lines[].tax_lines``; when no line or
  shipping line has any, the order-level ``tax_lines`` are spread over the lines by amount
  (largest remainder) and a ``ORDER_TAX_SPREAD`` warning says so.
* ``updated_at`` (with its offset) is the version; ``created_at`` the placing instant.
* The totals Shopify states (``total_line_items_price``, ``total_discounts``, ``subtotal_price``
  (after discounts), ``total_shipping_price_set``, ``total_tax``, ``total_price``) are reconciled,
  never fixed.

The reading of each part is a small function from a :class:`~ordercore.channels.payload.Node`
to a neutral value, and :func:`~ordercore.channels.imports.assemble_order` does the rest, so a
GraphQL mapper can reuse the assembly and read its own shapes.
"""

from __future__ import annotations

import enum

from ordercore.channels.arguments import check_options
from ordercore.channels.imports import (
    ChannelWarning,
    ExternalCustomer,
    ImportedLine,
    ImportOrder,
    PaymentState,
    ShippingState,
    WarningCode,
    assemble_order,
)
from ordercore.channels.payload import Node
from ordercore.channels.reconciliation import StatedTotal, TotalKind
from ordercore.channels.versions import ExternalRef, ExternalVersion
from ordercore.domain.orders import Address, Discount, ShippingCharge, TaxLine
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Currency, CurrencyTable, allocate, sum_money

__all__ = [
    "CHANNEL",
    "FinancialStatus",
    "FulfillmentStatus",
    "map_order",
    "map_orders",
    "read_address",
]

CHANNEL = "shopify"
"""The channel name in every Shopify :class:`ExternalRef`."""


class FinancialStatus(enum.StrEnum):
    """Shopify's ``financial_status`` (GraphQL adds ``expired``)."""

    PENDING = "pending"
    AUTHORIZED = "authorized"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"
    EXPIRED = "expired"

    @property
    def payment_state(self) -> PaymentState:
        """The same state in ordercore's words (the names coincide)."""
        return PaymentState(self.value)


class FulfillmentStatus(enum.StrEnum):
    """Shopify's order ``fulfillment_status``; ``null`` is :attr:`UNFULFILLED`."""

    UNFULFILLED = "unfulfilled"
    PARTIAL = "partial"
    FULFILLED = "fulfilled"
    RESTOCKED = "restocked"

    @property
    def shipping_state(self) -> ShippingState:
        """What ordercore makes of it."""
        return {
            FulfillmentStatus.UNFULFILLED: ShippingState.UNSHIPPED,
            FulfillmentStatus.PARTIAL: ShippingState.PARTIALLY_SHIPPED,
            FulfillmentStatus.FULFILLED: ShippingState.SHIPPED,
            FulfillmentStatus.RESTOCKED: ShippingState.RESTOCKED,
        }[self]


def _choice(node: Node | None, kind: type[enum.StrEnum], default: str) -> str:
    if node is None:
        return default
    text = node.text()
    if text not in {member.value for member in kind}:
        node.fail("one of " + ", ".join(member.value for member in kind))
    return text


def read_address(node: Node | None) -> Address | None:
    """A Shopify address object (``shipping_address``, ``billing_address``) as an ``Address``."""
    if node is None:
        return None

    def text(key: str) -> str:
        part = node.opt(key)
        return "" if part is None else part.text(allow_empty=True)

    name = text("name") or " ".join(p for p in (text("first_name"), text("last_name")) if p)
    country = node.get("country_code")
    country.text()
    return node.build(
        lambda: Address(
            name=name,
            line1=text("address1"),
            line2=text("address2"),
            city=text("city"),
            postal_code=text("zip"),
            region=text("province_code"),
            country=country.text(),
        )
    )


def _tax_line(node: Node, currency: Currency) -> TaxLine:
    return node.build(
        lambda: TaxLine(
            name=node.get("title").text(),
            rate=node.get("rate").decimal(),
            amount=node.get("price").money(currency),
        )
    )


def _tax_lines(nodes: list[Node], currency: Currency) -> tuple[TaxLine, ...]:
    return tuple(_tax_line(node, currency) for node in nodes)


def _discount_code(node: Node, currency: Currency) -> Discount:
    return node.build(
        lambda: Discount(
            code_or_reason=node.get("code").text(), amount=node.get("amount").money(currency)
        )
    )


def _line(node: Node, currency: Currency) -> ImportedLine:
    allocations = tuple(
        Discount(code_or_reason="discount allocation", amount=a.get("amount").money(currency))
        for a in node.opt_items("discount_allocations")
    )
    return node.build(
        lambda: ImportedLine(
            external_line_id=node.get("id").identifier(),
            sku=Sku(node.get("sku").identifier()),
            quantity=node.get("quantity").integer(minimum=1),
            unit_price=node.get("price").money(currency),
            title=(node.opt("name") or node.get("title")).text(allow_empty=True),
            discounts=allocations,
            tax_lines=_tax_lines(node.opt_items("tax_lines"), currency),
        )
    )


def _shipping(node: Node, currency: Currency) -> ShippingCharge:
    taxes = _tax_lines(node.opt_items("tax_lines"), currency)
    method = node.opt("title") or node.get("code")
    return node.build(
        lambda: ShippingCharge(
            method=method.text(),
            amount=node.get("price").money(currency),
            tax=sum_money((t.amount for t in taxes), currency) if taxes else None,
        )
    )


def _spread_tax(
    lines: tuple[ImportedLine, ...], taxes: tuple[TaxLine, ...]
) -> tuple[ImportedLine, ...]:
    weights = [line.line_items.minor_units for line in lines]
    if not any(weights):
        weights = [line.quantity for line in lines]
    shares: list[list[TaxLine]] = [[] for _ in lines]
    for tax in taxes:
        for index, part in enumerate(allocate(tax.amount, weights)):
            shares[index].append(TaxLine(name=tax.name, rate=tax.rate, amount=part))
    return tuple(
        ImportedLine(
            external_line_id=line.external_line_id,
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            title=line.title,
            discounts=line.discounts,
            tax_lines=tuple(share),
        )
        for line, share in zip(lines, shares, strict=True)
    )


def _stated(order: Node, currency: Currency) -> tuple[StatedTotal, ...]:
    fields = (
        ("total_line_items_price", TotalKind.LINE_ITEMS),
        ("total_discounts", TotalKind.DISCOUNTS),
        ("subtotal_price", TotalKind.SUBTOTAL),
        ("total_tax", TotalKind.TAX),
        ("total_price", TotalKind.TOTAL),
    )
    stated = [
        StatedTotal(kind=kind, field=name, amount=node.money(currency))
        for name, kind in fields
        if (node := order.opt(name)) is not None
    ]
    shipping_set = order.opt("total_shipping_price_set")
    if shipping_set is not None:
        amount = shipping_set.get("shop_money").get("amount")
        stated.insert(
            3,
            StatedTotal(
                kind=TotalKind.SHIPPING,
                field="total_shipping_price_set.shop_money.amount",
                amount=amount.money(currency),
            ),
        )
    return tuple(stated)


def _customer(order: Node) -> ExternalCustomer:
    customer = order.opt("customer")
    email = order.opt("email")
    if customer is None:
        return ExternalCustomer(email=None if email is None else email.text(allow_empty=True))
    first = customer.opt("first_name")
    last = customer.opt("last_name")
    name = " ".join(p.text(allow_empty=True) for p in (first, last) if p is not None).strip()
    return ExternalCustomer(
        external_id=customer.get("id").identifier(),
        email=None if email is None else email.text(allow_empty=True),
        name=name or None,
    )


def _unwrap(payload: object, key: str) -> Node:
    root = Node.root(payload, CHANNEL)
    return root.get(key) if key in root.mapping() else root


def _map(order: Node, account: str, table: CurrencyTable | None, strict: bool) -> ImportOrder:
    currency = order.get("currency").currency(table)
    updated = order.get("updated_at")
    line_nodes = order.get("line_items").items()
    if not line_nodes:
        order.get("line_items").fail("an order has at least one line")
    lines = tuple(_line(node, currency) for node in line_nodes)
    shipping = tuple(_shipping(node, currency) for node in order.opt_items("shipping_lines"))
    allocated = any(line.discounts for line in lines)
    codes = tuple(_discount_code(node, currency) for node in order.opt_items("discount_codes"))
    warnings: list[ChannelWarning] = []
    order_taxes = _tax_lines(order.opt_items("tax_lines"), currency)
    if (
        order_taxes
        and not any(line.tax_lines for line in lines)
        and not any(s.tax for s in shipping)
    ):
        lines = _spread_tax(lines, order_taxes)
        total = sum_money((t.amount for t in order_taxes), currency)
        warnings.append(
            ChannelWarning(
                code=WarningCode.ORDER_TAX_SPREAD,
                path=f"{order.path}.tax_lines" if order.path else "tax_lines",
                value=str(total),
                message=f"order-level tax {total} was spread over {len(lines)} line(s) by amount",
            )
        )
    financial = FinancialStatus(_choice(order.opt("financial_status"), FinancialStatus, "pending"))
    fulfilment = FulfillmentStatus(
        _choice(order.opt("fulfillment_status"), FulfillmentStatus, "unfulfilled")
    )
    name = order.opt("name")
    return assemble_order(
        ref=ExternalRef(CHANNEL, account, order.get("id").identifier()),
        version=ExternalVersion.at(updated.instant(), updated.text()),
        number=name.text() if name is not None else str(order.get("order_number").integer()),
        placed_at=order.get("created_at").instant(),
        currency=currency,
        customer=_customer(order),
        ship_to=read_address(order.opt("shipping_address")),
        bill_to=read_address(order.opt("billing_address")),
        lines=lines,
        discounts=() if allocated else codes,
        shipping=shipping,
        stated=_stated(order, currency),
        payment=financial.payment_state,
        shipping_state=fulfilment.shipping_state,
        cancelled=order.opt("cancelled_at") is not None,
        channel_status=f"financial_status={financial}, fulfillment_status={fulfilment}",
        warnings=tuple(warnings),
        strict=strict,
    )


def map_order(
    payload: object, *, account: str, table: CurrencyTable | None = None, strict: bool = False
) -> ImportOrder:
    """An :class:`ImportOrder` from ``{"order": {...}}`` or a bare order (an order webhook).

    ``account`` is the shop (``"retro-shop.myshopify.com"``); ``table`` a currency table for
    unusual precisions; ``strict`` refuses an order whose stated totals do not reconcile.
    """
    check_options(account=account, table=table, strict=strict)
    return _map(_unwrap(payload, "order"), account, table, strict)


def map_orders(
    payload: object, *, account: str, table: CurrencyTable | None = None, strict: bool = False
) -> tuple[ImportOrder, ...]:
    """Every order of ``{"orders": [...]}``; one malformed order refuses the whole page."""
    check_options(account=account, table=table, strict=strict)
    root = Node.root(payload, CHANNEL)
    return tuple(_map(node, account, table, strict) for node in root.get("orders").items())
