"""Orders invoiced on shipment carry their order discount on their shipment invoices (#16, #17).

Each shipment's invoice carries its units' share of the goods part of the order discount (each
line's share spread over its units by largest remainder, the invoice that takes a line's last
units taking the rest), and the first shipment's invoice carries the shipping less the
discount's shipping part. So the order's invoices sum to its total whatever the split into
shipments, and returning every unit refunds exactly what was invoiced.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.orders import Discount, InvoicingPolicy, Order
from ordercore.domain.orders.values import DiscountScope
from ordercore.kernel.money import Money, sum_money
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, HOME, T, eur, shop
from tests.service.split_helpers import (
    CLOCK,
    VASE,
    invoices_in,
    pay_and_deliver,
    placed_order,
    return_in_parts,
    return_units,
    ship_in_parts,
)


def test_an_order_with_ten_percent_off_shipped_in_three_parcels_is_invoiced_its_total() -> None:
    # 10% of 60.00 of clocks is 6.00 off: 2.00 a clock
    ten_off = Discount.percentage("TENOFF", 10, of=CLOCK * 3)
    engine, store, total = placed_order("4.99", ten_off)

    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)

    invoices = invoices_in(store)
    assert [eur("22.99"), eur("18.00"), eur("18.00")] == [i.total for i in invoices]
    assert [eur("2.00")] * 3 == [i.totals.order_discount for i in invoices]
    assert eur("58.99") == total
    assert total == sum_money((i.total for i in invoices), "EUR")


def test_the_last_shipment_takes_the_rest_of_a_discount_that_does_not_split_evenly() -> None:
    engine, store, total = placed_order("0.00", Discount(code_or_reason="TEN", amount=eur("10.00")))

    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)

    # 10.00 over three clocks: 3.33 (round 3.333), 3.34 (6.67 - 3.33), 3.33 (the rest)
    discounts = [i.totals.order_discount for i in invoices_in(store)]
    assert [eur("3.33"), eur("3.34"), eur("3.33")] == discounts
    assert total == sum_money((i.total for i in invoices_in(store)), "EUR")


def test_a_discount_on_goods_and_shipping_comes_off_the_first_shipments_shipping() -> None:
    # 10% of 60.00 goods + 10.00 shipping = 7.00: 6.00 off the goods, 1.00 off the shipping
    off = Discount.percentage(
        "TENOFF", 10, of=CLOCK * 3 + eur("10.00"), scope=DiscountScope.GOODS_AND_SHIPPING
    )
    engine, store, total = placed_order("10.00", off)

    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.ship_line("order-1", CLOCK_LINE, 1)

    first, second = invoices_in(store)
    assert first.totals.shipping is not None
    assert eur("9.00") == first.totals.shipping.total
    assert (eur("5.00"), eur("2.00")) == (
        first.totals.order_discount,  # 4.00 off two clocks, 1.00 off the shipping
        second.totals.order_discount,
    )
    assert total == first.total + second.total


def test_a_line_discount_shipped_unit_by_unit_is_invoiced_whole_not_a_cent_short() -> None:
    nothing_off = Discount(code_or_reason="NONE", amount=eur("0.00"))
    line_off = Discount(code_or_reason="LINE", amount=eur("1.00"))
    engine, store, total = placed_order("0.00", nothing_off, clock_discount=line_off)

    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)

    # 1.00 over three clocks: 0.33, 0.34, 0.33 (each invoice the value of its unit after the
    # ones before), not 0.33 three times
    shares = [i.totals.lines[0].line_discount for i in invoices_in(store)]
    assert [eur("0.33"), eur("0.34"), eur("0.33")] == shares
    assert total == sum_money((i.total for i in invoices_in(store)), "EUR")


def test_returning_each_unit_of_a_discounted_order_refunds_exactly_what_was_invoiced() -> None:
    engine, store, _ = placed_order("0.00", Discount(code_or_reason="TEN", amount=eur("10.00")))
    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.ship_line("order-1", CLOCK_LINE, 1)
    paid = pay_and_deliver(engine, store)

    refunds = [return_units(engine, {CLOCK_LINE: 1}) for _ in range(3)]

    assert eur("50.00") == paid
    assert paid == sum_money(refunds, "EUR")


def discounts(goods: int, shipping: int) -> st.SearchStrategy[Discount]:
    """An amount or a percentage off goods worth ``goods`` minor units, or off goods and
    ``shipping``: at most 90% of it, so that no shipment is discounted to nothing (an invoice's
    total must be positive; a shipment worth nothing has no invoice, see the report)."""

    def eur_minor(minor: int) -> Money:
        return Money.from_minor(minor, "EUR")

    both = goods + shipping
    return st.one_of(
        st.integers(0, goods * 9 // 10).map(
            lambda m: Discount(code_or_reason="OFF", amount=eur_minor(m))
        ),
        st.integers(0, 90).map(lambda p: Discount.percentage("PCT", p, of=eur_minor(goods))),
        st.integers(0, both * 9 // 10).map(
            lambda m: Discount.on_goods_and_shipping("ALL", eur_minor(m))
        ),
        st.integers(0, 90).map(
            lambda p: Discount.percentage(
                "PCT-ALL", p, of=eur_minor(both), scope=DiscountScope.GOODS_AND_SHIPPING
            )
        ),
    )


shipments_plans = st.lists(st.tuples(st.integers(1, 3), st.integers(0, 3)), min_size=1, max_size=4)
returns_plans = st.lists(
    st.tuples(st.integers(0, 1), st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=6
)


@settings(deadline=None, max_examples=30)
@given(
    data=st.data(),
    shipping=st.integers(0, 2_000),
    clocks=st.integers(1, 3),
    vases=st.integers(0, 3),
    clock_off=st.integers(0, 1_000),
    shipments=shipments_plans,
    plan=returns_plans,
)
def test_any_discounted_order_in_any_split_is_invoiced_its_total_and_refunds_what_was_invoiced(
    data: st.DataObject,
    shipping: int,
    clocks: int,
    vases: int,
    clock_off: int,
    shipments: list[tuple[int, int]],
    plan: list[tuple[int, int, int]],
) -> None:
    line_off = Discount(code_or_reason="CLOCKS", amount=Money.from_minor(clock_off, "EUR"))
    goods = (CLOCK * clocks + VASE * vases - line_off.amount).minor_units
    discount = data.draw(discounts(goods, shipping))
    charge = str(Money.from_minor(shipping, "EUR").amount)
    engine, store, total = placed_order(
        charge, discount, clocks=clocks, vases=vases, clock_discount=line_off
    )
    ship_in_parts(engine, clocks, vases, shipments)
    invoiced = pay_and_deliver(engine, store)
    refunds = return_in_parts(engine, clocks, vases, plan)

    assert total == invoiced
    assert invoiced == sum_money(refunds, "EUR")


def test_a_wholly_discounted_order_invoiced_on_shipment_ships_without_an_invoice() -> None:
    free = Discount.percentage("FREE", 100, of=CLOCK * 3)
    engine, store, total = placed_order("0.00", free)

    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)

    assert eur("0.00") == total
    assert [] == invoices_in(store)
    [order] = stored(store, "orders")
    assert 3 == order.lines[CLOCK_LINE].ledger.invoiced


def test_a_wholly_discounted_order_invoiced_on_placement_is_placed_without_an_invoice() -> None:
    engine, store, _ = shop(clocks=5)
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
        discounts=[Discount.percentage("FREE", 100, of=CLOCK * 3)],
    )
    order.add_line("RETRO-CLOCK", 3, CLOCK, T)

    engine.place_order(order)
    engine.confirm_order("order-1")

    assert [] == invoices_in(store)
