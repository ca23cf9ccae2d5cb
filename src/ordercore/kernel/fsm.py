"""Lifecycles as data: a transition table, checked when built, that answers and renders itself.

Each lifecycle (order, payment, invoice, reservation, shipment, return...) is declared once as a
:class:`Lifecycle` built from :class:`Transition` rows ``(sources, trigger, target, guard)``. The
entity keeps its state as a plain value (a ``StrEnum`` member); there is no machine object per
entity and nothing is attached to it. Building a table checks it:

* the initial state, every source and every target are states of the lifecycle;
* no two rows share a (state, trigger) pair;
* every state is reachable from the initial state;
* terminal states have no exits, and every state without exits is declared terminal;
* every guard has a name (it appears in diagrams and in the errors it causes).

A built table answers :meth:`Lifecycle.allowed`, moves a state with :meth:`Lifecycle.next_state`
(raising :class:`InvalidTransition` or :class:`GuardRejected`), and renders a Mermaid
``stateDiagram-v2`` with :meth:`Lifecycle.to_mermaid`.

>>> import enum
>>> class Door(enum.StrEnum):
...     OPEN = "open"
...     SHUT = "shut"
...     GONE = "gone"
>>> door = Lifecycle(
...     "door", Door, Door.SHUT,
...     [Transition(Door.SHUT, "open", Door.OPEN),
...      Transition(Door.OPEN, "close", Door.SHUT),
...      Transition([Door.OPEN, Door.SHUT], "remove", Door.GONE)],
...     terminal=[Door.GONE],
... )
>>> door.allowed(Door.SHUT)
('open', 'remove')
>>> door.next_state(Door.SHUT, "open")
<Door.OPEN: 'open'>
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from ordercore.kernel.errors import GuardRejected, InvalidTransition, LifecycleDefinitionError

__all__ = ["Guard", "Lifecycle", "Transition"]

S = TypeVar("S", bound=str)
E = TypeVar("E")

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@attrs.frozen
class Guard(Generic[E]):
    """A named condition on the subject (the entity) that a transition needs to hold."""

    name: str
    check: Callable[[E], bool] = attrs.field(eq=False)
    description: str = ""

    def __call__(self, subject: E) -> bool:
        """Whether the guard holds for ``subject``."""
        return self.check(subject)


def _as_sources(value: object) -> frozenset[Any]:
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, Iterable):
        return frozenset(value)
    return frozenset([value])


@attrs.frozen
class Transition(Generic[S, E]):
    """One row of a transition table: from any of ``sources``, ``trigger`` moves to ``target``.

    ``sources`` is one state or an iterable of states; ``guard``, if given, must hold for the
    subject for the row to apply.
    """

    sources: frozenset[S] = attrs.field(converter=_as_sources)
    trigger: str
    target: S
    guard: Guard[E] | None = None


_NO_ROWS: Mapping[str, Any] = {}
"""The rows of a trigger no transition has (none)."""


def _q(state: object) -> str:
    """A state (or list of states) quoted by value, as people read it in messages."""
    if isinstance(state, list):
        return "[" + ", ".join(_q(item) for item in state) + "]"
    return repr(str(state))


def _mermaid_id(state: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", state)


class Lifecycle(Generic[S, E]):
    """A validated transition table for one kind of entity (see the module docstring)."""

    __slots__ = ("_allowed", "_index", "initial", "name", "rows", "states", "terminal")

    def __init__(
        self,
        name: str,
        states: Iterable[S],
        initial: S,
        transitions: Iterable[Transition[S, E]],
        *,
        terminal: Iterable[S] = (),
    ) -> None:
        self.name = name
        self.states: tuple[S, ...] = tuple(states)
        self.initial = initial
        self.terminal: frozenset[S] = frozenset(terminal)
        self.rows: tuple[Transition[S, E], ...] = tuple(transitions)
        # by trigger, then by state: two dict lookups cost less than building and hashing a
        # (state, trigger) key, and entities ask ~30 times an order
        self._index: dict[str, dict[str, tuple[S, Callable[[E], bool] | None, str]]] = {}
        self._check()
        allowed: dict[str, list[str]] = {state: [] for state in self.states}
        for row in self.rows:
            for source in row.sources:
                guard = row.guard
                self._index.setdefault(row.trigger, {})[source] = (
                    row.target,
                    None if guard is None else guard.check,
                    "" if guard is None else guard.name,
                )
                allowed[source].append(row.trigger)
        self._allowed: Mapping[str, tuple[str, ...]] = {
            state: tuple(sorted(triggers)) for state, triggers in allowed.items()
        }

    def _fail(self, rule: str, **fields: Any) -> LifecycleDefinitionError:
        return LifecycleDefinitionError(self.name, rule, **fields)

    def _check(self) -> None:  # noqa: PLR0912 - one flat list of independent structural rules
        known = set(self.states)
        if len(known) != len(self.states):
            raise self._fail("a state is listed twice", states=self.states)
        if self.initial not in known:
            raise self._fail(f"initial state {_q(self.initial)} is not one of its states")
        for state in self.terminal - known:
            raise self._fail(f"terminal state {_q(state)} is not one of its states")
        seen: dict[tuple[str, str], Transition[S, E]] = {}
        exits: dict[S, int] = dict.fromkeys(known, 0)
        edges: dict[S, set[S]] = {state: set() for state in known}
        for row in self.rows:
            if not _NAME.match(row.trigger):
                raise self._fail(
                    f"trigger {row.trigger!r} must be a lower_snake_case name", trigger=row.trigger
                )
            if row.guard is not None and not _NAME.match(row.guard.name):
                raise self._fail(
                    f"the guard on {row.trigger!r} needs a lower_snake_case name",
                    guard=row.guard.name,
                )
            if not row.sources:
                raise self._fail(f"the row for {row.trigger!r} has no source state")
            if row.target not in known:
                raise self._fail(f"target {_q(row.target)} of {row.trigger!r} is not a state")
            for source in row.sources:
                if source not in known:
                    raise self._fail(f"source {_q(source)} of {row.trigger!r} is not a state")
                if source in self.terminal:
                    raise self._fail(
                        f"terminal state {_q(source)} has an exit ({row.trigger!r})",
                        state=source,
                        trigger=row.trigger,
                    )
                key = (source, row.trigger)
                if key in seen:
                    raise self._fail(
                        f"two rows for state {_q(source)} and trigger {row.trigger!r}",
                        state=source,
                        trigger=row.trigger,
                    )
                seen[key] = row
                exits[source] += 1
                edges[source].add(row.target)
        dead_ends = sorted(s for s, n in exits.items() if n == 0 and s not in self.terminal)
        if dead_ends:
            raise self._fail(
                f"states {_q(dead_ends)} have no exit but are not declared terminal",
                states=dead_ends,
            )
        reached = {self.initial}
        queue = deque([self.initial])
        while queue:
            for target in edges[queue.popleft()]:
                if target not in reached:
                    reached.add(target)
                    queue.append(target)
        unreachable = sorted(known - reached)
        if unreachable:
            raise self._fail(
                f"states {_q(unreachable)} cannot be reached from {_q(self.initial)}",
                states=unreachable,
            )

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger of this lifecycle, sorted."""
        return tuple(sorted({row.trigger for row in self.rows}))

    def allowed(self, state: S) -> tuple[str, ...]:
        """The triggers that have a row from ``state`` (guards not evaluated), sorted."""
        return self._allowed.get(state, ())

    def is_terminal(self, state: S) -> bool:
        """Whether ``state`` is final: nothing moves an entity out of it."""
        return state in self.terminal

    def can(self, state: S, trigger: str, subject: E | None = None) -> bool:
        """Whether ``trigger`` applies in ``state`` (guard checked when ``subject`` is given)."""
        row = self._index.get(trigger, _NO_ROWS).get(state)
        if row is None:
            return False
        check = row[1]
        return check is None or subject is None or check(subject)

    def next_state(self, state: S, trigger: str, subject: E | None = None) -> S:
        """The state ``trigger`` leads to from ``state``, checking the row's guard on ``subject``.

        Raises :class:`InvalidTransition` when no row exists, :class:`GuardRejected` when the guard
        does not hold (or no subject was given to check it on). Nothing is mutated: the caller
        stores the returned state.
        """
        row = self._index.get(trigger, _NO_ROWS).get(state)
        if row is None:
            raise InvalidTransition(
                self.name, getattr(subject, "id", None), str(state), trigger, self.allowed(state)
            )
        check = row[1]
        if check is not None and (subject is None or not check(subject)):
            raise GuardRejected(
                self.name, getattr(subject, "id", None), str(state), trigger, row[2]
            )
        return row[0]

    def to_mermaid(self) -> str:
        """The table as a Mermaid ``stateDiagram-v2`` (guards shown in brackets)."""
        lines = ["stateDiagram-v2"]
        for state in self.states:
            ident = _mermaid_id(state)
            if ident != state:
                lines.append(f'    state "{state}" as {ident}')
        lines.append(f"    [*] --> {_mermaid_id(self.initial)}")
        for row in self.rows:
            label = row.trigger if row.guard is None else f"{row.trigger} [{row.guard.name}]"
            lines.extend(
                f"    {_mermaid_id(source)} --> {_mermaid_id(row.target)}: {label}"
                for source in sorted(row.sources)
            )
        lines.extend(
            f"    {_mermaid_id(state)} --> [*]" for state in self.states if state in self.terminal
        )
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"Lifecycle({self.name!r}, {len(self.states)} states, {len(self.rows)} rows)"
