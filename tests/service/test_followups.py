import pytest

from ordercore.domain.returns import (
    CaseResolution,
    FollowUp,
    FollowUpAsked,
    FollowUpPolicy,
    FollowUpSatisfied,
    FollowUpStatus,
)
from ordercore.errors import OrdercoreError
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, VASE_LINE, T, an_order, eur, shop


def follow_up_in(store: MemoryStore, order_id: str = "order-1") -> FollowUp:
    with store.unit_of_work() as uow:
        found: FollowUp = uow.repository("follow_ups").get(f"FUP-{order_id}")
        return found


def events_of(store: MemoryStore, kind: type) -> list[object]:
    return [m.event for m in store.snapshot().outbox if isinstance(m.event, kind)]


def shipped() -> tuple[Engine, MemoryStore, FixedClock]:
    """order-1 (2 clocks, 2 vases) shipped whole at T and paid."""
    engine, store, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2, VASE_LINE: 2})
    return engine, store, clock


def delivered(days: int = 14) -> tuple[Engine, MemoryStore, FixedClock]:
    engine, store, clock = shipped()
    engine.follow_ups = FollowUpPolicy(days)
    clock.advance(days=1)
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return engine, store, clock


def test_the_last_delivery_schedules_a_satisfaction_check_n_days_later() -> None:
    _, store, _ = delivered(days=10)
    check = follow_up_in(store)
    assert (FollowUpStatus.SCHEDULED, T.add(days=11), "cust-1") == (
        check.status,
        check.due_at,
        check.customer_id,
    )


def test_a_partly_delivered_order_is_not_followed_up_yet() -> None:
    engine, store, _ = shipped()
    engine.deliver_line("order-1", CLOCK_LINE, 2)
    assert [] == stored(store, "follow_ups")
    engine.deliver_line("order-1", VASE_LINE, 2)
    assert ["FUP-order-1"] == [f.id for f in stored(store, "follow_ups")]


def test_tick_asks_a_follow_up_only_once_it_falls_due() -> None:
    engine, store, clock = delivered(days=14)
    clock.set(T.add(days=14, hours=23))
    assert () == engine.tick().follow_ups_asked
    clock.set(T.add(days=15))
    assert ("FUP-order-1",) == engine.tick().follow_ups_asked
    assert 1 == len(events_of(store, FollowUpAsked))
    assert () == engine.tick().follow_ups_asked


def test_a_satisfied_customer_is_asked_for_a_review_through_the_outbox() -> None:
    engine, store, clock = delivered()
    clock.set(T.add(days=15))
    engine.tick()
    assert engine.record_satisfaction("order-1", satisfied=True) is True
    (satisfied,) = events_of(store, FollowUpSatisfied)
    assert isinstance(satisfied, FollowUpSatisfied)
    assert satisfied.review_requested is True


def test_a_customer_who_opted_out_is_never_asked_for_a_review() -> None:
    engine, store, clock = delivered()
    clock.set(T.add(days=15))
    engine.tick()
    assert engine.record_satisfaction("order-1", satisfied=True, opted_out=True) is False
    answers = events_of(store, FollowUpSatisfied)
    assert [False] == [e.review_requested for e in answers if isinstance(e, FollowUpSatisfied)]


def test_a_review_is_requested_once_per_order() -> None:
    engine, store, _ = delivered()
    engine.record_satisfaction("order-1", satisfied=True)
    before = store.snapshot()
    with pytest.raises(OrdercoreError):
        engine.record_satisfaction("order-1", satisfied=True)
    assert before == store.snapshot()


def test_an_unhappy_customer_opens_a_case_that_is_resolved_by_a_return() -> None:
    engine, store, clock = delivered()
    clock.set(T.add(days=15))
    engine.tick()
    why = "the clock ticks loudly"
    unhappy = engine.record_satisfaction("order-1", satisfied=False, reason=why)
    assert unhappy is False
    assert (FollowUpStatus.CASE_OPEN, "the clock ticks loudly") == (
        follow_up_in(store).status,
        follow_up_in(store).case_reason,
    )
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.resolve_case("order-1", CaseResolution.RETURN, reference=rma)
    check = follow_up_in(store)
    assert (FollowUpStatus.CASE_RESOLVED, CaseResolution.RETURN, rma) == (
        check.status,
        check.resolution,
        check.resolution_reference,
    )


def test_an_unhappy_answer_needs_a_reason_and_changes_nothing_without_one() -> None:
    engine, store, _ = delivered()
    before = store.snapshot()
    with pytest.raises(OrdercoreError, match="reason"):
        engine.record_satisfaction("order-1", satisfied=False)
    assert before == store.snapshot()


def test_a_carriers_delivered_report_schedules_the_check_from_the_carriers_time() -> None:
    engine, store, clock = shipped()
    engine.follow_ups = FollowUpPolicy(14)
    clock.advance(days=3)
    for shipment in stored(store, "shipments"):
        engine.record_tracking(shipment.id, "delivered", T.add(days=2))
    assert T.add(days=16) == follow_up_in(store).due_at
