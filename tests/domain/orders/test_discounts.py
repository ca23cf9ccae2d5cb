from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ordercore.domain.orders import Discount, ShippingCharge
from ordercore.domain.orders.lines import OrderLine
from ordercore.domain.orders.pricing import OrderTotals
from ordercore.domain.orders.values import DiscountScope, DiscountTerms, LineId
from ordercore.domain.returns import OrderFigures, RefundPolicy, refund_share
from ordercore.kernel.currencies import DEFAULT_TABLE
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.ports.codec import Codec

from .helpers import NOW, clock_and_vase, draft, eur

EUR = DEFAULT_TABLE.get("EUR")


def test_a_percentage_is_taken_of_the_net_and_rounded_once_as_named() -> None:
    rounded = [
        Discount.percentage("TEN", "10", of=eur("0.25"), rounding=mode).amount
        for mode in (Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.DOWN)
    ]
    assert [eur("0.03"), eur("0.02"), eur("0.02")] == rounded


def test_a_percentage_discount_remembers_how_it_was_computed() -> None:
    discount = Discount.percentage("TEN", Decimal("12.5"), of=eur("80.00"))
    assert (eur("10.00"), Decimal("12.5"), eur("80.00"), DiscountScope.GOODS) == (
        discount.amount,
        discount.percent,
        discount.base,
        discount.scope,
    )


def test_an_amount_discount_is_still_a_plain_discount_applying_to_goods_only() -> None:
    discount = Discount(code_or_reason="WELCOME", amount=eur("5.00"))
    assert (Discount, None, DiscountScope.GOODS) == (
        type(discount),
        discount.percent,
        discount.scope,
    )


def test_an_amount_discount_is_stored_exactly_as_before() -> None:
    document = Codec().encode(Discount(code_or_reason="WELCOME", amount=eur("5.00")))
    assert isinstance(document, dict)
    assert {"__type__", "code_or_reason", "amount"} == set(document)


def test_a_percentage_discount_is_stored_and_read_back() -> None:
    codec = Codec()
    discount = Discount.percentage("TEN", "10", of=eur("33.35"), rounding=Rounding.HALF_EVEN)
    assert discount == codec.decode(Discount, codec.encode(discount))


@pytest.mark.parametrize("percent", ["-1", "100.01", "NaN", "ten"])
def test_refuses_a_percentage_outside_zero_to_a_hundred(percent: str) -> None:
    with pytest.raises(ValidationError, match="percent"):
        Discount.percentage("BAD", percent, of=eur("10.00"))


def test_refuses_a_float_percentage() -> None:
    with pytest.raises(WrongType, match="percent"):
        Discount.percentage("BAD", 10.0, of=eur("10.00"))  # type: ignore[arg-type]


def test_refuses_a_percentage_without_its_base() -> None:
    with pytest.raises(ValidationError, match="base"):
        DiscountTerms(code_or_reason="X", amount=eur("1.00"), percent_off=Decimal(10))


def test_a_percentage_line_discount_comes_off_the_line() -> None:
    order = draft()
    line = order.add_line(
        "RETRO-CLOCK",
        3,
        eur("19.99"),
        NOW,
        discounts=[Discount.percentage("TEN", 10, of=eur("59.97"))],
    )
    assert line.line_id is not None
    added = order.lines[line.line_id]
    assert (eur("6.00"), eur("53.97")) == (added.discount_total, added.net)


def test_an_order_discount_stays_off_the_goods_by_default() -> None:
    order = clock_and_vase()
    assert (eur("5.00"), eur("0.00")) == order.totals.discount_split()


def test_an_order_discount_on_goods_and_shipping_is_split_by_largest_remainder() -> None:
    order = clock_and_vase(placed=False)
    order.discounts = (Discount.on_goods_and_shipping("FREESHIP", eur("10.00")),)
    # 10.00 over 95.00 goods and 4.90 shipping: 9.5095... and 0.4905...: 9.51 and 0.49
    assert (eur("9.51"), eur("0.49")) == order.totals.discount_split()
    assert eur("10.00") == order.order_discount_total


def test_the_order_total_is_the_same_wherever_the_discount_lands() -> None:
    goods_only = clock_and_vase(placed=False)
    goods_only.discounts = (Discount(code_or_reason="TEN", amount=eur("10.00")),)
    shared = clock_and_vase(placed=False)
    shared.discounts = (Discount.on_goods_and_shipping("TEN", eur("10.00")),)
    assert goods_only.total == shared.total


