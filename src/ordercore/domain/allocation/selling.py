"""Narrowing what a request may take: preorder caps on incoming supply, and pickup stores.

Both are pure changes to a :class:`~ordercore.domain.allocation.inputs.StockSnapshot` made
before it is planned against, so every allocation rule, ranking and shortfall rule works on
them unchanged.

**Preorders.** An incoming supply row (a purchase order, ``eta`` set) lets an order be promised
stock that has not arrived. :class:`PreorderCaps` caps how many units of a SKU may be promised
against incoming supply in total (``per_sku``), and how far a sales channel may fill that pool
(``per_channel``: a channel stops preordering once that many units of the SKU are promised
against incoming, by anyone, as a channel buffer does for stock on hand). :func:`cap_preorders`
lowers the incoming rows of each SKU to what the caps leave, earliest arrival first.

**Pickup.** An order to be collected at a store is served from that store only:
:func:`pickup_only` keeps the store's on-hand rows and drops every other row (other locations
and incoming supply).

>>> from ordercore.domain.allocation import Supply
>>> import pendulum
>>> rows = StockSnapshot.of([
...     Supply("RETRO-CLOCK", "WH-EAST", 2),
...     Supply("RETRO-CLOCK", "WH-EAST", 40, eta=pendulum.date(2026, 12, 1), supply_id="PO-1"),
... ])
>>> caps = PreorderCaps(per_sku={"RETRO-CLOCK": 10})
>>> [r.available for r in cap_preorders(rows, caps, {"RETRO-CLOCK": 4}).supply("RETRO-CLOCK")]
[2, 6]
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ordercore.domain.allocation.inputs import StockSnapshot, Supply
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["PreorderCaps", "cap_preorders", "pickup_only"]


def _caps(field: str, value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a mapping of names to whole units")
    checked: dict[str, int] = {}
    for key, units in value.items():
        if not isinstance(key, str) or not key:
            raise ValidationError(field, key, "keys are non-empty names")
        if isinstance(units, bool) or not isinstance(units, int) or units < 0:
            raise ValidationError(f"{field}[{key!r}]", units, "a cap is a whole number >= 0")
        checked[key] = units
    return checked


def _per_sku(value: object) -> dict[str, int]:
    return _caps("per_sku", value)


def _per_channel(value: object) -> dict[str, int]:
    return _caps("per_channel", value)


@attrs.frozen
class PreorderCaps:
    """How many units may be promised against incoming supply: per SKU, and per channel.

    ``default``: the cap of a SKU not in ``per_sku`` (``None``: no cap). A channel in
    ``per_channel`` may promise incoming units only while fewer than its cap are promised.
    """

    per_sku: Mapping[str, int] = attrs.field(factory=dict, converter=_per_sku)
    per_channel: Mapping[str, int] = attrs.field(factory=dict, converter=_per_channel)
    default: int | None = None

    def room(self, sku: str, channel: str | None, promised: int) -> int | None:
        """Units of ``sku`` still open to preorder from ``channel`` (``None``: no limit)."""
        caps = [self.per_sku.get(sku, self.default)]
        if channel is not None:
            caps.append(self.per_channel.get(channel))
        known = [cap for cap in caps if cap is not None]
        if not known:
            return None
        return max(0, min(known) - promised)


def cap_preorders(
    snapshot: StockSnapshot,
    caps: PreorderCaps,
    promised: Mapping[str, int],
    channel: str | None = None,
) -> StockSnapshot:
    """``snapshot`` with each SKU's incoming rows lowered to what its caps leave.

    ``promised[sku]`` is what is already promised against incoming supply (a stock item's
    promised units over its supply lines). The room is given to the rows that arrive first.
    """
    capped: dict[str, tuple[Supply, ...]] = {}
    for sku, rows in snapshot.rows.items():
        room = caps.room(sku, channel, promised.get(sku, 0))
        if room is None:
            capped[sku] = rows
            continue
        order = sorted(
            (i for i, row in enumerate(rows) if not row.on_hand),
            key=lambda i: (rows[i].eta, rows[i].supply_id or ""),
        )
        lowered = list(rows)
        for index in order:
            row = lowered[index]
            keep = min(row.available, room)
            room -= keep
            if keep != row.available:
                lowered[index] = attrs.evolve(row, available=keep)
        capped[sku] = tuple(lowered)
    return StockSnapshot(capped)


def pickup_only(snapshot: StockSnapshot, store: str) -> StockSnapshot:
    """``snapshot`` with only ``store``'s stock on hand (a pickup order takes nothing else)."""
    return StockSnapshot(
        {
            sku: tuple(row for row in rows if row.on_hand and row.location == store)
            for sku, rows in snapshot.rows.items()
        }
    )
