"""Properties of a return: what it may hold, what a refusal leaves, what replay rebuilds."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    FollowUp,
    FollowUpPolicy,
    FollowUpSatisfied,
    Grade,
    OverReturn,
    ReturnableLine,
    ReturnAuthorization,
    ReturnReason,
    ReturnRequestLine,
    replay_follow_up,
    replay_return,
)
from ordercore.domain.returns.followup import CaseResolution
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec

from .support import DELIVERED, SOON, WINDOW

DISPOSITIONS = [
    Disposition(DispositionKind.RESTOCK, "WH-EAST", "LOT-A"),
    Disposition(DispositionKind.QUARANTINE),
    Disposition(DispositionKind.SCRAP),
    Disposition(DispositionKind.RETURN_TO_VENDOR),
    Disposition(DispositionKind.REPAIR),
]

Command = tuple[Any, ...]


def _noise() -> st.SearchStrategy[Command]:
    """Any command with any arguments: most are refused."""
    line = st.sampled_from(["line-1", "line-2", "line-9"])
    units = st.integers(-1, 5)
    return st.one_of(
        st.sampled_from(
            [
                ("authorize",),
                ("reject",),
                ("ship_back",),
                ("finish_inspection",),
                ("close",),
                ("cancel",),
            ]
        ),
        st.tuples(st.just("receive"), line, units, st.sampled_from(Condition)),
        st.tuples(
            st.just("inspect"), line, units, st.sampled_from(Grade), st.sampled_from(DISPOSITIONS)
        ),
        st.tuples(st.just("resolve"), st.integers(0, 5000), st.integers(0, 5000)),
    )


def _sensible(data: st.DataObject, rma: ReturnAuthorization) -> Command:
    """A command the return's state allows, with arguments that mostly fit (forward moves)."""
    allowed = [t for t in rma.allowed_triggers() if t not in ("reject", "cancel")]
    if not allowed:
        return data.draw(_noise())
    trigger = data.draw(st.sampled_from(allowed))
    line_id = data.draw(st.sampled_from(sorted(rma.lines)))
    line = rma.lines[line_id]
    if trigger == "receive":
        units = data.draw(st.integers(1, max(line.awaited, 1)))
        return ("receive", line_id, units, data.draw(st.sampled_from(Condition)))
    if trigger == "inspect":
        units = data.draw(st.integers(1, max(line.uninspected, 1)))
        grade = data.draw(st.sampled_from(Grade))
        return ("inspect", line_id, units, grade, data.draw(st.sampled_from(DISPOSITIONS)))
    if trigger == "resolve":
        return ("resolve", data.draw(st.integers(0, 2500)), data.draw(st.integers(0, 2500)))
    return (trigger,)


def _drive(
    data: st.DataObject,
    rma: ReturnAuthorization,
    check: Callable[[ReturnAuthorization, ReturnAuthorization, bool], None] | None = None,
) -> None:
    """Run 1-25 commands, mostly sensible, some noise; ``check(before, after, refused)``."""
    for _ in range(data.draw(st.integers(1, 25))):
        noisy = data.draw(st.integers(0, 4)) == 0
        command = data.draw(_noise()) if noisy else _sensible(data, rma)
        before = copy.deepcopy(rma)
        refused = False
        try:
            _run(rma, command)
        except OrdercoreError:
            refused = True
        if check is not None:
            check(before, rma, refused)


def _run(rma: ReturnAuthorization, command: Command) -> None:
    at = SOON.add(days=1)
    match command:
        case ("authorize",):
            rma.authorize(at)
        case ("reject",):
            rma.reject("worn", at)
        case ("ship_back",):
            rma.ship_back("DHL", at)
        case ("receive", line_id, units, condition):
            rma.receive(line_id, units, condition, "WH-EAST", at)
        case ("inspect", line_id, units, grade, disposition):
            rma.inspect(line_id, units, grade, disposition, at)
        case ("finish_inspection",):
            rma.finish_inspection(at)
        case ("resolve", refund, credit):
            share = Money.from_minor(4000, "USD")
            rma.resolve(
                share,
                at,
                refund=Money.from_minor(refund, "USD"),
                credit=Money.from_minor(credit, "USD"),
            )
        case ("close",):
            rma.close(at)
        case ("cancel",):
            rma.cancel("changed mind", at)


