"""Outbound Amazon SP-API bodies: shipment confirmations and listing quantities.

* :func:`shipment_confirmation_body` — ``POST /orders/v0/orders/{orderId}/shipmentConfirmation``
  (Orders v0): one package per request; :func:`package_reference_id` names each package of a
  shipment with a stable positive number, so a shipment in several parcels is confirmed one
  request per tracking number (Amazon's "Confirm the shipment status" guide).
* :func:`listing_quantity_body` — ``PATCH /listings/2021-08-01/items/{sellerId}/{sku}`` (Listings
  Items API): a JSON Patch ``merge`` of ``/attributes/fulfillment_availability`` that sets the
  ``quantity`` per ``fulfillment_channel_code`` and leaves the listing's other optional fields
  (``restock_date``, ``lead_time_to_ship_max_days``) as they are (Amazon's "Merge a listing"
  tutorial).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import pendulum

from ordercore.channels.outbound import ShipmentNotice, ShippedLine
from ordercore.kernel.checks import require_items
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "FULFILLMENT_AVAILABILITY",
    "listing_quantity_body",
    "package_reference_id",
    "shipment_confirmation_body",
    "split_packages",
]

FULFILLMENT_AVAILABILITY = "/attributes/fulfillment_availability"
"""The listings attribute that holds the quantity offered per fulfillment channel code."""

_PACKAGE_IDS = 2**31 - 1


def package_reference_id(shipment_id: str, package: int) -> str:
    """A positive number naming package ``package`` (0, 1, ...) of ``shipment_id`` on its order.

    Amazon keys a confirmed package by (order, ``packageReferenceId``) and a second confirmation
    with the same id *edits* the first, so every shipment of an order needs its own ids: this
    one is derived from the shipment id and the package's index (SHA-256, folded into
    1..2^31-1), the same every time the shipment is routed.
    """
    if not isinstance(shipment_id, str) or not shipment_id.strip():
        raise ValidationError("shipment_id", shipment_id, "a non-blank shipment id is needed")
    if isinstance(package, bool) or not isinstance(package, int) or package < 0:
        raise ValidationError("package", package, "a package index is a whole int from 0")
    digest = hashlib.sha256(f"{shipment_id}#{package}".encode()).digest()
    return str(int.from_bytes(digest[:8], "big") % _PACKAGE_IDS + 1)


def split_packages(
    lines: Sequence[ShippedLine],
    count: int,
    contents: Sequence[Mapping[str, int] | None] | None = None,
) -> list[tuple[ShippedLine, ...]]:
    """The units of ``lines`` per package: from each parcel's ``contents`` where it is known.

    ``contents`` (one per package, in package order: units per external line id, or ``None``)
    says what a scan-packed parcel holds; those packages carry exactly that, and only the
    units no parcel claims are dealt to the packages without contents, as below. With
    ``contents`` the result has one entry per package, in order (an empty tuple for a package
    without contents that nothing was left for). A parcel claiming a line that did not ship,
    or more units than shipped, is refused by name.

    Without ``contents`` (or with none known) the units are dealt as evenly as possible: laid
    out in the channel's line order and cut into ``count`` contiguous runs (the first ones one
    unit larger when they do not divide). Every package gets at least one unit, so at most as
    many packages as units are made; per line the packages add up to exactly what shipped.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValidationError("count", count, "a shipment has at least one package")
    lines = require_items("lines", lines)
    for i, line in enumerate(lines):
        if not isinstance(line, ShippedLine):
            raise WrongType(f"lines[{i}]", line, "each line is a ShippedLine")
    if contents is None:
        return _even(lines, count)
    known = _contents(contents, count)
    if all(box is None for box in known):
        return _even(lines, count)
    return _by_contents(lines, known)


def _contents(value: object, count: int) -> list[Mapping[str, int] | None]:
    if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
        raise WrongType("contents", value, "contents are a list, one per package")
    if len(value) != count:
        raise ValidationError("contents", len(value), f"one entry per package ({count})")
    for i, box in enumerate(value):
        if box is not None and not isinstance(box, Mapping):
            raise WrongType(f"contents[{i}]", box, "a package's contents map line ids to units")
    return list(value)


def _by_contents(
    lines: Sequence[ShippedLine], contents: Sequence[Mapping[str, int] | None]
) -> list[tuple[ShippedLine, ...]]:
    left: dict[str, int] = {}
    for line in lines:
        left[line.external_line_id] = left.get(line.external_line_id, 0) + line.quantity
    packages: list[tuple[ShippedLine, ...] | None] = []
    for i, box in enumerate(contents):
        if box is None:
            packages.append(None)
            continue
        package: list[ShippedLine] = []
        for line_id, unclaimed in list(left.items()):  # the channel's line order
            units = box.get(line_id, 0)
            if isinstance(units, bool) or not isinstance(units, int) or units < 0:
                raise ValidationError(f"contents[{i}][{line_id!r}]", units, "units are an int >= 0")
            if units > unclaimed:
                rule = f"a parcel holds at most the {unclaimed} units of the line still unclaimed"
                raise ValidationError(f"contents[{i}][{line_id!r}]", units, rule)
            if units:
                left[line_id] = unclaimed - units
                package.append(ShippedLine(external_line_id=line_id, quantity=units))
        strange = sorted(str(key) for key in box if key not in left)
        if strange:
            raise ValidationError(f"contents[{i}]", strange, "a parcel holds lines that shipped")
        packages.append(tuple(package))
    rest = [ShippedLine(external_line_id=k, quantity=n) for k, n in left.items() if n]
    blanks = [i for i, package in enumerate(packages) if package is None]
    if rest and not blanks:
        rule = "the parcels' contents hold every unit shipped"
        raise ValidationError(
            "contents", {line.external_line_id: line.quantity for line in rest}, rule
        )
    dealt = iter(_even(rest, len(blanks)) if rest else [])
    return [next(dealt, ()) if package is None else package for package in packages]


