"""The base of domain events: frozen, past tense, with entity id, entity version and time.

Every change to an aggregate emits an event (``OrderPlaced``, ``StockReserved``...). An event
says which entity changed (``entity_id``), which version of it the change produced (``version``,
counting from 1) and when (``occurred_at``, an aware instant). Subclasses add their own fields as
keyword-only attributes. The unit of work carries events to the outbox; the log is the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "Applies",
    "DomainEvent",
    "EventLog",
    "EventSink",
    "Records",
    "attach",
    "next_mutator",
    "replay_log",
    "require_next",
]


@attrs.frozen(kw_only=True)
class DomainEvent:
    """Something that happened to one entity; subclass it with ``@attrs.frozen(kw_only=True)``.

    Events are slotted. A frozen dict class (``slots=False``) has the cheaper generated
    ``__init__`` (one dictionary write per field instead of one ``object.__setattr__`` call),
    and was measured for issue #11: a reserve or release ran about 6% fewer instructions, but an
    order through the Engine on the memory store ran about 6% more (reading and storing dict
    instances costs more than making them saves) and its peak memory grew about 20% (each
    retained event carries a dictionary). Slots stay.
    """

    entity_kind: ClassVar[str] = "entity"
    """What kind of entity the event is about (``"order"``, ``"stock"``...), set per subclass."""

    entity_id: str
    version: int
    occurred_at: pendulum.DateTime = attrs.field(converter=instant)

    @property
    def name(self) -> str:
        """The event's name, its class name (``"OrderPlaced"``)."""
        return type(self).__name__


class EventSink:
    """Where a unit of work collects what one aggregate records, as the aggregate records it.

    The unit of work hands a sink to each aggregate it hands out (:func:`attach`; the Engine's
    session to each new one it adds), and the aggregate keeps it in its ``sink`` field, which
    is no part of its state: not compared, not copied (a copy records for itself) and not
    stored. The sink holds the aggregate's own list of pending events, so every event a
    command records is in the sink the moment it is recorded, and staging takes them from
    there (:meth:`take`) and lets the sink go, without calling back into the aggregate;
    ``events`` and ``pull_events()`` keep working as they always have, and an aggregate
    without a sink (built in a test, replayed) is unchanged.

    A stock item hands its ledger buffer over too, the first time it records into the sink
    (``ledger`` then says so, ``movements`` is the buffer), and what it keeps only until its
    events leave (the reservations its commands closed): :meth:`take` empties those.
    """

    __slots__ = ("_movements", "_transient", "events", "ledger")

    def renew(self, events: list[Any]) -> None:
        """Make this sink new, for an aggregate whose pending events are ``events``.

        What a new sink is (``EventSink(events)`` runs this), so a unit of work can hand out
        again a sink its staging let go (a new one costs ~1.8k instructions): nothing of the
        aggregate it served before is kept.
        """
        self.events = events
        """The aggregate's pending events (its own list), oldest first."""
        self.ledger = False
        """Whether the aggregate makes its ledger movements here (else it keeps them)."""
        # the two lists only a stock item uses are made when first asked for: a sink is made
        # for every aggregate a unit of work hands out (two lists fewer, ~800 instructions)
        self._movements: list[Any] | None = None
        self._transient: list[dict[Any, Any]] | None = None

    __init__ = renew

    @property
    def movements(self) -> list[Any]:
        """The ledger movements the aggregate made since the last :meth:`take` (stock items)."""
        movements = self._movements
        if movements is None:
            movements = self._movements = []
        return movements

    @movements.setter
    def movements(self, movements: list[Any]) -> None:
        self._movements = movements

    @property
    def transient(self) -> list[dict[Any, Any]]:
        """What the aggregate keeps only until its events leave; :meth:`take` empties it."""
        transient = self._transient
        if transient is None:
            transient = self._transient = []
        return transient

    @transient.setter
    def transient(self, transient: list[dict[Any, Any]]) -> None:
        self._transient = transient

    def __copy__(self) -> None:
        return None  # an aggregate's copy has no sink: it records for itself

    def __deepcopy__(self, memo: dict[int, Any]) -> None:
        return None

    def __repr__(self) -> str:
        return f"EventSink({len(self.events)} events, {len(self._movements or ())} movements)"

    @property
    def pending(self) -> bool:
        """Whether anything was recorded since the last :meth:`take`."""
        return bool(self.events or self._movements)

    def take(self) -> tuple[list[Any], list[Any]]:
        """The events and movements recorded since the last take, oldest first.

        The sink (and so the aggregate's pending list) is empty afterwards, and so is what the
        aggregate kept only until then.
        """
        movements = [] if self._movements is None else self._movements[:]
        return self.take_events(), movements

    def take_events(self) -> list[Any]:
        """:meth:`take`, for a caller that read the movements already: the events alone.

        The movements and what the aggregate kept only until then are emptied all the same.
        """
        pending = self.events
        events = pending[:]
        pending.clear()
        if self._movements:
            self._movements.clear()
        if self._transient:
            for kept in self._transient:
                kept.clear()
        return events

    def take_into(self, taken: list[Any]) -> None:
        """:meth:`take_events`, appended to ``taken`` (a unit of work's staged events).

        No list of its own is made for them (a unit of work stages several aggregates per
        command, most of them with one event or none). The clearing below is :meth:`take_events`'
        written out again: a shared helper's call measured +0.2% instructions per order.
        """
        pending = self.events
        if pending:
            taken.extend(pending)
            pending.clear()
        if self._movements:
            self._movements.clear()
        if self._transient:
            for kept in self._transient:
                kept.clear()


