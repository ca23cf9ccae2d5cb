"""Outbound Shopify REST bodies: pure functions from ordercore values to the JSON a host sends.

* :func:`inventory_level_body` — ``POST /inventory_levels/set.json``: the units available for
  an inventory item at a location (ids as Shopify's integers).
* :func:`fulfillment_body` — ``POST /orders/{order_id}/fulfillments.json``: the lines shipped
  (Shopify line ids and quantities) with the tracking company, number and URL.
"""

from __future__ import annotations

from typing import Any

from ordercore.channels.outbound import ShipmentNotice
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["fulfillment_body", "inventory_level_body", "shopify_id"]


def shopify_id(field: str, value: object) -> int:
    """A Shopify id as the integer its API expects, from an int or a string of digits."""
    if isinstance(value, bool):
        raise WrongType(field, value, "a Shopify id is an int or a string of digits")
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise ValidationError(field, value, "a Shopify id is a non-negative int or digits")


def inventory_level_body(
    inventory_item_id: int | str, location_id: int | str, available: int
) -> dict[str, Any]:
    """The body that sets ``available`` units of an item at a location (may be zero)."""
    if isinstance(available, bool) or not isinstance(available, int):
        raise WrongType("available", available, "a quantity is a whole int")
    if available < 0:
        raise ValidationError("available", available, "ordercore never publishes a negative level")
    return {
        "location_id": shopify_id("location_id", location_id),
        "inventory_item_id": shopify_id("inventory_item_id", inventory_item_id),
        "available": available,
    }


def fulfillment_body(
    notice: ShipmentNotice, *, location_id: int | str | None = None, notify_customer: bool = True
) -> dict[str, Any]:
    """The fulfillment body for ``notice``: its lines, tracking and whether to e-mail the buyer."""
    if not isinstance(notice, ShipmentNotice):
        raise WrongType("notice", notice, "a shipment is a ShipmentNotice")
    tracking = notice.tracking
    body: dict[str, Any] = {
        "tracking_number": tracking.number,
        "tracking_numbers": [tracking.number],
        "tracking_company": tracking.carrier_name or tracking.carrier,
        "line_items": [
            {"id": shopify_id("external_line_id", line.external_line_id), "quantity": line.quantity}
            for line in notice.lines
        ],
        "notify_customer": notify_customer,
    }
    if tracking.url is not None:
        body["tracking_urls"] = [tracking.url]
    if location_id is not None:
        body["location_id"] = shopify_id("location_id", location_id)
    return {"fulfillment": body}
