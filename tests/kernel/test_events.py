import datetime as dt

import attrs
import pendulum
import pytest

from ordercore.kernel.copies import copy
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.kernel.events import (
    DomainEvent,
    EventLog,
    EventSink,
    attach,
    next_mutator,
    replay_log,
    require_next,
)


@attrs.frozen(kw_only=True)
class ClockWound(DomainEvent):
    entity_kind = "clock"
    turns: int


def test_an_event_carries_entity_version_time_and_its_own_fields() -> None:
    event = ClockWound(
        entity_id="RETRO-CLOCK",
        version=3,
        occurred_at=pendulum.datetime(2026, 11, 26, tz="UTC"),
        turns=12,
    )
    assert ("RETRO-CLOCK", 3, 12, "ClockWound") == (
        event.entity_id,
        event.version,
        event.turns,
        event.name,
    )


def test_events_are_frozen() -> None:
    event = ClockWound(
        entity_id="RETRO-CLOCK", version=1, occurred_at=pendulum.datetime(2026, 1, 1), turns=1
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.turns = 2  # type: ignore[misc]


def test_deleting_an_event_field_is_refused_too() -> None:
    event = ClockWound(entity_id="RETRO-CLOCK", version=1, occurred_at=AT, turns=1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del event.turns
    assert 1 == event.turns


def test_an_evolved_event_is_a_new_event_and_the_old_one_is_unchanged() -> None:
    event = ClockWound(entity_id="RETRO-CLOCK", version=1, occurred_at=AT, turns=1)
    later = attrs.evolve(event, version=2)
    assert (1, 2, False) == (event.version, later.version, event == later)
    assert hash(later) == hash(
        ClockWound(entity_id="RETRO-CLOCK", version=2, occurred_at=AT, turns=1)
    )


def test_an_event_refuses_a_naive_time() -> None:
    with pytest.raises(NaiveDatetime):
        ClockWound(
            entity_id="RETRO-CLOCK",
            version=1,
            occurred_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - the point
            turns=1,
        )


@attrs.frozen(kw_only=True)
class ClockBuilt(DomainEvent):
    entity_kind = "clock"


@attrs.define
class Clock:
    """A tiny aggregate: built, then wound."""

    id: str
    turns: int = 0
    version: int = 0

    def apply(self, event: DomainEvent) -> None:
        self.turns += event.turns if isinstance(event, ClockWound) else 0
        self.version = event.version


AT = pendulum.datetime(2026, 11, 26, tz="UTC")


def replay_clock(events: list[DomainEvent]) -> Clock:
    return replay_log(
        events,
        opening=ClockBuilt,
        family=DomainEvent,
        start=lambda first: Clock(first.entity_id),
        noun="clock",
    )


def test_replay_starts_from_the_opening_event_and_applies_every_event_in_order() -> None:
    events: list[DomainEvent] = [
        ClockBuilt(entity_id="c", version=1, occurred_at=AT),
        ClockWound(entity_id="c", version=2, occurred_at=AT, turns=3),
        ClockWound(entity_id="c", version=3, occurred_at=AT, turns=4),
    ]
    assert Clock("c", turns=7, version=3) == replay_clock(events)


def test_replay_refuses_a_log_that_does_not_start_with_the_opening_event() -> None:
    wound = ClockWound(entity_id="c", version=1, occurred_at=AT, turns=3)
    with pytest.raises(ValidationError, match="a clock's log starts with ClockBuilt"):
        replay_clock([wound])


def test_replay_refuses_a_second_opening_event() -> None:
    built = ClockBuilt(entity_id="c", version=1, occurred_at=AT)
    with pytest.raises(WrongType, match="a clock's log holds only clock events"):
        replay_clock([built, built])


def wound(entity_id: str = "c", version: int = 1) -> ClockWound:
    return ClockWound(entity_id=entity_id, version=version, occurred_at=AT, turns=1)


def test_the_next_event_is_of_the_aggregate_and_counts_its_version_up_by_one() -> None:
    require_next(Clock("c", version=2), wound(version=3), noun="clock")


def test_an_event_of_another_aggregate_is_refused_naming_the_aggregate() -> None:
    with pytest.raises(ValidationError, match="every event is of clock 'c'") as refused:
        require_next(Clock("c"), wound("d"), noun="clock")
    assert ("events", "d") == (refused.value.field, refused.value.value)


def test_an_event_that_skips_a_version_is_refused_naming_the_next_one() -> None:
    with pytest.raises(ValidationError, match="versions count up by one: 2 was next") as refused:
        require_next(Clock("c", version=1), wound(version=3))
    assert ("version", 3) == (refused.value.field, refused.value.value)


def test_an_event_that_repeats_the_version_is_next_only_when_it_says_so() -> None:
    require_next(Clock("c", version=2), wound(version=2), again=True)
    with pytest.raises(ValidationError, match="it repeats the version before it: 2 was next"):
        require_next(Clock("c", version=2), wound(version=3), again=True)


def test_the_next_mutator_is_the_one_the_table_holds_for_the_event_type() -> None:
    def turn(clock: Clock, event: ClockWound) -> None:
        clock.turns += event.turns

    assert turn is next_mutator({ClockWound: turn}, Clock("c"), wound(), foreign="clock events")


def test_the_next_mutator_refuses_an_event_type_the_table_lacks_before_its_version() -> None:
    built = ClockBuilt(entity_id="d", version=9, occurred_at=AT)
    with pytest.raises(WrongType, match="clock events only"):
        next_mutator({ClockWound: Clock.apply}, Clock("c"), built, foreign="clock events only")


@attrs.define
class Watch:
    """A tiny aggregate with a declared log: built, then wound."""

    id: str
    turns: int = 0
    version: int = 0
    events: list[DomainEvent] = attrs.Factory(list)

    def apply(self, event: DomainEvent) -> None:
        WATCH.apply(self, event)

    def _built(self, event: ClockBuilt) -> None:
        pass

    def _wound(self, event: ClockWound) -> None:
        self.turns += event.turns


WATCH: EventLog[Watch] = EventLog(
    "watch", ClockBuilt, DomainEvent, {ClockBuilt: Watch._built, ClockWound: Watch._wound}
)


def test_a_log_applies_the_next_event_with_its_mutator_and_takes_its_version() -> None:
    watch = Watch("w", version=1)
    WATCH.apply(watch, wound("w", version=2))
    assert Watch("w", turns=1, version=2) == watch


def test_a_log_refuses_an_event_it_holds_no_mutator_for_in_the_words_of_its_noun() -> None:
    @attrs.frozen(kw_only=True)
    class ClockStopped(DomainEvent):
        entity_kind = "clock"

    stopped = ClockStopped(entity_id="w", version=1, occurred_at=AT)
    with pytest.raises(WrongType, match="a watch's log holds only watch events"):
        WATCH.apply(Watch("w"), stopped)


def test_a_log_refuses_another_aggregates_event_naming_its_own() -> None:
    watch = Watch("w")
    with pytest.raises(ValidationError, match="every event is of watch 'w'"):
        WATCH.apply(watch, wound("v"))
    assert Watch("w") == watch


def test_a_recorded_event_is_applied_and_kept_until_pulled() -> None:
    watch = Watch("w")
    event = wound("w", version=1)
    WATCH.record(watch, event)
    assert (1, 1, [event]) == (watch.turns, watch.version, WATCH.pull(watch))
    assert [] == WATCH.pull(watch)


def test_a_stamp_names_the_aggregate_its_next_version_and_the_time() -> None:
    expected = {"entity_id": "w", "version": 4, "occurred_at": AT}
    assert expected == WATCH.stamp(Watch("w", version=3), AT)


def test_a_log_replays_from_its_opening_event_through_the_same_mutators() -> None:
    events: list[DomainEvent] = [
        ClockBuilt(entity_id="w", version=1, occurred_at=AT),
        wound("w", version=2),
        wound("w", version=3),
    ]
    assert Watch("w", turns=2, version=3) == WATCH.replay(
        events, lambda first: Watch(first.entity_id)
    )


@attrs.define
class Cuckoo:
    """A watch that a unit of work may hand an event sink."""

    id: str
    turns: int = 0
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def apply(self, event: DomainEvent) -> None:
        CUCKOO.apply(self, event)

    def _built(self, event: ClockBuilt) -> None:
        pass

    def _wound(self, event: ClockWound) -> None:
        self.turns += event.turns


CUCKOO: EventLog[Cuckoo] = EventLog(
    "cuckoo clock", ClockBuilt, DomainEvent, {ClockBuilt: Cuckoo._built, ClockWound: Cuckoo._wound}
)


def test_a_sink_holds_each_event_the_moment_the_aggregate_records_it() -> None:
    cuckoo = Cuckoo("c")
    sink = attach(cuckoo)
    assert sink is not None
    first, second = wound("c", version=1), wound("c", version=2)
    CUCKOO.record(cuckoo, first)
    assert [first] == sink.events
    CUCKOO.record(cuckoo, second)
    assert ([first, second], []) == sink.take()
    assert ([], [], []) == (sink.events, cuckoo.events, CUCKOO.pull(cuckoo))


def test_attaching_keeps_the_events_recorded_before_and_a_second_attach_keeps_the_sink() -> None:
    cuckoo = Cuckoo("c")
    before = wound("c", version=1)
    CUCKOO.record(cuckoo, before)
    sink = attach(cuckoo)
    assert sink is not None
    assert sink is attach(cuckoo)
    assert ([before], []) == sink.take()


def test_an_aggregate_without_a_sink_field_gets_none_and_keeps_its_events_for_pull() -> None:
    watch = Watch("w")
    assert attach(watch) is None
    WATCH.record(watch, wound("w", version=1))
    assert [wound("w", version=1)] == WATCH.pull(watch)


def test_a_sink_is_no_part_of_the_aggregate_its_equality_or_its_copies() -> None:
    cuckoo = Cuckoo("c", turns=2, version=2)
    attach(cuckoo)
    copied = copy(cuckoo)
    assert (Cuckoo("c", turns=2, version=2), None) == (cuckoo, copied.sink)
    assert cuckoo == copied


def test_taking_empties_what_the_aggregate_kept_only_until_its_events_left() -> None:
    sink = EventSink([])
    closed = {"RES-1": "released"}
    sink.transient.append(closed)
    sink.movements.append("a movement")
    assert (([], ["a movement"]), {}) == (sink.take(), closed)
    assert not sink.pending


def test_taking_the_events_alone_empties_the_movements_and_what_was_kept_all_the_same() -> None:
    events = ["turned"]
    sink = EventSink(events)
    closed = {"RES-1": "released"}
    sink.transient.append(closed)
    sink.movements.append("a movement")
    assert (["turned"], [], [], {}) == (sink.take_events(), events, sink.movements, closed)


def test_a_sink_of_an_aggregate_that_moves_no_stock_takes_events_and_no_movements() -> None:
    sink = EventSink(["turned"])
    assert ((["turned"], []), False) == (sink.take(), sink.pending)


def test_a_sink_takes_its_events_into_a_list_and_empties_what_it_kept() -> None:
    events = ["turned"]
    sink = EventSink(events)
    closed = {"RES-1": "released"}
    sink.transient.append(closed)
    sink.movements.append("a movement")
    taken = ["staged before"]
    sink.take_into(taken)
    assert (["staged before", "turned"], [], [], {}) == (taken, events, sink.movements, closed)


def test_a_renewed_sink_is_a_new_one_for_the_events_it_is_given() -> None:
    sink = EventSink(["old"])
    sink.ledger, sink.movements, sink.transient = True, ["moved"], [{"closed": 1}]
    events = ["new"]
    sink.renew(events)
    new = EventSink(events)
    assert (new.events, new.ledger, new.movements, new.transient, True) == (
        sink.events,
        sink.ledger,
        sink.movements,
        sink.transient,
        sink.events is events,
    )
