from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.returns import (
    CaseResolution,
    FollowUp,
    FollowUpPolicy,
    FollowUpSatisfied,
    FollowUpScheduled,
    FollowUpStatus,
    replay_follow_up,
)
from ordercore.domain.returns.followup_events import follow_up_scheduled
from ordercore.kernel.errors import InvalidTransition, ValidationError, WrongType

DELIVERED = pendulum.datetime(2026, 11, 2, 15, tz="UTC")
POLICY = FollowUpPolicy(14, per_channel={"amazon": 7})


def _scheduled(channel: str = "shopify") -> FollowUp:
    return FollowUp.schedule("FUP-1", "order-1", "cust-7", channel, DELIVERED, POLICY, DELIVERED)


def test_a_follow_up_falls_due_n_days_after_delivery_per_channel() -> None:
    assert DELIVERED.add(days=14) == _scheduled().due_at
    assert DELIVERED.add(days=7) == _scheduled("amazon").due_at


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2090, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from(
            [pendulum.timezone(name) for name in ("UTC", "Europe/Berlin", "America/New_York")]
        ),
    ),
    st.integers(0, 400),
)
def test_falls_due_the_days_after_delivery_that_pendulum_counts_in_utc(
    delivered: datetime, days: int
) -> None:
    at = pendulum.instance(delivered)
    due = FollowUpPolicy(days).due_at(at, "shopify")
    expected = at.in_timezone("UTC").add(days=days)
    assert (expected, "UTC", pendulum.DateTime) == (due, due.tzinfo.name, type(due))  # type: ignore[union-attr]


def test_a_stdlib_delivery_instant_falls_due_in_utc_too() -> None:
    delivered = datetime(2026, 3, 28, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    due = FollowUpPolicy(1).due_at(delivered, "shopify")  # type: ignore[arg-type]
    assert pendulum.datetime(2026, 3, 29, 21, 30, tz="UTC") == due


def test_a_follow_up_is_due_from_the_instant_it_falls_due_and_only_while_scheduled() -> None:
    check = _scheduled()
    due_at = DELIVERED.add(days=14)
    assert (False, True) == (check.due(due_at.subtract(seconds=1)), check.due(due_at))
    check.ask(due_at)
    assert not check.due(due_at.add(days=1))


def test_the_customer_is_not_asked_before_the_check_falls_due() -> None:
    check = _scheduled()
    with pytest.raises(ValidationError):
        check.ask(DELIVERED.add(days=13))
    assert (FollowUpStatus.SCHEDULED, 1) == (check.status, check.version)


def test_a_satisfied_customer_is_asked_for_a_review() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    assert check.record_satisfied(DELIVERED.add(days=15), opted_out=False)
    event = check.pull_events()[-1]
    assert isinstance(event, FollowUpSatisfied)
    assert (True, "order-1", "cust-7") == (
        event.review_requested,
        event.order_id,
        event.customer_id,
    )


def test_a_customer_who_opted_out_is_never_asked_for_a_review() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    assert not check.record_satisfied(DELIVERED.add(days=15), opted_out=True)
    assert FollowUpStatus.SATISFIED == check.status
    assert [] == [
        e for e in check.pull_events() if isinstance(e, FollowUpSatisfied) and e.review_requested
    ]
    assert not check.review_requested


def test_a_review_is_requested_at_most_once_per_follow_up() -> None:
    check = _scheduled()
    check.record_satisfied(DELIVERED.add(days=2), opted_out=False)
    with pytest.raises(InvalidTransition):
        check.record_satisfied(DELIVERED.add(days=3), opted_out=False)
    requests = [e for e in check.pull_events() if isinstance(e, FollowUpSatisfied)]
    assert 1 == len(requests)


def test_an_unhappy_customer_opens_a_case_resolved_by_a_refund_that_is_recorded() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    check.record_unhappy("the clock ticks too loudly", DELIVERED.add(days=15))
    assert (FollowUpStatus.CASE_OPEN, "the clock ticks too loudly") == (
        check.status,
        check.case_reason,
    )
    check.resolve_case(CaseResolution.RETURN, DELIVERED.add(days=16), reference="RMA-1")
    assert (FollowUpStatus.CASE_RESOLVED, CaseResolution.RETURN, "RMA-1") == (
        check.status,
        check.resolution,
        check.resolution_reference,
    )


def test_a_case_needs_a_reason_and_a_resolution_of_a_known_kind() -> None:
    check = _scheduled()
    with pytest.raises(ValidationError):
        check.record_unhappy("  ", DELIVERED)
    check.record_unhappy("late", DELIVERED)
    with pytest.raises(WrongType):
        check.resolve_case("apology", DELIVERED)  # type: ignore[arg-type]
    assert FollowUpStatus.CASE_OPEN == check.status


def test_only_an_open_case_can_be_resolved() -> None:
    with pytest.raises(InvalidTransition):
        _scheduled().resolve_case(CaseResolution.CREDIT, DELIVERED)


def test_a_cancelled_follow_up_never_falls_due() -> None:
    check = _scheduled()
    check.cancel("order returned in full", DELIVERED.add(days=3))
    assert not check.due(DELIVERED.add(days=30))


def test_replay_rebuilds_a_follow_up_exactly() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    check.record_unhappy("late", DELIVERED.add(days=15))
    check.resolve_case(CaseResolution.CREDIT, DELIVERED.add(days=16), reference="CN-1")
    assert check == replay_follow_up(check.pull_events())


def test_replay_refuses_a_log_that_does_not_start_with_scheduling() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    with pytest.raises(ValidationError):
        replay_follow_up(check.pull_events()[1:])


def test_replay_refuses_another_follow_ups_event_naming_this_one() -> None:
    check = _scheduled()
    check.ask(DELIVERED.add(days=14))
    scheduled, asked = check.pull_events()
    with pytest.raises(ValidationError, match="every event is of follow-up 'FUP-1'"):
        replay_follow_up([scheduled, attrs.evolve(asked, entity_id="FUP-2")])


def test_a_scheduled_event_written_by_slots_is_the_event_its_constructor_builds() -> None:
    fields: dict[str, Any] = {
        "entity_id": "FUP-1",
        "version": 1,
        "occurred_at": DELIVERED,
        "order_id": "order-1",
        "customer_id": "cust-7",
        "channel": "shopify",
        "delivered_at": DELIVERED,
        "due_at": DELIVERED.add(days=14),
    }
    expected = FollowUpScheduled(**fields)
    actual = follow_up_scheduled(**fields)
    assert (expected, hash(expected), repr(expected)) == (actual, hash(actual), repr(actual))


def test_scheduling_records_the_event_its_constructor_builds() -> None:
    expected = FollowUpScheduled(
        entity_id="FUP-1",
        version=1,
        occurred_at=DELIVERED,
        order_id="order-1",
        customer_id="cust-7",
        channel="shopify",
        delivered_at=DELIVERED,
        due_at=DELIVERED.add(days=14),
    )
    [actual] = _scheduled().pull_events()
    assert (expected, repr(expected)) == (actual, repr(actual))
