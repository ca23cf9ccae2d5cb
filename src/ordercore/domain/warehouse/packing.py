"""Packing with verification: the packer scans each unit into a package, and the count must match.

A :class:`Packing` is opened for the units a shipment picked (order line → SKU, units per lot).
The packer opens packages (optionally with the units planned for each, e.g. from box choice) and
scans what goes in: a SKU or a barcode (``resolve`` maps a barcode to its SKU, e.g. through the
catalogue port's ``by_barcode``), the lot and, for serial-tracked SKUs, the serial.

* A scan of a SKU (or lot) the shipment did not pick, or that the package's plan does not hold,
  is refused with :class:`WrongItem`, naming the scanned item and what was expected.
* A scan of one unit more than the line (or the package's plan) still has is refused with
  :class:`OverPack`, naming the item, the expected and the scanned counts.
* A package closes only when it matches its plan; otherwise :class:`UnderPack` names the item,
  the expected and the scanned counts. :meth:`Packing.parcel` then gives the ``Parcel`` with its
  contents (order line → units) for ``Shipment.pack``.

Each change is written once: a command checks and decides, then records one event, and
:meth:`Packing.apply` (one mutator per event type) changes the packing, for live commands and
replay alike. A refused scan changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

import attrs
import pendulum

from ordercore.domain.fulfilment.shipment import Shipment
from ordercore.domain.fulfilment.values import Dimensions, Parcel
from ordercore.domain.orders.values import require_quantity, require_text
from ordercore.kernel.checks import require_items
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType, fact
from ordercore.kernel.events import DomainEvent, EventLog, EventSink
from ordercore.kernel.ids import require_id

__all__ = [
    "OverPack",
    "PackLine",
    "PackageClosed",
    "PackageOpened",
    "Packing",
    "PackingEvent",
    "PackingStarted",
    "UnderPack",
    "UnitScanned",
    "WrongItem",
    "packing_for",
]


# -- errors ---------------------------------------------------------------------------------------


class WrongItem(OrdercoreError, ValueError):
    """A scanned item that does not belong to the shipment (or to the package's plan)."""

    template = (
        "code={code!r} was refused: it is {item} and {where} holds only {_expected}, "
        "so it does not go in package {package_id!r}"
    )
    code: str
    item: str
    """The scanned SKU (with its lot, when one was scanned)."""
    package_id: str
    where: str
    expected: tuple[str, ...] = fact(converter=tuple)

    @property
    def _expected(self) -> str:
        return ", ".join(self.expected) or "nothing"


class OverPack(OrdercoreError, ValueError):
    """One unit more than the line (or the package's plan) still expects."""

    template = (
        "code={code!r} was refused: package {package_id!r} expects {expected} units of {item} "
        "(line {line_id!r}) and {scanned} are already scanned"
    )
    code: str
    item: str
    line_id: str
    package_id: str
    expected: int
    scanned: int


class UnderPack(OrdercoreError, ValueError):
    """A package (or the shipment) closed with fewer units of an item than expected."""

    template = (
        "package_id={package_id!r} was refused: it expects {expected} units of {item} "
        "(line {line_id!r}) and {scanned} were scanned"
    )
    package_id: str
    item: str
    line_id: str
    expected: int
    scanned: int


# -- values ---------------------------------------------------------------------------------------


@attrs.frozen
class PackLine:
    """One order line to pack: its SKU, picked units per lot, and whether serials are scanned."""

    line_id: str
    sku: str
    lots: Mapping[str | None, int]
    """Picked units per lot (``None`` when stock is not kept by lot)."""
    serial_tracked: bool = False

    @property
    def units(self) -> int:
        """Every picked unit of the line."""
        return sum(self.lots.values())


@attrs.frozen
class _Package:
    """A package's state: its plan (line → units, or ``None``), what was scanned, closed or not."""

    planned: Mapping[str, int] | None
    scanned: Mapping[str, int] = attrs.field(factory=dict)
    lots: Mapping[tuple[str, str | None], int] = attrs.field(factory=dict)
    serials: tuple[str, ...] = ()
    closed: bool = False


# -- events ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PackingEvent(DomainEvent):
    """Base of the packing events (``entity_kind`` ``"packing"``)."""

    entity_kind: ClassVar[str] = "packing"


@attrs.frozen(kw_only=True)
class PackingStarted(PackingEvent):
    """Packing of shipment ``entity_id`` started for ``lines`` (what was picked)."""

    lines: tuple[PackLine, ...]


@attrs.frozen(kw_only=True)
class PackageOpened(PackingEvent):
    """Package ``package_id`` was opened, with the units ``planned`` per line (or none)."""

    package_id: str
    planned: Mapping[str, int] | None


@attrs.frozen(kw_only=True)
class UnitScanned(PackingEvent):
    """One unit of ``line_id`` (``sku``, ``lot``, ``serial``) was scanned into ``package_id``."""

    package_id: str
    code: str
    line_id: str
    sku: str
    lot: str | None
    serial: str | None


@attrs.frozen(kw_only=True)
class PackageClosed(PackingEvent):
    """Package ``package_id`` was closed holding ``contents`` (line → units)."""

    package_id: str
    contents: Mapping[str, int]


# -- the aggregate --------------------------------------------------------------------------------


def _item(sku: str, lot: str | None) -> str:
    return sku if lot is None else f"{sku} lot {lot}"


def _plan(value: object, lines: Mapping[str, PackLine]) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise WrongType("planned", value, "a plan maps order line ids to units, or is None")
    plan: dict[str, int] = {}
    for line_id, units in value.items():
        if line_id not in lines:
            rule = f"a plan names only the shipment's lines {sorted(lines)}"
            raise ValidationError("planned", line_id, rule)
        plan[line_id] = require_quantity("planned", units, minimum=1)
    return plan


@attrs.define
class Packing:
    """The packing of one shipment's picked units into scanned packages (see the module doc)."""

    id: str
    lines: dict[str, PackLine] = attrs.field(factory=dict)
    packages: dict[str, _Package] = attrs.field(factory=dict)
    version: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False, repr=False)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Where a unit of work collects this aggregate's events as they are recorded, if any."""

    @classmethod
    def start(
        cls,
        shipment_id: str,
        lines: Iterable[PackLine],
        now: pendulum.DateTime,
    ) -> Packing:
        """Packing (version 1, ``PackingStarted``) of the picked ``lines`` of a shipment."""
        require_id("shipment_id", shipment_id)
        checked = require_items("lines", lines)
        if not checked:
            raise ValidationError("lines", [], "packing needs at least one picked line")
        seen: set[str] = set()
        for line in checked:
            if not isinstance(line, PackLine):
                raise WrongType("lines", line, "each line is a PackLine")
            if line.line_id in seen:
                raise ValidationError("lines", line.line_id, "each line is given once")
            seen.add(line.line_id)
            for lot, units in line.lots.items():
                if lot is not None:
                    require_id("lot", lot)
                require_quantity("units", units, minimum=1)
        at = instant(now, "now")
        packing = cls(shipment_id)
        _LOG.record(packing, PackingStarted(**_LOG.stamp(packing, at), lines=checked))
        return packing

    # -- queries ------------------------------------------------------------------------------

    def packed(self) -> dict[str, int]:
        """Units scanned per line, over every package (lines with none left out)."""
        total: dict[str, int] = {}
        for package in self.packages.values():
            for line_id, units in package.scanned.items():
                total[line_id] = total.get(line_id, 0) + units
        return total

    def unpacked(self) -> dict[str, int]:
        """Picked units per line not yet scanned into any package (lines with none left out)."""
        done = self.packed()
        left = {k: line.units - done.get(k, 0) for k, line in self.lines.items()}
        return {k: units for k, units in left.items() if units}

    def contents(self, package_id: str) -> dict[str, int]:
        """Units per line scanned into ``package_id`` so far."""
        return dict(self._package(package_id).scanned)

    def is_closed(self, package_id: str) -> bool:
        """Whether ``package_id`` is closed."""
        return self._package(package_id).closed

    def _package(self, package_id: str) -> _Package:
        found = self.packages.get(package_id) if isinstance(package_id, str) else None
        if found is None:
            rule = f"packing {self.id!r} has only the packages {sorted(self.packages)}"
            raise ValidationError("package_id", package_id, rule)
        return found

    # -- commands -----------------------------------------------------------------------------

    def open_package(
        self,
        package_id: str,
        now: pendulum.DateTime,
        *,
        planned: Mapping[str, int] | None = None,
    ) -> None:
        """Open ``package_id``, with the units ``planned`` per line (``None``: whatever is left)."""
        require_id("package_id", package_id)
        if package_id in self.packages:
            raise ValidationError("package_id", package_id, "each package is opened once")
        plan = _plan(planned, self.lines)
        left = self.unpacked()
        for line_id, units in (plan or {}).items():
            if units > left.get(line_id, 0):
                line = self.lines[line_id]
                raise OverPack(line_id, line.sku, line_id, package_id, left.get(line_id, 0), units)
        at = instant(now, "now")
        _LOG.record(
            self, PackageOpened(**_LOG.stamp(self, at), package_id=package_id, planned=plan)
        )

    def scan(
        self,
        package_id: str,
        code: str,
        now: pendulum.DateTime,
        *,
        lot: str | None = None,
        serial: str | None = None,
        resolve: Callable[[str], str | None] | None = None,
    ) -> str:
        """Scan one unit (a SKU, or a barcode ``resolve`` maps to one) into ``package_id``.

        Returns the order line the unit was counted on. Refused, changing nothing, with
        :class:`WrongItem` when the shipment (or the package's plan) has no such item and with
        :class:`OverPack` when it already holds every expected unit of it.
        """
        require_text("code", code)
        if lot is not None:
            require_id("lot", lot)
        if serial is not None:
            require_id("serial", serial)
        package = self._package(package_id)
        if package.closed:
            raise ValidationError("package_id", package_id, "a closed package takes no more units")
        sku = resolve(code) if resolve is not None else None
        sku = code if sku is None else sku
        line_id = self._line_for(package_id, package, code, sku, lot)
        line = self.lines[line_id]
        if line.serial_tracked and serial is None:
            rule = f"{line.sku} is serial-tracked: each unit is scanned with its serial"
            raise ValidationError("serial", serial, rule)
        if serial is not None and any(serial in p.serials for p in self.packages.values()):
            raise ValidationError("serial", serial, "each serial is scanned once")
        at = instant(now, "now")
        _LOG.record(
            self,
            UnitScanned(
                **_LOG.stamp(self, at),
                package_id=package_id,
                code=code,
                line_id=line_id,
                sku=line.sku,
                lot=lot,
                serial=serial if line.serial_tracked else None,
            ),
        )
        return line_id

    def _line_for(
        self, package_id: str, package: _Package, code: str, sku: str, lot: str | None
    ) -> str:
        """The line a unit of ``sku``/``lot`` counts on in the package, or the refusal."""
        candidates = [
            line
            for line in self.lines.values()
            if line.sku == sku
            and lot in line.lots
            and (package.planned is None or line.line_id in package.planned)
        ]
        if not candidates:
            if package.planned is None:
                where = f"shipment {self.id!r}"
                expected = [
                    _item(line.sku, one) for line in self.lines.values() for one in line.lots
                ]
            else:
                where = f"the plan of package {package_id!r}"
                expected = [self.lines[k].sku for k in package.planned]
            names = tuple(sorted(set(expected)))
            raise WrongItem(code, _item(sku, lot), package_id, where, names)
        packed = self.packed()
        lot_packed = self._lot_packed()
        last = (candidates[0].line_id, 0, 0)
        for line in candidates:
            room = line.lots[lot] - lot_packed.get((line.line_id, lot), 0)
            in_box = package.scanned.get(line.line_id, 0)
            if package.planned is not None:
                room = min(room, package.planned[line.line_id] - in_box)
                last = (line.line_id, package.planned[line.line_id], in_box)
            else:
                room = min(room, line.units - packed.get(line.line_id, 0))
                last = (line.line_id, line.units, packed.get(line.line_id, 0))
            if room > 0:
                return line.line_id
        line_id, wanted, scanned = last
        raise OverPack(code, _item(sku, lot), line_id, package_id, wanted, scanned)

    def _lot_packed(self) -> dict[tuple[str, str | None], int]:
        total: dict[tuple[str, str | None], int] = {}
        for package in self.packages.values():
            for key, units in package.lots.items():
                total[key] = total.get(key, 0) + units
        return total

    def close_package(self, package_id: str, now: pendulum.DateTime) -> dict[str, int]:
        """Close ``package_id`` when it matches its plan; returns its contents (line → units).

        A package with a plan closes only when every planned unit was scanned; one without a plan
        closes when it holds something. Otherwise :class:`UnderPack` names the item and counts.
        """
        package = self._package(package_id)
        if package.closed:
            raise ValidationError("package_id", package_id, "a package is closed once")
        if package.planned is None and not package.scanned:
            raise ValidationError("package_id", package_id, "an empty package does not close")
        for line_id, units in (package.planned or {}).items():
            scanned = package.scanned.get(line_id, 0)
            if scanned < units:
                raise UnderPack(package_id, self.lines[line_id].sku, line_id, units, scanned)
        at = instant(now, "now")
        contents = dict(package.scanned)
        _LOG.record(
            self, PackageClosed(**_LOG.stamp(self, at), package_id=package_id, contents=contents)
        )
        return contents

    def check_complete(self) -> None:
        """Refuse (:class:`UnderPack`) when a package is open or a picked unit is unpacked."""
        for package_id, package in self.packages.items():
            if not package.closed:
                for line_id, units in (package.planned or {}).items():
                    scanned = package.scanned.get(line_id, 0)
                    raise UnderPack(package_id, self.lines[line_id].sku, line_id, units, scanned)
                rule = "every package is closed before the shipment is packed"
                raise ValidationError("package_id", package_id, rule)
        for line_id, left in self.unpacked().items():
            line = self.lines[line_id]
            raise UnderPack("(shipment)", line.sku, line_id, line.units, line.units - left)

    def parcel(
        self,
        package_id: str,
        weight_grams: int,
        *,
        dimensions: Dimensions | None = None,
        label: str | None = None,
    ) -> Parcel:
        """The ``Parcel`` of a closed package, with its contents (line → units)."""
        package = self._package(package_id)
        if not package.closed:
            raise ValidationError("package_id", package_id, "only a closed package is a parcel")
        return Parcel(weight_grams, dimensions, label, contents=dict(package.scanned))

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        return _LOG.pull(self)

    # -- the mutators, one per event type, and replay -----------------------------------------

    def apply(self, event: PackingEvent) -> None:
        """Change the packing as ``event`` reports: the one place a packing changes."""
        _LOG.apply(self, event)

    def _started(self, event: PackingStarted) -> None:
        self.lines = {line.line_id: line for line in event.lines}

    def _opened(self, event: PackageOpened) -> None:
        planned = None if event.planned is None else dict(event.planned)
        self.packages[event.package_id] = _Package(planned)

    def _scanned(self, event: UnitScanned) -> None:
        package = self.packages[event.package_id]
        scanned = dict(package.scanned)
        scanned[event.line_id] = scanned.get(event.line_id, 0) + 1
        lots = dict(package.lots)
        key = (event.line_id, event.lot)
        lots[key] = lots.get(key, 0) + 1
        serials = package.serials + ((event.serial,) if event.serial is not None else ())
        self.packages[event.package_id] = attrs.evolve(
            package, scanned=scanned, lots=lots, serials=serials
        )

    def _closed(self, event: PackageClosed) -> None:
        package = self.packages[event.package_id]
        self.packages[event.package_id] = attrs.evolve(package, closed=True)

    @classmethod
    def replay(cls, events: Iterable[DomainEvent]) -> Packing:
        """The packing that emitted ``events`` (in order), rebuilt through :meth:`apply`."""
        return _LOG.replay(events, lambda first: cls(first.entity_id))


def packing_for(
    shipment: Shipment,
    now: pendulum.DateTime,
    *,
    serial_tracked: Iterable[str] = (),
) -> Packing:
    """Packing of what ``shipment`` picked; units of SKUs in ``serial_tracked`` scan a serial."""
    tracked = frozenset(serial_tracked)
    lines: list[PackLine] = []
    for line in shipment.lines.values():
        lots: dict[str | None, int] = {}
        for pick in line.picks:
            lots[pick.lot] = lots.get(pick.lot, 0) + pick.units
        if lots:
            lines.append(PackLine(line.line_id, line.sku, lots, line.sku in tracked))
    return Packing.start(shipment.id, lines, now)


_LOG: EventLog[Packing] = EventLog(
    "packing",
    PackingStarted,
    PackingEvent,
    {
        PackingStarted: Packing._started,
        PackageOpened: Packing._opened,
        UnitScanned: Packing._scanned,
        PackageClosed: Packing._closed,
    },
)
"""A packing's log: the mutator of each event type, the checks, record, pull and replay."""
