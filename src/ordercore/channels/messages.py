"""Outbound channel messages and the typed results of routing domain events to them.

A :class:`ChannelMessage` is one request body addressed to a channel account, with an
``idempotency_key`` derived from the outbox message (event) it came from: routing the same event
again gives the same key, so a host that records keys it has sent never sends twice.

Routing is pure, so what needs current state comes back as a request for the host to fulfil:
a :class:`LevelChange` (these locations of this SKU may have a new level: load the ``StockItem``
and call :func:`~ordercore.channels.levels.level_messages`) or a :class:`DocumentDue` (load the
``Invoice`` and call :func:`~ordercore.channels.documents.document_messages`; a refund paid
back: :func:`~ordercore.channels.documents.refund_receipt_messages`). An event that
should have gone somewhere but cannot is an :class:`Unrouted` value that says why, never a
silent drop.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ordercore.domain.billing.payment_events import PaymentRefunded

__all__ = [
    "ChannelMessage",
    "DocumentDue",
    "DocumentKind",
    "LevelChange",
    "MessageKind",
    "Outbound",
    "Unrouted",
    "UnroutedReason",
]


class MessageKind(enum.StrEnum):
    """What a channel message does."""

    FULFILLMENT = "fulfillment"
    """Shopify ``POST /orders/{id}/fulfillments.json``."""
    SHIPMENT_CONFIRMATION = "shipment_confirmation"
    """Amazon ``POST /orders/v0/orders/{id}/shipmentConfirmation``."""
    INVENTORY_LEVEL = "inventory_level"
    """Shopify ``POST /inventory_levels/set.json``."""
    INVOICE = "invoice"
    """QuickBooks ``POST /invoice``."""
    CREDIT_MEMO = "credit_memo"
    """QuickBooks ``POST /creditmemo``."""
    PAYMENT = "payment"
    """QuickBooks ``POST /payment`` (a payment received, linked to its invoice)."""
    REFUND_RECEIPT = "refund_receipt"
    """QuickBooks ``POST /refundreceipt`` (money paid back to the customer)."""
    LISTING_QUANTITY = "listing_quantity"
    """Amazon ``PATCH /listings/2021-08-01/items/{sellerId}/{sku}`` (fulfillment availability)."""
    AVAILABILITY_SIGNAL = "availability_signal"
    """A SKU went out of stock, came back, ran low or is no longer low (for the host to act on:
    hide a listing, e-mail a "notify me" list); the body names the SKU, the channel's item, the
    signal and the free figure."""


@attrs.frozen(kw_only=True)
class ChannelMessage:
    """One body for the host to send to ``channel``/``account``.

    ``target`` is the channel's id of what the body is about (the external order id for a
    fulfilment or confirmation, the inventory item id for a Shopify level, the seller SKU for an
    Amazon listing quantity, the ordercore invoice or credit note id for a document, the payment
    reference for a payment);
    ``sources`` are the ids of the outbox messages it was built from.
    """

    channel: str
    account: str
    kind: MessageKind
    target: str
    idempotency_key: str
    body: dict[str, Any] = attrs.field(hash=False)
    sources: tuple[str, ...]


class UnroutedReason(enum.StrEnum):
    """Why an event that concerns a channel produced no message."""

    NO_ORDER_ROUTE = "no_order_route"
    """The host gave no route for the event's order (e.g. a phone order)."""
    NO_LINE_REF = "no_line_ref"
    """The route lacks the channel's id of a shipped order line."""
    NO_TRACKING = "no_tracking"
    """The shipment left without a tracking number, which a confirmation needs."""
    NO_CHANNEL_BUILDER = "no_channel_builder"
    """ordercore has no body for this channel and event (a shipment of a non-storefront order)."""
    NO_ACCOUNTING = "no_accounting"
    """The host gave no accounting route for invoices, credit notes and payments."""
    NOT_LISTED = "not_listed"
    """No stock feed lists the SKU, so its level goes nowhere."""


@attrs.frozen(kw_only=True)
class Unrouted:
    """An event (``source``, the outbox message id) that went nowhere, and ``why``."""

    source: str
    event: str
    reason: UnroutedReason
    detail: str


@attrs.frozen(kw_only=True)
class LevelChange:
    """Stock of ``sku`` changed at ``locations`` (every location when ``everywhere``).

    Many stock events coalesce into one change per SKU; ``last_source`` is the id of the latest
    event, from which the level messages take their idempotency keys.
    """

    sku: str
    locations: frozenset[str]
    everywhere: bool
    last_source: str
    sources: tuple[str, ...]


class DocumentKind(enum.StrEnum):
    """Which accounting document an event asks to send."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    REFUND_RECEIPT = "refund_receipt"


@attrs.frozen(kw_only=True)
class DocumentDue:
    """An invoice, a credit note, a payment applied, or a refund paid back is due in accounting.

    ``credit_note_id`` names the credit note (kind ``credit_note``), ``payment_ref`` the payment
    (kind ``payment``) or the gateway's refund reference (kind ``refund_receipt``); both are
    ``None`` for an invoice. A refund receipt names no invoice (``invoice_id`` is ``None``) and
    carries the ``PaymentRefunded`` event it is built from (``refund``).
    """

    kind: DocumentKind
    invoice_id: str | None
    credit_note_id: str | None
    source: str
    payment_ref: str | None = None
    refund: PaymentRefunded | None = None


@attrs.frozen(kw_only=True)
class Outbound:
    """What routing produced: messages ready to send, requests for state, and what went nowhere.

    ``ignored`` are the ids of events that concern no channel (an order was confirmed...).
    """

    messages: tuple[ChannelMessage, ...] = ()
    levels: tuple[LevelChange, ...] = ()
    documents: tuple[DocumentDue, ...] = ()
    unrouted: tuple[Unrouted, ...] = ()
    ignored: tuple[str, ...] = ()

    @classmethod
    def combine(cls, parts: Iterable[Outbound]) -> Outbound:
        """One result holding every part's items, in order."""
        messages: list[ChannelMessage] = []
        levels: list[LevelChange] = []
        documents: list[DocumentDue] = []
        unrouted: list[Unrouted] = []
        ignored: list[str] = []
        for part in parts:
            messages.extend(part.messages)
            levels.extend(part.levels)
            documents.extend(part.documents)
            unrouted.extend(part.unrouted)
            ignored.extend(part.ignored)
        return cls(
            messages=tuple(messages),
            levels=tuple(levels),
            documents=tuple(documents),
            unrouted=tuple(unrouted),
            ignored=tuple(ignored),
        )
