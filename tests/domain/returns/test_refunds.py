from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders.lines import OrderLine
from ordercore.domain.orders.pricing import OrderTotals
from ordercore.domain.orders.values import Discount, LineId, ShippingCharge, TaxLine
from ordercore.domain.returns import (
    LineFigures,
    OrderFigures,
    OverReturn,
    RefundPolicy,
    ReturnReason,
    UnknownReturnLine,
    refund_breakdown,
    refund_quote,
    refund_share,
    remaining_share,
    share_of_more,
)
from ordercore.domain.returns.refunds import _line_figures
from ordercore.kernel.currencies import DEFAULT_TABLE
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money, allocate

from .support import usd

USD = DEFAULT_TABLE.get("USD")
REFUND_SHIPPING = RefundPolicy(refund_shipping=True)


def _line(line_id: str, sku: str, quantity: int, price: str, tax: str) -> OrderLine:
    return OrderLine.new(
        line_id=LineId(line_id),
        sku=sku,
        quantity=quantity,
        unit_price=usd(price),
        currency=USD,
        tax_lines=[TaxLine(name="VAT", rate=Decimal("0.07"), amount=usd(tax))],
    )


def _ten_percent_off_order() -> OrderTotals:
    """3 clocks at 19.99 and 7 mugs at 3.33, 10% off the order, shipping 4.99 + 0.35 tax."""
    lines = (
        _line("line-1", "RETRO-CLOCK", 3, "19.99", "3.78"),
        _line("line-2", "MOON-MUG", 7, "3.33", "1.47"),
    )
    net = sum((line.net for line in lines), Money.zero("USD"))  # 59.97 + 23.31 = 83.28
    discount = Discount(code_or_reason="TENOFF", amount=usd("8.33"))
    assert usd("83.28") == net
    shipping = ShippingCharge(method="ground", amount=usd("4.99"), tax=usd("0.35"))
    return OrderTotals(currency=USD, lines=lines, discounts=(discount,), shipping=(shipping,))


def test_an_order_with_a_ten_percent_discount_refunded_unit_by_unit_gives_back_its_total() -> None:
    totals = _ten_percent_off_order()
    figures = OrderFigures.from_totals(totals)
    given_back: dict[str, int] = {}
    refunded = []
    for line_id, quantity in (("line-2", 7), ("line-1", 3)):
        for _ in range(quantity):
            refunded.append(refund_share(figures, given_back, {line_id: 1}, REFUND_SHIPPING))
            given_back[line_id] = given_back.get(line_id, 0) + 1
    assert totals.total == sum(refunded, Money.zero("USD"))


def test_an_order_refunded_line_by_line_gives_back_its_total_less_shipping_by_default() -> None:
    totals = _ten_percent_off_order()
    figures = OrderFigures.from_totals(totals)
    first = refund_share(figures, {}, {"line-1": 3})
    second = refund_share(figures, {"line-1": 3}, {"line-2": 7})
    assert totals.total - totals.shipping_charged == first + second


def test_a_unit_is_worth_its_share_of_price_discount_and_tax() -> None:
    figures = OrderFigures(
        "USD", [LineFigures("line-1", 2, usd("40.00"), usd("4.00"), usd("3.60"))]
    )
    share = refund_breakdown(figures, {}, {"line-1": 1})
    assert (usd("20.00"), usd("2.00"), usd("1.80"), usd("19.80")) == (
        share.price,
        share.discount,
        share.tax,
        share.total,
    )


def test_one_unit_worth_twenty_never_refunds_forty() -> None:
    figures = OrderFigures("USD", [LineFigures("line-1", 2, usd("40.00"), usd("0.00"), usd("0"))])
    assert usd("20.00") == refund_share(figures, {}, {"line-1": 1})


def test_the_cent_that_does_not_divide_goes_to_one_unit_and_the_sum_stays_exact() -> None:
    figures = OrderFigures("USD", [LineFigures("line-1", 3, usd("10.00"), usd("0"), usd("0"))])
    shares = [refund_share(figures, {"line-1": k}, {"line-1": 1}) for k in range(3)]
    assert [usd("3.33"), usd("3.34"), usd("3.33")] == shares
    assert usd("10.00") == sum(shares, Money.zero("USD"))


