"""Orders invoiced on shipment carry their shipping on the first shipment's invoice (#16).

So a return refunds the returned units' share of it (``RefundPolicy(refund_shipping=True)``),
and returning every unit, however the order was split into shipments and returns, refunds
exactly what the invoices charged: goods and shipping.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.kernel.money import Money, Rounding, sum_money
from tests.service.helpers import CLOCK_LINE, VASE_LINE, eur
from tests.service.split_helpers import (
    invoices_in,
    pay_and_deliver,
    placed_order,
    return_in_parts,
    return_units,
    ship_in_parts,
)


def test_the_first_shipments_invoice_carries_the_whole_shipping_and_later_ones_none() -> None:
    engine, store, total = placed_order("9.99")

    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)

    first, second, third = invoices_in(store)
    assert first.totals.shipping is not None
    assert eur("9.99") == first.totals.shipping.total
    assert (None, None) == (second.totals.shipping, third.totals.shipping)
    assert [eur("29.99"), eur("20.00"), eur("20.00")] == [first.total, second.total, third.total]
    assert total == sum_money((first.total, second.total, third.total), "EUR")


def test_an_order_shipped_in_three_parcels_and_returned_unit_by_unit_refunds_what_was_paid() -> (
    None
):
    engine, store, _ = placed_order("9.99")
    for _ in range(3):
        engine.ship_line("order-1", CLOCK_LINE, 1)
    paid = pay_and_deliver(engine, store)

    refunds = [return_units(engine, {CLOCK_LINE: 1}) for _ in range(3)]

    # the first unit back is the first shipment's only unit: its invoice's shipping with it
    assert [eur("29.99"), eur("20.00"), eur("20.00")] == refunds
    assert paid == sum_money(refunds, "EUR")


def test_a_return_of_a_later_shipments_unit_refunds_no_shipping_that_invoice_never_charged() -> (
    None
):
    engine, store, _ = placed_order("6.00", clocks=2, vases=1)
    engine.ship("order-1", {CLOCK_LINE: 2})
    engine.ship("order-1", {VASE_LINE: 1})
    pay_and_deliver(engine, store)

    assert eur("35.00") == return_units(engine, {VASE_LINE: 1})
    # the clocks' invoice charged the 6.00 of shipping: 3.00 each
    assert eur("23.00") == return_units(engine, {CLOCK_LINE: 1})


def test_taxed_shipping_is_refunded_with_its_tax_on_the_first_shipments_invoice() -> None:
    engine, store, _ = placed_order("10.00", clocks=2, shipping_tax="1.90")
    engine.ship_line("order-1", CLOCK_LINE, 1)
    engine.ship_line("order-1", CLOCK_LINE, 1)
    paid = pay_and_deliver(engine, store)

    refunds = [return_units(engine, {CLOCK_LINE: 1}), return_units(engine, {CLOCK_LINE: 1})]

    assert [eur("31.90"), eur("20.00")] == refunds
    assert paid == sum_money(refunds, "EUR")


shipments_plans = st.lists(st.tuples(st.integers(1, 3), st.integers(0, 3)), min_size=1, max_size=4)
returns_plans = st.lists(
    st.tuples(st.integers(0, 1), st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=6
)


@settings(deadline=None, max_examples=25)
@given(
    shipping=st.integers(0, 2_000),
    rate=st.sampled_from([0, 7, 19, 20]),
    clocks=st.integers(1, 3),
    vases=st.integers(0, 3),
    shipments=shipments_plans,
    plan=returns_plans,
)
def test_returning_every_unit_in_any_split_of_shipments_and_returns_refunds_what_was_paid(
    shipping: int,
    rate: int,
    clocks: int,
    vases: int,
    shipments: list[tuple[int, int]],
    plan: list[tuple[int, int, int]],
) -> None:
    charge = str(Money.from_minor(shipping, "EUR").amount)
    taxed = (
        str(eur(charge).multiply(Decimal(rate) / 100, Rounding.HALF_UP).amount) if rate else None
    )
    engine, store, total = placed_order(charge, clocks=clocks, vases=vases, shipping_tax=taxed)
    ship_in_parts(engine, clocks, vases, shipments)
    paid = pay_and_deliver(engine, store)
    refunds = return_in_parts(engine, clocks, vases, plan)

    shipped_with = [i for i in invoices_in(store) if i.totals.shipping is not None]
    assert 1 == len(shipped_with)  # the first shipment's invoice, whole
    assert total == paid
    assert paid == sum_money(refunds, "EUR")
