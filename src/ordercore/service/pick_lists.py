"""Pick lists through the Engine: made from allocated shipments, released, confirmed line by line.

A pick list (``ordercore.domain.warehouse.PickList``) is kept in the ``"pick_lists"``
collection (:data:`~ordercore.ports.aggregates.PICK_LISTS`), numbered from the ``"PL"``
sequence. Each command is one unit of work:

=============================  ==============================================================
command                         what changes
=============================  ==============================================================
:func:`create_pick_lists`       new lists (by method) of the shipments' units still to pick,
                                in walk order; each shipment goes on its lists (a row of
                                the policy table, :mod:`.floor_rows`); at a location with
                                bins, the lines' units are promised to the list at their
                                bins (a row, :mod:`.bins`), so no later list is sent to them
:func:`release_pick_list`       the list goes to the floor
:func:`release_due_lists`       every open list whose release time (a wave's cut-off) came
:func:`confirm_pick`            picked units go through the shipment pick path (order:
                                allocated → picked; stock: the reservation picks; a row);
                                units not found are written off and re-allocated or
                                backordered (two rows, :mod:`.short_picks`)
:func:`close_pick_list`         a finished list is closed
:func:`cancel_pick_list`        an unfinished list is cancelled; its shipments come off it
                                (units picked stay picked on their shipments)
=============================  ==============================================================

A shipment's units to pick go on lists once (a zone pick puts them on one list per zone).
While a shipment is on unfinished lists, it is picked only through them, and it is neither
packed nor cancelled (``OnPickList``); the confirmation that finishes a list, or the list's
cancellation, takes its shipments off it.

Where stock sits in a location comes from the host's
:class:`~ordercore.domain.warehouse.slotting.Slotting`; the lot of each unit from the line's
reservations at the shipment's location.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs
import pendulum

from ordercore.domain.fulfilment import NotOnShelf, Shipment, ShipmentStatus
from ordercore.domain.warehouse import (
    SERPENTINE,
    AllocatedLine,
    Bin,
    BinStock,
    Dispatch,
    PickList,
    PickListStatus,
    PickMethod,
    WalkOrder,
    batch,
    bin_stock_id,
    method_by_volume,
    single_orders,
    waves,
    zones,
)
from ordercore.domain.warehouse.slotting import Slotting
from ordercore.kernel.errors import ValidationError
from ordercore.service import policies, shipping
from ordercore.service.bins import BIN_STOCK, BinFloor, PromiseSettled, TakenAtBin
from ordercore.service.floor_rows import PickedOnList, PickListEnded, PickListMade
from ordercore.service.session import Session
from ordercore.service.short_picks import NOT_FOUND, ShortPick, UnitsNotFound, displaced_by

__all__ = [
    "PICK_LISTS",
    "PickConfirmation",
    "allocated_lines",
    "cancel_pick_list",
    "close_pick_list",
    "confirm_pick",
    "create_pick_lists",
    "pick_list_of",
    "release_due_lists",
    "release_pick_list",
]

PICK_LISTS = "pick_lists"
"""The collection pick lists are kept in."""


@attrs.frozen
class PickConfirmation:
    """What one confirmation did: units picked per shipment line, and the short picks."""

    pick_list_id: str
    line_id: str
    status: PickListStatus
    """The list's status after the confirmation."""
    picked: tuple[tuple[str, str, int], ...] = ()
    """``(shipment_id, order line id, units)`` picked, in shipment order."""
    short: tuple[ShortPick, ...] = ()
    """Units not found per shipment line: written off, then re-allocated or backordered; the
    write-off may cut other reservations there (``ShortPick.displaced`` says where they went)."""


@attrs.define
class _Numbers:
    """The id factory planning asks for: pick list numbers from the ``"PL"`` sequence."""

    session: Session

    def new_id(self, kind: str) -> str:
        """The next pick list number (``PL-000001``)."""
        return self.session.numbers.next("PL")


def pick_list_of(session: Session, pick_list_id: str) -> PickList:
    """The pick list ``pick_list_id`` (``NotFound`` if unknown)."""
    found: PickList = session.get(PICK_LISTS, pick_list_id, PickList)
    return found


