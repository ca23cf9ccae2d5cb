"""Amazon Selling Partner API, Orders v0: ``getOrder`` + ``getOrderItems`` (+ ``getOrderAddress``).

Reading rules (see docs/channels.md):

* ``OrderItems[].ItemPrice`` is a **line total** (unit price x ``QuantityOrdered``). The unit
  price is derived exactly; when the total does not divide by the quantity in minor units, the
  item becomes two lines of exact unit prices (e.g. 10.00 for 3 → 1 x 3.34 + 2 x 3.33) and a
  ``UNIT_PRICE_SPLIT`` warning names it. Nothing is rounded away.
* ``SellerSKU`` is optional. By default (:attr:`SkuFallback.REFUSE`) an item without one is
  refused, since stock is kept by SKU; :attr:`SkuFallback.ASIN` uses ``"ASIN:<asin>"`` instead,
  with a ``SKU_FROM_ASIN`` warning.
* Booleans may arrive as strings (``"false"``). ``OrderStatus`` includes the 2026 spelling
  ``CANCELLED`` (read as :attr:`AmazonOrderStatus.CANCELED`).
* ``LastUpdateDate`` is the version, ``PurchaseDate`` the placing instant; ``OrderTotal`` is the
  stated total, reconciled against items - promotions + shipping + taxes.
* ``ItemTax`` has no rate; the tax line's rate is derived (tax / net, 4 places), for information.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

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
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Currency, CurrencyTable, Money, allocate, sum_money

__all__ = [
    "CHANNEL",
    "AmazonOrderStatus",
    "OrderSummary",
    "SkuFallback",
    "map_order",
    "map_order_summaries",
]

CHANNEL = "amazon"
"""The channel name in every Amazon :class:`ExternalRef`."""


class AmazonOrderStatus(enum.StrEnum):
    """Amazon's ``OrderStatus``; ``CANCELLED`` (2026 model) reads as :attr:`CANCELED`."""

    PENDING = "Pending"
    UNSHIPPED = "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped"
    SHIPPED = "Shipped"
    CANCELED = "Canceled"
    UNFULFILLABLE = "Unfulfillable"
    INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"
    PENDING_AVAILABILITY = "PendingAvailability"

    @classmethod
    def read(cls, node: Node) -> AmazonOrderStatus:
        """The status at ``node``, accepting both spellings of cancelled."""
        text = node.text()
        if text == "CANCELLED":
            return cls.CANCELED
        try:
            return cls(text)
        except ValueError:
            node.fail("one of " + ", ".join(m.value for m in cls) + " (or CANCELLED)")

    @property
    def payment_state(self) -> PaymentState:
        """What the status says of payment (Amazon collects; sellers see the state)."""
        return _PAYMENT[self]

    @property
    def shipping_state(self) -> ShippingState:
        """What the status says of shipping."""
        return _SHIPPING[self]


_S = AmazonOrderStatus
_PAYMENT = {
    _S.PENDING: PaymentState.PENDING,
    _S.PENDING_AVAILABILITY: PaymentState.PENDING,
    _S.UNSHIPPED: PaymentState.AUTHORIZED,
    _S.PARTIALLY_SHIPPED: PaymentState.AUTHORIZED,
    _S.SHIPPED: PaymentState.PAID,
    _S.INVOICE_UNCONFIRMED: PaymentState.PAID,
    _S.CANCELED: PaymentState.VOIDED,
    _S.UNFULFILLABLE: PaymentState.PENDING,
}
_SHIPPING = {
    _S.PENDING: ShippingState.UNSHIPPED,
    _S.PENDING_AVAILABILITY: ShippingState.UNSHIPPED,
    _S.UNSHIPPED: ShippingState.UNSHIPPED,
    _S.PARTIALLY_SHIPPED: ShippingState.PARTIALLY_SHIPPED,
    _S.SHIPPED: ShippingState.SHIPPED,
    _S.INVOICE_UNCONFIRMED: ShippingState.SHIPPED,
    _S.CANCELED: ShippingState.UNSHIPPED,
    _S.UNFULFILLABLE: ShippingState.UNFULFILLABLE,
}


class SkuFallback(enum.StrEnum):
    """What to do with an item that has no ``SellerSKU``."""

    REFUSE = "refuse"
    """Refuse the payload (the default: stock is kept by SKU)."""
    ASIN = "asin"
    """Use ``"ASIN:<asin>"`` as SKU and say so in a warning."""


def _fallback(value: object) -> SkuFallback:
    try:
        return SkuFallback(value)  # type: ignore[arg-type]  # refused below when not one
    except (ValueError, TypeError):
        raise ValidationError(
            "sku_fallback", value, "one of " + ", ".join(repr(f.value) for f in SkuFallback)
        ) from None


def _unwrap(payload: object) -> Node:
    root = Node.root(payload, CHANNEL)
    return root.get("payload") if "payload" in root.mapping() else root


def _money(node: Node, currency: Currency, *, required: bool = False) -> Money | None:
    if not required and node.opt("Amount") is None and node.opt("CurrencyCode") is None:
        return None
    code = node.get("CurrencyCode")
    if code.text().upper() != currency.code:
        code.fail(f"amounts of this order are in {currency.code}")
    return node.get("Amount").money(currency)


