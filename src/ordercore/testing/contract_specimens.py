"""Specimens for the contract kit: how the kit makes and changes aggregates of each collection.

The kit knows nothing about your adapter's tables; it stores specimens through the ports and
checks what comes back. :class:`Tally` is the kit's own tiny aggregate (collection ``"tallies"``):
any adapter that stores documents generically can keep it, and the kit's tests use it by default.
Add specimens for the ordercore aggregates your adapter stores by overriding ``specimens()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self

import attrs
import pendulum

from ordercore.kernel.events import DomainEvent
from ordercore.ports.repositories import Collection

__all__ = [
    "KIT_NOW",
    "TALLIES",
    "Specimen",
    "Tally",
    "TallyBumped",
    "TallyOpened",
    "tally_specimen",
]

KIT_NOW = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
"""The instant every kit event happens at (the kit never reads the wall clock)."""

TALLIES = Collection("tallies", "tally")
"""The collection the kit's :class:`Tally` aggregates live in."""


@attrs.frozen(kw_only=True)
class TallyOpened(DomainEvent):
    """A tally was opened."""

    entity_kind: ClassVar[str] = "tally"


@attrs.frozen(kw_only=True)
class TallyBumped(DomainEvent):
    """A tally's count went up by ``by``."""

    entity_kind: ClassVar[str] = "tally"
    by: int
    count: int


@attrs.define
class Tally:
    """A counter with a version and events: the smallest aggregate that exercises an adapter."""

    id: str
    version: int = 0
    count: int = 0
    label: str = ""
    opened_at: pendulum.DateTime = KIT_NOW
    order_id: str = ""
    """The order it belongs to (``""``: none), so the kit can test ``for_order``."""
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def start(
        cls,
        tally_id: str,
        label: str = "",
        now: pendulum.DateTime = KIT_NOW,
        order_id: str = "",
    ) -> Self:
        """A new tally at version 1 that has emitted :class:`TallyOpened`."""
        tally = cls(tally_id, label=label, opened_at=now, order_id=order_id)
        tally.version = 1
        tally.events.append(TallyOpened(entity_id=tally_id, version=1, occurred_at=now))
        return tally

    def bump(self, by: int = 1, now: pendulum.DateTime = KIT_NOW) -> None:
        """Count ``by`` more: version + 1 and a :class:`TallyBumped` event."""
        self.count += by
        self.version += 1
        self.events.append(
            TallyBumped(
                entity_id=self.id, version=self.version, occurred_at=now, by=by, count=self.count
            )
        )

    def pull_events(self) -> list[DomainEvent]:
        """Return and forget the new events."""
        events, self.events = self.events, []
        return events


@attrs.frozen
class Specimen:
    """How the kit makes (``new(n)``: the n-th distinct one) and changes aggregates of a collection.

    ``change`` runs one command on the aggregate: its version goes up by one and it emits at
    least one event. ``key`` reads the aggregate's key. ``view`` turns an aggregate into what
    the kit compares (the aggregate itself by default; its JSON document when inner entities
    compare by identity).
    """

    collection: str
    new: Callable[[int], Any]
    change: Callable[[Any], None]
    key: Callable[[Any], str]
    view: Callable[[Any], object] = lambda entity: entity


def tally_specimen() -> Specimen:
    """The specimen for the kit's :class:`Tally` in :data:`TALLIES`."""

    def change(tally: Tally) -> None:
        tally.bump()

    return Specimen(
        collection=TALLIES.name,
        new=lambda n: Tally.start(f"TALLY-{n}", label=f"RETRO-CLOCK #{n}", order_id=f"ORDER-{n}"),
        change=change,
        key=lambda tally: str(tally.id),
    )
