"""Stock counted in bins: the ``BinStock`` of each binned location kept in step with the shelf.

A location the Engine lists in ``bin_locations`` counts its stock per bin too
(:class:`~ordercore.domain.warehouse.bin_stock.BinStock`, one per location and SKU, in the
``"bin_stock"`` collection). What always holds there, per SKU and lot: the units over its bins
equal the stock item's units *on the shelf* (on hand less picked: picked units are in a tote,
on their way to packing; held units, out of sale, are not counted on hand and not in bins).
Locations not listed keep working without bins.

Commands about bins (this module's, one unit of work each):

==============================  ===========================================================
command                          what changes
==============================  ===========================================================
:func:`receive_into_bin`         a receipt (``restocking.receive_stock``) put into a bin the
                                 host names
:func:`move_between_bins`        units move from one bin to another (``put_away`` is a move
                                 out of the receiving bin)
:func:`count_bin`                a bin is counted; the difference is written through the
                                 existing count path (``shrinking.count_stock``: reservations
                                 cut, re-served elsewhere or backordered)
==============================  ===========================================================

Every other change of the shelf follows through two rows of the policy table, in the
command's unit of work:

* :class:`TakenAtBin` (a pick list's confirmation: units picked, or written off as not found,
  at the line's bin) takes them out of that bin, as far as it holds them
  (:func:`take_at_bin`);
* :class:`ShelfChanged` (stated by the Engine before every commit, for the stock items the
  command changed) puts what the shelf gained into the location's receiving bin
  (``Slotting.receiving_bin``), where it waits to be put away, and takes what it lost from
  the bins that hold it, in walk order (:func:`keep_bins_in_step`): receipts, returns,
  counts, write-offs, picks outside a list, picked units put back; units promised to no pick
  list go first.

**Promised to open pick lists.** A bin's units a pick list was sent to are promised to it
(``BinStock.promised``, part of the bin stock the Engine reads), so no later list, made in the
same command or any later one, sends a second picker to the same units. Three rows keep the
promises, each only where bin stock is kept:

* :func:`promise_bins` (``PickListMade``): each line's units are promised at its bin (as far
  as the bin holds units promised to no list; a line sent to a bin that does not hold its
  units, the slotted bin, promises what there is);
* :func:`release_settled` (:class:`PromiseSettled`, stated by each confirmation): the units
  picked and found short are promised no more;
* :func:`release_open` (``PickListEnded``): a cancelled list's units still open are promised
  no more.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ordercore.domain.inventory import Lot, PositionKey, StockItem
from ordercore.domain.warehouse import SERPENTINE, Bin, BinStock, Slotting, WalkOrder, bin_stock_id
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError
from ordercore.service import policies, restocking, shrinking
from ordercore.service.floor_rows import PickListEnded, PickListMade
from ordercore.service.session import Session

__all__ = [
    "BIN_STOCK",
    "BinFloor",
    "PromiseSettled",
    "ShelfChanged",
    "TakenAtBin",
    "bin_stock_of",
    "count_bin",
    "follow_shelf",
    "keep_bins_in_step",
    "move_between_bins",
    "on_shelf",
    "promise_bins",
    "put_away",
    "receive_into_bin",
    "release_open",
    "release_settled",
    "take_at_bin",
]

BIN_STOCK = "bin_stock"
"""The collection bin stock is kept in (key ``<location>/<sku>``)."""


@attrs.frozen
class BinFloor:
    """What the bin rows need to know: which locations use bins, where SKUs sit, the walk."""

    locations: frozenset[str] = frozenset()
    """The locations whose stock is counted in bins."""
    slotting: Slotting = attrs.field(factory=Slotting)
    """Where a SKU (lot) sits, and the receiving bin where units the shelf gains wait."""
    walk: WalkOrder = SERPENTINE
    """The order bins are taken from."""

    def uses_bins(self, session: Session, location: str) -> bool:
        """Whether ``location`` counts its stock in bins (and the store keeps bin stock)."""
        return location in self.locations and session.keeps(BIN_STOCK)


@attrs.frozen
class ShelfChanged:
    """The command changed ``items``: their bins at binned locations follow the shelf."""

    floor: BinFloor
    items: tuple[StockItem, ...]


@attrs.frozen
class TakenAtBin:
    """``units`` of ``sku`` (``lot``) left the shelf at ``bin``: picked, or written off there."""

    floor: BinFloor
    bin: Bin
    sku: str
    lot: str | None
    units: int
    reason: str


@attrs.frozen
class PromiseSettled:
    """``units`` of pick list ``pick_list_id``'s line at ``bin`` were picked or found short."""

    pick_list_id: str
    bin: Bin
    sku: str
    lot: str | None
    units: int


