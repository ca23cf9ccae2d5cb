"""Any payload and any Python value at a channel mapper: it maps, or it is a typed refusal.

Each inbound mapper (Shopify orders, transactions, refunds, fulfillments, locations and
inventory levels; Amazon orders and order pages; QuickBooks invoices, credit memos and payments)
gets a real payload from ``tests/channels/fixtures`` with one to three of its values replaced by
junk (or removed), or junk for the whole payload, and junk for its keyword arguments. The outbound
builders that take plain values get junk too. A call maps, or raises an ``OrdercoreError`` that is
also a ``TypeError``, ``ValueError`` or ``LookupError`` and names what it refused; the payload
it was given is left exactly as it was.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordercore.channels import (
    ExternalRef,
    ShipmentNotice,
    ShippedLine,
    Tracking,
    amazon,
    quickbooks,
    shopify,
)
from ordercore.channels.quickbooks.outbound import qbo_json
from ordercore.channels.shopify.outbound import inventory_level_body
from ordercore.domain.billing import DocumentLine, Invoice
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import CurrencyTable, Money
from tests.channels.helpers import NOW, load
from tests.reliability.boundary import junk

_AMAZON = load("amazon", "orders-v0-sandbox.json")["examples"]


def _amazon_order() -> list[Any]:
    return [
        _AMAZON["GET /orders/v0/orders/{orderId}"][0],
        _AMAZON["GET /orders/v0/orders/{orderId}/orderItems"][0],
        _AMAZON["GET /orders/v0/orders/{orderId}/address"][0],
    ]


_ACCOUNT = st.sampled_from(["shop-1", "seller-eu"])
_TABLE = st.none() | st.just(CurrencyTable.default())
_CURRENCY = st.none() | st.sampled_from(["USD", "eur", "XXY"])
_PLACED = st.none() | st.just(NOW.subtract(years=1)) | st.just(NOW.add(years=1))
_STRICT = st.booleans()

MAPPERS: dict[str, tuple[Callable[..., Any], Callable[[], list[Any]], dict[str, Any]]] = {
    "shopify.map_order": (
        shopify.map_order,
        lambda: [load("shopify", "order.json")],
        {"account": _ACCOUNT, "table": _TABLE, "strict": _STRICT},
    ),
    "shopify.map_orders": (
        shopify.map_orders,
        lambda: [load("shopify", "orders.json")],
        {"account": _ACCOUNT, "table": _TABLE, "strict": _STRICT},
    ),
    "shopify.map_transaction": (
        shopify.map_transaction,
        lambda: [load("shopify", "transaction.json")],
        {"account": _ACCOUNT, "currency": _CURRENCY, "order_placed_at": _PLACED, "table": _TABLE},
    ),
    "shopify.map_refund": (
        shopify.map_refund,
        lambda: [load("shopify", "refund.json")],
        {"account": _ACCOUNT, "currency": _CURRENCY, "order_placed_at": _PLACED, "table": _TABLE},
    ),
    "shopify.map_fulfillment": (
        shopify.map_fulfillment,
        lambda: [load("shopify", "fulfillment.json")],
        {"account": _ACCOUNT},
    ),
    "shopify.map_location": (
        shopify.map_location,
        lambda: [load("shopify", "location.json")],
        {"account": _ACCOUNT},
    ),
    "shopify.map_inventory_level": (
        shopify.map_inventory_level,
        lambda: [load("shopify", "inventory_level.json")],
        {},
    ),
    "shopify.map_inventory_levels": (
        shopify.map_inventory_levels,
        lambda: [load("shopify", "inventory_levels.json")],
        {},
    ),
    "amazon.map_order": (
        amazon.map_order,
        _amazon_order,
        {
            "account": _ACCOUNT,
            "sku_fallback": st.sampled_from([*amazon.SkuFallback, "guess"]),
            "table": _TABLE,
            "strict": _STRICT,
        },
    ),
    "amazon.map_order_summaries": (
        amazon.map_order_summaries,
        lambda: [_AMAZON["GET /orders/v0/orders"][0]],
        {"account": _ACCOUNT, "table": _TABLE},
    ),
    "quickbooks.map_invoice": (
        quickbooks.map_invoice,
        lambda: [load("quickbooks", "invoice.json")],
        {"account": _ACCOUNT, "table": _TABLE},
    ),
    "quickbooks.map_credit_memo": (
        quickbooks.map_credit_memo,
        lambda: [load("quickbooks", "creditmemo.json")],
        {"account": _ACCOUNT, "table": _TABLE},
    ),
    "quickbooks.map_payment": (
        quickbooks.map_payment,
        lambda: [load("quickbooks", "payment.json")],
        {"account": _ACCOUNT, "table": _TABLE},
    ),
}
"""Each inbound mapper: the function, its real positional payloads, its keyword arguments."""


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON-like payload (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, child in items:
        path = (*prefix, key)
        found.append(path)
        found.extend(_paths(child, path))
    return found


def _values() -> st.SearchStrategy[Any]:
    """What a broken payload holds instead: junk, or JSON of the wrong shape."""
    json_like = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.floats(),
        lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=4,
    )
    return st.one_of(
        junk(),
        json_like,
        st.sampled_from(["", "0", "-1", "1e400", "NaN", "2026-13-45", "12,50", "abc"]),
        st.sampled_from([Decimal("1e-30"), Decimal("-0.01"), Decimal("1E+30"), 10**400]),
    )


@st.composite
def broken(draw: st.DrawFn, payload: Any) -> Any:
    """``payload`` (a fresh copy) with one to three values replaced by junk or removed."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_values())
    payload = copy.deepcopy(payload)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(payload)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = payload
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.integers(0, 3)) == 0:
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(_values())
    return payload


