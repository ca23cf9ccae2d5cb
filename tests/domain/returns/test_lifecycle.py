import pytest

from ordercore.domain.returns import (
    FOLLOW_UP_LIFECYCLE,
    RMA_LIFECYCLE,
    FollowUpStatus,
    RmaStatus,
)
from ordercore.kernel.errors import GuardRejected
from ordercore.lifecycles import catalogue


class _Inspected:
    """A return whose arrived units are all inspected (or not), for the guard."""

    def __init__(self, *, done: bool) -> None:
        self.id = "RMA-1"
        self.done = done

    def every_received_unit_inspected(self) -> bool:
        return self.done


def test_a_return_runs_from_requested_to_closed() -> None:
    path = ["authorize", "ship_back", "receive", "inspect", "resolve", "close"]
    state = RmaStatus.REQUESTED
    for trigger in path:
        if trigger == "resolve":
            state = RMA_LIFECYCLE.next_state(state, "finish_inspection", _Inspected(done=True))
        state = RMA_LIFECYCLE.next_state(state, trigger)
    assert RmaStatus.CLOSED == state


def test_the_inspection_does_not_finish_while_an_arrived_unit_waits() -> None:
    with pytest.raises(GuardRejected) as refused:
        RMA_LIFECYCLE.next_state(RmaStatus.RECEIVED, "finish_inspection", _Inspected(done=False))
    assert "every_received_unit_inspected" == refused.value.guard


def test_a_return_ends_rejected_closed_or_cancelled() -> None:
    expected = {RmaStatus.REJECTED, RmaStatus.CLOSED, RmaStatus.CANCELLED}
    assert expected == set(RMA_LIFECYCLE.terminal)


def test_a_return_may_be_received_without_news_of_its_shipping_back() -> None:
    assert "receive" in RMA_LIFECYCLE.allowed(RmaStatus.AUTHORIZED)


def test_a_return_can_be_cancelled_only_before_anything_arrives() -> None:
    cancellable = {s for s in RmaStatus if "cancel" in RMA_LIFECYCLE.allowed(s)}
    assert {RmaStatus.REQUESTED, RmaStatus.AUTHORIZED, RmaStatus.IN_TRANSIT} == cancellable


def test_a_follow_up_ends_satisfied_resolved_or_cancelled() -> None:
    expected = {FollowUpStatus.SATISFIED, FollowUpStatus.CASE_RESOLVED, FollowUpStatus.CANCELLED}
    assert expected == set(FOLLOW_UP_LIFECYCLE.terminal)


def test_both_lifecycles_are_in_the_catalogue_the_diagram_command_renders() -> None:
    found = catalogue()
    assert (RMA_LIFECYCLE, FOLLOW_UP_LIFECYCLE) == (found["return"], found["follow_up"])
    assert "inspected --> resolved: resolve" in RMA_LIFECYCLE.to_mermaid()
