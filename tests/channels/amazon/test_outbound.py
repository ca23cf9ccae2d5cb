from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import ExternalRef, ShipmentNotice, ShippedLine, Tracking
from ordercore.channels.amazon import (
    listing_quantity_body,
    package_reference_id,
    shipment_confirmation_body,
    split_packages,
)
from ordercore.kernel.errors import ValidationError, WrongType
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


def test_the_listing_patch_merges_fulfillment_availability_per_channel_code() -> None:
    assert {
        "productType": "CLOCK",
        "patches": [
            {
                "op": "merge",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 20}],
            }
        ],
    } == listing_quantity_body("CLOCK", {"DEFAULT": 20})


def test_refuses_a_listing_patch_without_product_type_or_quantities() -> None:
    with pytest.raises(ValidationError):
        listing_quantity_body(" ", {"DEFAULT": 1})
    with pytest.raises(ValidationError):
        listing_quantity_body("CLOCK", {})


@pytest.mark.parametrize("units", [-1, True, 1.0])
def test_refuses_a_listing_quantity_that_is_not_a_whole_count(units: object) -> None:
    with pytest.raises((ValidationError, WrongType)):
        listing_quantity_body("CLOCK", {"DEFAULT": units})  # type: ignore[dict-item]


def test_package_ids_differ_per_package_and_per_shipment_of_one_order() -> None:
    ids = {package_reference_id(shipment, n) for shipment in ("SHP-1", "SHP-2") for n in (0, 1)}
    assert 4 == len(ids)


@given(st.text(min_size=1).filter(str.strip), st.integers(0, 50))
def test_a_package_id_is_a_stable_positive_number(shipment: str, package: int) -> None:
    first = package_reference_id(shipment, package)
    assert (True, first) == (0 < int(first) < 2**31, package_reference_id(shipment, package))


def test_refuses_a_package_index_that_is_not_a_whole_number_from_zero() -> None:
    with pytest.raises(ValidationError):
        package_reference_id("SHP-1", -1)


def test_units_are_dealt_to_packages_in_line_order_larger_packages_first() -> None:
    lines = [
        ShippedLine(external_line_id="A", quantity=3),
        ShippedLine(external_line_id="B", quantity=2),
    ]
    assert [[("A", 2)], [("A", 1), ("B", 1)], [("B", 1)]] == [
        [(line.external_line_id, line.quantity) for line in package]
        for package in split_packages(lines, 3)
    ]


def test_refuses_a_shipment_of_no_packages() -> None:
    with pytest.raises(ValidationError):
        split_packages(NOTICE.lines, 0)


shipped_lines = st.lists(st.integers(1, 9), min_size=1, max_size=4).map(
    lambda counts: [
        ShippedLine(external_line_id=f"item-{n}", quantity=count) for n, count in enumerate(counts)
    ]
)


@given(shipped_lines, st.integers(1, 12))
def test_packages_keep_every_unit_and_each_holds_at_least_one(
    lines: list[ShippedLine], count: int
) -> None:
    packages = split_packages(lines, count)
    per_line: dict[str, int] = {}
    for package in packages:
        for line in package:
            per_line[line.external_line_id] = per_line.get(line.external_line_id, 0) + line.quantity
    total = sum(line.quantity for line in lines)
    sizes = [sum(line.quantity for line in package) for package in packages]
    assert (
        {line.external_line_id: line.quantity for line in lines},
        min(count, total),
        True,
    ) == (per_line, len(packages), max(sizes) - min(sizes) <= 1 and min(sizes) >= 1)


@pytest.mark.parametrize(
    "codes", [Decimal("NaN"), ["AZ:1"], {"79039765272157": "AZ:1"}, {"79039765272157": [7]}]
)
def test_transparency_codes_that_are_not_a_map_of_code_lists_are_refused_by_name(
    codes: object,
) -> None:
    with pytest.raises(WrongType, match="transparency_codes"):
        shipment_confirmation_body(
            NOTICE,
            marketplace_id="ATVPDKIKX0DER",
            transparency_codes=codes,  # type: ignore[arg-type]
        )
