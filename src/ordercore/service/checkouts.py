"""Checkout holds through the Engine: one soft hold per checkout and SKU, adjusted in place.

* :func:`hold_checkout` sets what a checkout holds per SKU (units, or 0 to let go of a SKU):
  each SKU's hold is placed, grown, shrunk or moved in that SKU's ``StockItem``
  (``hold_for_checkout``), all in the command's unit of work, so a checkout that cannot get
  one SKU changes nothing at all;
* :func:`release_checkout` lets go of a checkout's holds on the named SKUs (a SKU it does not
  hold is a no-op);
* :func:`available_for_checkout` is the free figure a checkout sees: its own held units count
  as free.

Checkout holds expire as every hold does (``tick``); confirm one into an allocation with the
stock item's ``confirm`` (the reservation id is ``checkout_hold_id(checkout_id)``).

**Preorders in a cart.** With the Engine's ``PreorderCaps``, a SKU that allows preorders (it
has a cap: ``per_sku``, or the ``default``) may be held against incoming supply for what stock
on hand cannot give, within what the caps leave (:func:`preorder_room`: the same caps
backorder filling and ``allocate_order`` honour, the checkout's own incoming units counted
free). The result says which part of each hold is on hand and which incoming. A pickup hold
(``location``) takes stock on hand only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

import attrs
import pendulum

from ordercore.domain.allocation import PreorderCaps
from ordercore.domain.inventory import InsufficientStock, StockItem, checkout_hold_id
from ordercore.domain.inventory.values import quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.service.session import Session

__all__ = [
    "CheckoutHold",
    "available_for_checkout",
    "hold_checkout",
    "preorder_room",
    "release_checkout",
]


@attrs.frozen
class CheckoutHold:
    """What a checkout holds after :func:`hold_checkout`: units per SKU, and until when."""

    checkout_id: str
    held: Mapping[str, int]
    """Units held per SKU named in the command (0 for a SKU let go)."""
    expires_at: pendulum.DateTime | None
    """When the holds expire (``None`` when the command holds nothing)."""
    incoming: Mapping[str, int] = attrs.field(factory=dict)
    """Units of each SKU's hold promised from incoming supply (the rest is on hand)."""

    def on_hand(self, sku: str) -> int:
        """Units of ``sku``'s hold taken from stock on hand."""
        return self.held.get(sku, 0) - self.incoming.get(sku, 0)


def preorder_room(
    item: StockItem, checkout_id: str, caps: PreorderCaps | None, channel: str | None = None
) -> int:
    """Units of ``item``'s SKU a checkout's hold may have against incoming supply.

    0 without caps or when the SKU has no cap (``per_sku`` or ``default``): preorders are
    opt-in per SKU. Otherwise what ``caps.room`` leaves for ``channel`` once every unit
    promised against incoming is counted, the checkout's own promised units counted free.
    """
    if caps is None or caps.per_sku.get(item.sku, caps.default) is None:
        return 0
    own = item.checkout_hold(checkout_id)
    mine = 0 if own is None else sum(a.quantity for a in own.allocations if a.supply)
    promised = sum(item.supplies.promised.values())
    room = caps.room(item.sku, channel, promised - mine)
    return 0 if room is None else room


def hold_checkout(
    session: Session,
    checkout_id: str,
    units: Mapping[str, int],
    *,
    ttl: timedelta | None = None,
    location: str | None = None,
    preorders: PreorderCaps | None = None,
    channel: str | None = None,
) -> CheckoutHold:
    """Hold ``units[sku]`` of each SKU for ``checkout_id`` (0 lets go of the SKU).

    A new hold needs ``ttl``; an adjusted hold keeps its expiry unless ``ttl`` is given.
    ``location`` (a pickup store) restricts every hold to that location. With ``preorders``
    a SKU that allows them is held against incoming supply for what stock on hand cannot
    give, within :func:`preorder_room` (for ``channel``). All or nothing: a SKU that cannot be
    held is refused with ``InsufficientStock`` and nothing changes.
    """
    require_id("checkout_id", checkout_id)
    if not isinstance(units, Mapping) or not units:
        raise WrongType("units", units, "a non-empty mapping of SKU to units")
    if location is not None:
        session.known_location(require_id("location", location))
    asked = {
        require_id("units key", sku): quantity(f"units[{sku!r}]", count, minimum=0)
        for sku, count in units.items()
    }
    held: dict[str, int] = {}
    incoming: dict[str, int] = {}
    expires_at: pendulum.DateTime | None = None
    for sku in sorted(asked):
        wanted = asked[sku]
        item = session.find_stock(sku)
        if not wanted:
            if item is not None and item.checkout_hold(checkout_id) is not None:
                item.release_all(checkout_hold_id(checkout_id), session.now)
            held[sku] = 0
            continue
        if item is None:
            raise InsufficientStock(sku, location or "every location", wanted, 0)
        room = 0 if location is not None else preorder_room(item, checkout_id, preorders, channel)
        hold = item.hold_for_checkout(
            checkout_id, wanted, now=session.now, ttl=ttl, location=location, incoming=room
        )
        held[sku] = hold.quantity
        promised = sum(a.quantity for a in hold.allocations if a.supply)
        if promised:
            incoming[sku] = promised
        expires_at = hold.expires_at
    return CheckoutHold(checkout_id, held, expires_at, incoming)


def release_checkout(session: Session, checkout_id: str, skus: Iterable[str]) -> dict[str, int]:
    """Let go of the checkout's holds on ``skus``; returns the units given back per SKU."""
    require_id("checkout_id", checkout_id)
    if isinstance(skus, str) or not isinstance(skus, Iterable):
        raise WrongType("skus", skus, "an iterable of SKUs (not one str)")
    given_back: dict[str, int] = {}
    for sku in sorted({require_id("sku", sku) for sku in skus}):
        item = session.find_stock(sku)
        if item is None or item.checkout_hold(checkout_id) is None:
            given_back[sku] = 0
            continue
        given_back[sku] = item.release_all(checkout_hold_id(checkout_id), session.now).released
    return given_back


def available_for_checkout(
    session: Session, checkout_id: str, sku: str, location: str | None = None
) -> int:
    """The free units of ``sku`` a checkout sees (its own hold counts as free)."""
    require_id("checkout_id", checkout_id)
    item = session.find_stock(require_id("sku", sku))
    if item is None:
        return 0
    if location is not None and not isinstance(location, str):
        raise ValidationError("location", location, "a location id")
    return item.available_for_checkout(checkout_id, location)
