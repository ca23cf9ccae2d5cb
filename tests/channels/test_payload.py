from decimal import Decimal

import pendulum
import pytest

from ordercore.channels import ChannelPayloadError, Node
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import CurrencyTable, Money

USD = CurrencyTable.default().get("USD")
ORDER = Node.root({"order": {"line_items": [{"price": "199.00"}, {"price": 1.5}]}}, "shopify")


def test_names_the_json_path_of_a_float_price() -> None:
    price = ORDER.get("order").get("line_items").items()[1].get("price")
    with pytest.raises(ChannelPayloadError) as caught:
        price.money(USD)
    assert ("order.line_items[1].price", 1.5) == (caught.value.path, caught.value.value)


def test_a_payload_error_is_a_validation_error_naming_the_channel() -> None:
    with pytest.raises(ValidationError) as caught:
        ORDER.get("order").get("currency")
    assert ("shopify", "order.currency") == (caught.value.fields["channel"], caught.value.field)


def test_reads_a_unit_price_string_exactly() -> None:
    price = ORDER.get("order").get("line_items").items()[0].get("price")
    assert Money.of("199.00", "USD") == price.money(USD)


def test_refuses_excess_precision_in_an_amount() -> None:
    with pytest.raises(ChannelPayloadError):
        Node.root("1.005", "shopify").money(USD)


def test_refuses_a_negative_amount_unless_allowed() -> None:
    node = Node.root(Decimal("-1.00"), "shopify")
    with pytest.raises(ChannelPayloadError):
        node.money(USD)
    assert Money.of("-1.00", "USD") == node.money(USD, allow_negative=True)


@pytest.mark.parametrize("value", [1.0, True, "2", -1])
def test_refuses_a_quantity_that_is_not_a_whole_non_negative_int(value: object) -> None:
    with pytest.raises(ChannelPayloadError):
        Node.root(value, "amazon").integer()


def test_reads_an_instant_with_its_offset() -> None:
    at = Node.root("2008-01-10T11:00:00-05:00", "shopify").instant()
    assert pendulum.datetime(2008, 1, 10, 16, tz="UTC") == at


def test_refuses_a_naive_date_time() -> None:
    with pytest.raises(ChannelPayloadError):
        Node.root("2008-01-10T11:00:00", "shopify").instant()


@pytest.mark.parametrize(("value", "expected"), [("false", False), ("TRUE", True), (False, False)])
def test_reads_booleans_that_arrive_as_strings(value: object, expected: bool) -> None:
    assert expected == Node.root(value, "amazon").boolean()


def test_refuses_a_boolean_that_is_neither_true_nor_false() -> None:
    with pytest.raises(ChannelPayloadError):
        Node.root("yes", "amazon").boolean()


def test_reads_integer_and_string_ids_as_text() -> None:
    assert ("450789469", "902-1845936-5435065") == (
        Node.root(450789469, "shopify").identifier(),
        Node.root("902-1845936-5435065", "amazon").identifier(),
    )


def test_reads_a_calendar_date_and_refuses_a_date_time_there() -> None:
    assert pendulum.date(2026, 12, 26) == Node.root("2026-12-26", "quickbooks").date()
    with pytest.raises(ChannelPayloadError):
        Node.root("2026-12-26T00:00:00Z", "quickbooks").date()
