import pendulum
import pytest

from ordercore.channels import ExternalRef, ShipmentNotice, ShippedLine, Tracking
from ordercore.channels.amazon import shipment_confirmation_body
from ordercore.kernel.errors import ValidationError
from tests.channels.helpers import load

NOTICE = ShipmentNotice(
    order_ref=ExternalRef("amazon", "seller-us", "902-1106328-1059050"),
    lines=(ShippedLine(external_line_id="79039765272157", quantity=1),),
    tracking=Tracking(
        carrier="FedEx", carrier_name="FedEx", service="FedEx Ground", number="112345678"
    ),
    shipped_at=pendulum.datetime(2022, 2, 10, 20, tz="America/New_York"),
)


def test_the_shipment_confirmation_is_the_sandbox_request_body() -> None:
    example = load("amazon", "orders-v0-sandbox.json")["examples"][
        "POST /orders/v0/orders/{orderId}/shipmentConfirmation requests"
    ][0]
    assert example["parameters"]["body"]["value"] == shipment_confirmation_body(
        NOTICE,
        marketplace_id="ATVPDKIKX0DER",
        ship_from_supply_source_id="057d3fcc-b750-419f-bbcd-4d340c60c430",
        transparency_codes={"79039765272157": ["09876543211234567890"]},
    )


def test_the_ship_date_is_written_in_utc_with_milliseconds() -> None:
    body = shipment_confirmation_body(NOTICE, marketplace_id="ATVPDKIKX0DER")
    assert "2022-02-11T01:00:00.000Z" == body["packageDetail"]["shipDate"]


def test_refuses_a_confirmation_without_marketplace() -> None:
    with pytest.raises(ValidationError):
        shipment_confirmation_body(NOTICE, marketplace_id=" ")
