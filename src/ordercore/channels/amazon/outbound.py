"""Outbound Amazon SP-API bodies: a shipment confirmation from a :class:`ShipmentNotice`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pendulum

from ordercore.channels.outbound import ShipmentNotice
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["shipment_confirmation_body"]


def _amazon_instant(at: pendulum.DateTime) -> str:
    utc = at.in_timezone("UTC")
    return utc.format("YYYY-MM-DDTHH:mm:ss.SSS") + "Z"


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
    codes = dict(transparency_codes or {})
    items: list[dict[str, Any]] = []
    for line in notice.lines:
        entry: dict[str, Any] = {"orderItemId": line.external_line_id, "quantity": line.quantity}
        if line.external_line_id in codes:
            entry["transparencyCodes"] = list(codes[line.external_line_id])
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
