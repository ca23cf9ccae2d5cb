import pytest

from ordercore.channels import ExternalRef, ShipmentNotice, ShippedLine, Tracking
from ordercore.channels.shopify import fulfillment_body, inventory_level_body
from ordercore.kernel.errors import ValidationError
from tests.channels.helpers import NOW, load

NOTICE = ShipmentNotice(
    order_ref=ExternalRef("shopify", "retro-shop", "450789469"),
    lines=(ShippedLine(external_line_id="466157049", quantity=1),),
    tracking=Tracking(carrier="UPS", number="1Z2345", url="http://www.google.com/search?q=1Z2345"),
    shipped_at=NOW,
)


def test_an_inventory_level_body_is_what_shopify_sets() -> None:
    level = load("shopify", "inventory_level.json")["inventory_level"]
    assert {
        "location_id": level["location_id"],
        "inventory_item_id": level["inventory_item_id"],
        "available": level["available"],
    } == inventory_level_body("808950810", 905684977, 6)


def test_refuses_to_publish_a_negative_level() -> None:
    with pytest.raises(ValidationError):
        inventory_level_body(808950810, 905684977, -1)


def test_refuses_an_id_that_shopify_would_not_know() -> None:
    with pytest.raises(ValidationError):
        inventory_level_body("RETRO-CLOCK", 905684977, 1)


def test_a_fulfillment_body_carries_the_lines_and_tracking() -> None:
    assert {
        "fulfillment": {
            "tracking_number": "1Z2345",
            "tracking_numbers": ["1Z2345"],
            "tracking_company": "UPS",
            "tracking_urls": ["http://www.google.com/search?q=1Z2345"],
            "line_items": [{"id": 466157049, "quantity": 1}],
            "notify_customer": True,
            "location_id": 905684977,
        }
    } == fulfillment_body(NOTICE, location_id=905684977)


def test_a_fulfillment_body_reads_back_as_a_fulfillment_with_the_same_lines() -> None:
    body = fulfillment_body(NOTICE)["fulfillment"]
    assert [(466157049, 1)] == [(li["id"], li["quantity"]) for li in body["line_items"]]


def test_refuses_a_shipment_of_no_lines() -> None:
    with pytest.raises(ValidationError):
        ShipmentNotice(
            order_ref=NOTICE.order_ref, lines=(), tracking=NOTICE.tracking, shipped_at=NOW
        )
