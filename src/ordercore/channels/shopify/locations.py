"""Shopify stock levels and locations: ``inventory_level(s).json`` and ``location.json``.

A :class:`StockLevel` is what Shopify says is available for an inventory item at a location (its
``updated_at`` is the version); a :class:`ShopifyLocation` becomes an inventory ``Location``
through :meth:`ShopifyLocation.to_location`.
"""

from __future__ import annotations

import attrs

from ordercore.channels.arguments import check_options
from ordercore.channels.payload import Node
from ordercore.channels.versions import ExternalRef, ExternalVersion
from ordercore.domain.inventory import Location

from .orders import CHANNEL

__all__ = [
    "ShopifyLocation",
    "StockLevel",
    "map_inventory_level",
    "map_inventory_levels",
    "map_location",
]


def _unwrap(payload: object, key: str) -> Node:
    root = Node.root(payload, CHANNEL)
    return root.get(key) if key in root.mapping() else root


@attrs.frozen(kw_only=True)
class StockLevel:
    """Shopify's available units of an inventory item at a location (may be negative there)."""

    inventory_item_id: str
    location_id: str
    available: int
    version: ExternalVersion


def _level(node: Node) -> StockLevel:
    updated = node.get("updated_at")
    return StockLevel(
        inventory_item_id=node.get("inventory_item_id").identifier(),
        location_id=node.get("location_id").identifier(),
        available=node.get("available").integer(minimum=-(10**12)),
        version=ExternalVersion.at(updated.instant(), updated.text()),
    )


def map_inventory_level(payload: object) -> StockLevel:
    """A :class:`StockLevel` from ``{"inventory_level": {...}}``."""
    return _level(_unwrap(payload, "inventory_level"))


def map_inventory_levels(payload: object) -> tuple[StockLevel, ...]:
    """Every level of ``{"inventory_levels": [...]}``; one malformed level refuses them all."""
    return tuple(_level(n) for n in Node.root(payload, CHANNEL).get("inventory_levels").items())


@attrs.frozen(kw_only=True)
class ShopifyLocation:
    """A Shopify location: id, name, country, whether it still exists, and its version."""

    ref: ExternalRef
    name: str
    country_code: str | None
    active: bool
    version: ExternalVersion

    def to_location(self, *, location_id: str | None = None, priority: int = 0) -> Location:
        """An inventory ``Location`` (id defaults to Shopify's; region is the country code)."""
        return Location(
            id=self.ref.external_id if location_id is None else location_id,
            priority=priority,
            region=self.country_code,
        )


def map_location(payload: object, *, account: str) -> ShopifyLocation:
    """A :class:`ShopifyLocation` from ``{"location": {...}}``."""
    check_options(account=account)
    node = _unwrap(payload, "location")
    updated = node.get("updated_at")
    country = node.opt("country_code")
    return ShopifyLocation(
        ref=ExternalRef(CHANNEL, account, node.get("id").identifier()),
        name=node.get("name").text(),
        country_code=None if country is None else country.text(),
        active=node.opt("deleted_at") is None,
        version=ExternalVersion.at(updated.instant(), updated.text()),
    )
