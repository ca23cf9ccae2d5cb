import pendulum
import pytest

from ordercore.channels import ChannelPayloadError, ExternalRef, WarningCode
from ordercore.channels.shopify import (
    FulfillmentState,
    PaymentAction,
    RefundedLine,
    TransactionKind,
    TransactionStatus,
    map_fulfillment,
    map_order,
    map_refund,
    map_transaction,
)
from ordercore.kernel.money import Money
from tests.channels.helpers import load

SHOP = "apple.myshopify.com"
PLACED = pendulum.datetime(2008, 1, 10, 11, tz="America/New_York")


def test_the_real_order_is_placed_at_the_instant_the_refund_checks_against() -> None:
    assert PLACED == map_order(load("shopify", "order.json"), account=SHOP).placed_at


def test_a_refund_keeps_its_line_quantities_and_restock_flag() -> None:
    refund = map_refund(load("shopify", "refund.json"), account=SHOP)
    assert (
        RefundedLine(external_line_id="703073504", sku="IPOD2008BLACK", quantity=1, restock=True),
        RefundedLine(external_line_id="466157049", sku="IPOD2008GREEN", quantity=1, restock=True),
    ) == refund.lines


def test_a_refund_sums_its_successful_refund_transactions() -> None:
    refund = map_refund(load("shopify", "refund.json"), account=SHOP)
    assert Money.of("209.00", "USD") == refund.refunded("USD")


def test_the_real_refund_transaction_dated_before_the_order_is_reported_not_fixed() -> None:
    refund = map_refund(load("shopify", "refund.json"), account=SHOP, order_placed_at=PLACED)
    assert (
        [
            ("refund.transactions[0].created_at", WarningCode.DATED_BEFORE_PARENT),
            ("refund.transactions[0].created_at", WarningCode.DATED_BEFORE_ORDER),
        ],
        pendulum.datetime(2005, 8, 5, 16, 59, 12, tz="UTC"),
    ) == (
        [(w.path, w.code) for w in refund.warnings],
        refund.transactions[0].occurred_at,
    )


def test_a_line_restock_type_overrides_the_refund_flag() -> None:
    payload = load("shopify", "refund.json")
    payload["refund"]["refund_line_items"][0]["restock_type"] = "no_restock"
    refund = map_refund(payload, account=SHOP)
    assert [False, True] == [line.restock for line in refund.lines]


def test_a_transaction_says_which_payment_command_to_record() -> None:
    operation = map_transaction(load("shopify", "transaction.json"), account=SHOP, currency="USD")
    assert (
        TransactionKind.AUTHORIZATION,
        TransactionStatus.SUCCESS,
        Money.of("409.94", "USD"),
        PaymentAction.RECORD_AUTHORIZATION,
        "authorization-key",
        ExternalRef("shopify", SHOP, "450789469"),
    ) == (
        operation.kind,
        operation.status,
        operation.amount,
        operation.action,
        operation.authorization,
        operation.order_ref,
    )


def test_a_transaction_without_currency_needs_the_orders() -> None:
    with pytest.raises(ChannelPayloadError) as caught:
        map_transaction(load("shopify", "transaction.json"), account=SHOP)
    assert "transaction.currency" == caught.value.path


def test_a_failed_transaction_records_nothing() -> None:
    payload = load("shopify", "transaction.json")
    payload["transaction"]["status"] = "failure"
    operation = map_transaction(payload, account=SHOP, currency="USD")
    assert PaymentAction.NOTHING == operation.action


def test_an_authorization_dated_before_its_order_is_reported() -> None:
    operation = map_transaction(
        load("shopify", "transaction.json"), account=SHOP, currency="USD", order_placed_at=PLACED
    )
    assert [WarningCode.DATED_BEFORE_ORDER] == [w.code for w in operation.warnings]


def test_a_fulfillment_keeps_its_lines_and_tracking() -> None:
    fulfillment = map_fulfillment(load("shopify", "fulfillment.json"), account=SHOP)
    assert (
        FulfillmentState.PENDING,
        ("466157049",),
        "null-company",
        ("1Z2345",),
        ("http://www.google.com/search?q=1Z2345",),
    ) == (
        fulfillment.status,
        tuple(line.external_line_id for line in fulfillment.lines),
        fulfillment.tracking_company,
        fulfillment.tracking_numbers,
        fulfillment.tracking_urls,
    )
