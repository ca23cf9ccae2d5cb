import enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.errors import GuardRejected, InvalidTransition, LifecycleDefinitionError
from ordercore.kernel.fsm import Guard, Lifecycle, Transition


class Parcel(enum.StrEnum):
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    LOST = "lost"


class Box:
    def __init__(self, labelled: bool) -> None:
        self.id = "box-1"
        self.labelled = labelled


LABELLED = Guard[Box]("labelled", lambda box: box.labelled, "a shipping label is printed")


def parcel_rows() -> list[Transition[Parcel, Box]]:
    return [
        Transition(Parcel.PACKED, "ship", Parcel.SHIPPED, LABELLED),
        Transition(Parcel.SHIPPED, "deliver", Parcel.DELIVERED),
        Transition([Parcel.PACKED, Parcel.SHIPPED], "lose", Parcel.LOST),
    ]


PARCEL = Lifecycle(
    "parcel", Parcel, Parcel.PACKED, parcel_rows(), terminal=[Parcel.DELIVERED, Parcel.LOST]
)


def test_answers_which_triggers_a_state_allows() -> None:
    assert ("lose", "ship") == PARCEL.allowed(Parcel.PACKED)
    assert () == PARCEL.allowed(Parcel.DELIVERED)


def test_moves_to_the_target_when_the_guard_holds() -> None:
    assert Parcel.SHIPPED == PARCEL.next_state(Parcel.PACKED, "ship", Box(labelled=True))


def test_a_failing_guard_is_named_in_the_error() -> None:
    with pytest.raises(GuardRejected, match="'labelled' does not hold") as caught:
        PARCEL.next_state(Parcel.PACKED, "ship", Box(labelled=False))
    assert "labelled" == caught.value.guard
    assert "box-1" == caught.value.entity_id


def test_a_guarded_row_without_a_subject_is_refused() -> None:
    with pytest.raises(GuardRejected):
        PARCEL.next_state(Parcel.PACKED, "ship")


def test_a_trigger_the_state_does_not_allow_names_state_trigger_and_what_is_allowed() -> None:
    with pytest.raises(InvalidTransition, match="cannot 'deliver' while 'packed'") as caught:
        PARCEL.next_state(Parcel.PACKED, "deliver", Box(labelled=True))
    assert ("lose", "ship") == caught.value.allowed
    assert isinstance(caught.value, ValueError)


def test_can_reports_without_raising() -> None:
    assert PARCEL.can(Parcel.PACKED, "ship")
    assert not PARCEL.can(Parcel.PACKED, "ship", Box(labelled=False))
    assert not PARCEL.can(Parcel.LOST, "ship")


def test_refuses_an_unreachable_state() -> None:
    rows = [r for r in parcel_rows() if r.trigger != "lose"]
    with pytest.raises(LifecycleDefinitionError, match=r"\['lost'\] cannot be reached"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, rows, terminal=[Parcel.DELIVERED, Parcel.LOST])


def test_refuses_two_rows_for_one_state_and_trigger() -> None:
    rows = [*parcel_rows(), Transition(Parcel.SHIPPED, "lose", Parcel.DELIVERED)]
    with pytest.raises(LifecycleDefinitionError, match="two rows for state 'shipped'"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, rows, terminal=[Parcel.DELIVERED, Parcel.LOST])


def test_refuses_an_exit_from_a_terminal_state() -> None:
    rows = [*parcel_rows(), Transition(Parcel.LOST, "find", Parcel.SHIPPED)]
    with pytest.raises(LifecycleDefinitionError, match="terminal state 'lost' has an exit"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, rows, terminal=[Parcel.DELIVERED, Parcel.LOST])


def test_refuses_a_dead_end_that_is_not_declared_terminal() -> None:
    with pytest.raises(LifecycleDefinitionError, match="no exit but are not declared terminal"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, parcel_rows(), terminal=[Parcel.DELIVERED])


def test_refuses_an_unnamed_guard() -> None:
    nameless = Guard[Box]("", lambda box: True)
    rows = [*parcel_rows()[1:], Transition(Parcel.PACKED, "ship", Parcel.SHIPPED, nameless)]
    with pytest.raises(LifecycleDefinitionError, match="guard"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, rows, terminal=[Parcel.DELIVERED, Parcel.LOST])


def test_refuses_a_target_outside_the_states() -> None:
    returned: Parcel = "returned"  # type: ignore[assignment]
    rows = [*parcel_rows(), Transition(Parcel.SHIPPED, "return", returned)]
    with pytest.raises(LifecycleDefinitionError, match="'returned' of 'return' is not a state"):
        Lifecycle("parcel", Parcel, Parcel.PACKED, rows, terminal=[Parcel.DELIVERED, Parcel.LOST])


def test_renders_a_mermaid_state_diagram_with_guards() -> None:
    expected = (
        "stateDiagram-v2\n"
        "    [*] --> packed\n"
        "    packed --> shipped: ship [labelled]\n"
        "    shipped --> delivered: deliver\n"
        "    packed --> lost: lose\n"
        "    shipped --> lost: lose\n"
        "    delivered --> [*]\n"
        "    lost --> [*]\n"
    )
    assert expected == PARCEL.to_mermaid()


TRIGGERS = 8  # more triggers than a table of at most 8 states can give one parent children


@st.composite
def tables(draw: st.DrawFn) -> tuple[Lifecycle[str, object], dict[tuple[str, str], str]]:
    """A random well-formed table: a spanning tree from s0 plus extra rows; dead ends terminal."""
    size = draw(st.integers(1, 8))
    states = [f"s{i}" for i in range(size)]
    triggers = [f"t{i}" for i in range(TRIGGERS)]
    rows: dict[tuple[str, str], str] = {}
    for index in range(1, size):
        parent = states[draw(st.integers(0, index - 1))]
        free = [t for t in triggers if (parent, t) not in rows]
        rows[(parent, draw(st.sampled_from(free)))] = states[index]
    for _ in range(draw(st.integers(0, 10))):
        source = draw(st.sampled_from(states))
        trigger = draw(st.sampled_from(triggers))
        rows.setdefault((source, trigger), draw(st.sampled_from(states)))
    terminal = [s for s in states if not any(src == s for src, _ in rows)]
    lifecycle: Lifecycle[str, object] = Lifecycle(
        "random",
        states,
        states[0],
        [Transition(src, trig, target) for (src, trig), target in rows.items()],
        terminal=terminal,
    )
    return lifecycle, rows


@given(tables())
def test_every_allowed_and_disallowed_trigger_of_a_generated_table(
    generated: tuple[Lifecycle[str, object], dict[tuple[str, str], str]],
) -> None:
    lifecycle, rows = generated
    for state in lifecycle.states:
        expected_allowed = tuple(sorted(t for (s, t) in rows if s == state))
        assert expected_allowed == lifecycle.allowed(state)
        for trigger in (f"t{i}" for i in range(TRIGGERS)):
            if (state, trigger) in rows:
                assert rows[(state, trigger)] == lifecycle.next_state(state, trigger)
            else:
                with pytest.raises(InvalidTransition):
                    lifecycle.next_state(state, trigger)


@given(tables())
def test_every_generated_row_appears_in_the_diagram(
    generated: tuple[Lifecycle[str, object], dict[tuple[str, str], str]],
) -> None:
    lifecycle, rows = generated
    diagram = lifecycle.to_mermaid()
    for (source, trigger), target in rows.items():
        assert f"    {source} --> {target}: {trigger}\n" in diagram