def test_cancelling_a_whole_order_gives_back_its_total_with_the_shipping_share_off() -> None:
    order = clock_and_vase(placed=False)
    order.discounts = (
        Discount.percentage("TEN", 10, of=eur("99.90"), scope=DiscountScope.GOODS_AND_SHIPPING),
    )
    order.place(NOW)
    result = order.cancel("customer asked", NOW)
    assert (order.total, eur("4.41")) == (result.total, result.shipping)


def test_a_hundred_percent_off_goods_and_shipping_leaves_nothing_to_pay() -> None:
    order = draft(shipping=[ShippingCharge(method="DHL", amount=eur("4.90"))])
    order.add_line("RETRO-CLOCK", 3, eur("19.99"), NOW)
    order.add_line("BLUE-VASE", 1, eur("35.00"), NOW)
    everything = order.totals.net + order.shipping_total
    order.discounts = (
        Discount.percentage("ALL", 100, of=everything, scope=DiscountScope.GOODS_AND_SHIPPING),
    )
    order.place(NOW)
    assert eur("0.00") == order.total


def test_refuses_to_place_an_order_whose_discounts_exceed_goods_and_shipping() -> None:
    order = clock_and_vase(placed=False)
    order.discounts = (Discount.on_goods_and_shipping("TOO-MUCH", eur("100.00")),)
    with pytest.raises(ValidationError, match="discounts"):
        order.place(NOW)


def test_refuses_goods_only_discounts_that_leave_the_shared_one_no_room_on_the_goods() -> None:
    order = clock_and_vase(placed=False)
    order.discounts = (
        Discount(code_or_reason="BIG", amount=eur("95.00")),
        Discount.on_goods_and_shipping("SHIP", eur("4.00")),
    )
    with pytest.raises(ValidationError, match="net amount"):
        order.place(NOW)


def _line(index: int, quantity: int, price_minor: int, discount_minor: int) -> OrderLine:
    price = Money.from_minor(price_minor, "EUR")
    off = min(discount_minor, price_minor * quantity)
    return OrderLine.new(
        line_id=LineId(f"line-{index}"),
        sku=f"SKU-{index}",
        quantity=quantity,
        unit_price=price,
        currency=EUR,
        discounts=[Discount(code_or_reason="LINE", amount=Money.from_minor(off, "EUR"))]
        if off
        else [],
    )


@st.composite
def priced_orders(draw: st.DrawFn) -> OrderTotals:
    """Lines, shipping and one goods-only plus one goods-and-shipping discount that fit."""
    lines = tuple(
        _line(i, draw(st.integers(1, 9)), draw(st.integers(0, 50_000)), draw(st.integers(0, 999)))
        for i in range(draw(st.integers(1, 5)))
    )
    net = sum(line.net.minor_units for line in lines)
    shipping = draw(st.integers(0, 5_000))
    goods_only = draw(st.integers(0, net))
    shared = draw(st.integers(0, net - goods_only + shipping))
    percent = draw(st.decimals(0, 100, places=2))
    base = Money.from_minor(shared, "EUR")
    discounts = (
        Discount(code_or_reason="GOODS", amount=Money.from_minor(goods_only, "EUR")),
        Discount.percentage(
            "SHARED",
            percent,
            of=base,
            rounding=draw(st.sampled_from(Rounding)),
            scope=DiscountScope.GOODS_AND_SHIPPING,
        ),
    )
    return OrderTotals(
        currency=EUR,
        lines=lines,
        discounts=discounts,
        shipping=(ShippingCharge(method="post", amount=Money.from_minor(shipping, "EUR")),),
    )


def _fits(totals: OrderTotals) -> bool:
    try:
        totals.check_discounts_fit()
    except ValidationError:
        return False
    return True


@given(priced_orders())
def test_discount_splits_sum_to_the_discount_and_never_exceed_a_line_or_the_shipping(
    totals: OrderTotals,
) -> None:
    goods, shipping = totals.discount_split()
    shares = totals.order_discount_shares()
    assert totals.order_discount_total == goods + shipping
    assert goods == sum_money(shares.values(), "EUR")
    if _fits(totals):
        assert shipping <= totals.shipping_total
        assert all(shares[line.id] <= line.net for line in totals.lines)


@given(priced_orders())
def test_refunding_every_unit_and_the_shipping_gives_back_the_order_total(
    totals: OrderTotals,
) -> None:
    assume(_fits(totals))
    figures = OrderFigures.from_totals(totals)
    given_back: dict[str, int] = {}
    refunded = []
    policy = RefundPolicy(refund_shipping=True)
    for line in totals.lines:
        for _ in range(line.quantity):
            refunded.append(refund_share(figures, given_back, {str(line.id): 1}, policy))
            given_back[str(line.id)] = given_back.get(str(line.id), 0) + 1
    assert totals.total == sum_money(refunded, "EUR")