def _shape(node: Any) -> Any:
    """What a mapper could change in a payload: every dict and list, and which object each holds."""
    if isinstance(node, dict):
        return ("dict", id(node), tuple((key, _shape(item)) for key, item in node.items()))
    if isinstance(node, list):
        return ("list", id(node), tuple(_shape(item) for item in node))
    return ("value", id(node))


def _names_what_it_refused(refused: OrdercoreError, kwargs: dict[str, Any]) -> bool:
    """A refusal names the payload path, or a parameter it was given (or the field it was told)."""
    if "path" in refused.fields:
        return True
    message = str(refused)
    field = str(refused.fields.get("field", ""))
    return any(
        re.match(rf"{re.escape(name)}\b", field) or re.search(rf"\b{re.escape(name)}\b", message)
        for name in [*kwargs, "payload"]
    )


def _check(call: Callable[[], Any], given: Any, kwargs: dict[str, Any]) -> None:
    before = _shape(given)
    refused: OrdercoreError | None = None
    try:
        call()
    except OrdercoreError as error:
        refused = error
    if refused is not None:
        assert isinstance(refused, (TypeError, ValueError, LookupError)), repr(refused)
        assert _names_what_it_refused(refused, kwargs), repr(refused)
    assert before == _shape(given), "the mapper changed the payload it was given"


