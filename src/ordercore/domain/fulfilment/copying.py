"""How a shipment is copied: field by field, for the memory store's isolated reads and saves.

The memory store copies a :class:`~ordercore.domain.fulfilment.shipment.Shipment` on every read
and every save (:mod:`ordercore.kernel.copies`), about five times an order's workflow. The
shipment declares that copy itself, through the copier's protocol (``__deepcopy__``):
:func:`copy_shipment` writes each field of a new object (``object.__new__``, no ``__init__``).
Everything a shipment holds is a frozen value (ids, the address, lines and their picks, tracking
numbers, instants, enums) except its dict of lines, its list of pending events and the units a
parcel records it holds (``Parcel.contents``, a dict): the dict and the list are the shipment's
alone (nothing else refers to them, so no memo is needed) and are copied with ``copy()``, their
items shared; a parcel that records its contents is rebuilt around a copy of them, as the
copier would (a parcel without is shared). The copy is equal, holds what every field left out
of ``==`` holds (its events) and has no event sink (it records for itself).

It lives here, beside the shipment rather than in ``shipment.py``: it is the store's concern,
run when the store hands a shipment out, never by a command. A field added to ``Shipment`` must
be added here too (tests/domain/fulfilment/test_shipment_copies.py fails until it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ordercore.domain.fulfilment.shipment import Shipment
    from ordercore.domain.fulfilment.values import Parcel

__all__ = ["copy_shipment"]

_new = object.__new__


def copy_shipment(shipment: Shipment, _memo: dict[int, Any]) -> Shipment:
    """An equal shipment sharing nothing mutable with ``shipment`` (``Shipment.__deepcopy__``).

    Written out by hand: the copier's generic walk over the shipment's 20 fields (a ``setattr``
    call per field, the memo for its dict and list, a look into each parcel) cost ~4x this.
    """
    copied = _new(shipment.__class__)
    copied.id = shipment.id
    copied.order_id = shipment.order_id
    copied.ship_from = shipment.ship_from
    copied.ship_to = shipment.ship_to
    copied.lines = shipment.lines.copy()  # the lines are frozen values, shared
    copied.status = shipment.status
    copied.version = shipment.version
    parcels = shipment.parcels
    copied.parcels = _parcels(parcels) if parcels else parcels  # none before packing: no call
    copied.carrier = shipment.carrier
    copied.service = shipment.service
    copied.tracking = shipment.tracking
    copied.opened_at = shipment.opened_at
    copied.shipped_at = shipment.shipped_at
    copied.delivered_at = shipment.delivered_at
    copied.cancel_reason = shipment.cancel_reason
    copied.tracking_status = shipment.tracking_status
    copied.tracked_at = shipment.tracked_at
    copied.pick_lists = shipment.pick_lists
    events = shipment.events  # frozen values, shared; a stored shipment's list is empty
    copied.events = events.copy() if events else []
    copied.sink = None
    return copied


def _parcels(parcels: tuple[Parcel, ...]) -> tuple[Parcel, ...]:
    """``parcels`` itself when none records its contents (the usual case), else new parcels."""
    for parcel in parcels:
        if parcel.contents is not None:
            return tuple(_parcel(each) for each in parcels)
    return parcels


def _parcel(parcel: Parcel) -> Parcel:
    """``parcel`` itself without contents, else an equal parcel holding a copy of them."""
    if parcel.contents is None:
        return parcel
    return attrs.evolve(parcel, contents=dict(parcel.contents))
