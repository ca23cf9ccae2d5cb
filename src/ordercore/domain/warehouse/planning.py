"""Making pick lists by method: single order, batch, wave, zone; and releasing due waves.

Each function takes allocated shipment lines, an id factory (``ids.new_id("pick-list")``, the
kernel's :class:`~ordercore.kernel.ids.IdFactory`), the time and a walk order, and returns new
pick lists (their ``PickListCreated`` events not yet drained). Every allocated unit lands on
exactly one list.

* :func:`single_orders`: one list per shipment.
* :func:`batch`: one list for all; units of a SKU at a bin are summed, split back at the end.
* :func:`waves`: one batch list per (cut-off, carrier, priority) of the shipments'
  :class:`Dispatch`, released by :func:`release_due` at its cut-off (less a ``lead``).
* :func:`zones`: one batch list per zone.

:func:`method_by_volume` is the default rule for hosts that do not choose: few shipments are
picked one by one, more in a batch, many in waves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs
import pendulum

from ordercore.domain.warehouse.lifecycle import PickListStatus
from ordercore.domain.warehouse.picklist import PickList
from ordercore.domain.warehouse.values import AllocatedLine, PickMethod
from ordercore.domain.warehouse.walk import SERPENTINE, WalkOrder
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import IdFactory, require_id

__all__ = [
    "Dispatch",
    "batch",
    "method_by_volume",
    "release_due",
    "single_orders",
    "waves",
    "zones",
]

KIND = "pick-list"
"""The kind of id asked of the id factory."""


def _checked(lines: Iterable[AllocatedLine]) -> list[AllocatedLine]:
    given: object = lines
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise WrongType("lines", given, "allocated lines are a list of AllocatedLine values")
    checked = list(given)
    for line in checked:
        if not isinstance(line, AllocatedLine):
            raise WrongType("lines", line, "each line is an AllocatedLine value")
    if not checked:
        raise ValidationError("lines", [], "there is at least one allocated line to pick")
    return checked


def single_orders(
    lines: Iterable[AllocatedLine],
    ids: IdFactory,
    now: pendulum.DateTime,
    *,
    walk: WalkOrder = SERPENTINE,
) -> list[PickList]:
    """One pick list per shipment, shipments in id order."""
    by_shipment: dict[str, list[AllocatedLine]] = {}
    for line in _checked(lines):
        by_shipment.setdefault(line.shipment_id, []).append(line)
    return [
        PickList.create(ids.new_id(KIND), PickMethod.SINGLE, group, now, walk=walk, group=sid)
        for sid, group in sorted(by_shipment.items())
    ]


def batch(
    lines: Iterable[AllocatedLine],
    ids: IdFactory,
    now: pendulum.DateTime,
    *,
    walk: WalkOrder = SERPENTINE,
) -> PickList:
    """One pick list for every line: each (bin, SKU, lot) once, split back to the shipments."""
    return PickList.create(ids.new_id(KIND), PickMethod.BATCH, _checked(lines), now, walk=walk)


def zones(
    lines: Iterable[AllocatedLine],
    ids: IdFactory,
    now: pendulum.DateTime,
    *,
    walk: WalkOrder = SERPENTINE,
) -> list[PickList]:
    """One pick list per zone (zones in name order), each batched within the zone."""
    by_zone: dict[str, list[AllocatedLine]] = {}
    for line in _checked(lines):
        by_zone.setdefault(line.bin.zone, []).append(line)
    return [
        PickList.create(ids.new_id(KIND), PickMethod.ZONE, group, now, walk=walk, group=zone)
        for zone, group in sorted(by_zone.items())
    ]


def _priority(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    require_quantity(attribute.name, value, minimum=0)


def _carrier(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    require_id(attribute.name, value)


@attrs.frozen
class Dispatch:
    """When and how a shipment leaves: the carrier's ``cut_off``, the ``carrier``, a priority.

    ``priority`` 0 is the most urgent; waves are made (and numbered) by cut-off, then priority.
    """

    cut_off: pendulum.DateTime = attrs.field(converter=instant)
    carrier: str = attrs.field(validator=_carrier)
    priority: int = attrs.field(default=0, validator=_priority)

    @property
    def wave_key(self) -> tuple[pendulum.DateTime, int, str]:
        """What shipments of one wave share, in the order waves are made."""
        return (self.cut_off, self.priority, self.carrier)


def waves(
    lines: Iterable[AllocatedLine],
    dispatch: Mapping[str, Dispatch],
    ids: IdFactory,
    now: pendulum.DateTime,
    *,
    walk: WalkOrder = SERPENTINE,
    lead: pendulum.Duration | None = None,
) -> list[PickList]:
    """One batch pick list per wave: shipments sharing a cut-off, carrier and priority.

    ``dispatch`` gives each shipment's :class:`Dispatch`; a shipment it does not name is refused.
    Each wave is released by :func:`release_due` at its cut-off less ``lead`` (default none).
    """
    ahead = pendulum.duration() if lead is None else lead
    if not isinstance(ahead, pendulum.Duration):
        raise WrongType("lead", lead, "a lead time is a pendulum Duration")
    by_wave: dict[tuple[pendulum.DateTime, int, str], list[AllocatedLine]] = {}
    for line in _checked(lines):
        found = dispatch.get(line.shipment_id)
        if not isinstance(found, Dispatch):
            rule = "every shipment in a wave has a Dispatch (cut-off, carrier, priority)"
            raise ValidationError("dispatch", line.shipment_id, rule)
        by_wave.setdefault(found.wave_key, []).append(line)
    return [
        PickList.create(
            ids.new_id(KIND),
            PickMethod.WAVE,
            group,
            now,
            walk=walk,
            group=f"{cut_off.isoformat()} {carrier} priority {priority}",
            release_at=cut_off - ahead,
        )
        for (cut_off, priority, carrier), group in sorted(by_wave.items())
    ]


def release_due(pick_lists: Iterable[PickList], now: pendulum.DateTime) -> list[str]:
    """Release every open list whose ``release_at`` has come; the ids of those released."""
    at = instant(now, "now")
    return [
        pick_list.id
        for pick_list in pick_lists
        if pick_list.status is PickListStatus.OPEN and pick_list.release_due(at)
    ]


def method_by_volume(shipments: int, *, batch_from: int = 2, wave_from: int = 50) -> PickMethod:
    """The picking method for ``shipments`` waiting: single, batch, or wave by volume.

    Single below ``batch_from`` shipments, batch below ``wave_from``, wave from there on.
    """
    count = require_quantity("shipments", shipments, minimum=0)
    low = require_quantity("batch_from", batch_from, minimum=1)
    high = require_quantity("wave_from", wave_from, minimum=1)
    if high < low:
        raise ValidationError("wave_from", high, f"waves start no sooner than batches ({low})")
    if count < low:
        return PickMethod.SINGLE
    return PickMethod.BATCH if count < high else PickMethod.WAVE
