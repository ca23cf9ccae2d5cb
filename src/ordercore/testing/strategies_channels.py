"""Hypothesis strategies for channel payloads, external references and versions.

Payloads are plain JSON-like dicts (strings for money, never floats), built so that their stated
totals are exactly what their lines add up to (:func:`shopify_order_payloads`,
:func:`amazon_order_payloads`); a test can then change one stated total and expect exactly one
named mismatch. Instants are drawn around :data:`~.strategies_orders.ANCHOR`, never from a clock.
"""

from __future__ import annotations

from typing import Any

import pendulum
from hypothesis import strategies as st

from ordercore.channels.versions import ExternalRef, ExternalVersion
from ordercore.kernel.money import Money

from .strategies_kernel import ANCHOR
from .strategies_kernel import instants as kernel_instants
from .strategies_orders import CURRENCIES, SKUS

__all__ = [
    "SHOPIFY_TOTAL_FIELDS",
    "amazon_order_payloads",
    "counter_versions",
    "external_refs",
    "instant_versions",
    "instants",
    "shopify_order_payloads",
]

SHOPIFY_TOTAL_FIELDS = (
    "total_line_items_price",
    "total_discounts",
    "subtotal_price",
    "total_tax",
    "total_price",
)
"""The top-level Shopify order fields that state a total."""


def external_refs(channel: str = "shopify") -> st.SearchStrategy[ExternalRef]:
    """References to entities of ``channel`` in one of two accounts."""
    return st.builds(
        ExternalRef,
        st.just(channel),
        st.sampled_from(["retro-shop", "vase-outlet"]),
        st.integers(1, 10**9).map(str),
    )


def instants() -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants within about a year of the anchor, in a few time zones."""
    zones = ("UTC", "America/New_York", "Asia/Tokyo", "Europe/Berlin")
    return kernel_instants(ANCHOR, 365, min_days=-365, zones=zones)


def instant_versions() -> st.SearchStrategy[ExternalVersion]:
    """Versions of the instant kind (as Shopify ``updated_at``, Amazon ``LastUpdateDate``)."""
    return instants().map(ExternalVersion.at)


def counter_versions() -> st.SearchStrategy[ExternalVersion]:
    """Versions of the counter kind (as QuickBooks ``SyncToken``)."""
    return st.integers(0, 10_000).map(lambda n: ExternalVersion.counter(str(n)))


def _text(money: Money) -> str:
    return str(money.amount)


@st.composite
def shopify_order_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A Shopify ``{"order": {...}}`` whose stated totals are exactly what its lines add up to.

    Lines carry their own tax lines, shipping lines theirs, and a discount code never exceeds
    the line items.
    """
    currency = draw(st.sampled_from(CURRENCIES))
    count = draw(st.integers(1, 4))
    lines: list[dict[str, Any]] = []
    line_total = Money.zero(currency)
    tax_total = Money.zero(currency)
    for index in range(count):
        price = Money.from_minor(draw(st.integers(0, 20_000)), currency)
        quantity = draw(st.integers(1, 5))
        tax = Money.from_minor(draw(st.integers(0, 2_000)), currency)
        line_total += price * quantity
        tax_total += tax
        lines.append(
            {
                "id": 1000 + index,
                "sku": SKUS[index % len(SKUS)],
                "title": "Memorable thing",
                "price": _text(price),
                "quantity": quantity,
                "tax_lines": [{"title": "VAT", "rate": "0.19", "price": _text(tax)}],
            }
        )
    discount = Money.from_minor(draw(st.integers(0, line_total.minor_units)), currency)
    shipping = Money.from_minor(draw(st.integers(0, 3_000)), currency)
    shipping_tax = Money.from_minor(draw(st.integers(0, 500)), currency)
    tax_total += shipping_tax
    updated = draw(instants())
    subtotal = line_total - discount
    return {
        "order": {
            "id": draw(st.integers(1, 10**9)),
            "name": f"#{draw(st.integers(1000, 9999))}",
            "currency": currency,
            "created_at": updated.subtract(hours=1).isoformat(),
            "updated_at": updated.isoformat(),
            "financial_status": draw(st.sampled_from(["paid", "authorized", "pending"])),
            "fulfillment_status": None,
            "email": "ada@example.com",
            "line_items": lines,
            "discount_codes": [{"code": "WELCOME10", "amount": _text(discount)}],
            "shipping_lines": [
                {
                    "title": "Standard",
                    "price": _text(shipping),
                    "tax_lines": [{"title": "VAT", "rate": "0.19", "price": _text(shipping_tax)}],
                }
            ],
            "shipping_address": {
                "name": "Ada Lovelace",
                "address1": "12 Main Street",
                "city": "Leeds",
                "zip": "LS1 4AP",
                "country_code": "GB",
            },
            "total_line_items_price": _text(line_total),
            "total_discounts": _text(discount),
            "subtotal_price": _text(subtotal),
            "total_tax": _text(tax_total),
            "total_price": _text(subtotal + shipping + tax_total),
        }
    }


@st.composite
def amazon_order_payloads(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A consistent Amazon ``getOrder`` payload and its ``getOrderItems`` payload.

    ``ItemPrice`` is a line total (unit price times ``QuantityOrdered``), and ``OrderTotal`` is
    what the items, taxes and shipping add up to, less promotions.
    """
    currency = draw(st.sampled_from(["USD", "EUR", "JPY"]))
    order_id = f"902-{draw(st.integers(1_000_000, 9_999_999))}-{draw(st.integers(10**6, 10**7))}"
    total = Money.zero(currency)
    items: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 3))):
        quantity = draw(st.integers(1, 4))
        unit = Money.from_minor(draw(st.integers(1, 10_000)), currency)
        tax = Money.from_minor(draw(st.integers(0, 900)), currency)
        promotion = Money.from_minor(draw(st.integers(0, (unit * quantity).minor_units)), currency)
        total += unit * quantity + tax - promotion

        def money(amount: Money) -> dict[str, str]:
            return {"CurrencyCode": currency, "Amount": _text(amount)}

        items.append(
            {
                "ASIN": f"B00{index}TEST",
                "OrderItemId": str(50_000 + index),
                "SellerSKU": SKUS[index % len(SKUS)],
                "Title": "Memorable thing",
                "QuantityOrdered": quantity,
                "ItemPrice": money(unit * quantity),
                "ItemTax": money(tax),
                "PromotionDiscount": money(promotion),
                "IsGift": draw(st.sampled_from([False, "false", "true"])),
            }
        )
    updated = draw(instants()).in_timezone("UTC")
    order = {
        "payload": {
            "AmazonOrderId": order_id,
            "PurchaseDate": updated.subtract(hours=2).format("YYYY-MM-DDTHH:mm:ss[Z]"),
            "LastUpdateDate": updated.format("YYYY-MM-DDTHH:mm:ss[Z]"),
            "OrderStatus": draw(st.sampled_from(["Unshipped", "Pending", "Shipped"])),
            "OrderTotal": {"CurrencyCode": currency, "Amount": _text(total)},
        }
    }
    return order, {"payload": {"AmazonOrderId": order_id, "OrderItems": items}}