def attach(aggregate: object) -> EventSink | None:
    """Give ``aggregate`` a sink of its own (:class:`EventSink`), unless it has one; the sink.

    The sink holds the aggregate's pending events (those recorded before, by a new aggregate
    built outside the unit of work, included). ``None`` for an object without a ``sink``
    field: the unit of work pulls its events (``pull_events()``).
    """
    try:
        sink: EventSink | None = aggregate.sink  # type: ignore[attr-defined]
    except AttributeError:
        return None
    if sink is None:
        sink = EventSink(aggregate.events)  # type: ignore[attr-defined]
        aggregate.sink = sink  # type: ignore[attr-defined]
    return sink


class Applies(Protocol):
    """An aggregate with one mutator for every event it emits."""

    version: int

    @property
    def id(self) -> str:
        """The aggregate's id (its events' ``entity_id``)."""
        ...

    def apply(self, event: Any) -> None:
        """Change state as ``event`` says (for live commands and replay alike)."""
        ...


class Records(Applies, Protocol):
    """An aggregate that keeps the events its commands emit until the store takes them.

    One that also has a ``sink`` field (``EventSink | None``, left out of its equality, copies
    and codec) lets a unit of work collect them as they are recorded (:func:`attach`).
    """

    events: list[Any]


A = TypeVar("A", bound=Applies)
R = TypeVar("R", bound=Records)


def require_next(
    aggregate: Applies, event: DomainEvent, *, noun: str = "", again: bool = False
) -> None:
    """Refuse ``event`` unless it is ``aggregate``'s next: of this aggregate, the next version.

    ``ValidationError`` for an event of another aggregate (field ``events``; ``noun`` names the
    aggregate in the rule, ``"every event is of shipment 'SHP-1'"``) or of another version
    (field ``version``). With ``again`` the event repeats the aggregate's version instead of
    counting it up (an invoice's ``InvoicePaid`` shares the version of the event that settled it).
    """
    if event.entity_id != aggregate.id:
        whose = f"{noun} {aggregate.id!r}" if noun else repr(aggregate.id)
        raise ValidationError("events", event.entity_id, f"every event is of {whose}")
    expected = aggregate.version if again else aggregate.version + 1
    if event.version != expected:
        how = "it repeats the version before it" if again else "versions count up by one"
        raise ValidationError("version", event.version, f"{how}: {expected} was next")


def next_mutator(
    table: Mapping[type[Any], Callable[[A, Any], None]],
    aggregate: A,
    event: DomainEvent,
    *,
    foreign: str,
    field: str = "events",
    noun: str = "",
) -> Callable[[A, Any], None]:
    """The mutator ``table`` holds for ``event``, once the event is ``aggregate``'s next one.

    Refused, changing nothing: an event of a type the table lacks (``WrongType`` naming
    ``field``, with the rule ``foreign``), another aggregate's event, or one that is not the
    next version (``ValidationError``, see :func:`require_next`; ``noun`` names the aggregate).
    The aggregate's ``apply`` then runs the mutator and takes the event's version.
    """
    mutate = table.get(type(event))
    if mutate is None:
        raise WrongType(field, event, foreign)
    require_next(aggregate, event, noun=noun)
    return mutate


