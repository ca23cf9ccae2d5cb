"""Properties of a return: what it may hold, what a refusal leaves, what replay rebuilds."""

import contextlib
import copy
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

LINES = ["line-1", "line-2", "line-9"]
DISPOSITIONS = [
    Disposition(DispositionKind.RESTOCK, "WH-EAST", "LOT-A"),
    Disposition(DispositionKind.QUARANTINE),
    Disposition(DispositionKind.SCRAP),
    Disposition(DispositionKind.RETURN_TO_VENDOR),
    Disposition(DispositionKind.REPAIR),
]

Command = tuple[Any, ...]


def _commands() -> st.SearchStrategy[list[Command]]:
    line = st.sampled_from(LINES)
    units = st.integers(-1, 4)
    one = st.one_of(
        st.just(("authorize",)),
        st.just(("reject",)),
        st.just(("ship_back",)),
        st.tuples(st.just("receive"), line, units, st.sampled_from(Condition)),
        st.tuples(
            st.just("inspect"), line, units, st.sampled_from(Grade), st.sampled_from(DISPOSITIONS)
        ),
        st.just(("finish_inspection",)),
        st.tuples(st.just("resolve"), st.integers(0, 5000), st.integers(0, 5000)),
        st.just(("close",)),
        st.just(("cancel",)),
    )
    return st.lists(one, max_size=14)


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


@given(requested_returns(), _commands())
def test_a_line_never_receives_more_than_authorized_nor_inspects_more_than_received(
    rma: ReturnAuthorization, commands: list[Command]
) -> None:
    for command in commands:
        with contextlib.suppress(OrdercoreError):
            _run(rma, command)
        for line in rma.lines.values():
            assert 0 <= line.inspected <= line.received <= line.units


@given(requested_returns(), _commands())
def test_a_refused_command_changes_nothing(
    rma: ReturnAuthorization, commands: list[Command]
) -> None:
    for command in commands:
        before = copy.deepcopy(rma)
        events_before = len(rma.events)
        try:
            _run(rma, command)
        except OrdercoreError:
            assert before == rma
            assert events_before == len(rma.events)
        else:
            assert before.version + 1 == rma.version


@given(requested_returns(), _commands())
def test_replay_rebuilds_a_return_exactly(
    rma: ReturnAuthorization, commands: list[Command]
) -> None:
    for command in commands:
        with contextlib.suppress(OrdercoreError):
            _run(rma, command)
    assert rma == replay_return(rma.pull_events())


@given(requested_returns(), _commands())
def test_a_stored_return_and_its_events_read_back_equal(
    rma: ReturnAuthorization, commands: list[Command]
) -> None:
    codec = Codec()
    for command in commands:
        with contextlib.suppress(OrdercoreError):
            _run(rma, command)
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
