"""Cancelling units or a whole order: what is taken, its value, what is credited."""

import pytest

from ordercore.domain.orders import (
    Bucket,
    InsufficientQuantity,
    LineId,
    NotAllowedInStatus,
    OrderCancelled,
    OrderStatus,
)
from ordercore.domain.orders.cancelling import plan_cancellation
from ordercore.kernel.errors import GuardRejected
from ordercore.kernel.money import Money

from .helpers import NOW, clock_and_vase, eur, snapshot, unchanged, units

CLOCK = LineId("line-1")
VASE = LineId("line-2")


def test_cancelling_some_units_values_them_net_of_discounts_plus_tax() -> None:
    order = clock_and_vase()
    result = order.cancel_quantity(CLOCK, 2, "customer asked", NOW)
    line = result.lines[0]
    assert (eur("37.89"), eur("7.60")) == (line.net, line.tax)
    assert eur("45.49") == result.total


def test_cancelling_a_line_in_steps_adds_up_to_its_whole_value() -> None:
    order = clock_and_vase()
    steps = [order.cancel_quantity(CLOCK, 1, "step", NOW).total for _ in range(3)]
    whole_line = eur("60.00") - eur("3.16") + eur("11.40")
    assert whole_line == steps[0] + steps[1] + steps[2]


def test_cancelling_takes_the_least_progressed_units_first() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate(CLOCK, 3, NOW)
    order.pick(CLOCK, 1, NOW)
    result = order.cancel_quantity(CLOCK, 3, "out of stock", NOW)
    line = result.lines[0]
    assert {Bucket.ALLOCATED: 2, Bucket.PICKED: 1} == line.from_buckets
    assert (3, 1) == (line.release, line.restock)


def test_refuses_to_cancel_shipped_units_and_says_how_many_can_be() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    for move in ("allocate", "pick", "pack", "ship"):
        order.move(VASE, 1, move, NOW)
    before = snapshot(order)
    with pytest.raises(InsufficientQuantity) as caught:
        order.cancel_quantity(VASE, 1, "too late", NOW)
    assert 0 == caught.value.available
    assert unchanged(order, before)


def test_cancelling_invoiced_units_credits_them() -> None:
    order = clock_and_vase()
    order.record_invoiced(CLOCK, 3, NOW)
    result = order.cancel_quantity(CLOCK, 1, "changed mind", NOW)
    line = result.lines[0]
    assert (1, line.total, eur("0.00")) == (
        line.credit_quantity,
        line.credit_value,
        line.void_value,
    )
    assert 1 == order.lines[CLOCK].ledger.credited


def test_cancelling_uninvoiced_units_voids_them() -> None:
    order = clock_and_vase()
    order.record_invoiced(CLOCK, 1, NOW)
    line = order.cancel_quantity(CLOCK, 2, "changed mind", NOW).lines[0]
    assert (0, line.total) == (line.credit_quantity, line.void_value)


def test_cancelling_the_whole_order_includes_shipping_and_releases_allocations() -> None:
    order = clock_and_vase()
    order.allocate(VASE, 1, NOW)
    result = order.cancel("customer changed their mind", NOW)
    assert eur("106.30") == result.total
    assert units("line-2", "BLUE-VASE", 1) == result.release
    assert OrderStatus.CANCELLED == order.status
    assert isinstance(order.pull_events()[-1], OrderCancelled)


def test_refuses_to_cancel_the_whole_order_once_something_shipped() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    for move in ("allocate", "pick", "pack", "ship"):
        order.move(VASE, 1, move, NOW)
    before = snapshot(order)
    with pytest.raises(GuardRejected) as caught:
        order.cancel("too late", NOW)
    assert "nothing_shipped" == caught.value.guard
    assert unchanged(order, before)


def test_refuses_to_cancel_quantity_of_a_draft() -> None:
    order = clock_and_vase(placed=False)
    with pytest.raises(NotAllowedInStatus):
        order.cancel_quantity(CLOCK, 1, "edit instead", NOW)


def test_plans_a_cancellation_that_credits_invoiced_units_beyond_those_still_ordered() -> None:
    order = clock_and_vase()
    order.allocate(CLOCK, 1, NOW)
    order.record_invoiced(CLOCK, 3, NOW)
    line = order.lines[CLOCK]
    planned = plan_cancellation(line, 2, Money.zero(order.currency))
    assert ({Bucket.UNALLOCATED: 2}, 2) == (dict(planned.from_buckets), planned.credit_quantity)
    assert planned.total == planned.credit_value
