"""Scan-verified packing through the Engine: what goes into each package is checked by scan.

A packing (``ordercore.domain.warehouse.Packing``) of one shipment is kept in the
``"packings"`` collection under the shipment's id. Each command is one unit of work:

=============================  ==============================================================
command                         what changes
=============================  ==============================================================
:func:`start_packing`           a packing of what the shipment picked (per line: SKU, lots)
:func:`open_package`            a package, with the units planned for it (or none)
:func:`scan_item`               one unit scanned in: a SKU, or a barcode the catalogue maps
                                to one; a wrong item, one too many, a missing serial are
                                refused by name and change nothing
:func:`close_package`           a package that matches its plan closes (else ``UnderPack``)
:func:`finish_packing`          every picked unit is in a closed package: the shipment is
                                packed with parcels that know their contents (order: picked
                                → packed)
=============================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ordercore.domain.fulfilment import Dimensions, ShipmentStatus
from ordercore.domain.warehouse import Packing, packing_for
from ordercore.kernel.errors import ValidationError
from ordercore.ports.catalogue import Catalogue
from ordercore.service import shipping
from ordercore.service.session import Session

__all__ = [
    "PACKINGS",
    "close_package",
    "finish_packing",
    "open_package",
    "packing_of",
    "packing_started",
    "resolver",
    "scan_item",
    "start_packing",
]

PACKINGS = "packings"
"""The collection packings are kept in (key: the shipment's id)."""

_PACKABLE = (ShipmentStatus.PICKING, ShipmentStatus.PICKED)


def packing_of(session: Session, shipment_id: str) -> Packing:
    """The packing of shipment ``shipment_id`` (``NotFound`` if it was not started)."""
    found: Packing = session.get(PACKINGS, shipment_id, Packing)
    return found


def start_packing(session: Session, shipment_id: str, serial_tracked: Iterable[str] = ()) -> None:
    """Start packing what the shipment picked (:func:`packing_started`), the Engine's command."""
    packing_started(session, shipment_id, serial_tracked)


def packing_started(
    session: Session, shipment_id: str, serial_tracked: Iterable[str] = ()
) -> Packing:
    """Start packing what the shipment picked; units of ``serial_tracked`` SKUs scan a serial.

    Refused for a shipment with nothing picked, one already packed or gone, and one whose
    packing has started.
    """
    shipment = shipping.shipment_of(session, shipment_id)
    if shipment.status not in _PACKABLE:
        rule = (
            f"packing of shipment {shipment.id!r} starts once units are picked and before "
            "the shipment is packed"
        )
        raise ValidationError("status", str(shipment.status), rule)
    if session.find(PACKINGS, shipment.id, Packing) is not None:
        raise ValidationError("shipment_id", shipment_id, "a shipment's packing starts once")
    packing = packing_for(shipment, session.now, serial_tracked=serial_tracked)
    session.add(PACKINGS, packing.id, packing)
    return packing


def open_package(
    session: Session,
    shipment_id: str,
    package_id: str,
    planned: Mapping[str, int] | None = None,
) -> None:
    """Open ``package_id`` in the shipment's packing (started now if it was not yet)."""
    found = session.find(PACKINGS, shipment_id, Packing)
    packing = packing_started(session, shipment_id) if found is None else found
    packing.open_package(package_id, session.now, planned=planned)


def resolver(catalogue: Catalogue | None) -> Callable[[str], str | None] | None:
    """What maps a scanned barcode to its SKU: the catalogue's ``by_barcode`` (or nothing)."""
    if catalogue is None:
        return None
    known = catalogue

    def sku_of(code: str) -> str | None:
        product = known.by_barcode(code)
        return None if product is None else product.sku

    return sku_of


def scan_item(
    session: Session,
    shipment_id: str,
    package_id: str,
    code: str,
    *,
    lot: str | None = None,
    serial: str | None = None,
    catalogue: Catalogue | None = None,
) -> str:
    """Scan one unit into ``package_id``; returns the order line it counted on."""
    packing = packing_of(session, shipment_id)
    return packing.scan(
        package_id, code, session.now, lot=lot, serial=serial, resolve=resolver(catalogue)
    )


def close_package(session: Session, shipment_id: str, package_id: str) -> dict[str, int]:
    """Close ``package_id`` when it matches its plan; returns its contents (line → units)."""
    return packing_of(session, shipment_id).close_package(package_id, session.now)


def finish_packing(
    session: Session,
    shipment_id: str,
    weights: Mapping[str, int],
    dimensions: Mapping[str, Dimensions] | None = None,
) -> dict[str, int]:
    """Pack the shipment into its closed packages; returns units packed per line.

    ``weights`` gives each package's grams (``dimensions`` its size). Refused with
    ``UnderPack`` while a package is open or a picked unit is in none; the parcels carry
    their contents, labelled with the package ids.
    """
    packing = packing_of(session, shipment_id)
    packing.check_complete()
    sizes = dimensions or {}
    unknown = sorted(set(weights) - set(packing.packages))
    if unknown:
        rule = f"weights are of the packages {sorted(packing.packages)}"
        raise ValidationError("weights", unknown, rule)
    missing = sorted(set(packing.packages) - set(weights))
    if missing:
        raise ValidationError("weights", missing, "every package is weighed")
    parcels = [
        packing.parcel(
            package_id, weights[package_id], dimensions=sizes.get(package_id), label=package_id
        )
        for package_id in sorted(packing.packages)
    ]
    return shipping.pack(session, shipment_id, parcels)
