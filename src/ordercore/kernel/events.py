"""The base of domain events: frozen, past tense, with entity id, entity version and time.

Every change to an aggregate emits an event (``OrderPlaced``, ``StockReserved``...). An event
says which entity changed (``entity_id``), which version of it the change produced (``version``,
counting from 1) and when (``occurred_at``, an aware instant). Subclasses add their own fields as
keyword-only attributes. The unit of work carries events to the outbox; the log is the audit trail.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pendulum

from ordercore.kernel.clock import instant

__all__ = ["DomainEvent"]


@attrs.frozen(kw_only=True)
class DomainEvent:
    """Something that happened to one entity; subclass it with ``@attrs.frozen(kw_only=True)``."""

    entity_kind: ClassVar[str] = "entity"
    """What kind of entity the event is about (``"order"``, ``"stock"``...), set per subclass."""

    entity_id: str
    version: int
    occurred_at: pendulum.DateTime = attrs.field(converter=instant)

    @property
    def name(self) -> str:
        """The event's name, its class name (``"OrderPlaced"``)."""
        return type(self).__name__
