"""The outbound router: domain events (or outbox messages) in, channel messages out, purely.

:func:`route` reads events in outbox order and returns an :class:`~.messages.Outbound`:

* ``ShipmentShipped`` → a :class:`~.outbound.ShipmentNotice` → a Shopify fulfillment (every
  tracking number) or Amazon shipment confirmations (one request per tracking number, the
  units dealt to the packages by :func:`~.amazon.outbound.split_packages`), addressed to the
  channel account the order came from;
* stock events that can change what is available to sell → one :class:`~.messages.LevelChange`
  per SKU (many events coalesce; the host loads the ``StockItem`` and calls
  :func:`~ordercore.channels.levels.level_messages`);
* ``AvailabilityChanged`` (an availability signal) → one ``availability_signal`` message per
  stock feed that lists the SKU (a channel's own signal only to that channel's feeds); a SKU
  no feed lists is ``ignored`` (the host may read the event itself);
* ``InvoiceIssued`` / ``CreditNoteIssued`` / ``InvoicePaymentApplied`` / ``PaymentRefunded``
  → a :class:`~.messages.DocumentDue` for QuickBooks (an invoice, a credit memo, a payment or
  a refund receipt; a payment or refund whose reference came from that QuickBooks company,
  ``quickbooks/<account>/<id>``, is not sent back: it is ``ignored``);
* anything that concerns a channel but cannot be addressed → :class:`~.messages.Unrouted`;
  everything else → ``ignored``.

Each message's ``idempotency_key`` is ``channel:account:kind:target:source`` where ``source`` is
the outbox message id (:func:`ordercore.ports.outbox.message_id` for a bare event), so routing an
event twice gives equal messages and a redelivered event is recognised; an Amazon confirmation
adds ``:package:<packageReferenceId>`` since one event may confirm several packages.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceIssued,
    InvoicePaymentApplied,
)
from ordercore.domain.billing.payment_events import PaymentRefunded
from ordercore.domain.fulfilment.events import ShipmentShipped
from ordercore.domain.inventory.events import (
    AvailabilityChanged,
    HeldStockMoved,
    HeldStockReleased,
    HeldStockReturnedToVendor,
    HeldStockScrapped,
    IncomingStockExpected,
    ReservationConfirmed,
    ReservationExtended,
    ReturnedStockHeld,
    ReturnedStockScrapped,
    SafetyStockSet,
    StockAdjusted,
    StockCounted,
    StockEvent,
    StockPicked,
    StockReceived,
    StockReserved,
    StockReturned,
    StockScrapped,
    StockTransferred,
    StockUnpicked,
)
from ordercore.kernel.errors import WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.ports.outbox import OutboxMessage, message_id

from . import amazon, shopify
from .messages import (
    ChannelMessage,
    DocumentDue,
    DocumentKind,
    LevelChange,
    MessageKind,
    Outbound,
    Unrouted,
    UnroutedReason,
)
from .outbound import ShipmentNotice, ShippedLine, Tracking
from .routing import FULFILMENT_CHANNELS, OrderRoute, Routing

__all__ = ["idempotency_key", "route", "shipment_notice", "stock_locations"]

# unpicked units stay reserved, and held units (quarantine, repair, vendor-bound) are never
# available, so what is free to sell does not move
_NO_LEVEL_CHANGE = (
    AvailabilityChanged,
    ReservationExtended,
    ReservationConfirmed,
    IncomingStockExpected,
    StockUnpicked,
    ReturnedStockHeld,
    ReturnedStockScrapped,
    HeldStockScrapped,
    HeldStockReturnedToVendor,
    HeldStockMoved,
)
_AT_ONE_PLACE = (
    StockReceived,
    StockReturned,
    StockAdjusted,
    StockCounted,
    StockScrapped,
    StockPicked,
    SafetyStockSet,
    HeldStockReleased,
)


def idempotency_key(
    channel: str,
    account: str,
    kind: MessageKind,
    target: str,
    source: str,
    part: str | None = None,
) -> str:
    """The key a channel message is sent under: the same inputs always give the same key.

    ``part`` tells apart several messages one event yields for one target (Amazon packages).
    """
    key = f"{channel}:{account}:{kind}:{target}:{source}"
    return key if part is None else f"{key}:{part}"


def stock_locations(event: StockEvent) -> frozenset[str] | None:
    """The locations whose level ``event`` may change; ``None`` for every location of the SKU.

    An empty set means the event never changes what is available (a hold extended or
    confirmed, incoming stock announced, picked units put back, returned units held, scrapped
    or sent back to the vendor); a held unit released changes its one location. Events that
    name no place (a release, an expiry, a shipment of reserved units) may change any location
    the reservation held.
    """
    if isinstance(event, _NO_LEVEL_CHANGE):
        return frozenset()
    if isinstance(event, _AT_ONE_PLACE):
        return frozenset({event.location})
    if isinstance(event, StockTransferred):
        return frozenset({event.from_location, event.to_location})
    if isinstance(event, StockReserved) and event.allocations:
        return frozenset(allocation.location for allocation in event.allocations)
    return None


def _unknown_lines(event: ShipmentShipped, order_route: OrderRoute) -> list[str]:
    return sorted(line for line in event.shipped if line not in order_route.lines)


def shipment_notice(
    event: ShipmentShipped, order_route: OrderRoute
) -> ShipmentNotice | UnroutedReason:
    """The notice for a shipped shipment, or why it cannot be built from this route.

    Lines come in the channel's line order (the route's order); the first tracking number is
    the notice's (Shopify's body then lists them all).
    """
    if _unknown_lines(event, order_route):
        return UnroutedReason.NO_LINE_REF
    if not event.tracking:
        return UnroutedReason.NO_TRACKING
    number = event.tracking[0]
    lines = [
        ShippedLine(external_line_id=external, quantity=event.shipped[line])
        for line, external in order_route.lines.items()
        if event.shipped.get(line, 0) > 0
    ]
    return ShipmentNotice(
        order_ref=order_route.ref,
        lines=lines,
        tracking=Tracking(
            carrier=event.carrier,
            number=number,
            service=event.service,
            url=order_route.tracking_url(event.carrier, number),
        ),
        shipped_at=event.occurred_at,
    )


def _shipped(event: ShipmentShipped, source: str, routing: Routing) -> Outbound:
    name = event.name
    order_route = routing.orders.get(event.order_id)
    if order_route is None:
        detail = f"order {event.order_id!r} has no route (not from a channel?)"
        return _unrouted(source, name, UnroutedReason.NO_ORDER_ROUTE, detail)
    ref = order_route.ref
    if ref.channel not in FULFILMENT_CHANNELS:
        detail = f"no shipment body exists for channel {ref.channel!r}"
        return _unrouted(source, name, UnroutedReason.NO_CHANNEL_BUILDER, detail)
    notice = shipment_notice(event, order_route)
    if isinstance(notice, UnroutedReason):
        if notice is UnroutedReason.NO_TRACKING:
            detail = f"shipment {event.entity_id!r} has no tracking number"
        else:
            missing = _unknown_lines(event, order_route)
            detail = f"order {event.order_id!r} lines {missing} have no channel line id"
        return _unrouted(source, name, notice, detail)
    if ref.channel == shopify.CHANNEL:
        kind = MessageKind.FULFILLMENT
        feed = routing.feed(ref.channel, ref.account)
        location = None if feed is None else feed.locations.get(event.ship_from)
        body = shopify.fulfillment_body(
            notice, location_id=location, notify_customer=order_route.notify_customer
        )
        body["fulfillment"]["tracking_numbers"] = list(event.tracking)
        urls = [order_route.tracking_url(event.carrier, number) for number in event.tracking]
        if all(url is not None for url in urls):
            body["fulfillment"]["tracking_urls"] = urls
    else:
        return Outbound(messages=_confirmations(event, notice, order_route, source))
    message = ChannelMessage(
        channel=ref.channel,
        account=ref.account,
        kind=kind,
        target=ref.external_id,
        idempotency_key=idempotency_key(ref.channel, ref.account, kind, ref.external_id, source),
        body=body,
        sources=(source,),
    )
    return Outbound(messages=(message,))


def _parcel_contents(
    event: ShipmentShipped, order_route: OrderRoute, packages: int
) -> list[dict[str, int] | None] | None:
    """Each parcel's contents by channel line id, when there is one parcel per tracking number.

    The n-th tracking number is the n-th parcel's; ``None`` (deal the units evenly) when the
    counts differ or no parcel knows its contents.
    """
    parcels = event.parcels
    if len(parcels) != packages or all(parcel.contents is None for parcel in parcels):
        return None
    return [
        None
        if parcel.contents is None
        else {order_route.lines.get(line, line): n for line, n in parcel.contents.items() if n}
        for parcel in parcels
    ]


def _confirmations(
    event: ShipmentShipped, notice: ShipmentNotice, order_route: OrderRoute, source: str
) -> tuple[ChannelMessage, ...]:
    """One Amazon confirmation per distinct tracking number (at most one per unit shipped)."""
    ref = order_route.ref
    kind = MessageKind.SHIPMENT_CONFIRMATION
    assert order_route.marketplace_id is not None  # noqa: S101 - OrderRoute checks it
    numbers = list(dict.fromkeys(event.tracking))
    messages: list[ChannelMessage] = []
    contents = _parcel_contents(event, order_route, len(numbers))
    for index, lines in enumerate(amazon.split_packages(notice.lines, len(numbers), contents)):
        if not lines:
            continue
        number = numbers[index]
        package = attrs.evolve(
            notice,
            lines=lines,
            tracking=attrs.evolve(
                notice.tracking,
                number=number,
                url=order_route.tracking_url(event.carrier, number),
            ),
        )
        package_id = amazon.package_reference_id(event.entity_id, index)
        body = amazon.shipment_confirmation_body(
            package, marketplace_id=order_route.marketplace_id, package_reference_id=package_id
        )
        key = idempotency_key(
            ref.channel, ref.account, kind, ref.external_id, source, f"package:{package_id}"
        )
        messages.append(
            ChannelMessage(
                channel=ref.channel,
                account=ref.account,
                kind=kind,
                target=ref.external_id,
                idempotency_key=key,
                body=body,
                sources=(source,),
            )
        )
    return tuple(messages)


def _document(event: DomainEvent, source: str, routing: Routing) -> Outbound:
    if routing.accounting is None:
        detail = "no accounting route: invoices, credit notes and payments go nowhere"
        return _unrouted(source, event.name, UnroutedReason.NO_ACCOUNTING, detail)
    if isinstance(event, InvoicePaymentApplied):
        if event.payment_ref.startswith(f"quickbooks/{routing.accounting.account}/"):
            return Outbound(ignored=(source,))
        due = DocumentDue(
            kind=DocumentKind.PAYMENT,
            invoice_id=event.entity_id,
            credit_note_id=None,
            source=source,
            payment_ref=event.payment_ref,
        )
    elif isinstance(event, PaymentRefunded):
        if event.reference.startswith(f"quickbooks/{routing.accounting.account}/"):
            return Outbound(ignored=(source,))
        due = DocumentDue(
            kind=DocumentKind.REFUND_RECEIPT,
            invoice_id=None,
            credit_note_id=None,
            source=source,
            payment_ref=event.reference,
            refund=event,
        )
    elif isinstance(event, CreditNoteIssued):
        due = DocumentDue(
            kind=DocumentKind.CREDIT_NOTE,
            invoice_id=event.entity_id,
            credit_note_id=event.credit_note_id,
            source=source,
        )
    else:
        due = DocumentDue(
            kind=DocumentKind.INVOICE,
            invoice_id=event.entity_id,
            credit_note_id=None,
            source=source,
        )
    return Outbound(documents=(due,))


def _signalled(event: AvailabilityChanged, source: str, routing: Routing) -> Outbound:
    """An availability signal, to every feed that lists the SKU (a channel's: to its feeds)."""
    kind = MessageKind.AVAILABILITY_SIGNAL
    messages = [
        ChannelMessage(
            channel=feed.channel,
            account=feed.account,
            kind=kind,
            target=feed.items[event.entity_id],
            idempotency_key=idempotency_key(
                feed.channel,
                feed.account,
                kind,
                feed.items[event.entity_id],
                source,
                event.signal if event.channel is None else f"{event.channel}:{event.signal}",
            ),
            body={
                "sku": event.entity_id,
                "item": feed.items[event.entity_id],
                "signal": event.signal,
                "channel": event.channel,
                "free": event.free,
                "threshold": event.threshold,
            },
            sources=(source,),
        )
        for feed in routing.feeds
        if event.entity_id in feed.items and event.channel in (None, feed.channel)
    ]
    if not messages:
        return Outbound(ignored=(source,))
    return Outbound(messages=tuple(messages))


def _unrouted(source: str, event: str, reason: UnroutedReason, detail: str) -> Outbound:
    return Outbound(unrouted=(Unrouted(source=source, event=event, reason=reason, detail=detail),))


def _source(item: object) -> tuple[str, DomainEvent]:
    if isinstance(item, OutboxMessage):
        return item.id, item.event
    if isinstance(item, DomainEvent):
        return message_id(item), item
    raise WrongType("events", item, "an outbox message or a domain event")


class _Levels:
    """Coalesces stock events into one LevelChange per SKU, in order of first appearance."""

    def __init__(self) -> None:
        self.locations: dict[str, set[str]] = {}
        self.everywhere: dict[str, bool] = {}
        self.sources: dict[str, list[str]] = {}

    def add(self, sku: str, places: frozenset[str] | None, source: str) -> None:
        self.locations.setdefault(sku, set()).update(places or ())
        self.everywhere[sku] = self.everywhere.get(sku, False) or places is None
        self.sources.setdefault(sku, []).append(source)

    def changes(self) -> tuple[LevelChange, ...]:
        return tuple(
            LevelChange(
                sku=sku,
                locations=frozenset(places),
                everywhere=self.everywhere[sku],
                last_source=self.sources[sku][-1],
                sources=tuple(self.sources[sku]),
            )
            for sku, places in self.locations.items()
        )


def route(events: Iterable[OutboxMessage | DomainEvent], routing: Routing) -> Outbound:
    """Route ``events`` (in outbox order) to channel messages; see the module doc.

    Pure and total: every event is accounted for exactly once, as a message, part of a level
    change, a document due, an unrouted value or an ignored id.
    """
    if not isinstance(routing, Routing):
        raise WrongType("routing", routing, "a Routing")
    checked = [_source(item) for item in events]
    parts: list[Outbound] = []
    levels = _Levels()
    ignored: list[str] = []
    for source, event in checked:
        if isinstance(event, ShipmentShipped):
            parts.append(_shipped(event, source, routing))
        elif isinstance(event, AvailabilityChanged):
            parts.append(_signalled(event, source, routing))
        elif isinstance(event, StockEvent):
            places = stock_locations(event)
            if places is not None and not places:
                ignored.append(source)
            else:
                levels.add(event.entity_id, places, source)
        elif isinstance(
            event, InvoiceIssued | CreditNoteIssued | InvoicePaymentApplied | PaymentRefunded
        ):
            parts.append(_document(event, source, routing))
        else:
            ignored.append(source)
    parts.append(Outbound(levels=levels.changes(), ignored=tuple(ignored)))
    return Outbound.combine(parts)
