import pytest

from ordercore.domain.orders import (
    HOLD_BLOCKS,
    HoldType,
    NotAllowedInStatus,
    OrderHoldPlaced,
    OrderHoldReleased,
    OrderOnHold,
    OrderStatus,
)
from ordercore.kernel.errors import GuardRejected, NotFound, ValidationError

from .helpers import NOW, clock_and_vase, snapshot, unchanged


def test_never_blocks_cancellation() -> None:
    assert [] == [kind for kind, blocked in HOLD_BLOCKS.items() if "cancel" in blocked]


def test_blocks_confirmation_while_payment_is_held() -> None:
    order = clock_and_vase()
    hold = order.place_hold(HoldType.PAYMENT, "card not captured", "payments-bot", NOW)
    with pytest.raises(OrderOnHold) as caught:
        order.confirm(NOW)
    assert (hold,) == caught.value.hold_ids
    assert ("payment",) == caught.value.hold_types


def test_is_a_guard_rejection_for_callers_that_catch_those() -> None:
    order = clock_and_vase()
    order.place_hold("fraud_review", "velocity check", "risk", NOW)
    with pytest.raises(GuardRejected):
        order.confirm(NOW)


def test_stacks_two_payment_holds_and_needs_both_released() -> None:
    order = clock_and_vase()
    first = order.place_hold("payment", "auth pending", "bot", NOW)
    second = order.place_hold("payment", "3-D secure", "bot", NOW)
    order.release_hold(first, "ops", NOW)
    with pytest.raises(OrderOnHold) as caught:
        order.confirm(NOW)
    assert (second,) == caught.value.hold_ids
    order.release_hold(second, "ops", NOW)
    order.confirm(NOW)
    assert OrderStatus.CONFIRMED == order.status


def test_records_who_placed_and_released_a_hold_and_when_in_its_events() -> None:
    order = clock_and_vase()
    hold_id = order.place_hold("manual", "customer called", "maria", NOW)
    order.release_hold(hold_id, "jon", NOW.add(hours=1))
    placed, released = order.pull_events()
    assert isinstance(placed, OrderHoldPlaced)
    assert isinstance(released, OrderHoldReleased)
    assert ("maria", NOW, "customer called") == (placed.by, placed.occurred_at, placed.reason)
    assert ("jon", NOW.add(hours=1), hold_id) == (
        released.by,
        released.occurred_at,
        released.hold_id,
    )


def test_keeps_only_active_holds_so_releasing_leaves_nothing_behind() -> None:
    order = clock_and_vase()
    for _ in range(5):
        order.release_hold(order.place_hold("payment", "card", "bot", NOW), "ops", NOW)
    kept = order.place_hold("address", "no house number", "carrier", NOW)
    assert ("order-1/hold-6", 6) == (kept, order.hold_counter)
    assert (kept,) == tuple(h.id for h in order.holds)


def test_releasing_twice_is_a_no_op_that_says_so() -> None:
    order = clock_and_vase()
    hold_id = order.place_hold("address", "undeliverable", "carrier", NOW)
    assert True is order.release_hold(hold_id, "ops", NOW)
    version = order.version
    assert False is order.release_hold(hold_id, "ops", NOW)
    assert version == order.version


def test_blocks_allocation_during_fraud_review_but_not_during_payment_hold() -> None:
    order = clock_and_vase()
    order.place_hold("payment", "auth pending", "bot", NOW)
    order.allocate("line-1", 1, NOW)
    order.place_hold("fraud_review", "velocity", "risk", NOW)
    with pytest.raises(OrderOnHold):
        order.allocate("line-1", 1, NOW)


def test_an_address_hold_blocks_shipping() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate("line-1", 1, NOW)
    order.pick("line-1", 1, NOW)
    order.pack("line-1", 1, NOW)
    order.place_hold("address", "no house number", "carrier", NOW)
    before = snapshot(order)
    with pytest.raises(OrderOnHold):
        order.ship("line-1", 1, NOW)
    assert unchanged(order, before)


def test_refuses_an_unknown_hold_type() -> None:
    order = clock_and_vase()
    with pytest.raises(ValidationError) as caught:
        order.place_hold("vibes", "?", "ops", NOW)
    assert "hold_type" == caught.value.field


def test_refuses_to_release_an_unknown_hold() -> None:
    order = clock_and_vase()
    with pytest.raises(NotFound):
        order.release_hold("order-1/hold-9", "ops", NOW)


def test_refuses_a_hold_on_a_cancelled_order() -> None:
    order = clock_and_vase()
    order.cancel("customer changed their mind", NOW)
    with pytest.raises(NotAllowedInStatus):
        order.place_hold("manual", "late", "ops", NOW)