def allocated_lines(
    session: Session,
    shipment: Shipment,
    slotting: Slotting,
    floor: BinFloor | None = None,
    promised: dict[tuple[str, str, str | None], int] | None = None,
) -> list[AllocatedLine]:
    """The shipment's units still to pick, by lot as the line's reservations hold them.

    Each line's unpicked units reserved on the shelf at the shipment's location are taken
    oldest reservation first; fewer than the line still asks for is refused (``NotOnShelf``).
    At a location that counts stock in bins (``floor``), the units come from the bins that
    hold them, in walk order, as far as open pick lists are not promised them
    (``BinStock.promised``) and ``promised`` does not give them to other lines of this call
    (bin code, SKU, lot → units); what no bin holds, from the slotted bin.
    """
    made: list[AllocatedLine] = []
    place = shipment.ship_from
    for line in shipment.lines.values():
        left = line.remaining
        if not left:
            continue
        item = session.find_stock(line.sku)
        lots: dict[str | None, int] = {}
        reservations = (
            [] if item is None else item.line_reservations(shipment.order_id, line.line_id)
        )
        for reservation in reservations:
            for allocation in reservation.allocations:
                if allocation.supply is not None or allocation.location != place:
                    continue
                take = min(left, allocation.quantity - allocation.picked)
                if take > 0:
                    lots[allocation.lot] = lots.get(allocation.lot, 0) + take
                    left -= take
        if left:
            asked = line.remaining
            raise NotOnShelf(shipment.order_id, line.line_id, place, None, asked, asked - left)
        for lot, units in lots.items():
            for where, count in _bins_for(
                session, place, line.sku, lot, units, slotting, floor, promised
            ):
                made.append(AllocatedLine(shipment.id, line.line_id, line.sku, count, where, lot))
    return made


def _bins_for(
    session: Session,
    place: str,
    sku: str,
    lot: str | None,
    units: int,
    slotting: Slotting,
    floor: BinFloor | None,
    promised: dict[tuple[str, str, str | None], int] | None,
) -> list[tuple[Bin, int]]:
    """Where ``units`` of ``sku`` (``lot``) are picked at ``place``: bins that hold them first."""
    fallback = slotting.bin_for(place, sku, lot)
    if floor is None or not floor.uses_bins(session, place):
        return [(fallback, units)]
    stock: BinStock | None = session.find(BIN_STOCK, bin_stock_id(place, sku), BinStock)
    given = {} if promised is None else promised
    chosen: list[tuple[Bin, int]] = []
    left = units
    spare = (
        []
        if stock is None
        else [(where, stock.unpromised(where, lot)) for where, _ in stock.holding(lot, floor.walk)]
    )
    for where, unpromised in spare:
        free = unpromised - given.get((where.code, sku, lot), 0)
        take = min(left, free)
        if take > 0:
            chosen.append((where, take))
            given[(where.code, sku, lot)] = given.get((where.code, sku, lot), 0) + take
            left -= take
        if not left:
            break
    if left:
        chosen.append((fallback, left))
    return chosen


def _listable(session: Session, shipment_ids: Sequence[str]) -> list[Shipment]:
    """The shipments named, each with units to pick and on no list yet; else refused."""
    if not shipment_ids:
        raise ValidationError("shipment_ids", [], "a pick list is made from at least one shipment")
    if len(set(shipment_ids)) != len(shipment_ids):
        raise ValidationError("shipment_ids", list(shipment_ids), "each shipment is named once")
    found: list[Shipment] = []
    for shipment_id in shipment_ids:
        shipment = shipping.shipment_of(session, shipment_id)
        session.live_order(shipment.order_id, "create_pick_lists")
        if shipment.status not in (ShipmentStatus.OPEN, ShipmentStatus.PICKING):
            rule = "only a shipment still being picked (open or picking) goes on a pick list"
            raise ValidationError("shipment_ids", shipment_id, rule)
        if shipment.pick_lists:
            rule = f"its units to pick are on {', '.join(shipment.pick_lists)} already"
            raise ValidationError("shipment_ids", shipment_id, rule)
        if not any(line.remaining for line in shipment.lines.values()):
            raise ValidationError("shipment_ids", shipment_id, "the shipment has nothing to pick")
        found.append(shipment)
    return found


def create_pick_lists(
    session: Session,
    shipment_ids: Iterable[str],
    method: PickMethod | None,
    slotting: Slotting,
    *,
    walk: WalkOrder = SERPENTINE,
    dispatch: Mapping[str, Dispatch] | None = None,
    lead: pendulum.Duration | None = None,
    batch_from: int = 2,
    wave_from: int = 50,
    floor: BinFloor | None = None,
) -> list[str]:
    """New pick lists of the shipments' units still to pick; their ids, in order.

    Each shipment goes on its lists (the policy table's row).

    ``method`` ``None`` lets the volume decide (:func:`method_by_volume`): waves only when
    ``dispatch`` says each shipment's cut-off, carrier and priority, a batch otherwise. At a
    location that counts stock in bins (``floor``), lines go to the bins that hold the units.
    """
    shipments = _listable(session, list(shipment_ids))
    chosen = method
    if chosen is None:
        chosen = method_by_volume(len(shipments), batch_from=batch_from, wave_from=wave_from)
        if chosen is PickMethod.WAVE and dispatch is None:
            chosen = PickMethod.BATCH
    promised: dict[tuple[str, str, str | None], int] = {}
    lines = [
        line
        for shipment in shipments
        for line in allocated_lines(session, shipment, slotting, floor, promised)
    ]
    ids, now = _Numbers(session), session.now
    made: list[PickList]
    if chosen is PickMethod.SINGLE:
        made = single_orders(lines, ids, now, walk=walk)
    elif chosen is PickMethod.BATCH:
        made = [batch(lines, ids, now, walk=walk)]
    elif chosen is PickMethod.ZONE:
        made = zones(lines, ids, now, walk=walk)
    else:
        if dispatch is None:
            rule = "a wave needs each shipment's Dispatch (cut-off, carrier, priority)"
            raise ValidationError("dispatch", None, rule)
        made = waves(lines, dispatch, ids, now, walk=walk, lead=lead)
    for pick_list in made:
        session.add(PICK_LISTS, pick_list.id, pick_list)
        policies.run(session, PickListMade(pick_list))
    return [pick_list.id for pick_list in made]