def replay_log(
    events: Iterable[DomainEvent],
    *,
    opening: type[DomainEvent],
    family: type[DomainEvent],
    start: Callable[[Any], A],
    noun: str,
) -> A:
    """The aggregate a log rebuilds: ``start(first)``, then its ``apply`` for every event in order.

    The log starts with one ``opening`` event and holds only events of ``family`` after it;
    anything else is refused (``ValidationError`` for a wrong start, ``WrongType`` after it),
    in words naming the aggregate: ``noun`` is ``"shipment"`` for "a shipment's log ...".
    ``apply`` itself refuses an event that skips a version, belongs to another aggregate or
    breaks the lifecycle.
    """
    history = list(events)
    first = history[0] if history else None
    if not isinstance(first, opening):
        rule = f"{_log_of(noun)} starts with {opening.__name__}"
        raise ValidationError("events", first, rule)
    aggregate = start(first)
    aggregate.apply(first)
    for event in history[1:]:
        if not isinstance(event, family) or isinstance(event, opening):
            raise WrongType("events", event, _holds_only(noun))
        aggregate.apply(event)
    return aggregate


def _log_of(noun: str) -> str:
    article = "an" if noun[:1] in "aeiou" else "a"
    return f"{article} {noun}'s log"


def _holds_only(noun: str) -> str:
    return f"{_log_of(noun)} holds only {noun} events"


@attrs.frozen
class EventLog(Generic[R]):
    """What an aggregate type's log is: its opening event, its family, its noun, one mutator each.

    Declared once per aggregate module, after the class (the mutators are its methods):
    ``_LOG = EventLog("shipment", ShipmentOpened, ShipmentEvent, {ShipmentOpened:
    Shipment._opened, ...})``. The aggregate's ``apply`` is then ``_LOG.apply(self, event)``,
    its ``replay`` ``_LOG.replay(events, start)``, its ``pull_events`` ``_LOG.pull(self)``, and
    a command records ``_LOG.record(self, Event(**_LOG.stamp(self, at), ...))``: the checks,
    the version bump and the words of the refusals ("a shipment's log holds only shipment
    events") are written here alone.
    """

    noun: str
    """The aggregate in words (``"shipment"``, ``"pick list"``), for the refusals."""
    opening: type[DomainEvent]
    """The event every log starts with, and only once."""
    family: type[DomainEvent]
    """The base of the aggregate's events; a log holds nothing else."""
    mutators: Mapping[type[Any], Callable[[R, Any], None]]
    """The one mutator of each event type."""
    foreign: str = attrs.field(init=False, eq=False, repr=False)
    """The rule an event of another family breaks (``"a shipment's log holds only ..."``),
    worded once when the log is declared, not on every apply."""

    @foreign.default
    def _foreign_rule(self) -> str:
        return _holds_only(self.noun)

    def apply(self, aggregate: R, event: DomainEvent) -> None:
        """Run ``event``'s mutator on ``aggregate``, once it is its next, and take its version.

        Refused, changing nothing, as :func:`next_mutator` says; a mutator refuses what the
        aggregate's rules forbid before it changes anything.
        """
        mutate = self.mutators.get(type(event))
        if (
            mutate is None
            or event.entity_id != aggregate.id
            or event.version != aggregate.version + 1
        ):  # not this aggregate's next event: next_mutator raises what it breaks
            mutate = next_mutator(
                self.mutators, aggregate, event, foreign=self.foreign, noun=self.noun
            )
        mutate(aggregate, event)
        aggregate.version = event.version

    def stamp(self, aggregate: R, at: pendulum.DateTime) -> dict[str, Any]:
        """The fields a new event of ``aggregate`` starts with: its id, its next version, ``at``."""
        return {"entity_id": aggregate.id, "version": aggregate.version + 1, "occurred_at": at}

    def record(self, aggregate: R, event: DomainEvent) -> None:
        """A live command's event: applied to ``aggregate`` (:meth:`apply`), kept for the store."""
        self.apply(aggregate, event)
        aggregate.events.append(event)

    def pull(self, aggregate: R) -> list[Any]:
        """The events ``aggregate`` recorded since the last pull, oldest first; it forgets them."""
        pulled = list(aggregate.events)
        aggregate.events.clear()
        return pulled

    def replay(self, events: Iterable[DomainEvent], start: Callable[[Any], R]) -> R:
        """The aggregate ``events`` rebuild: :func:`replay_log` with this log's declaration."""
        return replay_log(
            events, opening=self.opening, family=self.family, start=start, noun=self.noun
        )
