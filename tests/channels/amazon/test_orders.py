import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import (
    ChannelPayloadError,
    ExternalRef,
    PaymentState,
    ShippingState,
    SyncDecision,
    SyncLedger,
    WarningCode,
)
from ordercore.channels.amazon import AmazonOrderStatus, SkuFallback, map_order, map_order_summaries
from ordercore.domain.orders import Address
from ordercore.kernel.money import Money
from ordercore.testing.strategies_channels import amazon_order_payloads
from tests.channels.helpers import NOW, load

SELLER = "seller-eu"


def examples() -> dict[str, Any]:
    result: dict[str, Any] = load("amazon", "orders-v0-sandbox.json")["examples"]
    return result


def sandbox() -> tuple[Any, Any, Any]:
    ex = examples()
    return (
        ex["GET /orders/v0/orders/{orderId}"][0],
        ex["GET /orders/v0/orders/{orderId}/orderItems"][0],
        ex["GET /orders/v0/orders/{orderId}/address"][0],
    )


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_the_sandbox_order_reconciles_its_stated_total() -> None:
    order = map_order(*sandbox(), account=SELLER)
    assert [("OrderTotal", usd("11.01"), usd("11.01"))] == [
        (c.field, c.stated, c.computed) for c in order.reconciliation.checks
    ]


def test_the_sandbox_item_keeps_its_seller_sku_quantity_price_and_tax() -> None:
    line = map_order(*sandbox(), account=SELLER).lines[0]
    assert ("05015851154158", "NABetaASINB00551Q3CS", 1, usd("10.00"), usd("1.01")) == (
        line.external_line_id,
        line.sku,
        line.quantity,
        line.unit_price,
        line.tax_lines[0].amount,
    )


def test_the_address_comes_from_get_order_address() -> None:
    assert (
        Address(
            name="MFNIntegrationTestMerchant",
            line1="2201 WESTLAKE AVE",
            city="SEATTLE",
            postal_code="98121-2778",
            region="WA",
            country="US",
        )
        == map_order(*sandbox(), account=SELLER).ship_to
    )


def test_a_buyer_cancel_request_given_as_a_string_is_reported() -> None:
    order = map_order(*sandbox(), account=SELLER)
    assert [
        (
            WarningCode.BUYER_REQUESTED_CANCEL,
            "payload.OrderItems[0].BuyerRequestedCancel.IsBuyerRequestedCancel",
        )
    ] == [(w.code, w.path) for w in order.warnings]


def test_an_unshipped_order_is_authorized_and_waits_to_ship() -> None:
    order = map_order(*sandbox(), account=SELLER)
    assert (PaymentState.AUTHORIZED, ShippingState.UNSHIPPED, "1970-01-19T03:58:32Z") == (
        order.payment,
        order.shipping_state,
        order.version.text,
    )


def test_the_item_price_is_a_line_total_and_the_unit_price_is_derived() -> None:
    order_payload, items, address = sandbox()
    items = copy.deepcopy(items)
    items["payload"]["OrderItems"][0]["QuantityOrdered"] = 2
    order = map_order(order_payload, items, address, account=SELLER)
    assert ([(2, usd("5.00"))], ()) == (
        [(li.quantity, li.unit_price) for li in order.lines],
        tuple(w for w in order.warnings if w.code is WarningCode.UNIT_PRICE_SPLIT),
    )


def test_a_line_total_that_does_not_divide_becomes_two_exact_lines_and_is_reported() -> None:
    order_payload, items, address = sandbox()
    items = copy.deepcopy(items)
    items["payload"]["OrderItems"][0]["QuantityOrdered"] = 3
    order = map_order(order_payload, items, address, account=SELLER)
    assert (
        [(1, usd("3.34")), (2, usd("3.33"))],
        usd("10.00"),
        ["payload.OrderItems[0].ItemPrice.Amount"],
        True,
    ) == (
        [(li.quantity, li.unit_price) for li in order.lines],
        order.totals.line_items,
        [w.path for w in order.warnings if w.code is WarningCode.UNIT_PRICE_SPLIT],
        order.reconciliation.reconciles,
    )


def test_an_item_without_seller_sku_is_refused_by_default() -> None:
    order_payload, items, address = sandbox()
    del items["payload"]["OrderItems"][0]["SellerSKU"]
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(order_payload, items, address, account=SELLER)
    assert "payload.OrderItems[0].SellerSKU" == caught.value.path


def test_an_item_without_seller_sku_may_fall_back_to_its_asin_with_a_warning() -> None:
    order_payload, items, address = sandbox()
    del items["payload"]["OrderItems"][0]["SellerSKU"]
    order = map_order(order_payload, items, address, account=SELLER, sku_fallback=SkuFallback.ASIN)
    assert ("ASIN:B00551Q3CS", WarningCode.SKU_FROM_ASIN) == (
        order.lines[0].sku,
        order.warnings[0].code,
    )


@pytest.mark.parametrize("spelling", ["Canceled", "CANCELLED"])
def test_both_spellings_of_cancelled_mean_a_cancelled_order(spelling: str) -> None:
    order_payload, items, address = sandbox()
    order_payload["payload"]["OrderStatus"] = spelling
    order = map_order(order_payload, items, address, account=SELLER)
    assert (True, PaymentState.VOIDED) == (order.cancelled, order.payment)


