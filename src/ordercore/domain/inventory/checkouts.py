"""Checkout holds: one soft hold per checkout and SKU, adjusted in place rather than added to.

A storefront holds stock while a customer is in checkout. The hold is keyed by the checkout:
its reservation id is :func:`checkout_hold_id` (``"checkout:<checkout id>"``), its
``order_ref`` the checkout id and its ``line_ref`` :data:`CHECKOUT_LINE`. Asking again for the
same checkout (:meth:`StockItem.hold_for_checkout
<ordercore.domain.inventory.stock.StockItem.hold_for_checkout>`) grows, shrinks or moves that
one hold in a single command (a :class:`~ordercore.domain.inventory.events.HoldReplaced`
event), and the free figure the checkout sees (``available_for_checkout``) counts its own held
units as free, so a checkout that changes 2 units to 5 holds 5, not 7, and needs 3 more free
units, not 5. A hold whose time is up expires as any hold does; asking again after that places
a new hold. Given an ``incoming`` allowance (a preorder cap's room), what stock on hand cannot
give is held against incoming supply; the hold's allocations say which part is which.

>>> checkout_hold_id("cart-42")
'checkout:cart-42'
"""

from __future__ import annotations

from ordercore.kernel.ids import require_id

__all__ = ["CHECKOUT_LINE", "CHECKOUT_PREFIX", "checkout_hold_id", "checkout_of"]

CHECKOUT_PREFIX = "checkout:"
"""How a checkout hold's reservation id starts."""

CHECKOUT_LINE = "checkout"
"""The ``line_ref`` of every checkout hold (its ``order_ref`` is the checkout id)."""


def checkout_hold_id(checkout_id: str) -> str:
    """The reservation id of a checkout's hold (the same for every SKU of the checkout)."""
    return CHECKOUT_PREFIX + require_id("checkout_id", checkout_id)


def checkout_of(reservation_id: str) -> str | None:
    """The checkout id a reservation id belongs to, or ``None`` for an order's reservation.

    >>> checkout_of("checkout:cart-42"), checkout_of("order-1/line-1")
    ('cart-42', None)
    """
    if reservation_id.startswith(CHECKOUT_PREFIX):
        return reservation_id[len(CHECKOUT_PREFIX) :]
    return None
