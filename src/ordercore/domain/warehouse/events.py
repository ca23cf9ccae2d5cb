"""The events a pick list emits, one per change, past tense, with the list's new version."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pendulum

from ordercore.domain.warehouse.values import PickLine, PickMethod
from ordercore.kernel.events import DomainEvent

__all__ = [
    "PickLineConfirmed",
    "PickListCancelled",
    "PickListClosed",
    "PickListCreated",
    "PickListEvent",
    "PickListReleased",
]


@attrs.frozen(kw_only=True)
class PickListEvent(DomainEvent):
    """Base of the pick list events (``entity_kind`` ``"pick_list"``)."""

    entity_kind: ClassVar[str] = "pick_list"


@attrs.frozen(kw_only=True)
class PickListCreated(PickListEvent):
    """A pick list was made by ``method`` with ``lines`` in walk order."""

    method: PickMethod
    group: str
    """What the list's shipments share: the shipment, the wave key or the zone."""
    lines: tuple[PickLine, ...]
    release_at: pendulum.DateTime | None
    """When :meth:`~ordercore.domain.warehouse.picklist.PickList.release_due` releases it."""


@attrs.frozen(kw_only=True)
class PickListReleased(PickListEvent):
    """The list was handed to the floor."""


@attrs.frozen(kw_only=True)
class PickLineConfirmed(PickListEvent):
    """``picked`` units of a pick line were taken; ``short`` units were not found there."""

    line_id: str
    picked: int
    short: int


@attrs.frozen(kw_only=True)
class PickListClosed(PickListEvent):
    """The picked units were handed on (to packing); the list is done."""


@attrs.frozen(kw_only=True)
class PickListCancelled(PickListEvent):
    """The list was cancelled; ``put_back`` units per shipment line go back to their bins."""

    reason: str
    put_back: tuple[tuple[str, str, int], ...]
    """``(shipment_id, line_id, units)`` for every shipment line with picked units."""
