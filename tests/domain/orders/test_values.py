from decimal import Decimal

import pytest
from hypothesis import given

from ordercore.domain.orders import Address, ChannelRef, Discount, ShippingCharge, TaxLine
from ordercore.domain.orders.values import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money
from ordercore.testing.strategies_orders import addresses, channel_refs

from .helpers import eur


def test_accepts_an_address_with_an_iso_country() -> None:
    address = Address(
        name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE"
    )
    assert "DE" == address.country


@pytest.mark.parametrize("country", ["de", "DEU", "", "D1"])
def test_refuses_a_country_that_is_not_iso_alpha_2(country: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="1", country=country)
    assert "country" == caught.value.field


def test_refuses_an_address_without_a_city() -> None:
    with pytest.raises(ValidationError) as caught:
        Address(name="Ada", line1="1 Main St", city="  ", postal_code="1", country="DE")
    assert "city" == caught.value.field


def test_refuses_a_channel_ref_without_an_external_id() -> None:
    with pytest.raises(ValidationError) as caught:
        ChannelRef(channel="shopify", account="main", external_id="", external_version="1")
    assert "external_id" == caught.value.field


def test_refuses_a_float_tax_rate() -> None:
    with pytest.raises(WrongType):
        TaxLine(name="VAT", rate=0.19, amount=eur("1.00"))  # type: ignore[arg-type]


def test_refuses_a_negative_discount() -> None:
    with pytest.raises(ValidationError) as caught:
        Discount(code_or_reason="OOPS", amount=eur("-1.00"))
    assert "amount" == caught.value.field


def test_totals_a_shipping_charge_with_its_tax() -> None:
    charge = ShippingCharge(method="DHL", amount=eur("4.90"), tax=eur("0.93"))
    assert eur("5.83") == charge.total


def test_refuses_shipping_tax_in_another_currency() -> None:
    with pytest.raises(ValidationError):
        ShippingCharge(method="DHL", amount=eur("4.90"), tax=Money.of("1", "JPY"))


@pytest.mark.parametrize("value", [True, 1.0, "3", None])
def test_refuses_a_quantity_that_is_not_a_whole_int(value: object) -> None:
    with pytest.raises(WrongType):
        require_quantity("quantity", value)


def test_refuses_a_negative_quantity() -> None:
    with pytest.raises(ValidationError) as caught:
        require_quantity("quantity", -1)
    assert -1 == caught.value.value


def test_keeps_a_decimal_rate_exact() -> None:
    assert Decimal("0.19") == TaxLine(name="VAT", rate=Decimal("0.19"), amount=eur("1.90")).rate


@given(addresses())
def test_every_drawn_address_is_valid_and_upper_case(address: Address) -> None:
    assert address.country.upper() == address.country


@given(channel_refs())
def test_every_drawn_channel_ref_has_a_version(ref: ChannelRef) -> None:
    assert bool(ref.external_version) == True  # noqa: E712