def test_refuses_an_unknown_order_status() -> None:
    order_payload, items, address = sandbox()
    order_payload["payload"]["OrderStatus"] = "Teleported"
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(order_payload, items, address, account=SELLER)
    assert "payload.OrderStatus" == caught.value.path


def test_refuses_items_of_another_order() -> None:
    order_payload, items, address = sandbox()
    items["payload"]["AmazonOrderId"] = "902-0000000-0000000"
    with pytest.raises(ChannelPayloadError):
        map_order(order_payload, items, address, account=SELLER)


def test_refuses_an_item_priced_in_another_currency() -> None:
    order_payload, items, address = sandbox()
    items["payload"]["OrderItems"][0]["ItemTax"]["CurrencyCode"] = "EUR"
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(order_payload, items, address, account=SELLER)
    assert "payload.OrderItems[0].ItemTax.CurrencyCode" == caught.value.path


def test_a_draft_needs_no_address_override_when_get_order_address_was_given() -> None:
    draft = map_order(*sandbox(), account=SELLER).draft(
        order_id="order-7", customer_id="amazon-buyer", now=NOW
    )
    assert (usd("11.01"), "902-1845936-5435065") == (draft.total, draft.number)


def test_a_get_orders_page_gives_references_versions_and_statuses_for_incremental_sync() -> None:
    summaries = map_order_summaries(examples()["GET /orders/v0/orders"][0], account=SELLER)
    ledger = SyncLedger()
    decisions = []
    for summary in summaries:
        outcome = ledger.observe(summary.ref, summary.version)
        decisions.append(outcome.decision)
        ledger = outcome.ledger
    assert (
        [
            ExternalRef("amazon", SELLER, "902-1845936-5435065"),
            ExternalRef("amazon", SELLER, "902-8745147-1934268"),
        ],
        [AmazonOrderStatus.UNSHIPPED] * 2,
        [SyncDecision.NEW] * 2,
    ) == ([s.ref for s in summaries], [s.status for s in summaries], decisions)


@given(amazon_order_payloads())
def test_a_consistent_amazon_payload_reconciles(payloads: tuple[Any, Any]) -> None:
    order = map_order(*payloads, account=SELLER)
    assert (True, order.totals.total) == (
        order.reconciliation.reconciles,
        Money.of(payloads[0]["payload"]["OrderTotal"]["Amount"], order.currency),
    )


@given(amazon_order_payloads())
def test_split_lines_keep_every_item_total_exactly(payloads: tuple[Any, Any]) -> None:
    order = map_order(*payloads, account=SELLER)
    items = payloads[1]["payload"]["OrderItems"]
    expected = {i["OrderItemId"]: Money.of(i["ItemPrice"]["Amount"], order.currency) for i in items}
    actual: dict[str, Money] = {}
    for line in order.lines:
        actual[line.external_line_id] = (
            actual.get(line.external_line_id, Money.zero(order.currency)) + line.line_items
        )
    assert expected == actual


@given(
    amazon_order_payloads(),
    st.sampled_from(
        [
            ("QuantityOrdered", 1.0),
            ("QuantityOrdered", 0),
            ("QuantityOrdered", None),
            ("IsGift", "maybe"),
            ("ItemPrice", {"CurrencyCode": "USD", "Amount": -1}),
            ("ItemPrice", None),
        ]
    ),
)
def test_a_malformed_item_is_refused_and_the_payload_left_as_it_was(
    payloads: tuple[Any, Any], breakage: tuple[str, object]
) -> None:
    key, value = breakage
    order_payload, items = payloads
    items["payload"]["OrderItems"][0][key] = value
    before = copy.deepcopy(payloads)
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(order_payload, items, account=SELLER)
    assert (True, before) == (
        caught.value.path.startswith(f"payload.OrderItems[0].{key}"),
        (order_payload, items),
    )


def test_shipping_prices_taxes_and_discounts_of_items_become_one_charge_and_a_discount() -> None:
    order_payload, items, address = sandbox()
    item = items["payload"]["OrderItems"][0]
    item["ShippingPrice"] = {"CurrencyCode": "USD", "Amount": "4.99"}
    item["ShippingTax"] = {"CurrencyCode": "USD", "Amount": "0.50"}
    item["ShippingDiscount"] = {"CurrencyCode": "USD", "Amount": "4.99"}
    order_payload["payload"]["OrderTotal"]["Amount"] = "11.51"
    order = map_order(order_payload, items, address, account=SELLER)
    assert (
        [("Std US D2D Dom", usd("4.99"), usd("0.50"))],
        [("ShippingDiscount", usd("4.99"))],
        True,
    ) == (
        [(s.method, s.amount, s.tax) for s in order.shipping],
        [(d.code_or_reason, d.amount) for d in order.discounts],
        order.reconciliation.reconciles,
    )


def test_a_promotion_above_the_item_price_is_refused() -> None:
    order_payload, items, address = sandbox()
    items["payload"]["OrderItems"][0]["PromotionDiscount"]["Amount"] = "10.01"
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(order_payload, items, address, account=SELLER)
    assert "payload.OrderItems[0].PromotionDiscount" == caught.value.path
