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

**A checkout from a sales channel.** With ``channel`` (and the Engine's ``RequestPolicies``),
a hold follows the rules an order from that channel follows: the channel's preorder cap
(``PreorderCaps.per_channel``) bounds what it may hold against incoming supply, and the
channel's request policy decides a short hold. All or nothing (or no location that may
backorder, as for orders): refused whole with ``ShortRequest`` naming every short SKU, the
units asked and the units free to the checkout; nothing changes. Allocate and backorder: each
SKU holds what is free to it, and the result's ``short`` says the units it could not hold
(what an order from that channel would backorder). Without ``channel`` a short hold is refused
with ``InsufficientStock``, as it always was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

import attrs
import pendulum

from ordercore.domain.allocation import (
    PreorderCaps,
    RequestPolicies,
    RequestPolicy,
    Shortage,
    ShortRequest,
)
from ordercore.domain.inventory import InsufficientStock, Reservation, StockItem, checkout_hold_id
from ordercore.domain.inventory.values import quantity
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.service.allocating import may_backorder
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
    short: Mapping[str, int] = attrs.field(factory=dict)
    """Units of each SKU asked for and not held: a checkout from a channel that allocates and
    backorders holds what is free (only SKUs with a shortfall are named)."""

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
    request_policies: RequestPolicies | None = None,
) -> CheckoutHold:
    """Hold ``units[sku]`` of each SKU for ``checkout_id`` (0 lets go of the SKU).

    A new hold needs ``ttl``; an adjusted hold keeps its expiry unless ``ttl`` is given.
    ``location`` (a pickup store) restricts every hold to that location. With ``preorders``
    a SKU that allows them is held against incoming supply for what stock on hand cannot
    give, within :func:`preorder_room` (for ``channel``). Without ``channel``, all or nothing:
    a SKU that cannot be held is refused with ``InsufficientStock`` and nothing changes. With
    ``channel``, the channel's request policy (``request_policies``) decides a short hold, as
    for an order from that channel (see the module docstring).
    """
    require_id("checkout_id", checkout_id)
    if not isinstance(units, Mapping) or not units:
        raise WrongType("units", units, "a non-empty mapping of SKU to units")
    if location is not None:
        session.known_location(require_id("location", location))
    if channel is not None:
        require_id("channel", channel)
    asked = {
        require_id("units key", sku): quantity(f"units[{sku!r}]", count, minimum=0)
        for sku, count in units.items()
    }
    policy = _policy_of(session, channel, request_policies, location)
    held: dict[str, int] = {}
    incoming: dict[str, int] = {}
    short: dict[str, int] = {}
    shortages: list[Shortage] = []
    expires_at: pendulum.DateTime | None = None
    for sku in sorted(asked):
        wanted = asked[sku]
        item = session.find_stock(sku)
        hold = None
        try:
            hold = _hold(session, item, checkout_id, sku, wanted, ttl, location, preorders, channel)
        except InsufficientStock as refused:
            if policy is None:
                raise
            shortages.append(Shortage(sku, wanted, refused.available))
            if policy is RequestPolicy.ALL_OR_NOTHING:
                continue
            short[sku] = wanted - refused.available
            free = refused.available
            hold = _hold(session, item, checkout_id, sku, free, ttl, location, preorders, channel)
        held[sku] = 0 if hold is None else hold.quantity
        promised = 0 if hold is None else sum(a.quantity for a in hold.allocations if a.supply)
        if promised:
            incoming[sku] = promised
        if hold is not None:
            expires_at = hold.expires_at
    if shortages and policy is RequestPolicy.ALL_OR_NOTHING:
        raise ShortRequest(checkout_id, tuple(shortages))
    return CheckoutHold(checkout_id, held, expires_at, incoming, short)


def _hold(
    session: Session,
    item: StockItem | None,
    checkout_id: str,
    sku: str,
    units: int,
    ttl: timedelta | None,
    location: str | None,
    preorders: PreorderCaps | None,
    channel: str | None,
) -> Reservation | None:
    """The checkout's hold of ``sku`` set to ``units`` (0: let go, ``None`` returned).

    Refused with ``InsufficientStock`` (naming the units it could hold) when it cannot.
    """
    if not units:
        if item is not None and item.checkout_hold(checkout_id) is not None:
            item.release_all(checkout_hold_id(checkout_id), session.now)
        return None
    if item is None:
        raise InsufficientStock(sku, location or "every location", units, 0)
    room = 0 if location is not None else preorder_room(item, checkout_id, preorders, channel)
    return item.hold_for_checkout(
        checkout_id, units, now=session.now, ttl=ttl, location=location, incoming=room
    )


def _policy_of(
    session: Session,
    channel: str | None,
    request_policies: RequestPolicies | None,
    location: str | None,
) -> RequestPolicy | None:
    """The request policy a checkout from ``channel`` follows (``None``: no channel, as before).

    As for an order: the channel's policy, made all or nothing when no place the hold may take
    stock from allows backorders (``Location.backorders``).
    """
    if channel is None:
        return None
    chosen = (request_policies or RequestPolicies()).for_channel(channel)
    if not may_backorder(session.locations, location):
        return RequestPolicy.ALL_OR_NOTHING
    return chosen


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
