import copy
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import (
    ChannelPayloadError,
    ExternalRef,
    PaymentState,
    ShippingState,
    TotalsDoNotReconcile,
    WarningCode,
)
from ordercore.channels.shopify import FinancialStatus, map_order, map_orders
from ordercore.domain.orders import Address, Discount, OrderStatus
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money
from ordercore.testing.strategies_channels import SHOPIFY_TOTAL_FIELDS, shopify_order_payloads
from tests.channels.helpers import NOW, load

SHOP = "apple.myshopify.com"


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def real_order() -> Any:
    return load("shopify", "order.json")


def test_the_real_order_reports_exactly_its_mismatched_totals_with_the_amounts() -> None:
    report = map_order(real_order(), account=SHOP).reconciliation
    assert [
        ("total_line_items_price", usd("398.00"), usd("597.00"), usd("-199.00")),
        ("total_discounts", usd("0.00"), usd("10.00"), usd("-10.00")),
        ("subtotal_price", usd("398.00"), usd("587.00"), usd("-189.00")),
        ("total_price", usd("409.94"), usd("598.94"), usd("-189.00")),
    ] == [(m.field, m.stated, m.computed, m.difference) for m in report.mismatches]


def test_the_real_order_states_its_tax_correctly() -> None:
    checks = map_order(real_order(), account=SHOP).reconciliation.checks
    assert [("total_tax", True)] == [(c.field, c.matches) for c in checks if c.field == "total_tax"]


def test_the_real_order_keeps_its_three_lines_at_their_unit_price() -> None:
    order = map_order(real_order(), account=SHOP)
    assert [
        ("466157049", "IPOD2008GREEN", 1, usd("199.00")),
        ("518995019", "IPOD2008RED", 1, usd("199.00")),
        ("703073504", "IPOD2008BLACK", 1, usd("199.00")),
    ] == [(li.external_line_id, li.sku, li.quantity, li.unit_price) for li in order.lines]


def test_the_discount_code_becomes_an_order_discount_that_is_never_dropped() -> None:
    order = map_order(real_order(), account=SHOP)
    assert (Discount(code_or_reason="TENOFF", amount=usd("10.00")),) == order.discounts


def test_order_level_tax_is_spread_over_the_lines_and_said_so() -> None:
    order = map_order(real_order(), account=SHOP)
    assert ([usd("3.98")] * 3, [WarningCode.ORDER_TAX_SPREAD]) == (
        [line.tax_lines[0].amount for line in order.lines],
        [w.code for w in order.warnings],
    )


def test_the_version_is_updated_at_with_its_offset_kept_as_text() -> None:
    order = map_order(real_order(), account=SHOP)
    assert ("2008-01-10T11:00:00-05:00", "2008-01-10T16:00:00+00:00") == (
        order.version.text,
        order.placed_at.in_timezone("UTC").isoformat(),
    )


def test_maps_the_statuses_and_the_reference() -> None:
    order = map_order(real_order(), account=SHOP)
    assert (
        ExternalRef("shopify", SHOP, "450789469"),
        PaymentState.AUTHORIZED,
        ShippingState.UNSHIPPED,
        False,
    ) == (order.ref, order.payment, order.shipping_state, order.cancelled)


def test_maps_the_shipping_address() -> None:
    order = map_order(real_order(), account=SHOP)
    assert (
        Address(
            name="Bob Norman",
            line1="Chestnut Street 92",
            city="Louisville",
            postal_code="40202",
            region="KY",
            country="US",
        )
        == order.ship_to
    )


def test_the_draft_is_an_order_with_the_channel_reference_and_its_own_total() -> None:
    draft = map_order(real_order(), account=SHOP).draft(
        order_id="order-1", customer_id="bob", now=NOW
    )
    assert (OrderStatus.DRAFT, usd("598.94"), "450789469", "2008-01-10T11:00:00-05:00") == (
        draft.status,
        draft.total,
        draft.channel.external_id if draft.channel else None,
        draft.channel.external_version if draft.channel else None,
    )


def test_strict_mode_refuses_the_real_order_naming_the_fields() -> None:
    with pytest.raises(TotalsDoNotReconcile) as caught:
        map_order(real_order(), account=SHOP, strict=True)
    assert (
        "total_line_items_price",
        "total_discounts",
        "subtotal_price",
        "total_price",
    ) == caught.value.fields["fields"]


def test_a_strict_draft_refuses_totals_that_do_not_reconcile() -> None:
    order = map_order(real_order(), account=SHOP)
    with pytest.raises(TotalsDoNotReconcile):
        order.draft(order_id="order-1", customer_id="bob", now=NOW, strict=True)


def test_the_orders_page_without_line_items_is_refused_naming_the_path() -> None:
    with pytest.raises(ChannelPayloadError) as caught:
        map_orders(load("shopify", "orders.json"), account=SHOP)
    assert "orders[0].line_items" == caught.value.path


