"""The warehouse floor rules of :class:`~ordercore.testing.stateful_engine.EngineMachine`.

A mixin (kept apart, like the shipment rules, so each module stays small): it puts shipments on
pick lists by every method (waves with a cut-off that ``tick`` releases), releases, confirms
lines (sometimes too many, sometimes short), closes and cancels lists; packs shipments by scan
(sometimes scanning a wrong item first, which must be refused and change nothing); and records
carrier tracking reports. Its checks, run by the machine after every step:

* every unit of a pick list is picked, short or open, per shipment line; a shipment on an
  unfinished list still asks for exactly the list's open and short units of it, and no
  unfinished list holds a shipment that is not on it;
* per SKU, the units written off as ``"not found"`` in the stock ledger are the short units of
  every pick list;
* a packing never holds more of a line than its shipment picked, and a packed shipment's
  parcels hold what its packing scanned;
* WH-EAST counts its stock in bins (receipts into the receiving bin or a named one, put-away,
  moves, bin counts, picks from the pick line's bin): per SKU and lot, the units over its bins
  equal its units on the shelf (on hand less picked); WH-WEST keeps no bins;
* box choice (``choose_boxes``) puts every picked item in a box or reports it, and no box holds
  an item outside its inner size or more weight than its limit; labels of packed shipments carry
  SSCCs from the injected sequence that are unique and have valid check digits, and a keyed
  repeat returns the same SSCCs.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from ordercore.domain.catalogue import Product
from ordercore.domain.catalogue.product import Dimensions
from ordercore.domain.fulfilment import Shipment, ShipmentStatus, TrackingStatus
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Address
from ordercore.domain.warehouse import (
    Bin,
    BinStock,
    Box,
    Cartonization,
    Dispatch,
    Label,
    Packing,
    PickList,
    PickListStatus,
    PickMethod,
    Slotting,
    SsccConfig,
    SsccIssuer,
    gs1_check_digit,
)
from ordercore.kernel.money import Money
from ordercore.memory.catalogue import MemoryCatalogue
from ordercore.service.bins import on_shelf
from ordercore.service.short_picks import NOT_FOUND
from ordercore.testing.stateful_store import read_stored

if TYPE_CHECKING:
    from ordercore.kernel.clock import FixedClock
    from ordercore.memory.store import StoreSnapshot
    from ordercore.service import Engine
    from ordercore.testing.stateful_store import MachineStore

__all__ = ["BINS", "BOXES", "SLOTTING", "FloorRules", "floor_options"]

SLOTTING = Slotting(
    {
        ("WH-EAST", "RETRO-CLOCK"): Bin("WH-EAST", "A", 1, 4),
        ("WH-EAST", "BLUE-VASE"): Bin("WH-EAST", "B", 2, 7),
        ("WH-WEST", "RETRO-CLOCK"): Bin("WH-WEST", "A", 3, 1),
    }
)
"""Where the machine's SKUs sit: two zones at WH-EAST; GREEN-LAMP in the receiving bins."""

BINS = (
    Bin("WH-EAST", "RECEIVING", 1, 1),
    Bin("WH-EAST", "A", 1, 4),
    Bin("WH-EAST", "A", 2, 2),
    Bin("WH-EAST", "B", 2, 7),
)
"""The bins of WH-EAST the machine receives into, puts away to, moves between and counts."""

BOXES = (
    Box("S", Dimensions(200, 150, 100), 2000, 100, Money.of("0.40", "EUR")),
    Box("M", Dimensions(300, 250, 200), 5000, 200, Money.of("0.70", "EUR")),
)
"""The box catalogue: a GREEN-LAMP fits no box (it must be reported, never dropped)."""

_PRODUCTS = (
    Product("RETRO-CLOCK", "Retro clock", weight_g=1200, dimensions=Dimensions(180, 120, 90)),
    Product(
        "BLUE-VASE", "Blue vase", weight_g=900, dimensions=Dimensions(280, 120, 120), fragile=True
    ),
    Product("GREEN-LAMP", "Green lamp", weight_g=2500, dimensions=Dimensions(400, 300, 300)),
)
_DOCK = Address(name="Shop", line1="1 Dock Rd", city="Hamburg", postal_code="20095", country="DE")