def _opt_money(item: Node, key: str, currency: Currency) -> Money | None:
    node = item.opt(key)
    return None if node is None else _money(node, currency)


@attrs.frozen
class _Item:
    lines: tuple[ImportedLine, ...]
    shipping: Money | None
    shipping_tax: Money | None
    shipping_discount: Money | None
    warnings: tuple[ChannelWarning, ...]


def _sku(item: Node, fallback: SkuFallback) -> tuple[Sku, tuple[ChannelWarning, ...]]:
    seller = item.opt("SellerSKU")
    if seller is not None:
        return Sku(seller.identifier()), ()
    if fallback is SkuFallback.REFUSE:
        item.get("SellerSKU")  # refuses the missing member, naming its path
    asin = item.get("ASIN").text()
    warning = ChannelWarning(
        code=WarningCode.SKU_FROM_ASIN,
        path=f"{item.path}.SellerSKU",
        value=asin,
        message=f"no SellerSKU: the ASIN {asin} stands in as SKU 'ASIN:{asin}'",
    )
    return Sku(f"ASIN:{asin}"), (warning,)


def _rate(tax: Money, net: Money) -> Decimal:
    if not net.amount:
        return Decimal(0)
    return (tax.amount / net.amount).quantize(Decimal("0.0001"))


def _cancel_requested(item: Node, item_id: str) -> tuple[ChannelWarning, ...]:
    cancel = item.opt("BuyerRequestedCancel")
    flag = None if cancel is None else cancel.opt("IsBuyerRequestedCancel")
    if cancel is None or flag is None or not flag.boolean():
        return ()
    reason = cancel.opt("BuyerCancelReason")
    because = "" if reason is None else f": {reason.text(allow_empty=True)}"
    return (
        ChannelWarning(
            code=WarningCode.BUYER_REQUESTED_CANCEL,
            path=flag.path,
            value=item_id,
            message=f"the buyer asked to cancel item {item_id}{because}",
        ),
    )


def _item(item: Node, currency: Currency, fallback: SkuFallback) -> _Item:
    item_id = item.get("OrderItemId").identifier()
    sku, warnings = _sku(item, fallback)
    quantity = item.get("QuantityOrdered").integer(minimum=1)
    price_node = item.get("ItemPrice")
    total = _money(price_node, currency, required=True)
    assert total is not None  # noqa: S101 - required=True never returns None
    tax = _opt_money(item, "ItemTax", currency) or Money.zero(currency)
    promotion = _opt_money(item, "PromotionDiscount", currency) or Money.zero(currency)
    if promotion > total:
        item.get("PromotionDiscount").fail(f"a promotion cannot exceed the item price {total}")
    parts = allocate(total, [1] * quantity)
    groups = sorted({p: parts.count(p) for p in parts}.items(), key=lambda pair: -pair[0].amount)
    if len(groups) > 1:
        warnings += (
            ChannelWarning(
                code=WarningCode.UNIT_PRICE_SPLIT,
                path=f"{price_node.path}.Amount",
                value=str(total),
                message=f"{total} for {quantity} units does not divide exactly: "
                + " + ".join(f"{count} x {price}" for price, count in groups),
            ),
        )
    weights = [(price * count).minor_units for price, count in groups]
    if not any(weights):
        weights = [count for _, count in groups]
    taxes, promotions = allocate(tax, weights), allocate(promotion, weights)
    title = item.opt("Title")
    lines = tuple(
        ImportedLine(
            external_line_id=item_id,
            sku=sku,
            quantity=count,
            unit_price=price,
            title="" if title is None else title.text(allow_empty=True),
            discounts=(Discount(code_or_reason="PromotionDiscount", amount=off),) if off else (),
            tax_lines=(TaxLine(name="ItemTax", rate=_rate(part, price * count - off), amount=part),)
            if part
            else (),
        )
        for (price, count), part, off in zip(groups, taxes, promotions, strict=True)
    )
    gift = item.opt("IsGift")
    if gift is not None:
        gift.boolean()
    warnings += _cancel_requested(item, item_id)
    return _Item(
        lines=lines,
        shipping=_opt_money(item, "ShippingPrice", currency),
        shipping_tax=_opt_money(item, "ShippingTax", currency),
        shipping_discount=_opt_money(item, "ShippingDiscount", currency),
        warnings=warnings,
    )


def _address(node: Node | None) -> Address | None:
    if node is None:
        return None

    def text(key: str) -> str:
        part = node.opt(key)
        return "" if part is None else part.text(allow_empty=True)

    return node.build(
        lambda: Address(
            name=node.get("Name").text(),
            line1=node.get("AddressLine1").text(),
            line2=text("AddressLine2"),
            city=node.get("City").text(),
            postal_code=text("PostalCode"),
            region=text("StateOrRegion"),
            country=node.get("CountryCode").text(),
        )
    )


