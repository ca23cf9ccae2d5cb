"""Returns refund the returned units' share of shipping when the policy says so (#16)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.orders import InvoicingPolicy, Order, ShippingCharge
from ordercore.domain.returns import RefundPolicy
from ordercore.kernel.money import Money, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, HOME, VASE_LINE, T, eur, shop
from tests.service.split_helpers import return_units


def shipped_order(
    shipping: str, *, clocks: int = 3, vases: int = 0, refund_shipping: bool = True
) -> tuple[Engine, MemoryStore, Money]:
    """An order of clocks (20.00) and vases (35.00) with ``shipping``, paid and delivered."""
    engine, store, _ = shop(clocks=5, vases=5)
    engine = attrs.evolve(engine, refund_policy=RefundPolicy(refund_shipping=refund_shipping))
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
        shipping=[ShippingCharge(method="DHL", amount=eur(shipping))],
    )
    if clocks:
        order.add_line("RETRO-CLOCK", clocks, eur("20.00"), T)
    if vases:
        order.add_line("BLUE-VASE", vases, eur("35.00"), T)
    total = order.total
    engine.place_order(order)
    engine.record_authorization("order-1", total, "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    if clocks:
        engine.ship_line("order-1", CLOCK_LINE, clocks)
    if vases:
        engine.ship_line("order-1", VASE_LINE if clocks else CLOCK_LINE, vases)
    engine.record_capture("order-1", total, "gw-cap-1")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return engine, store, total


def test_an_order_with_shipping_9_99_returned_in_three_single_units_refunds_3_33_of_it_each() -> (
    None
):
    engine, _, total = shipped_order("9.99")

    refunds = [return_units(engine, {CLOCK_LINE: 1}) for _ in range(3)]

    assert [eur("23.33"), eur("23.33"), eur("23.33")] == refunds
    assert total == sum_money(refunds, "EUR")


def test_shipping_of_10_00_returned_unit_by_unit_gives_the_second_unit_the_extra_cent() -> None:
    engine, _, total = shipped_order("10.00")

    refunds = [return_units(engine, {CLOCK_LINE: 1}) for _ in range(3)]

    assert [eur("23.33"), eur("23.34"), eur("23.33")] == refunds
    assert total == sum_money(refunds, "EUR")


def test_without_the_shipping_policy_a_return_never_refunds_shipping() -> None:
    engine, _, _ = shipped_order("9.99", refund_shipping=False)

    refunds = [return_units(engine, {CLOCK_LINE: 1}) for _ in range(3)]

    assert [eur("20.00")] * 3 == refunds


def test_one_refund_over_several_lines_carries_their_share_of_shipping() -> None:
    engine, store, _ = shipped_order("5.00", clocks=2, vases=2)

    refund = return_units(engine, {CLOCK_LINE: 1, VASE_LINE: 1})

    # two of four units: 2.50 of the shipping, with 20.00 + 35.00 of goods
    assert eur("57.50") == refund
    (invoice,) = stored(store, "invoices")
    shares = [n.shipping.total for n in invoice.credit_notes if n.shipping is not None]
    assert eur("2.50") == sum_money(shares, "EUR")


returns_plans = st.lists(
    st.tuples(st.integers(0, 1), st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=6
)


@settings(deadline=None, max_examples=25)
@given(
    shipping=st.integers(0, 2_000),
    clocks=st.integers(1, 3),
    vases=st.integers(0, 3),
    plan=returns_plans,
    refund_shipping=st.booleans(),
)
def test_returning_every_unit_in_any_split_refunds_exactly_what_was_paid(
    shipping: int,
    clocks: int,
    vases: int,
    plan: list[tuple[int, int, int]],
    refund_shipping: bool,
) -> None:
    charge = str(Money.from_minor(shipping, "EUR").amount)
    engine, _, total = shipped_order(
        charge, clocks=clocks, vases=vases, refund_shipping=refund_shipping
    )
    left = {CLOCK_LINE: clocks, VASE_LINE: vases}
    refunds: list[Money] = []
    steps = [*plan, *((0, 3, 0),) * 6, *((1, 3, 0),) * 6]  # then whatever is left
    for first, units, other in steps:
        lines = {}
        line = (CLOCK_LINE, VASE_LINE)[first]
        if left[line]:
            lines[line] = min(units, left[line])
        second = (CLOCK_LINE, VASE_LINE)[1 - first]
        if other and left[second]:
            lines[second] = min(other, left[second])
        if not lines:
            continue
        refunds.append(return_units(engine, lines))
        for line_id, taken in lines.items():
            left[line_id] -= taken

    expected = total if refund_shipping else total - eur(charge)
    assert expected == sum_money(refunds, "EUR")
