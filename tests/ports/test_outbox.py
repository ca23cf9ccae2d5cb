import pendulum

from ordercore.ports.outbox import message_id
from ordercore.testing.contract import TallyBumped

AT = pendulum.datetime(2026, 11, 26, tz="UTC")


def test_message_ids_name_the_kind_entity_version_and_position() -> None:
    event = TallyBumped(entity_id="TALLY-1", version=4, occurred_at=AT, by=1, count=3)
    assert "tally:TALLY-1:4:1" == message_id(event, 1)