def test_refuses_an_unknown_financial_status() -> None:
    payload = real_order()
    payload["order"]["financial_status"] = "bartered"
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(payload, account=SHOP)
    assert "order.financial_status" == caught.value.path


def test_maps_every_financial_status_to_a_payment_state() -> None:
    assert len(FinancialStatus) == len({s.payment_state for s in FinancialStatus})


def test_an_order_without_address_needs_one_for_its_draft() -> None:
    payload = real_order()
    del payload["order"]["shipping_address"]
    order = map_order(payload, account=SHOP)
    with pytest.raises(ValidationError) as caught:
        order.draft(order_id="order-1", customer_id="bob", now=NOW)
    assert "ship_to" == caught.value.field


def test_a_webhook_body_without_the_order_wrapper_maps_the_same() -> None:
    assert (
        map_order(real_order(), account=SHOP).lines
        == map_order(real_order()["order"], account=SHOP).lines
    )


@given(shopify_order_payloads())
def test_a_consistent_payload_reconciles_with_no_mismatch(payload: dict[str, Any]) -> None:
    report = map_order(payload, account=SHOP).reconciliation
    assert ((), len(SHOPIFY_TOTAL_FIELDS)) == (report.mismatches, len(report.checks))


@given(shopify_order_payloads(), st.sampled_from(SHOPIFY_TOTAL_FIELDS), st.integers(1, 999))
def test_changing_one_stated_total_names_exactly_that_field_and_difference(
    payload: dict[str, Any], field: str, units: int
) -> None:
    order = payload["order"]
    currency = order["currency"]
    delta = Money.from_minor(units, currency)
    order[field] = str((Money.of(order[field], currency) + delta).amount)
    report = map_order(payload, account=SHOP).reconciliation
    assert ((field,), delta) == (report.mismatched_fields(), report.mismatches[0].difference)


@given(shopify_order_payloads())
def test_the_draft_total_is_the_stated_total_of_a_consistent_payload(
    payload: dict[str, Any],
) -> None:
    order = map_order(payload, account=SHOP)
    draft = order.draft(order_id="order-1", customer_id="ada", now=NOW)
    assert Money.of(payload["order"]["total_price"], order.currency) == draft.total


_BREAKAGES = [
    ("line_items", 0, "price", Decimal("1.00001")),
    ("line_items", 0, "price", "twelve"),
    ("line_items", 0, "price", 1.5),
    ("line_items", 0, "price", "-1.00"),
    ("line_items", 0, "quantity", 0),
    ("line_items", 0, "quantity", 2.0),
    ("line_items", 0, "sku", None),
    ("discount_codes", 0, "amount", "-5.00"),
    ("shipping_lines", 0, "price", 9.99),
]


@given(shopify_order_payloads(), st.sampled_from(_BREAKAGES))
def test_a_malformed_payload_is_refused_naming_the_path_and_left_as_it_was(
    payload: dict[str, Any], breakage: tuple[str, int, str, object]
) -> None:
    array, index, key, value = breakage
    payload["order"][array][index][key] = value
    before = copy.deepcopy(payload)
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(payload, account=SHOP)
    assert (f"order.{array}[{index}].{key}", before) == (caught.value.path, payload)


@given(shopify_order_payloads(), st.sampled_from(["id", "currency", "updated_at", "line_items"]))
def test_a_payload_missing_a_required_field_is_refused(payload: dict[str, Any], key: str) -> None:
    del payload["order"][key]
    with pytest.raises(ChannelPayloadError) as caught:
        map_order(payload, account=SHOP)
    assert f"order.{key}" == caught.value.path


def test_an_import_is_a_frozen_value() -> None:
    order = map_order(real_order(), account=SHOP)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        order.number = "#2"  # type: ignore[misc]


def test_discount_allocations_on_lines_replace_the_codes_they_spread() -> None:
    payload = real_order()
    for line in payload["order"]["line_items"]:
        line["discount_allocations"] = [{"amount": "3.33"}]
    payload["order"]["line_items"][0]["discount_allocations"] = [{"amount": "3.34"}]
    order = map_order(payload, account=SHOP)
    assert ((), usd("10.00")) == (order.discounts, order.totals.discounts)


def test_the_stated_shipping_total_is_checked_when_given() -> None:
    payload = real_order()
    payload["order"]["total_shipping_price_set"] = {
        "shop_money": {"amount": "5.00", "currency_code": "USD"}
    }
    checks = map_order(payload, account=SHOP).reconciliation.checks
    assert [("total_shipping_price_set.shop_money.amount", usd("5.00"))] == [
        (c.field, c.difference) for c in checks if c.kind.value == "shipping"
    ]
