"""The outbox port: domain events leave through it, at least once, in commit order.

A unit of work writes the events of the aggregates it saves into the outbox in the same atomic
commit as the aggregates. A delivery loop in the host reads :meth:`Outbox.pending`, sends each
message, then :meth:`Outbox.mark_delivered`. A crash between sending and marking sends the
message again, so consumers deduplicate by :attr:`OutboxMessage.id`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import attrs

from ordercore.kernel.events import DomainEvent

__all__ = ["Outbox", "OutboxMessage", "message_id", "message_ids"]


def message_id(event: DomainEvent, index: int = 0) -> str:
    """The unique, deterministic id of an outbox message: kind, entity, version and position.

    Optimistic concurrency lets only one commit produce a given version of an entity, so the id
    is unique in the store, and a consumer that sees it twice knows it is a redelivery. ``index``
    counts the events one entity emitted with the same version in one commit.

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 1, 1)
    >>> event = DomainEvent(entity_id="RETRO-CLOCK", version=3, occurred_at=at)
    >>> message_id(event)
    'entity:RETRO-CLOCK:3:0'
    """
    return f"{event.entity_kind}:{event.entity_id}:{event.version}:{index}"


def message_ids(events: Sequence[DomainEvent]) -> list[str]:
    """The outbox message ids of one commit's ``events``, in order (:func:`message_id` each).

    ``index`` counts the events before it in ``events`` about the same entity with the same
    version (kind, id and version), from 0. The ids are distinct (a store checks them only
    against the ids it keeps).

    >>> import pendulum
    >>> at = pendulum.datetime(2026, 1, 1)
    >>> twice = [DomainEvent(entity_id="RETRO-CLOCK", version=3, occurred_at=at)] * 2
    >>> message_ids(twice)
    ['entity:RETRO-CLOCK:3:0', 'entity:RETRO-CLOCK:3:1']
    """
    ids = [f"{event.entity_kind}:{event.entity_id}:{event.version}:0" for event in events]
    if len(ids) == 1 or len(set(ids)) == len(ids):  # the common case: every index is 0
        return ids  # (distinct ids come from distinct slots: no tuple per event is needed)
    # an id with index 0 names its kind, entity and version: count by it, and renumber only
    # the repeats (no second reading and formatting of every event, no tuple per event)
    counts: dict[str, int] = {}
    for position, first in enumerate(ids):
        index = counts.get(first, 0)
        counts[first] = index + 1
        if index:
            ids[position] = f"{first[:-1]}{index}"
    return ids


@attrs.frozen(kw_only=True)
class OutboxMessage:
    """One event in the outbox: a unique id, its place in commit order, and the event."""

    id: str
    """Unique in the store; consumers deduplicate by it (see :func:`message_id`)."""
    sequence: int
    """Position in the outbox, increasing in commit order (gaps are allowed)."""
    event: DomainEvent
    """The domain event, as the aggregate emitted it."""


class Outbox(Protocol):
    """Where committed events wait for delivery."""

    def pending(self, limit: int = 100) -> list[OutboxMessage]:
        """Up to ``limit`` undelivered messages, lowest sequence first."""
        ...

    def mark_delivered(self, ids: Iterable[str]) -> None:
        """Mark messages as delivered; unknown or already delivered ids are ignored."""
        ...