def _even(lines: Sequence[ShippedLine], count: int) -> list[tuple[ShippedLine, ...]]:
    total = sum(line.quantity for line in lines)
    packages = min(count, total)
    sizes = [total // packages + (1 if n < total % packages else 0) for n in range(packages)]
    result: list[tuple[ShippedLine, ...]] = []
    queue = [(line.external_line_id, line.quantity) for line in lines]
    for size in sizes:
        package: list[ShippedLine] = []
        wanted = size
        while wanted:
            line_id, left = queue[0]
            taken = min(wanted, left)
            package.append(ShippedLine(external_line_id=line_id, quantity=taken))
            wanted -= taken
            if taken == left:
                queue.pop(0)
            else:
                queue[0] = (line_id, left - taken)
        result.append(tuple(package))
    return result


def listing_quantity_body(product_type: str, quantities: Mapping[str, int]) -> dict[str, Any]:
    """The ``patchListingsItem`` body that sets the quantity per fulfillment channel code.

    ``quantities`` maps a fulfillment channel code (``"DEFAULT"`` for merchant-fulfilled stock)
    to the units offered; codes are written in sorted order.
    """
    if not isinstance(product_type, str) or not product_type.strip():
        raise ValidationError("product_type", product_type, "an Amazon product type is needed")
    if not isinstance(quantities, Mapping) or not quantities:
        raise ValidationError("quantities", quantities, "at least one channel code's quantity")
    value: list[dict[str, Any]] = []
    for code, units in sorted(quantities.items()):
        if not isinstance(code, str) or not code.strip():
            raise ValidationError("quantities", code, "a non-blank fulfillment channel code")
        if isinstance(units, bool) or not isinstance(units, int):
            raise WrongType(f"quantities[{code!r}]", units, "a quantity is a whole int")
        if units < 0:
            raise ValidationError(f"quantities[{code!r}]", units, "a quantity is not negative")
        value.append({"fulfillment_channel_code": code, "quantity": units})
    return {
        "productType": product_type,
        "patches": [{"op": "merge", "path": FULFILLMENT_AVAILABILITY, "value": value}],
    }


def _amazon_instant(at: pendulum.DateTime) -> str:
    utc = at.in_timezone("UTC")
    return utc.format("YYYY-MM-DDTHH:mm:ss.SSS") + "Z"


def _transparency_codes(given: object) -> dict[str, list[str]]:
    """``transparency_codes`` checked: order item id -> a list of code strings (None: none)."""
    if given is None:
        return {}
    rule = "transparency_codes maps an order item id to a list of Transparency codes"
    if not isinstance(given, Mapping):
        raise WrongType("transparency_codes", given, rule)
    codes: dict[str, list[str]] = {}
    for item_id, item_codes in given.items():
        if not isinstance(item_id, str) or isinstance(item_codes, str | bytes):
            raise WrongType("transparency_codes", given, rule)
        if not isinstance(item_codes, Sequence) or not all(
            isinstance(code, str) for code in item_codes
        ):
            raise WrongType(f"transparency_codes[{item_id!r}]", item_codes, rule)
        codes[item_id] = list(item_codes)
    return codes


def shipment_confirmation_body(
    notice: ShipmentNotice,
    *,
    marketplace_id: str,
    package_reference_id: str = "1",
    ship_from_supply_source_id: str | None = None,
    transparency_codes: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The ``shipmentConfirmation`` body for ``notice`` (lines keyed by ``OrderItemId``).

    ``shipDate`` is written in UTC with milliseconds (``2022-02-11T01:00:00.000Z``);
    ``transparency_codes`` maps an order item id to its Transparency codes, if any.
    """
    if not isinstance(notice, ShipmentNotice):
        raise WrongType("notice", notice, "a shipment is a ShipmentNotice")
    if not isinstance(marketplace_id, str) or not marketplace_id.strip():
        raise ValidationError("marketplace_id", marketplace_id, "a marketplace id is needed")
    reference: object = package_reference_id
    if not isinstance(reference, str):
        raise WrongType("package_reference_id", reference, "a package reference is a str")
    if not reference.strip():
        raise ValidationError("package_reference_id", reference, "a non-blank package reference")
    supply: object = ship_from_supply_source_id
    if supply is not None and not isinstance(supply, str):
        raise WrongType("ship_from_supply_source_id", supply, "a supply source is a str or None")
    codes = _transparency_codes(transparency_codes)
    items: list[dict[str, Any]] = []
    for line in notice.lines:
        entry: dict[str, Any] = {"orderItemId": line.external_line_id, "quantity": line.quantity}
        if line.external_line_id in codes:
            entry["transparencyCodes"] = codes[line.external_line_id]
        items.append(entry)
    tracking = notice.tracking
    package: dict[str, Any] = {"packageReferenceId": package_reference_id}
    package["carrierCode"] = tracking.carrier
    if tracking.carrier_name is not None:
        package["carrierName"] = tracking.carrier_name
    if tracking.service is not None:
        package["shippingMethod"] = tracking.service
    package["trackingNumber"] = tracking.number
    package["shipDate"] = _amazon_instant(notice.shipped_at)
    if ship_from_supply_source_id is not None:
        package["shipFromSupplySourceId"] = ship_from_supply_source_id
    package["orderItems"] = items
    return {"marketplaceId": marketplace_id, "packageDetail": package}
