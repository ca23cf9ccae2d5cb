import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders import Discount, Order
from ordercore.domain.orders.pricing import (
    OrderTotals,
    discount_shares,
    share_of_units,
    value_of_more_units,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money, sum_money
from ordercore.testing.strategies_orders import draft_orders

from .helpers import clock_and_vase, eur


def test_values_a_third_of_a_euro_by_largest_remainder() -> None:
    assert eur("0.33") == share_of_units(eur("1.00"), 1, 3)


def test_values_all_units_at_the_whole_amount() -> None:
    assert eur("1.00") == share_of_units(eur("1.00"), 3, 3)


def test_values_no_units_at_nothing() -> None:
    assert eur("0.00") == share_of_units(eur("1.00"), 0, 3)


@given(st.integers(0, 100_000), st.lists(st.integers(1, 4), min_size=1, max_size=6))
def test_steps_of_a_cancellation_add_up_to_the_whole(minor: int, steps: list[int]) -> None:
    amount = Money.from_minor(minor, "EUR")
    of = sum(steps)
    done = 0
    parts = []
    for step in steps:
        parts.append(value_of_more_units(amount, done, step, of))
        done += step
    assert amount == sum_money(parts, "EUR")
    assert [] == [part for part in parts if part.is_negative()]


@given(draft_orders(min_lines=1), st.integers(0, 10_000))
def test_order_discount_shares_add_up_to_the_discount(order: Order, minor: int) -> None:
    discount = Money.from_minor(minor, order.currency)
    shares = discount_shares(list(order.lines.values()), discount)
    assert discount == sum_money(shares.values(), order.currency)


@given(draft_orders(min_lines=1))
def test_the_totals_part_answers_every_money_query_the_order_delegates(order: Order) -> None:
    totals = order.totals
    assert (order.subtotal, order.discount_total, order.shipping_total) == (
        totals.subtotal,
        totals.discount_total,
        totals.shipping_total,
    )
    assert (order.tax_total, order.total) == (totals.tax_total, totals.total)
    assert order.order_discount_shares() == totals.order_discount_shares()


@given(draft_orders(min_lines=1))
def test_the_total_in_one_pass_is_subtotal_less_discounts_plus_shipping_and_tax(
    order: Order,
) -> None:
    totals = order.totals
    expected = totals.subtotal - totals.discount_total + totals.shipping_total + totals.tax_total
    assert expected == totals.total


@given(draft_orders(min_lines=1))
def test_the_totals_the_order_builds_equal_the_ones_the_constructor_builds(order: Order) -> None:
    built = OrderTotals(
        currency=order.currency,
        lines=tuple(order.lines.values()),
        discounts=order.discounts,
        shipping=order.shipping,
    )
    assert (built, repr(built)) == (order.totals, repr(order.totals))


@given(draft_orders(min_lines=1))
def test_plain_lines_total_their_prices_times_their_quantities(order: Order) -> None:
    plain = attrs.evolve(
        order,
        lines={
            key: attrs.evolve(line, discounts=(), tax_lines=()) for key, line in order.lines.items()
        },
        discounts=(),
        shipping=(),
    )
    expected = sum_money(
        (line.unit_price * line.quantity for line in plain.lines.values()), order.currency
    )
    assert expected == plain.total


def test_refuses_order_discounts_larger_than_the_lines_net_amount() -> None:
    order = clock_and_vase()
    totals = attrs.evolve(
        order.totals, discounts=(Discount(code_or_reason="TOO-MUCH", amount=eur("95.01")),)
    )
    with pytest.raises(ValidationError) as caught:
        totals.check_discounts_fit()
    assert ("discounts", "95.01 EUR") == (caught.value.field, caught.value.value)