def _currency(order: Node, items: list[Node], table: CurrencyTable | None) -> Currency:
    total = order.opt("OrderTotal")
    if total is not None:
        return total.get("CurrencyCode").currency(table)
    if not items:
        order.get("OrderTotal")  # nothing states a currency: refuse, naming OrderTotal
    return items[0].get("ItemPrice").get("CurrencyCode").currency(table)


def map_order(
    order_payload: object,
    items_payload: object,
    address_payload: object | None = None,
    *,
    account: str,
    sku_fallback: SkuFallback = SkuFallback.REFUSE,
    table: CurrencyTable | None = None,
    strict: bool = False,
) -> ImportOrder:
    """An :class:`ImportOrder` from a ``getOrder`` response and its ``getOrderItems`` response.

    ``address_payload`` (a ``getOrderAddress`` response) gives the ship-to address when the
    order payload carries none; ``account`` is the seller (and marketplace) the host keys on.
    """
    check_options(account=account, table=table, strict=strict)
    sku_fallback = _fallback(sku_fallback)
    order = _unwrap(order_payload)
    listing = _unwrap(items_payload)
    order_id = order.get("AmazonOrderId").identifier()
    for other in (listing, None if address_payload is None else _unwrap(address_payload)):
        if other is not None and (found := other.get("AmazonOrderId")).identifier() != order_id:
            found.fail(f"belongs to another order than {order_id}")
    items = listing.get("OrderItems").items()
    if not items:
        listing.get("OrderItems").fail("an order has at least one item")
    currency = _currency(order, items, table)
    mapped = [_item(item, currency, sku_fallback) for item in items]
    status = AmazonOrderStatus.read(order.get("OrderStatus"))
    shipping_prices = [m.shipping for m in mapped if m.shipping is not None]
    shipping_taxes = [m.shipping_tax for m in mapped if m.shipping_tax is not None]
    shipping: tuple[ShippingCharge, ...] = ()
    if shipping_prices or shipping_taxes:
        level = order.opt("ShipServiceLevel")
        shipping = (
            ShippingCharge(
                method="Amazon shipping" if level is None else level.text(),
                amount=sum_money(shipping_prices, currency),
                tax=sum_money(shipping_taxes, currency) if shipping_taxes else None,
            ),
        )
    shipping_off = sum_money(
        (m.shipping_discount for m in mapped if m.shipping_discount is not None), currency
    )
    discounts = (
        (Discount(code_or_reason="ShippingDiscount", amount=shipping_off),) if shipping_off else ()
    )
    address_node = order.opt("ShippingAddress")
    if address_node is None and address_payload is not None:
        address_node = _unwrap(address_payload).opt("ShippingAddress")
    total = order.opt("OrderTotal")
    stated = (
        ()
        if total is None
        else (
            StatedTotal(
                kind=TotalKind.TOTAL, field="OrderTotal", amount=_required(total, currency)
            ),
        )
    )
    buyer = order.opt("BuyerInfo")
    email = None if buyer is None else buyer.opt("BuyerEmail")
    updated = order.get("LastUpdateDate")
    return assemble_order(
        ref=ExternalRef(CHANNEL, account, order_id),
        version=ExternalVersion.at(updated.instant(), updated.text()),
        number=order_id,
        placed_at=order.get("PurchaseDate").instant(),
        currency=currency,
        customer=ExternalCustomer(email=None if email is None else email.text()),
        ship_to=_address(address_node),
        bill_to=None,
        lines=tuple(line for m in mapped for line in m.lines),
        discounts=discounts,
        shipping=shipping,
        stated=stated,
        payment=status.payment_state,
        shipping_state=status.shipping_state,
        cancelled=status is AmazonOrderStatus.CANCELED,
        channel_status=f"OrderStatus={order.get('OrderStatus').text()}",
        warnings=tuple(w for m in mapped for w in m.warnings),
        strict=strict,
    )


def _required(node: Node, currency: Currency) -> Money:
    amount = _money(node, currency, required=True)
    assert amount is not None  # noqa: S101 - required=True never returns None
    return amount


@attrs.frozen(kw_only=True)
class OrderSummary:
    """One order of a ``getOrders`` page: enough to decide whether to fetch its items."""

    ref: ExternalRef
    version: ExternalVersion
    status: AmazonOrderStatus
    total: Money | None


def map_order_summaries(
    payload: object, *, account: str, table: CurrencyTable | None = None
) -> tuple[OrderSummary, ...]:
    """The orders of a ``getOrders`` page, for incremental sync on ``LastUpdateDate``."""
    check_options(account=account, table=table)
    summaries = []
    for order in _unwrap(payload).get("Orders").items():
        updated = order.get("LastUpdateDate")
        total = order.opt("OrderTotal")
        summaries.append(
            OrderSummary(
                ref=ExternalRef(CHANNEL, account, order.get("AmazonOrderId").identifier()),
                version=ExternalVersion.at(updated.instant(), updated.text()),
                status=AmazonOrderStatus.read(order.get("OrderStatus")),
                total=None
                if total is None
                else _required(total, total.get("CurrencyCode").currency(table)),
            )
        )
    return tuple(summaries)
