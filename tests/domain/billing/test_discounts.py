from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.totals import (
    DiscountedShipping,
    DocumentLine,
    Shipping,
    TaxMode,
    compute_totals,
)
from ordercore.domain.orders import Address, Discount, Order, ShippingCharge
from ordercore.domain.orders.values import DiscountScope
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money, Rounding, sum_money

PLACED = pendulum.datetime(2026, 3, 2, 10, tz="Europe/Berlin")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def _clocks_and_mugs(discount: Money, shipping: Shipping) -> Invoice:
    return Invoice.from_lines(
        "INV-1",
        [
            DocumentLine("RETRO-CLOCK", 3, usd("19.99"), Decimal("0.19")),
            DocumentLine("MOON-MUG", 7, usd("3.33"), Decimal("0.07")),
        ],
        at=PLACED,
        order_discount=discount,
        shipping=shipping,
    )


def test_the_shipping_part_of_an_order_discount_comes_off_the_shipping_line() -> None:
    invoice = _clocks_and_mugs(
        usd("8.83"), DiscountedShipping(usd("4.99"), Decimal("0.19"), discount=usd("0.50"))
    )
    shipping = invoice.totals.shipping
    assert shipping is not None
    assert (usd("0.50"), usd("4.49"), usd("0.85")) == (
        shipping.order_discount,
        shipping.net,
        shipping.tax,
    )
    assert (usd("9.33"), usd("9.33")) == (
        invoice.totals.order_discount,
        invoice.totals.discount_total,
    )


def test_plain_shipping_takes_no_share_of_the_order_discount_as_before() -> None:
    invoice = _clocks_and_mugs(usd("8.83"), Shipping(usd("4.99"), Decimal("0.19")))
    shipping = invoice.totals.shipping
    assert shipping is not None
    assert (usd("0.00"), usd("8.83")) == (shipping.order_discount, invoice.totals.order_discount)


def test_refuses_a_shipping_discount_larger_than_the_shipping() -> None:
    with pytest.raises(ValidationError, match=r"shipping\.discount"):
        DiscountedShipping(usd("4.99"), discount=usd("5.00"))


def _ten_percent_off(order: Order) -> Order:
    order.discounts = (
        Discount.percentage(
            "TENOFF",
            10,
            of=order.totals.net + order.shipping_total,
            scope=DiscountScope.GOODS_AND_SHIPPING,
        ),
    )
    order.place(PLACED)
    return order


def _invoice_of(order: Order) -> Invoice:
    """The order invoiced whole: each line less its share, shipping less its part."""
    goods, shipping = order.totals.discount_split()
    invoice = Invoice.from_lines(
        "INV-2",
        [
            DocumentLine(line.sku, line.quantity, line.unit_price, order_line_id=str(line.id))
            for line in order.lines.values()
        ],
        at=PLACED,
        order_discount=goods,
        shipping=DiscountedShipping(order.shipping_total, discount=shipping),
    )
    invoice.issue("INV-0002", PLACED, "Net 30", "Europe/Berlin")
    return invoice


def test_a_ten_percent_off_order_invoiced_and_credited_line_by_line_gives_back_its_total() -> None:
    order = Order.draft(
        order_id="order-1",
        number="1001",
        customer_id="cust-1",
        currency="USD",
        now=PLACED,
        ship_to=Address(
            name="Ada", line1="1 Main Street", city="Boston", postal_code="02108", country="US"
        ),
        shipping=[ShippingCharge(method="ground", amount=usd("4.99"))],
    )
    order.add_line("RETRO-CLOCK", 3, usd("19.99"), PLACED)
    order.add_line("MOON-MUG", 7, usd("3.33"), PLACED)
    invoice = _invoice_of(_ten_percent_off(order))

    notes = [
        invoice.issue_credit_note(f"CN-{n}", f"CN-{n}", PLACED, quantities={sku: 1})
        for n, sku in enumerate(["RETRO-CLOCK"] * 3 + ["MOON-MUG"] * 7)
    ]
    notes.append(
        invoice.issue_credit_note("CN-S", "CN-S", PLACED, quantities={}, include_shipping=True)
    )

    assert (usd("79.44"), usd("79.44")) == (order.total, invoice.total)
    assert order.total == sum_money((result.note.total for result in notes), "USD")
    assert usd("0.00") == invoice.balance


@st.composite
def discounted_invoices(draw: st.DrawFn) -> Invoice:
    """An issued invoice whose order discount is split over its lines and its shipping.

    Something of the shipping is left to pay, so that crediting it last is what settles the
    invoice (a credit note on a fully credited invoice is refused).
    """
    lines = [
        DocumentLine(
            f"SKU-{i}",
            draw(st.integers(1, 6)),
            Money.from_minor(draw(st.integers(1, 20_000)), "USD"),
            draw(st.sampled_from([Decimal(0), Decimal("0.07"), Decimal("0.19")])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    goods = sum(line.amount.minor_units for line in lines)
    ship_amount = draw(st.integers(1, 3_000))
    invoice = Invoice.from_lines(
        "INV-3",
        lines,
        at=PLACED,
        order_discount=Money.from_minor(draw(st.integers(0, goods)), "USD"),
        shipping=DiscountedShipping(
            Money.from_minor(ship_amount, "USD"),
            draw(st.sampled_from([Decimal(0), Decimal("0.19")])),
            discount=Money.from_minor(draw(st.integers(0, ship_amount - 1)), "USD"),
        ),
        tax_mode=draw(st.sampled_from(TaxMode)),
        rounding=draw(st.sampled_from(Rounding)),
    )
    invoice.issue("INV-0003", PLACED, "Net 30", "Europe/Berlin")
    return invoice


@given(discounted_invoices(), st.randoms(use_true_random=False))
def test_credit_notes_for_every_unit_give_back_exactly_the_invoice_total(
    invoice: Invoice, random: object
) -> None:
    units = [i for i, line in enumerate(invoice.totals.lines) for _ in range(line.quantity)]
    random.shuffle(units)  # type: ignore[attr-defined]
    notes = [
        invoice.issue_credit_note(f"CN-{n}", f"CN-{n}", PLACED, quantities={index: 1})
        for n, index in enumerate(units)
    ]
    notes.append(
        invoice.issue_credit_note("CN-S", "CN-S", PLACED, quantities={}, include_shipping=True)
    )
    assert invoice.total == sum_money((result.note.total for result in notes), "USD")


@given(
    st.lists(st.integers(0, 50_000), min_size=1, max_size=5),
    st.integers(0, 5_000),
    st.data(),
)
def test_the_order_discount_over_lines_and_shipping_sums_to_itself(
    amounts: list[int], ship: int, data: st.DataObject
) -> None:
    lines = [DocumentLine(f"SKU-{i}", 1, Money.from_minor(a, "USD")) for i, a in enumerate(amounts)]
    goods_part = Money.from_minor(data.draw(st.integers(0, sum(amounts))), "USD")
    ship_part = Money.from_minor(data.draw(st.integers(0, ship)), "USD")
    totals = compute_totals(
        lines,
        order_discount=goods_part,
        shipping=DiscountedShipping(Money.from_minor(ship, "USD"), discount=ship_part),
    )
    assert goods_part + ship_part == totals.order_discount
    assert all(line.order_discount <= line.amount for line in totals.all_lines)
