import pytest

from ordercore.domain.catalogue.product import Dimensions
from ordercore.domain.orders import Address
from ordercore.domain.warehouse.cartonization import Box, Item, Package, choose_boxes
from ordercore.domain.warehouse.labels import Label, label_for
from ordercore.domain.warehouse.sscc import SsccConfig
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money

WAREHOUSE = Address(
    name="Shop", line1="1 Dock Rd", city="Hamburg", postal_code="20095", country="DE"
)
HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
BOX = Box(
    "M", Dimensions(300, 250, 200), 5000, 200, Money.of("0.70", "EUR"), Dimensions(310, 260, 210)
)
SSCC = SsccConfig(0, "0614141").issue(123456789)


def a_package() -> Package:
    return choose_boxes([Item("MUG", Dimensions(120, 90, 100), 350)] * 2, [BOX]).packages[0]


def test_a_label_carries_the_package_weight_and_box_size_and_the_sscc() -> None:
    label = label_for(
        a_package(), SSCC, ship_from=WAREHOUSE, ship_to=HOME, service="DHL Paket",
        references=["order-1", "SHP-1"],
    )  # fmt: skip
    expected = Label(
        WAREHOUSE, HOME, 900, Dimensions(310, 260, 210), "DHL Paket", ("order-1", "SHP-1"), SSCC
    )
    assert expected == label
    assert "(00)006141411234567890" == label.element_string


def test_a_label_refuses_a_repeated_reference_and_a_missing_service() -> None:
    with pytest.raises(ValidationError):
        label_for(a_package(), SSCC, ship_from=WAREHOUSE, ship_to=HOME, service="DHL",
                  references=["order-1", "order-1"])  # fmt: skip
    with pytest.raises(ValidationError):
        label_for(a_package(), SSCC, ship_from=WAREHOUSE, ship_to=HOME, service=" ")
    with pytest.raises(WrongType):
        label_for(a_package(), "006141411234567890", ship_from=WAREHOUSE, ship_to=HOME,  # type: ignore[arg-type]
                  service="DHL")  # fmt: skip