def release_pick_list(session: Session, pick_list_id: str) -> None:
    """Hand the list to the floor (``open`` → ``released``)."""
    pick_list_of(session, pick_list_id).release(session.now)


def release_due_lists(session: Session, pick_list_ids: Iterable[str]) -> list[str]:
    """Release every open list of ``pick_list_ids`` whose release time came; their ids."""
    released: list[str] = []
    for pick_list_id in pick_list_ids:
        pick_list = session.find(PICK_LISTS, pick_list_id, PickList)
        if pick_list is not None and pick_list.release_due(session.now):
            released.append(pick_list.id)
    return released


def confirm_pick(
    session: Session,
    pick_list_id: str,
    line_id: str,
    units: int,
    short: bool,
    floor: BinFloor | None = None,
) -> PickConfirmation:
    """Confirm ``units`` of a pick line; ``short``: the rest of the line was not found.

    The picked units go through the shipment pick path, shipment line by shipment line (at
    the line's lot); the confirmed units (picked and not found) are promised to the list no
    more. Each shipment line with units not found states :class:`UnitsNotFound`,
    and the policy table's rows for it write them off and re-allocate them. At a location that
    counts stock in bins (``floor``), picked and missing units leave the line's bin (a row).
    """
    pick_list = pick_list_of(session, pick_list_id)
    line = pick_list.line(line_id)
    result = pick_list.confirm(line_id, units, session.now, short=short)
    settled = sum(result.picked.values()) + sum(result.missing.values())
    policies.run(session, PromiseSettled(pick_list.id, line.bin, line.sku, line.lot, settled))
    picked: tuple[tuple[str, str, int], ...] = ()
    if result.picked:
        followed = policies.run(session, PickedOnList(pick_list, line, result.picked))
        picked = followed[policies.PICK_CONFIRMED_UNITS]
        if floor is not None:
            units_picked = sum(result.picked.values())
            policies.run(
                session, TakenAtBin(floor, line.bin, line.sku, line.lot, units_picked, "pick")
            )
    shorts: list[ShortPick] = []
    for (shipment_id, shipment_line), count in sorted(result.missing.items()):
        shipment = shipping.shipment_of(session, shipment_id)
        fact = UnitsNotFound(
            session.order(shipment.order_id),
            shipment_id,
            pick_list.id,
            shipment_line,
            line.sku,
            line.bin.location,
            line.lot,
            count,
        )
        followed = policies.run(session, fact)
        displaced = displaced_by(followed[policies.WRITE_OFF_NOT_FOUND])
        shorts.append(attrs.evolve(followed[policies.REALLOCATE_NOT_FOUND], displaced=displaced))
    missing = sum(result.missing.values())
    if floor is not None and missing:
        policies.run(session, TakenAtBin(floor, line.bin, line.sku, line.lot, missing, NOT_FOUND))
    if pick_list.status in (PickListStatus.PICKED, PickListStatus.SHORT_PICKED):
        policies.run(session, PickListEnded(pick_list))
    return PickConfirmation(pick_list.id, line_id, pick_list.status, picked, tuple(shorts))


def close_pick_list(session: Session, pick_list_id: str) -> None:
    """Close a finished list (``picked`` or ``short_picked`` → ``closed``)."""
    pick_list_of(session, pick_list_id).close(session.now)


def cancel_pick_list(session: Session, pick_list_id: str, reason: str) -> dict[str, int]:
    """Cancel an unfinished list: its shipments come off it; returns units picked per shipment.

    Units already picked stay picked on their shipments (they are in the picker's tote, bound
    for packing); the units still open may go on a new list.
    """
    pick_list = pick_list_of(session, pick_list_id)
    put_back = pick_list.cancel(reason, session.now)
    policies.run(session, PickListEnded(pick_list))
    picked: dict[str, int] = {}
    for (shipment_id, _line), units in put_back.items():
        picked[shipment_id] = picked.get(shipment_id, 0) + units
    return picked