def floor_options() -> dict[str, Any]:
    """The Engine settings the floor rules need: bins at WH-EAST, products, boxes, SSCCs."""
    serials = itertools.count(1)
    return {
        "bin_locations": {"WH-EAST"},
        "catalogue": MemoryCatalogue(list(_PRODUCTS)),
        "boxes": BOXES,
        "sscc": SsccIssuer(
            SsccConfig(extension_digit=0, company_prefix="0614141"), lambda: next(serials)
        ),
    }


_ACTIVE = (PickListStatus.OPEN, PickListStatus.RELEASED, PickListStatus.IN_PROGRESS)
_METHODS = (None, PickMethod.SINGLE, PickMethod.BATCH, PickMethod.ZONE, PickMethod.WAVE)
_PACKABLE = (ShipmentStatus.PICKING, ShipmentStatus.PICKED)
_BOXABLE = (ShipmentStatus.PICKING, ShipmentStatus.PICKED, ShipmentStatus.PACKED)


def _check(condition: bool, what: object) -> None:
    if not condition:
        raise AssertionError(str(what))


class FloorRules:
    """Pick list, packing and tracking rules and their checks, for the Engine machine."""

    engine: Engine
    store: MachineStore
    clock: FixedClock

    if TYPE_CHECKING:

        def snapshot(self) -> StoreSnapshot:
            """Everything the store holds (the machine's own)."""
            ...

        def attempt(self, command: Callable[[], Any]) -> bool:
            """Run a command; a refusal must change nothing (the machine's own)."""
            ...

        def attempt_keyed(self, name: str, *args: Any, **kwargs: Any) -> bool:
            """Run Engine command ``name`` with a key the machine retries (its own)."""
            ...

        def shipments(self) -> list[Shipment]:
            """Every stored shipment (the shipment rules' own)."""
            ...

        def shipment(self, pick: int) -> Shipment | None:
            """The ``pick``-th stored shipment (the shipment rules' own)."""
            ...

    def pick_lists(self) -> list[PickList]:
        """Every stored pick list, by id."""
        rows = self.snapshot().rows
        return [p for (name, _), p in sorted(rows.items()) if name == "pick_lists"]

    def pick_list(self, pick: int) -> PickList | None:
        """The ``pick``-th stored pick list (modulo), or None."""
        found = self.pick_lists()
        return found[pick % len(found)] if found else None

    # -- rules ----------------------------------------------------------------------------------

    @rule(
        picks=st.lists(st.integers(0, 7), min_size=1, max_size=3),
        method=st.sampled_from(_METHODS),
        hours=st.integers(0, 3),
    )
    def create_pick_lists(self, picks: list[int], method: PickMethod | None, hours: int) -> None:
        """Shipments go on pick lists (some already listed or packed: refused)."""
        chosen = [self.shipment(pick) for pick in picks]
        ids = sorted({s.id for s in chosen if s is not None})
        if not ids:
            return
        cut_off = self.clock.now().add(hours=hours)
        dispatch = {sid: Dispatch(cut_off, "DHL") for sid in ids}
        wave = dispatch if method is PickMethod.WAVE else None
        self.attempt(lambda: self.engine.create_pick_lists(ids, method, dispatch=wave))

    @rule(pick=st.integers(0, 7))
    def release_pick_list(self, pick: int) -> None:
        """A list goes to the floor (refused unless it is open)."""
        found = self.pick_list(pick)
        if found is not None:
            self.attempt(lambda: self.engine.release_pick_list(found.id))

    @rule(
        pick=st.integers(0, 7),
        line=st.integers(0, 7),
        units=st.none() | st.integers(0, 4),
        short=st.booleans(),
    )
    def confirm_pick(self, pick: int, line: int, units: int | None, short: bool) -> None:
        """A line is confirmed (``None``: every open unit); ``short``: the rest was not found."""
        found = self.pick_list(pick)
        if found is None:
            return
        stops = found.walk()
        stop = stops[line % len(stops)]
        count = stop.open if units is None else units
        self.attempt_keyed("confirm_pick", found.id, stop.line_id, count, short=short)

    @rule(pick=st.integers(0, 7))
    def close_pick_list(self, pick: int) -> None:
        """A finished list is closed (refused before it is finished)."""
        found = self.pick_list(pick)
        if found is not None:
            self.attempt(lambda: self.engine.close_pick_list(found.id))

    @rule(pick=st.integers(0, 7))
    def cancel_pick_list(self, pick: int) -> None:
        """An unfinished list is cancelled (refused once finished)."""
        found = self.pick_list(pick)
        if found is not None:
            self.attempt(lambda: self.engine.cancel_pick_list(found.id, "picker called away"))

    @rule(pick=st.integers(0, 7), wrong_first=st.booleans(), extra=st.booleans())
    def pack_by_scan(self, pick: int, wrong_first: bool, extra: bool) -> None:
        """A packer scans a picked shipment's units into one package, then finishes it.

        ``wrong_first`` scans an item the shipment does not hold first; ``extra`` one unit too
        many at the end: both must be refused and change nothing.
        """
        shipment = self.shipment(pick)
        if shipment is None or shipment.status not in _PACKABLE:
            return
        package = f"P-{shipment.version}"
        if not self.attempt(lambda: self.engine.open_package(shipment.id, package)):
            return
        skus = {line.sku for line in shipment.lines.values()}
        if wrong_first:
            stranger = next(s for s in ("NO-SUCH-SKU", "NOT-THIS-ONE") if s not in skus)
            accepted = self.attempt(lambda: self.engine.scan_item(shipment.id, package, stranger))
            _check(not accepted, f"a scan of {stranger} into {shipment.id} was accepted")
        packing = read_stored(self.store, "packings", shipment.id)
        lines = {} if not isinstance(packing, Packing) else packing.lines
        for line in lines.values():
            for lot, units in line.lots.items():
                for _ in range(units):
                    self.attempt(self._scanning(shipment.id, package, line.sku, lot))
        if extra and lines:
            sku = next(iter(lines.values())).sku
            self.attempt(lambda: self.engine.scan_item(shipment.id, package, sku))
        self.attempt(lambda: self.engine.close_package(shipment.id, package))
        self.attempt(lambda: self.engine.finish_packing(shipment.id, {package: 900}))

    def _scanning(
        self, shipment_id: str, package: str, sku: str, lot: str | None
    ) -> Callable[[], Any]:
        """The command that scans one unit of ``sku`` (``lot``) into ``package``."""
        return lambda: self.engine.scan_item(shipment_id, package, sku, lot=lot)

    @rule(pick=st.integers(0, 7), status=st.sampled_from(list(TrackingStatus)))
    def record_tracking(self, pick: int, status: TrackingStatus) -> None:
        """The carrier reports on a shipment (refused before it has left)."""
        shipment = self.shipment(pick)
        if shipment is not None:
            at = self.clock.now()
            self.attempt(lambda: self.engine.record_tracking(shipment.id, status, at))

    @rule(steps=st.integers(1, 8), short=st.booleans())
    def floor_progress(self, steps: int, short: bool) -> None:
        """The happy path: the newest unfinished list moves on (``short``: a unit not found).

        Without one, the newest shipment with units to pick goes on a new list; a picked
        shipment off every list is boxed, packed by scan and labelled.
        """
        for _ in range(steps):
            going = [p for p in self.pick_lists() if p.status in _ACTIVE]
            if going:
                self.attempt(self._next_pick_step(max(going, key=lambda p: p.id), short))
                continue
            ready = [s for s in self.shipments() if not s.pick_lists]
            picked = [s for s in ready if s.status is ShipmentStatus.PICKED]
            if picked and not read_stored(self.store, "packings", picked[-1].id):
                index = self.shipments().index(picked[-1])
                self.choose_boxes(index, True)  # noqa: FBT003 - boxes for this very shipment
                self.pack_by_scan(index, False, False)  # noqa: FBT003
                self.labels(index, True, True)  # noqa: FBT003 - labels for this very shipment
                continue
            waiting = [
                s for s in ready if s.status in (ShipmentStatus.OPEN, ShipmentStatus.PICKING)
            ]
            if not waiting:
                return
            self.attempt(self._listing(waiting[-1].id))

    def _listing(self, shipment_id: str) -> Callable[[], Any]:
        """The command that puts one shipment on a new pick list."""
        return lambda: self.engine.create_pick_lists([shipment_id])

    def _next_pick_step(self, pick_list: PickList, short: bool) -> Callable[[], Any]:
        """The command that takes ``pick_list`` one step along the happy path."""
        engine = self.engine
        if pick_list.status is PickListStatus.OPEN:
            return lambda: engine.release_pick_list(pick_list.id)
        stop = next(line for line in pick_list.walk() if line.open)
        units = stop.open - 1 if short else stop.open
        return lambda: engine.confirm_pick(pick_list.id, stop.line_id, units, short=short)

    @rule(
        sku=st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "GREEN-LAMP"]),
        place=st.sampled_from(BINS),
        units=st.integers(1, 4),
    )
    def receive_into_bin(self, sku: str, place: Bin, units: int) -> None:
        """Stock arrives into a bin the host names."""
        self.attempt(lambda: self.engine.receive_into_bin(sku, place, units))

    @rule(
        sku=st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "GREEN-LAMP"]),
        source=st.none() | st.sampled_from(BINS),
        into=st.sampled_from(BINS),
        units=st.integers(1, 4),
    )
    def move_between_bins(self, sku: str, source: Bin | None, into: Bin, units: int) -> None:
        """Units are put away or moved (more than the bin holds, or to itself: refused)."""
        self.attempt(lambda: self.engine.move_between_bins(sku, source, into, units))

    @rule(
        sku=st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "GREEN-LAMP"]),
        place=st.sampled_from(BINS),
        counted=st.integers(0, 4),
    )
    def count_bin(self, sku: str, place: Bin, counted: int) -> None:
        """A bin is counted; the difference goes through the count path (picked: refused)."""
        self.attempt(lambda: self.engine.count_bin(sku, place, counted))

    def _shipment_in(self, pick: int, statuses: tuple[ShipmentStatus, ...]) -> Shipment | None:
        """The ``pick``-th stored shipment in one of ``statuses`` (modulo), or None."""
        found = [s for s in self.shipments() if s.status in statuses]
        return found[pick % len(found)] if found else None

    @rule(pick=st.integers(0, 7), any_status=st.booleans())
    def choose_boxes(self, pick: int, any_status: bool) -> None:
        """Boxes are chosen for a picked shipment's units (``any_status``: maybe refused)."""
        shipment = self.shipment(pick) if any_status else self._shipment_in(pick, _BOXABLE)
        if shipment is None:
            return
        chosen: list[Cartonization] = []
        if self.attempt(lambda: chosen.append(self.engine.choose_boxes(shipment.id))):
            self.boxes_hold_every_item(shipment, chosen[0])

    @rule(pick=st.integers(0, 7), repeat=st.booleans(), any_status=st.booleans())
    def labels(self, pick: int, repeat: bool, any_status: bool) -> None:
        """A packed shipment's labels (refused unless packed and every item fits a box).

        ``repeat``: the same call again with its key returns the same labels and SSCCs;
        ``any_status``: a shipment that may not be packed (refused).
        """
        packed = (ShipmentStatus.PACKED,)
        shipment = self.shipment(pick) if any_status else self._shipment_in(pick, packed)
        if shipment is None:
            return
        key = f"labels-{shipment.id}-{len(self.issued_ssccs())}"
        made: list[list[Label]] = []

        def command() -> None:
            made.append(self.engine.labels(shipment.id, _DOCK, "DHL", idempotency_key=key))

        if not self.attempt(command):
            return
        self.issued_ssccs().extend(label.sscc.digits for label in made[0])
        if repeat:
            again = self.engine.labels(shipment.id, _DOCK, "DHL", idempotency_key=key)
            _check(again == made[0], f"{shipment.id}: a keyed repeat gave other labels")
        self.ssccs_are_unique_and_valid()

    def issued_ssccs(self) -> list[str]:
        """Every SSCC the labels rule was given, in order (kept on the machine)."""
        found: list[str] | None = self.__dict__.get("_issued_ssccs")
        if found is None:
            found = self.__dict__["_issued_ssccs"] = []
        return found

    # -- checks ---------------------------------------------------------------------------------

    def boxes_hold_every_item(self, shipment: Shipment, chosen: Cartonization) -> None:
        """Every picked item is in a box or reported; no box breaks its size or weight limit."""
        stored = read_stored(self.store, "shipments", shipment.id)
        if not isinstance(stored, Shipment):
            raise AssertionError(f"{shipment.id} is not stored")  # noqa: TRY004 - a check
        picked: Counter[str] = Counter()
        for line in stored.lines.values():  # summed per SKU: two lines may share one
            picked[line.sku] += sum(pick.units for pick in line.picks)
        boxed = Counter(item.sku for package in chosen.packages for item in package.items)
        reported = Counter(unfit.item.sku for unfit in chosen.unfit)
        _check(+picked == boxed + reported, f"{shipment.id}: {picked} picked, {boxed} boxed")
        for package in chosen.packages:
            inner = package.box.inner
            limit = (inner.length_mm, inner.width_mm, inner.height_mm)
            weight = sum(item.weight_g for item in package.items)
            _check(weight <= package.box.max_weight_g, f"{package.box.name}: {weight} g")
            for placed in package.placements:
                dims = placed.item.dimensions
                turned = sorted((dims.length_mm, dims.width_mm, dims.height_mm))
                _check(sorted(placed.size) == turned, f"{placed}: not a turn of the item")
                corner = (placed.x, placed.y, placed.z)
                for axis in range(3):
                    inside = corner[axis] >= 0 and corner[axis] + placed.size[axis] <= limit[axis]
                    _check(inside, f"{placed} sticks out of box {package.box.name}")

    def ssccs_are_unique_and_valid(self) -> None:
        """Every SSCC issued is issued once, and its last digit is its GS1 check digit."""
        issued = self.issued_ssccs()
        _check(len(set(issued)) == len(issued), f"an SSCC was issued twice: {issued}")
        for digits in issued:
            _check(gs1_check_digit(digits[:-1]) == int(digits[-1]), f"{digits}: check digit")

    def bins_hold_the_shelf(self, stock: Iterable[StockItem], bins: Iterable[BinStock]) -> None:
        """Per SKU and lot, WH-EAST's bins hold its units on the shelf; WH-WEST has no bins."""
        by_key = {b.id: b for b in bins}
        _check(all(b.location == "WH-EAST" for b in by_key.values()), "bins outside WH-EAST")
        for item in stock:
            found = by_key.get(f"WH-EAST/{item.sku}")
            binned = {} if found is None else found.by_lot()
            shelf = on_shelf(item, "WH-EAST")
            _check(shelf == binned, f"{item.sku}: shelf {shelf}, bins {binned}")

    def bins_promise_only_what_open_lists_still_pick(
        self, bins: Iterable[BinStock], lists: Iterable[PickList]
    ) -> None:
        """Units a bin promised to pick lists are at most what uncancelled lists still pick there.

        Promises end as units are picked, found short, or their list is cancelled.
        """
        claimed: dict[tuple[str, str | None], int] = {}
        for pick_list in lists:
            if pick_list.status is not PickListStatus.CANCELLED:
                for line in pick_list.walk():
                    key = (line.bin.code, line.lot)
                    claimed[key] = claimed.get(key, 0) + line.open
        for stock in bins:
            for shelf in stock.promised:
                still = claimed.get((shelf.bin.code, shelf.lot), 0)
                _check(shelf.units <= still, f"{stock.id} {shelf}: promised, {still} to pick")

    def pick_lists_hold_the_units_to_pick(
        self, shipments: Iterable[Shipment], lists: Iterable[PickList]
    ) -> None:
        """Pick lists and shipments agree on the units still to pick.

        Per shipment line: the units open on its unfinished lists are still wanted, and when one
        list ever held the shipment and it is unfinished, the line still asks for exactly its
        open and short units. A shipment is on exactly the unfinished lists that hold it.
        """
        by_id = {s.id: s for s in shipments}
        listed = {p.id: p for p in lists}
        holders: dict[str, list[PickList]] = {}
        for pick_list in listed.values():
            open_units = short_units = 0
            for key, tally in pick_list.tallies().items():
                _check(tally.open >= 0, f"{pick_list.id} {key}: {tally}")
                open_units, short_units = open_units + tally.open, short_units + tally.short
            _check(open_units == pick_list.open_units, f"{pick_list.id} open units")
            _check(short_units == pick_list.short_units, f"{pick_list.id} short units")
            for shipment_id in sorted({k[0] for k in pick_list.tallies()}):
                holders.setdefault(shipment_id, []).append(pick_list)
        for shipment_id, holding in holders.items():
            shipment = by_id[shipment_id]
            active = sorted(p.id for p in holding if p.status in _ACTIVE)
            _check(
                sorted(shipment.pick_lists) == active,
                f"{shipment.id} is on {list(shipment.pick_lists)}, unfinished lists hold {active}",
            )
            for line_id, line in shipment.lines.items():
                tallies = [p.tallies().get((shipment_id, line_id)) for p in holding]
                wanted = sum(
                    t.open
                    for p, t in zip(holding, tallies, strict=True)
                    if t and p.status in _ACTIVE
                )
                _check(line.remaining >= wanted, f"{shipment.id}/{line_id}: {wanted} open on lists")
                only = tallies[0] if len(holding) == 1 and active else None
                if only is not None:
                    _check(
                        line.remaining == only.open + only.short,
                        f"{shipment.id}/{line_id}: asks for {line.remaining}, list holds {only}",
                    )
        for shipment in by_id.values():
            if shipment.id not in holders:
                _check(not shipment.pick_lists, f"{shipment.id} is on lists that do not hold it")

    def short_units_are_written_off(
        self, stock: Iterable[StockItem], lists: Iterable[PickList]
    ) -> None:
        """Per SKU: units written off as not found == short units of every pick list."""
        short: dict[str, int] = {}
        for pick_list in lists:
            for line in pick_list.walk():
                short[line.sku] = short.get(line.sku, 0) + line.short
        with self.engine.store.unit_of_work() as uow:
            for item in stock:
                rows = uow.ledger.rows(item.sku)
                written = -sum(row.on_hand for row in rows if row.reason == NOT_FOUND)
                _check(
                    written == short.get(item.sku, 0),
                    f"{item.sku}: {written} written off as not found, "
                    f"{short.get(item.sku, 0)} short on pick lists",
                )

    def packings_hold_picked_units(
        self, shipments: Iterable[Shipment], packings: Iterable[Packing]
    ) -> None:
        """A packing holds at most what was picked; a packed shipment's parcels what it scanned."""
        by_id = {s.id: s for s in shipments}
        for packing in packings:
            shipment = by_id[packing.id]
            picked = shipment.picked()
            for line_id, units in packing.packed().items():
                _check(units <= picked.get(line_id, 0), f"{packing.id}/{line_id}: over-packed")
            told = [p.contents for p in shipment.parcels if p.contents is not None]
            if told:
                total: dict[str, int] = {}
                for contents in told:
                    for line_id, units in contents.items():
                        total[line_id] = total.get(line_id, 0) + units
                _check(total == packing.packed(), f"{packing.id}: parcels hold other units")
