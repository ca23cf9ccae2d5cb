import pendulum
import pytest

from ordercore.domain.orders import Bucket, Discount, LineId, OrderLine, QuantityLedger
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Currency, Money

USD = Currency("USD", 2)
AT = pendulum.datetime(2026, 12, 7, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, USD)


def test_a_new_line_equals_the_one_its_constructor_builds() -> None:
    built = OrderLine(
        id=LineId("line-1"),
        sku=Sku("CLOCK"),
        unit_price=usd("9.99"),
        ledger=QuantityLedger(unallocated=2),
    )
    made = OrderLine.new(
        line_id=LineId("line-1"), sku="CLOCK", quantity=2, unit_price=usd("9.99"), currency=USD
    )
    assert (built, repr(built)) == (made, repr(made))


def test_a_moved_line_keeps_its_fields_and_dates_its_first_shipment() -> None:
    line = OrderLine.new(
        line_id=LineId("line-1"), sku="CLOCK", quantity=2, unit_price=usd("9.99"), currency=USD
    )
    packed = line.with_ledger(QuantityLedger(packed=2))
    expected = OrderLine(
        id=LineId("line-1"),
        sku=Sku("CLOCK"),
        unit_price=usd("9.99"),
        ledger=QuantityLedger(packed=1, shipped=1),
        first_shipped_at=AT,
    )
    assert expected == packed.moved(Bucket.PACKED, Bucket.SHIPPED, 1, AT)


def test_a_line_with_a_new_ledger_is_checked_by_the_line_rule() -> None:
    line = OrderLine(
        id=LineId("line-1"),
        sku=Sku("CLOCK"),
        unit_price=usd("10.00"),
        discounts=(Discount(code_or_reason="TEN", amount=usd("10.00")),),
        ledger=QuantityLedger(unallocated=1),
    )
    with pytest.raises(ValidationError) as caught:
        line.with_ledger(QuantityLedger())  # no unit left: the discount exceeds the subtotal
    assert "discounts" == caught.value.field