@st.composite
def requested_returns(draw: st.DrawFn) -> ReturnAuthorization:
    """A return of 1-3 units of one or two lines, each with 1-4 shipped and none returned."""
    facts = [
        ReturnableLine("line-1", "RETRO-CLOCK", draw(st.integers(1, 4)), 0, DELIVERED),
        ReturnableLine("line-2", "LAVA-LAMP", draw(st.integers(1, 4)), 0, DELIVERED),
    ]
    asked = [
        ReturnRequestLine(fact.line_id, draw(st.integers(1, fact.shipped)), ReturnReason.OTHER)
        for fact in facts[: draw(st.integers(1, 2))]
    ]
    return ReturnAuthorization.request("RMA-1", "order-1", "shopify", asked, facts, WINDOW, SOON)


@given(st.integers(0, 6), st.integers(0, 6), st.integers(1, 8))
def test_never_asks_back_more_than_shipped_less_already_returned(
    shipped: int, returned: int, units: int
) -> None:
    returned = min(returned, shipped)
    facts = [ReturnableLine("line-1", "RETRO-CLOCK", shipped, returned, DELIVERED)]
    asked = [ReturnRequestLine("line-1", units, ReturnReason.OTHER)]
    if units > shipped - returned:
        with pytest.raises(OverReturn) as refused:
            ReturnAuthorization.request("RMA-1", "order-1", "shopify", asked, facts, WINDOW, SOON)
        assert shipped - returned == refused.value.allowed
    else:
        rma = ReturnAuthorization.request("RMA-1", "order-1", "shopify", asked, facts, WINDOW, SOON)
        assert units == rma.line("line-1").units


@given(requested_returns(), st.data())
def test_a_line_never_receives_more_than_authorized_nor_inspects_more_than_received(
    rma: ReturnAuthorization, data: st.DataObject
) -> None:
    def check(_: ReturnAuthorization, after: ReturnAuthorization, __: bool) -> None:
        for line in after.lines.values():
            assert 0 <= line.inspected <= line.received <= line.units

    _drive(data, rma, check)


@given(requested_returns(), st.data())
def test_a_refused_command_changes_nothing(rma: ReturnAuthorization, data: st.DataObject) -> None:
    def check(before: ReturnAuthorization, after: ReturnAuthorization, refused: bool) -> None:
        if refused:
            assert before == after
            assert len(before.events) == len(after.events)
        else:
            assert before.version + 1 == after.version

    _drive(data, rma, check)


@given(requested_returns(), st.data())
def test_replay_rebuilds_a_return_exactly(rma: ReturnAuthorization, data: st.DataObject) -> None:
    _drive(data, rma)
    assert rma == replay_return(rma.pull_events())


@given(requested_returns(), st.data())
def test_a_stored_return_and_its_events_read_back_equal(
    rma: ReturnAuthorization, data: st.DataObject
) -> None:
    codec = Codec()
    _drive(data, rma)
    events = list(rma.events)
    assert rma == codec.loads(ReturnAuthorization, codec.dumps(rma))
    assert rma == replay_return([codec.loads(type(e), codec.dumps(e)) for e in events])


_OUTCOMES = st.lists(
    st.sampled_from(["ask", "satisfied", "unhappy", "refund", "replace", "cancel", "early"]),
    max_size=8,
)


def _follow(check: FollowUp, step: str, *, opted_out: bool) -> None:
    due = DELIVERED.add(days=14)
    match step:
        case "ask":
            check.ask(due)
        case "early":
            check.ask(due.subtract(days=1))
        case "satisfied":
            check.record_satisfied(due, opted_out=opted_out)
        case "unhappy":
            check.record_unhappy("late", due)
        case "refund":
            check.resolve_case(CaseResolution.REFUND, due, reference="RF-1")
        case "replace":
            check.resolve_case(CaseResolution.REPLACEMENT, due, reference="order-2")
        case "cancel":
            check.cancel("returned", due)


@given(_OUTCOMES, st.booleans())
def test_a_follow_up_refuses_without_change_asks_one_review_at_most_and_replays(
    steps: list[str], opted_out: bool
) -> None:
    check = FollowUp.schedule(
        "FUP-1", "order-1", "cust-7", "shopify", DELIVERED, FollowUpPolicy(14), DELIVERED
    )
    for step in steps:
        before = copy.deepcopy(check)
        try:
            _follow(check, step, opted_out=opted_out)
        except OrdercoreError:
            assert before == check
    events = check.pull_events()
    reviews = [e for e in events if isinstance(e, FollowUpSatisfied) and e.review_requested]
    assert len(reviews) <= (0 if opted_out else 1)
    assert check == replay_follow_up(events)
