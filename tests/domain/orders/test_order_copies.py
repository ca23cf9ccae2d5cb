"""An order copies itself (kernel.copies' protocol): equal, every field, sharing nothing."""

import copy as stdlib_copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders import Address, ChannelRef, Discount, HoldType, Order, ShippingCharge
from ordercore.kernel.copies import copy
from ordercore.kernel.events import attach
from ordercore.kernel.money import Money
from ordercore.testing.strategies_kernel import ANCHOR
from ordercore.testing.strategies_orders import progressed_orders
from tests.kernel.copy_states import generic_copy, state
from tests.kernel.mutability import mutable_ids

HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
OFFICE = Address(name="Ada", line1="9 Work St", city="Lyon", postal_code="69001", country="FR")


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def an_order_with_everything() -> Order:
    """Every field away from its default: channel, discounts, shipping, a hold, moved lines."""
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        bill_to=OFFICE,
        priority=7,
        promised_ship_by=ANCHOR.date().add(days=3),
        channel=ChannelRef(
            channel="shopify",
            account="main-store",
            external_id="1001",
            external_version="2026-11-26T09:00:00Z",
        ),
        discounts=[Discount(code_or_reason="WELCOME", amount=eur("5.00"))],
        shipping=[ShippingCharge(method="DHL", amount=eur("4.90"))],
        now=ANCHOR,
    )
    order.add_line("RETRO-CLOCK", 3, eur("20.00"), ANCHOR)
    order.add_line("BLUE-VASE", 1, eur("35.00"), ANCHOR)
    order.place(ANCHOR)
    order.confirm(ANCHOR)
    order.allocate("line-1", 2, ANCHOR)
    order.pick("line-1", 1, ANCHOR)
    order.place_hold(HoldType.FRAUD_REVIEW, "a second look", "ops", ANCHOR)
    return order  # its events not pulled


def test_a_copy_holds_every_field_and_shares_nothing_that_can_change() -> None:
    order = an_order_with_everything()
    copied = copy(order)
    assert (state(order), set()) == (state(copied), mutable_ids(order) & mutable_ids(copied))
    assert order == copied


def test_the_copy_is_the_one_the_generic_copier_made() -> None:
    order = an_order_with_everything()
    assert state(generic_copy(order)) == state(copy(order))


def test_copy_deepcopy_makes_the_same_copy() -> None:
    order = an_order_with_everything()
    copied = stdlib_copy.deepcopy(order)
    assert (state(order), set()) == (state(copied), mutable_ids(order) & mutable_ids(copied))


def test_a_copy_has_no_sink_and_its_own_events() -> None:
    order = an_order_with_everything()
    attach(order)
    copied = copy(order)
    copied.place_hold(HoldType.FRAUD_REVIEW, "a third look", "ops", ANCHOR)
    assert (None, 8, 9) == (copied.sink, len(order.events), len(copied.events))


@given(st.integers(1, 3))
def test_an_order_reached_twice_is_copied_once(times: int) -> None:
    order = an_order_with_everything()
    copied = copy([order] * times)
    assert (times, 1) == (len(copied), len({id(each) for each in copied}))


def _change(order: Order, line: int, hold: bool) -> None:
    """Move a unit of one line if it can, maybe hold the order, drain events, drop a line."""
    line_id = list(order.lines)[line % len(order.lines)]
    ledger = order.lines[line_id].ledger
    if ledger.allocated:
        order.pick(line_id, 1, ANCHOR)
    if hold:
        order.place_hold(HoldType.FRAUD_REVIEW, "a second look", "ops", ANCHOR)
    order.pull_events()
    order.lines.pop(line_id)  # what no command does: the dict itself is the copy's own


@given(progressed_orders(keep_events=True), st.integers(0, 3), st.booleans())
def test_changing_a_copy_never_changes_the_original_nor_the_other_way_round(
    order: Order, line: int, hold: bool
) -> None:
    before: Any = state(order)
    copied = copy(order)
    assert (before, set()) == (state(copied), mutable_ids(order) & mutable_ids(copied))
    _change(copied, line, hold)
    assert before == state(order)
    again = copy(order)
    _change(order, line, hold)
    assert before == state(again)
