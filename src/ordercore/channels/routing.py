"""The host's outbound routing: where each order, SKU and document goes, as plain values.

ordercore does not know which storefront an order came from or which Shopify inventory item a
SKU is; the host does, and says so once in a :class:`Routing`:

* :class:`OrderRoute` — an order's channel reference (channel, account, external order id), the
  channel's id of each order line, and for Amazon the marketplace;
* :class:`StockFeed` — one channel account whose stock levels ordercore publishes: SKU → the
  channel's inventory item id, ordercore location → the channel's location id, and the
  :class:`AvailableToSell` rule (units held back, an upper cap);
* :class:`AccountingRoute` — the QuickBooks company that receives invoices, credit memos and
  payments, with SKU → QBO item id and ordercore invoice id → QBO invoice id (known once the
  host has sent the invoice).

All are frozen values that check themselves when built; a bad route is refused with a
:class:`~ordercore.kernel.errors.ValidationError` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from ordercore.kernel.errors import ValidationError, WrongType

from .versions import ExternalRef

__all__ = [
    "FULFILMENT_CHANNELS",
    "LEVEL_CHANNELS",
    "AccountingRoute",
    "AvailableToSell",
    "OrderRoute",
    "Routing",
    "StockFeed",
]

FULFILMENT_CHANNELS = frozenset({"shopify", "amazon"})
"""Channels ordercore can tell about a shipment (Shopify fulfillment, Amazon confirmation)."""

LEVEL_CHANNELS = frozenset({"shopify", "amazon"})
"""Channels ordercore can publish stock levels to (Shopify ``inventory_levels/set``, Amazon
Listings Items ``fulfillment_availability``)."""


def _text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "a non-blank string is expected")
    return value


def _names(field: str, value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a mapping of ids to channel ids is expected")
    copied: dict[str, str] = {}
    for key, item in value.items():
        copied[_text(f"{field} key", key)] = _text(f"{field}[{key!r}]", item)
    return copied


def _line_ids(value: object) -> dict[str, str]:
    return _names("lines", value)


def _location_ids(value: object) -> dict[str, str]:
    return _names("locations", value)


def _item_ids(value: object) -> dict[str, str]:
    return _names("items", value)


def _item_refs(value: object) -> dict[str, str]:
    return _names("item_refs", value)


def _invoice_ids(value: object) -> dict[str, str]:
    return _names("invoice_ids", value)


def _product_types(value: object) -> dict[str, str]:
    return _names("product_types", value)


def _carrier_urls(value: object) -> dict[str, str]:
    urls = _names("tracking_urls", value)
    for carrier, template in urls.items():
        if "{number}" not in template:
            raise ValidationError(
                f"tracking_urls[{carrier!r}]", template, "a URL template contains {number}"
            )
    return urls


def _units(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a quantity is a whole int")
    if value < 0:
        raise ValidationError(field, value, "a quantity is not negative")


@attrs.frozen(kw_only=True)
class OrderRoute:
    """Where an order came from and the channel's id of each of its lines.

    ``lines`` maps an ordercore order line id to the channel's line id (Shopify ``line_items[].id``,
    Amazon ``OrderItemId``). ``marketplace_id`` is required for Amazon. ``tracking_urls`` maps a
    carrier to a URL template with ``{number}`` (``"https://dhl.example/?id={number}"``).
    """

    ref: ExternalRef
    lines: Mapping[str, str] = attrs.field(converter=_line_ids)
    marketplace_id: str | None = None
    notify_customer: bool = True
    tracking_urls: Mapping[str, str] = attrs.field(factory=dict, converter=_carrier_urls)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.ref, ExternalRef):
            raise WrongType("ref", self.ref, "an order route's ref is an ExternalRef")
        if self.ref.channel == "amazon" and self.marketplace_id is None:
            raise ValidationError(
                "marketplace_id", None, "an Amazon order route names its marketplace"
            )
        if self.marketplace_id is not None:
            _text("marketplace_id", self.marketplace_id)

    def tracking_url(self, carrier: str, number: str) -> str | None:
        """The tracking URL of ``number`` with ``carrier``, if the host gave a template."""
        template = self.tracking_urls.get(carrier)
        return None if template is None else template.replace("{number}", number)


@attrs.frozen(kw_only=True)
class AvailableToSell:
    """A channel's rule from ordercore's available units to the level it is shown.

    ``held_back`` units are never offered on this channel (a buffer against overselling), and
    ``cap`` (if set) is the most it is ever shown. The result is never below zero.
    """

    held_back: int = 0
    cap: int | None = None

    def __attrs_post_init__(self) -> None:
        _units("held_back", self.held_back)
        if self.cap is not None:
            _units("cap", self.cap)

    def level(self, available: int) -> int:
        """The level to publish for ``available`` units."""
        _units("available", available)
        shown = max(0, available - self.held_back)
        return shown if self.cap is None else min(shown, self.cap)


@attrs.frozen(kw_only=True)
class StockFeed:
    """A channel account whose stock levels ordercore publishes.

    ``items``: SKU → the channel's inventory item id (a SKU not listed is not published here).
    ``locations``: ordercore location → the channel's location id; several ordercore locations
    may share one channel location (their units are added up).

    For Amazon (``channel="amazon"``, ``account`` the seller the host sends as ``sellerId``),
    ``items`` maps a SKU to the seller SKU of its listing, ``locations`` maps an ordercore
    location to a fulfillment channel code (``"DEFAULT"`` for the merchant's own stock), and
    ``product_types`` gives each listed SKU's Amazon product type, which every listings patch
    names.
    """

    channel: str
    account: str
    items: Mapping[str, str] = attrs.field(converter=_item_ids)
    locations: Mapping[str, str] = attrs.field(converter=_location_ids)
    rule: AvailableToSell = attrs.field(factory=AvailableToSell)
    product_types: Mapping[str, str] = attrs.field(factory=dict, converter=_product_types)

    def __attrs_post_init__(self) -> None:
        _text("account", self.account)
        if self.channel not in LEVEL_CHANNELS:
            raise ValidationError(
                "channel",
                self.channel,
                f"stock levels can be published to {sorted(LEVEL_CHANNELS)}",
            )
        if not isinstance(self.rule, AvailableToSell):
            raise WrongType("rule", self.rule, "an AvailableToSell rule")
        if self.channel == "amazon":
            missing = sorted(set(self.items) - set(self.product_types))
            if missing:
                raise ValidationError(
                    "product_types", missing, "every SKU of an Amazon feed names its product type"
                )
        elif self.product_types:
            raise ValidationError(
                "product_types", dict(self.product_types), "only Amazon feeds name product types"
            )


@attrs.frozen(kw_only=True)
class AccountingRoute:
    """The QuickBooks company (``account``, its realm id) that receives accounting documents.

    ``item_refs`` maps a SKU to its QBO item id; the customer is named per document by the host.
    ``invoice_ids`` maps an ordercore invoice id to the ``Id`` QBO gave the invoice when the host
    created it there: a payment links that id, so it can be sent only after its invoice.
    """

    account: str
    item_refs: Mapping[str, str] = attrs.field(converter=_item_refs)
    channel: str = "quickbooks"
    invoice_ids: Mapping[str, str] = attrs.field(factory=dict, converter=_invoice_ids)

    def __attrs_post_init__(self) -> None:
        _text("account", self.account)
        if self.channel != "quickbooks":
            raise ValidationError("channel", self.channel, "accounting documents go to quickbooks")


def _orders(value: object) -> dict[str, OrderRoute]:
    if not isinstance(value, Mapping):
        raise WrongType("orders", value, "a mapping of order id to OrderRoute")
    for key, route in value.items():
        _text("orders key", key)
        if not isinstance(route, OrderRoute):
            raise WrongType(f"orders[{key!r}]", route, "an OrderRoute")
    return dict(value)


def _feeds(value: Iterable[StockFeed]) -> tuple[StockFeed, ...]:
    feeds = tuple(value)
    seen: set[tuple[str, str]] = set()
    for feed in feeds:
        if not isinstance(feed, StockFeed):
            raise WrongType("feeds", feed, "a StockFeed")
        if (feed.channel, feed.account) in seen:
            raise ValidationError(
                "feeds", f"{feed.channel}/{feed.account}", "one feed per channel account"
            )
        seen.add((feed.channel, feed.account))
    return feeds


@attrs.frozen(kw_only=True)
class Routing:
    """Everything the outbound router needs to address messages (see the module doc)."""

    orders: Mapping[str, OrderRoute] = attrs.field(factory=dict, converter=_orders)
    feeds: tuple[StockFeed, ...] = attrs.field(default=(), converter=_feeds)
    accounting: AccountingRoute | None = None

    def __attrs_post_init__(self) -> None:
        if self.accounting is not None and not isinstance(self.accounting, AccountingRoute):
            raise WrongType("accounting", self.accounting, "an AccountingRoute or None")

    def feed(self, channel: str, account: str) -> StockFeed | None:
        """The stock feed of one channel account, if the host publishes levels there."""
        for candidate in self.feeds:
            if (candidate.channel, candidate.account) == (channel, account):
                return candidate
        return None