def bin_stock_of(session: Session, location: str, sku: str) -> BinStock:
    """The bin stock of ``sku`` at ``location``; opened (empty) when there is none yet."""
    key = bin_stock_id(location, sku)
    found: BinStock | None = session.find(BIN_STOCK, key, BinStock)
    if found is None:
        found = BinStock.open(location, sku, session.now)
        session.add(BIN_STOCK, key, found)
    return found


def on_shelf(item: StockItem, location: str) -> dict[str | None, int]:
    """The stock item's units on the shelf at ``location`` per lot: on hand less picked."""
    shelf: dict[str | None, int] = {}
    for key, units in item.counters.on_hand.items():
        if key[0] == location:
            shelf[key[1]] = shelf.get(key[1], 0) + units
    for key, units in item.counters.picked.items():
        if key[0] == location:
            shelf[key[1]] = shelf.get(key[1], 0) - units
    return {lot: units for lot, units in shelf.items() if units}


def _binned(session: Session, floor: BinFloor, place: Bin, field: str = "bin") -> None:
    if not floor.uses_bins(session, place.location):
        rule = f"the Engine counts stock in bins only at {sorted(floor.locations)}"
        raise ValidationError(field, place.code, rule)


# -- the rows ------------------------------------------------------------------------------------


def take_at_bin(session: Session, fact: TakenAtBin) -> int:
    """Take the units out of the bin, as far as it holds them; the units taken there.

    What the bin does not hold (another list picked it first) is left to
    :func:`keep_bins_in_step`, which takes it from the other bins in walk order.
    """
    if not fact.units or not fact.floor.uses_bins(session, fact.bin.location):
        return 0
    stock = bin_stock_of(session, fact.bin.location, fact.sku)
    take = min(fact.units, stock.units(fact.bin, fact.lot))
    if take:
        stock.take(fact.bin, take, session.now, lot=fact.lot, reason=fact.reason)
    return take


def keep_bins_in_step(session: Session, fact: ShelfChanged) -> dict[str, int]:
    """Each changed SKU's bins follow its shelf at every binned location; units moved per key.

    Units the shelf gained go to the receiving bin (to be put away); units it lost come out of
    the bins that hold them, in walk order. Returns the net units put (+) or taken (-) per
    bin stock key.
    """
    moved: dict[str, int] = {}
    for item in fact.items:
        for location in sorted(fact.floor.locations):
            if not fact.floor.uses_bins(session, location):
                continue
            shelf = on_shelf(item, location)
            key = bin_stock_id(location, item.sku)
            stock: BinStock | None = session.find(BIN_STOCK, key, BinStock)
            if stock is None and not shelf:
                continue
            stock = stock or bin_stock_of(session, location, item.sku)
            binned = stock.by_lot()
            for lot in sorted(set(shelf) | set(binned), key=lambda lot: lot or ""):
                gap = shelf.get(lot, 0) - binned.get(lot, 0)
                if gap > 0:
                    place = fact.floor.slotting.receiving_bin(location)
                    stock.put(place, gap, session.now, lot=lot, reason="shelf gained")
                elif gap < 0:
                    stock.take_in_walk(
                        -gap, session.now, lot=lot, reason="shelf lost", walk=fact.floor.walk
                    )
                if gap:
                    moved[key] = moved.get(key, 0) + gap
    return moved


def follow_shelf(session: Session, floor: BinFloor) -> None:
    """State :class:`ShelfChanged` for the stock items this command changed (the Engine's hook)."""
    if not floor.locations:
        return
    changed = tuple(item for item in session.loaded("stock") if item.events)
    if changed:
        policies.run(session, ShelfChanged(floor, changed))


def _kept(session: Session, place: Bin, sku: str) -> BinStock | None:
    """The bin stock of ``sku`` at ``place``'s location, if the store keeps one."""
    if not session.keeps(BIN_STOCK):
        return None
    found: BinStock | None = session.find(BIN_STOCK, bin_stock_id(place.location, sku), BinStock)
    return found


