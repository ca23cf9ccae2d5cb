import copy

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders import (
    Bucket,
    HoldType,
    LineCancellation,
    LineId,
    Order,
    OrderEvent,
    OrderLineCancelled,
    OrderLineInvoiced,
    OrderPlaced,
    OrderStatus,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
from ordercore.testing.strategies_orders import (
    draft_orders,
    placed_orders,
    progressed_orders,
)

from .helpers import NOW, OFFICE, clock_and_vase, eur

LATER = NOW.add(hours=2)


def logged(order: Order) -> list[OrderEvent]:
    return [e for e in order.pull_events() if isinstance(e, OrderEvent)]


def busy_order() -> tuple[Order, list[OrderEvent]]:
    """An order that was edited as a draft, placed, held, picked, invoiced and partly cancelled."""
    order = clock_and_vase(placed=False)
    order.place_hold(HoldType.PAYMENT, "card check", "risk-bot", NOW)
    order.add_line("BRASS-LAMP", 2, eur("45.00"), NOW)
    order.remove_line("line-3", NOW)
    order.place(NOW)
    order.release_hold("order-1/hold-1", "maria", LATER)
    order.confirm(LATER)
    order.allocate("line-1", 3, LATER)
    order.pick("line-1", 2, LATER)
    order.record_invoiced("line-1", 3, LATER)
    order.change_quantity("line-2", 4, LATER)
    order.cancel_quantity("line-1", 2, "customer asked", LATER)
    order.change_bill_to(OFFICE, LATER)
    order.place_hold("address", "no house number", "carrier-bot", LATER)
    return order, logged(order)


def test_rebuilds_a_placed_order_exactly_version_included() -> None:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    replayed = Order.replay(logged(order))
    assert order == replayed
    assert (1 + 2, OrderStatus.PLACED, NOW) == (
        replayed.version,
        replayed.status,
        replayed.placed_at,
    )


def test_rebuilds_an_order_that_was_edited_held_picked_invoiced_and_cancelled() -> None:
    order, events = busy_order()
    assert order == Order.replay(events)


def test_ignores_the_draft_edits_before_the_placement_because_it_carries_them() -> None:
    order, events = busy_order()
    start = next(i for i, e in enumerate(events) if isinstance(e, OrderPlaced))
    assert 3 == start
    assert order == Order.replay(events[start:])


def test_carries_the_draft_line_counter_so_new_lines_never_reuse_a_removed_id() -> None:
    _, events = busy_order()
    replayed = Order.replay(events)
    assert "line-4" == replayed.add_line("OAK-STOOL", 1, eur("9.00"), LATER).line_id


def test_replays_a_draft_hold_released_later_out_of_the_order_and_counts_it() -> None:
    _, events = busy_order()
    replayed = Order.replay(events)
    assert [("order-1/hold-2", "carrier-bot", LATER)] == [
        (h.id, h.placed_by, h.placed_at) for h in replayed.holds
    ]
    assert 2 == replayed.hold_counter
    assert False is replayed.release_hold("order-1/hold-1", "maria", LATER)


def test_replays_the_first_pick_which_shares_its_version_with_fulfilment_starting() -> None:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    order.confirm(NOW)
    order.allocate("line-1", 1, NOW)
    order.pick("line-1", 1, NOW)
    events = logged(order)
    assert events[-2].version == events[-1].version
    assert order == Order.replay(events)


def test_replays_a_whole_cancellation_with_the_units_it_credited() -> None:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    order.record_invoiced("line-2", 1, NOW)
    order.cancel("shop closed", NOW)
    replayed = Order.replay(logged(order))
    assert order == replayed
    ledger = replayed.lines[LineId("line-2")].ledger
    assert (1, 1, 1) == (ledger.invoiced, ledger.credited, ledger.cancelled)


def placed_log() -> list[OrderEvent]:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    return logged(order)


def test_leaves_no_pending_events_on_the_rebuilt_order() -> None:
    _, events = busy_order()
    assert [] == Order.replay(events).pull_events()


def test_events_round_trip_through_the_codec_and_still_replay() -> None:
    order, events = busy_order()
    codec = Codec()
    decoded = [codec.loads(OrderEvent, codec.dumps(e)) for e in events]
    assert events == decoded
    assert order == Order.replay(decoded)


def test_refuses_a_log_without_a_placement() -> None:
    order = clock_and_vase(placed=False)
    order.add_line("OAK-STOOL", 1, eur("9.00"), NOW)
    with pytest.raises(ValidationError) as caught:
        Order.replay(logged(order))
    assert "events" == caught.value.field


def test_refuses_an_event_of_another_kind_of_entity() -> None:
    with pytest.raises(WrongType) as caught:
        Order.replay([*placed_log(), "OrderConfirmed"])  # type: ignore[list-item]
    assert "events[1]" == caught.value.field


def test_refuses_an_event_of_another_order() -> None:
    events = placed_log()
    stranger = OrderLineInvoiced(
        entity_id="order-2", version=4, occurred_at=NOW, line_id=LineId("line-1"), quantity=1
    )
    with pytest.raises(ValidationError) as caught:
        Order.replay([*events, stranger])
    assert "order-2" == caught.value.value


def test_refuses_a_gap_or_a_repeat_in_the_versions() -> None:
    order = clock_and_vase()
    order.record_invoiced("line-1", 1, NOW)
    order.record_invoiced("line-1", 1, NOW)
    first, second = logged(order)
    for events in ([second], [first, first]):
        with pytest.raises(ValidationError) as caught:
            Order.replay([*placed_log(), *events])
        assert "versions follow on from the placement" in caught.value.rule


def test_a_refused_event_changes_nothing() -> None:
    order = Order.replay(placed_log())
    before = copy.deepcopy(order)
    unknown_line = OrderLineInvoiced(
        entity_id="order-1", version=4, occurred_at=NOW, line_id=LineId("line-9"), quantity=1
    )
    placed_again = attrs.evolve(placed_log()[-1], version=4)
    for event in (unknown_line, placed_again):
        with pytest.raises(ValidationError):
            order.apply(event)
        assert before == order


# -- properties --------------------------------------------------------------------------------


@given(order=st.one_of(placed_orders(keep_events=True), progressed_orders(keep_events=True)))
def test_replaying_any_placed_or_progressed_order_rebuilds_it(order: Order) -> None:
    events = logged(order)
    start = next(i for i, e in enumerate(events) if isinstance(e, OrderPlaced))
    assert order == Order.replay(events)
    assert order == Order.replay(events[start:])
    assert all(e.version < events[start].version for e in events[:start])


@given(order=draft_orders(min_lines=1, keep_events=True), hold=st.sampled_from(list(HoldType)))
def test_the_placement_carries_the_whole_draft(order: Order, hold: HoldType) -> None:
    order.place_hold(hold, "checking", "ops", NOW)
    order.place(NOW)
    placed = [e for e in logged(order) if isinstance(e, OrderPlaced)]
    assert order == Order.replay(placed)


@given(order=progressed_orders(keep_events=True), quantity=st.integers(1, 9))
def test_a_refused_replay_step_changes_nothing(order: Order, quantity: int) -> None:
    events = logged(order)
    replayed = Order.replay(events)
    before = copy.deepcopy(replayed)
    line_id = sorted(replayed.lines)[0]
    have = replayed.lines[line_id].ledger.unallocated
    cancellation = LineCancellation(
        line_id=line_id,
        quantity=have + quantity,
        from_buckets=((Bucket.UNALLOCATED, have + quantity),),
        credited=0,
    )
    event = OrderLineCancelled(
        entity_id=replayed.id,
        version=replayed.version + 1,
        occurred_at=NOW,
        line_id=line_id,
        quantity=have + quantity,
        reason="more than there is",
        released=0,
        value=Money.zero(replayed.currency),
        cancellation=cancellation,
    )
    with pytest.raises(ValidationError):
        replayed.apply(event)
    assert before == replayed