def test_refund_everything_that_is_left_without_naming_an_amount() -> None:
    figures = OrderFigures.from_totals(_ten_percent_off_order())
    first = refund_share(figures, {}, {"line-1": 1}, REFUND_SHIPPING)
    rest = remaining_share(figures, {"line-1": 1}, REFUND_SHIPPING)
    assert figures.paid() == first + rest


def test_refuses_to_share_more_units_than_the_line_has() -> None:
    figures = OrderFigures("USD", [LineFigures("line-1", 2, usd("40.00"), usd("0"), usd("0"))])
    with pytest.raises(OverReturn):
        refund_share(figures, {"line-1": 1}, {"line-1": 2})


def test_refuses_a_line_the_figures_do_not_know() -> None:
    figures = OrderFigures("USD", [LineFigures("line-1", 2, usd("40.00"), usd("0"), usd("0"))])
    with pytest.raises(UnknownReturnLine):
        refund_share(figures, {}, {"line-9": 1})


def test_refuses_figures_in_two_currencies() -> None:
    eur = Money.of("1.00", "EUR")
    with pytest.raises(ValidationError):
        OrderFigures("USD", [LineFigures("line-1", 1, eur, Money.zero("EUR"), eur)])


def test_a_restocking_fee_is_kept_of_the_goods_unless_the_merchant_was_at_fault() -> None:
    figures = OrderFigures(
        "USD",
        [
            LineFigures("line-1", 2, usd("40.00"), usd("0"), usd("4.00")),
            LineFigures("line-2", 1, usd("15.00"), usd("0"), usd("0")),
        ],
    )
    policy = RefundPolicy(restocking_fee_rate=Decimal("0.15"))
    quote = refund_quote(
        figures,
        {},
        {"line-1": (1, ReturnReason.NO_LONGER_WANTED), "line-2": (1, ReturnReason.DEFECTIVE)},
        policy,
    )
    assert (usd("37.00"), usd("3.00"), usd("34.00")) == (quote.share, quote.fee, quote.due)


def test_refuses_a_restocking_fee_rate_above_one() -> None:
    with pytest.raises(ValidationError):
        RefundPolicy(restocking_fee_rate=Decimal("1.5"))


@st.composite
def order_figures(draw: st.DrawFn) -> OrderFigures:
    """1-4 lines with any price, discount (at most the price) and tax, and any shipping."""
    lines = []
    for index in range(draw(st.integers(1, 4))):
        price = draw(st.integers(0, 100_000))
        lines.append(
            LineFigures(
                f"line-{index + 1}",
                draw(st.integers(1, 6)),
                Money.from_minor(price, "USD"),
                Money.from_minor(draw(st.integers(0, price)), "USD"),
                Money.from_minor(draw(st.integers(0, 10_000)), "USD"),
            )
        )
    return OrderFigures("USD", lines, shipping=Money.from_minor(draw(st.integers(0, 2000)), "USD"))


@st.composite
def returns_in_any_order(draw: st.DrawFn, figures: OrderFigures) -> list[dict[str, int]]:
    """Every unit of the order, shuffled, cut into returns of 1-3 units each."""
    units = [k for k, line in figures.lines.items() for _ in range(line.quantity)]
    shuffled = draw(st.permutations(units))
    returns: list[dict[str, int]] = []
    index = 0
    while index < len(shuffled):
        size = draw(st.integers(1, 3))
        batch: dict[str, int] = {}
        for line_id in shuffled[index : index + size]:
            batch[line_id] = batch.get(line_id, 0) + 1
        returns.append(batch)
        index += size
    return returns


def _refund_all(
    figures: OrderFigures, returns: list[dict[str, int]], policy: RefundPolicy
) -> tuple[list[Money], list[dict[str, int]]]:
    so_far: dict[str, int] = {}
    shares, progress = [], []
    for batch in returns:
        shares.append(refund_share(figures, so_far, batch, policy))
        for line_id, units in batch.items():
            so_far[line_id] = so_far.get(line_id, 0) + units
        progress.append(dict(so_far))
    return shares, progress