def promise_bins(session: Session, fact: PickListMade) -> int:
    """Each line of the new list promises its units at its bin; the units promised.

    A bin promises what it holds unpromised, at most the line's units.
    """
    made = 0
    for line in fact.pick_list.walk():
        stock = _kept(session, line.bin, line.sku)
        units = 0 if stock is None else min(line.units, stock.unpromised(line.bin, line.lot))
        if stock is not None and units:
            stock.promise(
                line.bin, units, session.now, lot=line.lot, pick_list_id=fact.pick_list.id
            )
            made += units
    return made


def _release(
    session: Session, pick_list_id: str, place: Bin, sku: str, lot: str | None, units: int, why: str
) -> int:
    """Release up to ``units`` promised at ``place``; the units released."""
    stock = _kept(session, place, sku)
    units = 0 if stock is None else min(units, stock.promised_units(place, lot))
    if stock is not None and units:
        stock.release(place, units, session.now, lot=lot, pick_list_id=pick_list_id, reason=why)
    return units


def release_settled(session: Session, fact: PromiseSettled) -> int:
    """The confirmed units (picked or found short) are promised no more; the units released."""
    return _release(
        session, fact.pick_list_id, fact.bin, fact.sku, fact.lot, fact.units, "confirmed"
    )


def release_open(session: Session, fact: PickListEnded) -> int:
    """An ended list's units still open (a cancellation) are promised no more; units released."""
    pick_list = fact.pick_list
    return sum(
        _release(session, pick_list.id, line.bin, line.sku, line.lot, line.open, "cancelled")
        for line in pick_list.walk()
        if line.open
    )


# -- the commands ----------------------------------------------------------------------------------


def receive_into_bin(
    session: Session,
    floor: BinFloor,
    sku: str,
    place: Bin,
    units: int,
    lot: str | Lot | None = None,
    order_ids: Iterable[str] = (),
) -> restocking.FillResult:
    """Receive ``units`` at the bin's location and put them into ``place``; fill backorders.

    A ``Lot`` with its expiry is registered on receipt; a lot id must be one the SKU knows.
    """
    _binned(session, floor, place)
    filled = restocking.receive_stock(
        session, sku, place.location, units, lot=lot, order_ids=order_ids
    )
    lot_id = lot.id if isinstance(lot, Lot) else lot
    bin_stock_of(session, place.location, sku).put(
        place, units, session.now, lot=lot_id, reason="receipt"
    )
    return filled


def move_between_bins(
    session: Session,
    floor: BinFloor,
    sku: str,
    source: Bin | None,
    target: Bin,
    units: int,
    lot: str | None = None,
) -> dict[str, int]:
    """Move ``units`` from ``source`` (None: the receiving bin) to ``target``; both bins' units.

    Refused (nothing changes) when ``source`` holds fewer, or the bins are of different
    locations or of a location without bins.
    """
    _binned(session, floor, target, "target")
    start = floor.slotting.receiving_bin(target.location) if source is None else source
    if start.location != target.location:
        rule = f"units move between bins of one location ({target.location})"
        raise ValidationError("source", start.code, rule)
    session.stock(sku)
    stock = bin_stock_of(session, target.location, sku)
    stock.move(start, target, units, session.now, lot=lot)
    return {start.code: stock.units(start, lot), target.code: stock.units(target, lot)}


def put_away(
    session: Session,
    floor: BinFloor,
    sku: str,
    place: Bin,
    units: int,
    lot: str | None = None,
) -> dict[str, int]:
    """Move ``units`` out of the receiving bin into ``place``; both bins' units after."""
    _binned(session, floor, place)
    return move_between_bins(session, floor, sku, None, place, units, lot)


def count_bin(
    session: Session,
    floor: BinFloor,
    sku: str,
    place: Bin,
    counted: int,
    lot: str | None = None,
) -> shrinking.ShrinkResult:
    """Record a count of ``counted`` units in ``place``; the difference goes through the count path.

    The bin takes the counted figure, and the location's count (``shrinking.count_stock``)
    takes on hand up or down by the difference: reservations that lose units are re-served
    elsewhere or backordered, and picked units are never lost (refused).
    """
    _binned(session, floor, place)
    item = session.stock(sku)
    stock = bin_stock_of(session, place.location, sku)
    before = stock.units(place, lot)
    counted = require_quantity("counted", counted, minimum=0)
    if counted > before:
        stock.put(place, counted - before, session.now, lot=lot, reason="bin count")
    elif counted < before:
        stock.take(place, before - counted, session.now, lot=lot, reason="bin count")
    on_hand = item.counters.on_hand.get(PositionKey(place.location, lot), 0)
    return shrinking.count_stock(session, sku, place.location, on_hand + counted - before, lot)