_EXAMPLES = max(10, settings().max_examples // 2)  # real payloads are large: half the examples


@pytest.mark.parametrize("name", sorted(MAPPERS))
@settings(
    max_examples=_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_payload_at_a_channel_mapper_maps_or_is_refused_typed_leaving_it_unchanged(
    name: str, data: st.DataObject
) -> None:
    mapper, payloads, keywords = MAPPERS[name]
    positional = [
        data.draw(st.one_of(st.just(p), broken(p)) if i == 0 else st.just(p) | broken(p))
        for i, p in enumerate(payloads())
    ]
    kwargs = {
        key: data.draw(st.one_of(good, good, good, junk()), label=key)
        for key, good in keywords.items()
    }
    _check(lambda: mapper(*positional, **kwargs), positional, kwargs)


def _notice(channel: str, account: str, order: str, line: str) -> ShipmentNotice:
    return ShipmentNotice(
        order_ref=ExternalRef(channel, account, order),
        lines=(ShippedLine(external_line_id=line, quantity=1),),
        tracking=Tracking(carrier="UPS", number="1Z2345"),
        shipped_at=NOW,
    )


_SHOPIFY_NOTICE = _notice("shopify", "retro-shop", "450789469", "466157049")
_AMAZON_NOTICE = _notice("amazon", "seller-us", "902-1106328-1059050", "79039765272157")


def _invoice() -> Invoice:
    invoice = Invoice.from_lines(
        "inv-1", [DocumentLine("RETRO-CLOCK", 2, Money.of("49.50", "USD"))], at=NOW
    )
    invoice.issue("1037", NOW, "Net 30", "America/New_York")
    return invoice


OUTBOUND: dict[str, tuple[Callable[..., Any], dict[str, st.SearchStrategy[Any]]]] = {
    "shopify.inventory_level_body": (
        inventory_level_body,
        {
            "inventory_item_id": st.sampled_from([808950810, "808950810"]),
            "location_id": st.sampled_from([905684977, "905684977"]),
            "available": st.integers(-3, 9),
        },
    ),
    "shopify.shopify_id": (
        lambda location_id: shopify.shopify_id("location_id", location_id),
        {"location_id": st.sampled_from([1, "12"])},
    ),
    "amazon.package_reference_id": (
        amazon.package_reference_id,
        {"shipment_id": st.just("SHP-000001"), "package": st.integers(-1, 3)},
    ),
    "amazon.listing_quantity_body": (
        amazon.listing_quantity_body,
        {
            "product_type": st.just("PRODUCT"),
            "quantities": st.dictionaries(
                st.sampled_from(["DEFAULT", "AMAZON_EU"]), st.integers(-1, 9)
            ),
        },
    ),
    "shopify.fulfillment_body": (
        shopify.fulfillment_body,
        {
            "notice": st.just(_SHOPIFY_NOTICE),
            "location_id": st.none() | st.sampled_from([905684977, "905684977"]),
            "notify_customer": st.booleans(),
        },
    ),
    "amazon.shipment_confirmation_body": (
        amazon.shipment_confirmation_body,
        {
            "notice": st.just(_AMAZON_NOTICE),
            "marketplace_id": st.just("ATVPDKIKX0DER"),
            "package_reference_id": st.sampled_from(["1", "2"]),
            "ship_from_supply_source_id": st.none() | st.just("SSID-1"),
            "transparency_codes": st.none() | st.just({"79039765272157": ["AZ:1"]}),
        },
    ),
    "amazon.split_packages": (
        amazon.split_packages,
        {"lines": st.just(list(_AMAZON_NOTICE.lines)), "count": st.integers(-1, 3)},
    ),
    "quickbooks.invoice_body": (
        quickbooks.invoice_body,
        {
            "invoice": st.builds(_invoice),
            "customer_ref": st.just("58"),
            "item_refs": st.just({"RETRO-CLOCK": "11"}) | st.just({}),
        },
    ),
    "quickbooks.qbo_json": (
        qbo_json,
        {"body": st.dictionaries(st.text(max_size=3), st.integers() | st.text(max_size=3))},
    ),
}
"""Outbound builders that take plain values, with good values for each parameter."""


@pytest.mark.parametrize("name", sorted(OUTBOUND))
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_at_an_outbound_builder_builds_or_is_refused_typed(
    name: str, data: st.DataObject
) -> None:
    builder, keywords = OUTBOUND[name]
    kwargs = {
        key: data.draw(st.one_of(good, good, junk()), label=key) for key, good in keywords.items()
    }
    _check(lambda: builder(**kwargs), list(kwargs.values()), kwargs)
