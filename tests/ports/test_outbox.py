import pendulum
from hypothesis import given
from hypothesis import strategies as st

from ordercore.ports.outbox import message_id, message_ids
from ordercore.testing.contract import TallyBumped

AT = pendulum.datetime(2026, 11, 26, tz="UTC")


def test_message_ids_name_the_kind_entity_version_and_position() -> None:
    event = TallyBumped(entity_id="TALLY-1", version=4, occurred_at=AT, by=1, count=3)
    assert "tally:TALLY-1:4:1" == message_id(event, 1)


def test_the_ids_of_one_commit_count_the_events_of_each_entity_and_version() -> None:
    events = [
        TallyBumped(entity_id=tally, version=version, occurred_at=AT, by=1, count=1)
        for tally, version in [("TALLY-1", 4), ("TALLY-1", 4), ("TALLY-2", 4), ("TALLY-1", 5)]
    ]
    expected = ["tally:TALLY-1:4:0", "tally:TALLY-1:4:1", "tally:TALLY-2:4:0", "tally:TALLY-1:5:0"]
    assert expected == message_ids(events)
    assert expected == [
        message_id(event, index) for event, index in zip(events, [0, 1, 0, 0], strict=True)
    ]


def test_the_ids_of_a_commit_of_one_event_per_entity_and_version_all_end_in_zero() -> None:
    events = [
        TallyBumped(entity_id="TALLY-1", version=version, occurred_at=AT, by=1, count=version)
        for version in (2, 3)
    ]
    assert ["tally:TALLY-1:2:0", "tally:TALLY-1:3:0"] == message_ids(events)


@given(st.lists(st.tuples(st.sampled_from(["TALLY-1", "TALLY-2"]), st.integers(1, 3)), max_size=9))
def test_the_ids_of_one_commit_are_distinct_and_count_each_entity_and_version(
    slots: list[tuple[str, int]],
) -> None:
    events = [
        TallyBumped(entity_id=tally, version=version, occurred_at=AT, by=1, count=1)
        for tally, version in slots
    ]
    expected = [
        message_id(event, slots[:position].count(slot))
        for position, (event, slot) in enumerate(zip(events, slots, strict=True))
    ]
    actual = message_ids(events)
    assert expected == actual
    assert len(events) == len(set(actual))
