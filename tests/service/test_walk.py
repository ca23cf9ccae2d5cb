"""The one-order walk (``benchmarks/walk.py``): each Engine step reads forward, seldom back."""

from __future__ import annotations

import walk


def test_walks_every_step_of_one_order_in_order() -> None:
    assert list(walk.STEPS) == [step.name for step in walk.walk()]


def test_no_step_enters_more_files_or_returns_more_often_than_the_reshaped_service_does() -> None:
    counts = {step.name: (step.files, step.hops, step.revisits) for step in walk.walk()}
    over = {
        name: found
        for name, found in counts.items()
        if any(n > limit for n, limit in zip(found, walk.LIMITS[name], strict=True))
    }
    assert {} == over


def test_every_step_starts_at_the_engine_and_goes_next_to_its_argument_checks() -> None:
    for step in walk.walk():
        assert ("service/engine.py", "service/arguments.py") == step.path[:2], step.name


def test_the_engine_is_entered_once_per_step() -> None:
    for step in walk.walk():
        assert 1 == step.path.count("service/engine.py"), step.name


def test_counts_a_return_to_a_file_already_left_as_a_revisit() -> None:
    step = walk.Step("made up", ("a.py", "b.py", "a.py", "c.py", "b.py"))
    assert (3, 4, 2) == (step.files, step.hops, step.revisits)


def test_the_limits_are_below_the_walk_before_the_reshape_in_hops_and_revisits() -> None:
    for name, (_files, hops, revisits) in walk.LIMITS.items():
        before = walk.BEFORE[name]
        assert hops < before[1], name
        assert revisits < before[2], name


def test_splits_the_revisits_by_cause_the_commit_comprehension_frames_and_the_rest() -> None:
    path = ("a.py", "b.py", "a.py", "c.py", "b.py", "a.py")
    causes = ("", "", walk.FRAME, "", "", walk.COMMIT)
    step = walk.Step("made up", path, causes)
    assert {walk.COMMIT: 1, walk.FRAME: 1, "": 1} == step.revisits_by_cause()


def test_every_revisit_is_given_one_cause() -> None:
    for step in walk.walk():
        assert step.revisits == sum(step.revisits_by_cause().values()), step.name
        assert len(step.path) == len(step.causes), step.name


def test_the_commit_enters_the_session_and_no_aggregate_it_saves() -> None:
    for step in walk.walk():
        tail = [f for f, c in zip(step.path, step.causes, strict=True) if c == walk.COMMIT]
        assert ["service/session.py"] == tail, step.name


def test_the_event_sink_lowered_every_step_below_the_walk_that_pulled_events() -> None:
    for name, (_files, hops, revisits) in walk.LIMITS.items():
        pulling = walk.PULLING[name]
        assert hops < pulling[1], name
        assert revisits < pulling[2], name


def test_no_step_goes_back_more_often_than_now_besides_the_commit_and_comprehension_frames() -> (
    None
):
    found = {step.name: step.revisits_by_cause()[""] for step in walk.walk()}
    over = {name: n for name, n in found.items() if n > walk.GENUINE[name]}
    assert {} == over


def test_reading_forward_lowered_no_step_and_the_back_and_forth_proper_by_more_than_half() -> None:
    for name, (files, hops, revisits) in walk.LIMITS.items():
        sink_files, sink_hops, sink_revisits = walk.SINK[name]
        assert files <= sink_files, name
        assert hops <= sink_hops, name
        assert revisits <= sink_revisits, name
        assert walk.GENUINE[name] <= walk.SINK_GENUINE[name], name
    assert 2 * sum(walk.GENUINE.values()) < sum(walk.SINK_GENUINE.values())


def test_deliver_and_both_return_requests_go_back_to_no_file_but_for_the_commit() -> None:
    found = {step.name: step.revisits_by_cause()[""] for step in walk.walk()}
    assert {"deliver": 0, "request_return": 0} == {
        name: found[name] for name in ("deliver", "request_return")
    }


def test_this_pass_lowered_no_step_and_the_back_and_forth_proper_in_all() -> None:
    for name, (files, hops, revisits) in walk.LIMITS.items():
        forward_files, forward_hops, forward_revisits = walk.FORWARD[name]
        assert files <= forward_files, name
        assert hops <= forward_hops, name
        assert revisits <= forward_revisits, name
        assert walk.GENUINE[name] <= walk.FORWARD_GENUINE[name], name
    assert sum(walk.GENUINE.values()) < sum(walk.FORWARD_GENUINE.values())


def test_reserving_the_plan_goes_on_to_the_stock_without_calling_back_for_ids() -> None:
    (allocate,) = [step for step in walk.walk() if step.name == "allocate"]
    after = allocate.path.index("domain/allocation/reserving.py") + 1
    assert "domain/inventory/stock.py" == allocate.path[after]


def test_the_stock_item_answers_a_lines_reservations_to_the_shipping_steps_itself() -> None:
    found = {
        step.name: "service/allocating.py" in step.path
        for step in walk.walk()
        if step.name in ("open_shipment", "pick", "ship")
    }
    assert {"open_shipment": False, "pick": False, "ship": False} == found
