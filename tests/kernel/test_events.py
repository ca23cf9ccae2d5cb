import datetime as dt

import attrs
import pendulum
import pytest

from ordercore.kernel.errors import NaiveDatetime
from ordercore.kernel.events import DomainEvent


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


def test_an_event_refuses_a_naive_time() -> None:
    with pytest.raises(NaiveDatetime):
        ClockWound(
            entity_id="RETRO-CLOCK",
            version=1,
            occurred_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - the point
            turns=1,
        )