@given(st.data(), st.booleans())
def test_refunding_every_unit_in_any_order_and_split_gives_back_exactly_what_was_paid(
    data: st.DataObject, shipping: bool
) -> None:
    figures = data.draw(order_figures())
    returns = data.draw(returns_in_any_order(figures))
    shares, _ = _refund_all(figures, returns, RefundPolicy(refund_shipping=shipping))
    assert figures.paid(with_shipping=shipping) == sum(shares, Money.zero("USD"))
    assert all(not share.is_negative() for share in shares)


@given(st.data())
def test_partial_returns_add_up_to_the_share_of_the_same_units_returned_at_once(
    data: st.DataObject,
) -> None:
    figures = data.draw(order_figures())
    returns = data.draw(returns_in_any_order(figures))
    shares, progress = _refund_all(figures, returns, REFUND_SHIPPING)
    for count in range(1, len(shares) + 1):
        at_once = refund_share(figures, {}, progress[count - 1], REFUND_SHIPPING)
        assert at_once == sum(shares[:count], Money.zero("USD"))


def _figures_by_constructor(totals: OrderTotals) -> OrderFigures:
    shares = totals.order_discount_shares()
    lines = [
        LineFigures(
            str(line.id),
            line.quantity,
            line.subtotal,
            line.discount_total + shares[line.id],
            line.tax_total,
        )
        for line in totals.lines
    ]
    return OrderFigures(totals.currency.code, lines, shipping=totals.shipping_charged)


@pytest.mark.parametrize(
    ("discounted", "shipped"),
    [(True, True), (False, True), (True, False), (False, False)],
    ids=["discount and shipping", "shipping", "discount", "neither"],
)
def test_figures_from_totals_are_the_figures_the_constructors_build(
    discounted: bool, shipped: bool
) -> None:
    whole = _ten_percent_off_order()
    totals = OrderTotals(
        currency=USD,
        lines=whole.lines,
        discounts=whole.discounts if discounted else (),
        shipping=whole.shipping if shipped else (),
    )
    expected = _figures_by_constructor(totals)
    actual = OrderFigures.from_totals(totals)
    assert (expected, repr(expected)) == (actual, repr(actual))
    assert [(f, hash(f), repr(f)) for f in expected.lines.values()] == [
        (f, hash(f), repr(f)) for f in actual.lines.values()
    ]


@pytest.mark.parametrize(
    ("quantity", "discount"), [(1, "6.00"), (0, "0.00")], ids=["discount above price", "no unit"]
)
def test_line_figures_the_constructor_refuses_are_refused_alike_by_slots(
    quantity: int, discount: str
) -> None:
    parts = ("line-1", quantity, usd("5.00"), usd(discount), usd("0.00"))
    with pytest.raises(ValidationError) as expected:
        LineFigures(*parts)
    with pytest.raises(ValidationError) as actual:
        _line_figures(*parts)
    assert str(expected.value) == str(actual.value)


def _first_of_two(amount: Money, units: int, of: int) -> Money:
    """What the shares are pinned to: allocate()'s first part of ``[units, of - units]``."""
    if units >= of:
        return amount
    if units <= 0:
        return Money.zero(amount.currency)
    return allocate(amount, [units, of - units])[0]


@given(
    st.sampled_from(["USD", "JPY", "BHD"]),
    st.one_of(st.integers(0, 100), st.integers(0, 10**24)),
    st.integers(1, 1000),
    st.data(),
)
def test_the_share_of_more_units_is_the_difference_of_two_allocations(
    currency: str, minor: int, of: int, data: st.DataObject
) -> None:
    amount = Money.from_minor(minor, currency)
    already = data.draw(st.integers(0, of))
    more = data.draw(st.integers(0, of - already))
    expected = _first_of_two(amount, already + more, of) - _first_of_two(amount, already, of)
    actual = share_of_more(amount, already, more, of)
    assert (expected, repr(expected)) == (actual, repr(actual))
