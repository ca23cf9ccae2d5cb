"""Stock levels for the channels: a level change and a ``StockItem`` in, level bodies out.

A coalesced :class:`~.messages.LevelChange` and the current ``StockItem`` become one Shopify
``inventory_levels/set`` body per channel location, and one Amazon listings patch per SKU (its
``fulfillment_availability`` quantity per fulfillment channel code).

The router only says *which* SKU and locations changed; the level is read here from the stock
item the host loaded after the events were committed, so many events publish one level, and that
level is always the latest (a late or repeated message sets the same number again).
"""

from __future__ import annotations

from ordercore.domain.inventory import StockItem
from ordercore.kernel.errors import ValidationError, WrongType

from . import amazon, shopify
from .messages import ChannelMessage, LevelChange, MessageKind, Outbound, Unrouted, UnroutedReason
from .router import idempotency_key
from .routing import Routing, StockFeed

__all__ = ["channel_levels", "level_messages"]


def channel_levels(item: StockItem, change: LevelChange, feed: StockFeed) -> dict[str, int]:
    """The level to publish per channel location id of ``feed`` for the changed locations.

    A channel location shared by several ordercore locations shows their available units added
    up, then the feed's :class:`~.routing.AvailableToSell` rule. Changed locations the feed does
    not map are not published there.
    """
    touched = {
        channel_location
        for location, channel_location in feed.locations.items()
        if change.everywhere or location in change.locations
    }
    totals: dict[str, int] = {}
    for location, channel_location in feed.locations.items():
        if channel_location in touched:
            units = item.available(location)
            totals[channel_location] = totals.get(channel_location, 0) + units
    return {place: feed.rule.level(units) for place, units in sorted(totals.items())}


def level_messages(item: StockItem, change: LevelChange, routing: Routing) -> Outbound:
    """The level messages of ``change`` on every feed that lists its SKU.

    A SKU that no feed lists comes back as :class:`~.messages.Unrouted` (``not_listed``).
    """
    if not isinstance(item, StockItem):
        raise WrongType("item", item, "a StockItem")
    if not isinstance(change, LevelChange):
        raise WrongType("change", change, "a LevelChange")
    if item.sku != change.sku:
        raise ValidationError("item", item.sku, f"the level change is about {change.sku!r}")
    messages: list[ChannelMessage] = []
    listed = False
    for feed in routing.feeds:
        inventory_item = feed.items.get(change.sku)
        if inventory_item is None:
            continue
        listed = True
        levels = channel_levels(item, change, feed)
        if feed.channel == amazon.CHANNEL:
            if levels:
                messages.append(_listing(change, feed, inventory_item, levels))
            continue
        for channel_location, level in levels.items():
            target = f"{inventory_item}@{channel_location}"
            kind = MessageKind.INVENTORY_LEVEL
            messages.append(
                ChannelMessage(
                    channel=feed.channel,
                    account=feed.account,
                    kind=kind,
                    target=target,
                    idempotency_key=idempotency_key(
                        feed.channel, feed.account, kind, target, change.last_source
                    ),
                    body=shopify.inventory_level_body(inventory_item, channel_location, level),
                    sources=change.sources,
                )
            )
    if not listed:
        unrouted = Unrouted(
            source=change.last_source,
            event="LevelChange",
            reason=UnroutedReason.NOT_LISTED,
            detail=f"no stock feed lists SKU {change.sku!r}",
        )
        return Outbound(unrouted=(unrouted,))
    return Outbound(messages=tuple(messages))


def _listing(
    change: LevelChange, feed: StockFeed, seller_sku: str, levels: dict[str, int]
) -> ChannelMessage:
    kind = MessageKind.LISTING_QUANTITY
    return ChannelMessage(
        channel=feed.channel,
        account=feed.account,
        kind=kind,
        target=seller_sku,
        idempotency_key=idempotency_key(
            feed.channel, feed.account, kind, seller_sku, change.last_source
        ),
        body=amazon.listing_quantity_body(feed.product_types[change.sku], levels),
        sources=change.sources,
    )
