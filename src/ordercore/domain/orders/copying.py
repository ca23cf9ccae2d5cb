"""How an order is copied: field by field, for the memory store's isolated reads and saves.

The memory store copies an :class:`~ordercore.domain.orders.order.Order` on every read and
every save (:mod:`ordercore.kernel.copies`), about ten times an order's workflow. The order
declares that copy itself, through the copier's protocol (``__deepcopy__``):
:func:`copy_order` writes each field of a new object (``object.__new__``, no ``__init__``).
Everything an order holds is a frozen value (ids, addresses, lines and their ledgers, holds,
discounts, instants, enums) except its dict of lines and its list of pending events, which are
the order's alone (nothing else refers to them, so no memo is needed): they are copied with
``copy()``, their items shared. The copy is equal, holds what every field left out of ``==``
holds (its events) and has no event sink (it records for itself).

It lives here, beside the order rather than in ``order.py``: it is the store's concern, run
when the store hands an order out, never by a command. A field added to ``Order`` must be
added here too (tests/domain/orders/test_order_copies.py fails until it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ordercore.domain.orders.order import Order

__all__ = ["copy_order"]

_new = object.__new__


def copy_order(order: Order, _memo: dict[int, Any]) -> Order:
    """An equal order sharing nothing mutable with ``order`` (``Order.__deepcopy__``).

    Written out by hand: the copier's generic walk over the order's 23 fields (a ``setattr``
    call per field, the memo for its dict and list) cost ~3.5x this.
    """
    copied = _new(order.__class__)
    copied.id = order.id
    copied.number = order.number
    copied.customer_id = order.customer_id
    copied.currency = order.currency
    copied.ship_to = order.ship_to
    copied.bill_to = order.bill_to
    copied.lines = order.lines.copy()  # the lines are frozen values, shared
    copied.discounts = order.discounts
    copied.shipping = order.shipping
    copied.priority = order.priority
    copied.promised_ship_by = order.promised_ship_by
    copied.channel = order.channel
    copied.pickup_at = order.pickup_at
    copied.invoicing_policy = order.invoicing_policy
    copied.status = order.status
    copied.holds = order.holds
    copied.created_at = order.created_at
    copied.placed_at = order.placed_at
    copied.line_counter = order.line_counter
    copied.hold_counter = order.hold_counter
    copied.version = order.version
    copied.events = order.events.copy()  # the events are frozen values, shared
    copied.sink = None
    return copied
