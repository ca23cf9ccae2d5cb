"""How a stock item is copied: part by part, for the memory store's isolated reads and saves.

The memory store copies a :class:`~ordercore.domain.inventory.stock.StockItem` on every read
and every save (:mod:`ordercore.kernel.copies`). The item declares that copy itself, through
the copier's protocol (``__deepcopy__``): :func:`copy_stock_item` writes each field of a new
item and of each of its parts (``Positions``, ``ReservationBook``, ``SupplyList``, ``Lots``,
``Journal``) with ``dict.copy()`` and ``object.__new__``, and each open or closing
``Reservation`` copies itself. The parts are the item's alone (nothing else refers to them),
so no memo is needed for them; the values inside (keys, lots, supply lines, events, movements,
expiry entries) never change and are shared. The copy is equal, holds what every field left
out of ``==`` holds, shares nothing mutable with the original and has no event sink (it
records for itself).

The parts are written here, in the one function, rather than by each part's own
``__deepcopy__`` (which copies a part alone): a call per part cost more than its copy. A field
added to the item or to a part must be added here too
(tests/domain/inventory/test_stock_copies.py fails until it is: the slot is left empty).

It lives here, beside the item rather than in ``stock.py``: it is the store's concern, run when
the store hands an item out, never by a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ordercore.domain.inventory.book import ReservationBook
from ordercore.domain.inventory.ledger import Journal
from ordercore.domain.inventory.lots import Lots
from ordercore.domain.inventory.positions import Positions
from ordercore.domain.inventory.supplies import SupplyList

if TYPE_CHECKING:
    from ordercore.domain.inventory.reservations import Reservation
    from ordercore.domain.inventory.stock import StockItem

__all__ = ["copy_stock_item"]

_new = object.__new__


def copy_stock_item(item: StockItem, memo: dict[int, Any]) -> StockItem:
    """An equal stock item sharing nothing mutable with ``item`` (``StockItem.__deepcopy__``).

    Written out by hand: a stock item is ~20 objects, most of them empty dicts, and the
    copier's walk over their fields cost ~4x this (77.7k -> 18.2k instructions a copy); the
    parts are written here too, not by a call each (five calls a copy, ~8 copies an order).
    """
    copied = _new(item.__class__)
    copied.sku = item.sku
    copied.version = item.version

    counters = item.counters
    positions = _new(Positions)
    positions.on_hand = counters.on_hand.copy()
    positions.reserved = counters.reserved.copy()
    positions.picked = counters.picked.copy()
    positions.held = counters.held.copy()
    copied.counters = positions

    book = item.book
    new_book = _new(ReservationBook)
    # each reservation is in one of the two dicts, never both, and nothing else holds it; loops,
    # not dict comprehensions (no frame of their own)
    opened: dict[str, Reservation] = {}
    for rid, reservation in book.open.items():
        opened[rid] = reservation.__deepcopy__(memo)
    new_book.open = opened
    new_book.expiries = book.expiries.copy()  # tuples of immutable values, shared
    closing: dict[str, Reservation] = {}
    for rid, reservation in book._closing.items():
        closing[rid] = reservation.__deepcopy__(memo)
    new_book._closing = closing
    copied.book = new_book

    supplies = item.supplies
    new_supplies = _new(SupplyList)
    new_supplies.lines = supplies.lines.copy()  # the lines are frozen values, shared
    new_supplies.expected = supplies.expected.copy()
    new_supplies.promised = supplies.promised.copy()
    copied.supplies = new_supplies

    lots = _new(Lots)
    lots.known = item.lots.known.copy()  # the lots are frozen values, shared
    copied.lots = lots

    copied.safety_stock = item.safety_stock.copy()

    journal = item.journal
    new_journal = _new(Journal)
    new_journal.next_seq = journal.next_seq
    new_journal._movements = journal._movements.copy()  # the rows are shared
    copied.journal = new_journal

    copied.events = item.events.copy()  # the events are frozen values, shared
    copied.sink = None
    return copied
