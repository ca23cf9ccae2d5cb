"""Orders invoiced on shipment carry their shipping on the first shipment's invoice (#16).

So a return refunds the returned units' share of it (``RefundPolicy(refund_shipping=True)``),
and returning every unit, however the order was split into shipments and returns, refunds
exactly what the invoices charged: goods and shipping.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.billing import Invoice
from ordercore.domain.orders import InvoicingPolicy, Order, ShippingCharge
from ordercore.domain.returns import Disposition, DispositionKind, Grade, RefundPolicy
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, HOME, VASE_LINE, T, eur, shop

RESTOCK = Disposition(DispositionKind.RESTOCK, "WH-EAST")
LINES = (CLOCK_LINE, VASE_LINE)


def placed_order(
    shipping: str, *, clocks: int = 3, vases: int = 0, shipping_tax: str | None = None
) -> tuple[Engine, MemoryStore, Money]:
    """An order of clocks (20.00) and vases (35.00) with ``shipping``, invoiced on shipment."""
    engine, store, _ = shop(clocks=5, vases=5)
    engine = attrs.evolve(engine, refund_policy=RefundPolicy(refund_shipping=True))
    tax = None if shipping_tax is None else eur(shipping_tax)
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
        shipping=[ShippingCharge(method="DHL", amount=eur(shipping), tax=tax)],
    )
    if clocks:
        order.add_line("RETRO-CLOCK", clocks, eur("20.00"), T)
    if vases:
        order.add_line("BLUE-VASE", vases, eur("35.00"), T)
    total = order.total
    engine.place_order(order)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    return engine, store, total


def pay_and_deliver(engine: Engine, store: MemoryStore) -> Money:
    """Capture what the invoices ask and deliver every shipment; returns what was paid."""
    invoices = invoices_in(store)
    billed = sum_money((i.total for i in invoices), "EUR")
    engine.record_authorization("order-1", billed, "gw-auth-1")
    engine.record_capture("order-1", billed, "gw-cap-1")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return billed


def invoices_in(store: MemoryStore) -> list[Invoice]:
    return sorted(stored(store, "invoices"), key=lambda i: i.id)


def return_units(engine: Engine, lines: dict[str, int]) -> Money:
    """Request, receive, inspect and resolve one return of ``lines``; the default refund."""
    rma = engine.request_returns("order-1", lines)
    engine.authorize_return(rma)
    for line_id, units in lines.items():
        engine.receive_return_line(rma, line_id, units, "WH-EAST")
        engine.inspect_return_line(rma, line_id, units, Grade.GOOD, RESTOCK)
    return engine.resolve_return(rma).refund


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
    unshipped = {CLOCK_LINE: clocks, VASE_LINE: vases}
    for wanted in [*shipments, (3, 3)]:  # then whatever is left
        lines = {
            line: min(units, unshipped[line])
            for line, units in zip(LINES, wanted, strict=True)
            if min(units, unshipped[line])
        }
        if not lines:
            continue
        engine.ship("order-1", lines)
        for line, units in lines.items():
            unshipped[line] -= units
    paid = pay_and_deliver(engine, store)
    left = {CLOCK_LINE: clocks, VASE_LINE: vases}
    refunds: list[Money] = []
    for first, units, other in [*plan, *((0, 3, 0),) * 3, *((1, 3, 0),) * 3]:
        lines = {}
        line, second = LINES[first], LINES[1 - first]
        if left[line]:
            lines[line] = min(units, left[line])
        if other and left[second]:
            lines[second] = min(other, left[second])
        if not lines:
            continue
        refunds.append(return_units(engine, lines))
        for line_id, taken in lines.items():
            left[line_id] -= taken

    shipped_with = [i for i in invoices_in(store) if i.totals.shipping is not None]
    assert 1 == len(shipped_with)  # the first shipment's invoice, whole
    assert total == paid
    assert paid == sum_money(refunds, "EUR")
