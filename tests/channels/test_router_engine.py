"""End to end: the Engine runs an order from a Shopify shop to shipped; its outbox is routed."""

from __future__ import annotations

from typing import Any

import attrs

from ordercore.channels import ExternalRef
from ordercore.channels.documents import document_messages
from ordercore.channels.levels import level_messages
from ordercore.channels.messages import DocumentKind, MessageKind, Outbound, UnroutedReason
from ordercore.channels.router import route
from ordercore.channels.routing import AccountingRoute, OrderRoute, Routing, StockFeed
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.orders import InvoicingPolicy
from ordercore.memory import MemoryStore
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, eur, invoice_in, shop, stock_in

SHOP = ExternalRef("shopify", "retro-shop", "450789469")
ROUTING = Routing(
    orders={
        "order-1": OrderRoute(
            ref=SHOP,
            lines={CLOCK_LINE: "1071823172", VASE_LINE: "1071823173"},
            tracking_urls={"DHL": "https://dhl.example/track?id={number}"},
        )
    },
    feeds=[
        StockFeed(
            channel="shopify",
            account="retro-shop",
            items={"RETRO-CLOCK": "808950810", "BLUE-VASE": "39072856"},
            locations={"WH-EAST": "655441491", "WH-WEST": "905684977"},
        )
    ],
    accounting=AccountingRoute(
        account="retro-books", item_refs={"RETRO-CLOCK": "11", "BLUE-VASE": "12"}
    ),
)


def shipped_shop() -> MemoryStore:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order(clocks=2, vases=1, policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("75.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("75.00"), "gw-cap-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.pack(shipment_id, [Parcel(2400, label="BOX-1")])
    engine.ship_shipment(shipment_id, "DHL", ["JD0001"], service="express")
    return store


def routed(store: MemoryStore) -> Outbound:
    return route(store.pending(10_000), ROUTING)


def fulfillments(outbound: Outbound) -> list[dict[str, Any]]:
    return [m.body for m in outbound.messages if m.kind is MessageKind.FULFILLMENT]


def test_the_shopify_fulfillment_carries_the_tracking_number_and_line_quantities() -> None:
    expected = {
        "fulfillment": {
            "tracking_number": "JD0001",
            "tracking_numbers": ["JD0001"],
            "tracking_company": "DHL",
            "line_items": [{"id": 1071823172, "quantity": 2}],
            "notify_customer": True,
            "tracking_urls": ["https://dhl.example/track?id=JD0001"],
            "location_id": 655441491,
        }
    }
    assert [expected] == fulfillments(routed(shipped_shop()))


def test_the_fulfillment_is_addressed_to_the_shop_the_order_came_from() -> None:
    (message,) = routed(shipped_shop()).messages
    assert ("shopify", "retro-shop", "450789469") == (
        message.channel,
        message.account,
        message.target,
    )


def test_routing_the_same_outbox_twice_gives_the_same_messages() -> None:
    store = shipped_shop()
    assert routed(store) == routed(store)


def test_stock_events_of_the_run_coalesce_into_one_level_change_per_sku() -> None:
    outbound = routed(shipped_shop())
    assert ["RETRO-CLOCK", "BLUE-VASE"] == [change.sku for change in outbound.levels]


def test_the_published_clock_level_is_what_is_left_after_shipping() -> None:
    store = shipped_shop()
    outbound = routed(store)
    clocks = next(change for change in outbound.levels if change.sku == "RETRO-CLOCK")
    levels = level_messages(stock_in(store, "RETRO-CLOCK"), clocks, ROUTING)
    bodies = [message.body for message in levels.messages]
    assert {"location_id": 655441491, "inventory_item_id": 808950810, "available": 3} in bodies


def test_the_issued_invoice_goes_to_quickbooks_with_its_lines() -> None:
    store = shipped_shop()
    due = next(d for d in routed(store).documents if d.kind is DocumentKind.INVOICE)
    assert ROUTING.accounting is not None
    (message,) = document_messages(
        due, invoice_in(store), customer_ref="58", accounting=ROUTING.accounting
    ).messages
    assert (MessageKind.INVOICE, "quickbooks", "retro-books") == (
        message.kind,
        message.channel,
        message.account,
    )
    assert [("11", 2), ("12", 1)] == [
        (line["SalesItemLineDetail"]["ItemRef"]["value"], int(line["SalesItemLineDetail"]["Qty"]))
        for line in message.body["Line"]
        if line["DetailType"] == "SalesItemLineDetail"
    ]


def test_the_issued_invoice_and_the_capture_applied_to_it_both_go_to_quickbooks() -> None:
    outbound = routed(shipped_shop())
    assert ([DocumentKind.INVOICE, DocumentKind.PAYMENT], ["gw-cap-1@order-1/invoice-1"], ()) == (
        [due.kind for due in outbound.documents],
        [due.payment_ref for due in outbound.documents if due.payment_ref is not None],
        outbound.unrouted,
    )


def test_without_an_accounting_route_the_payment_is_unrouted_like_the_invoice() -> None:
    outbound = route(shipped_shop().pending(10_000), attrs.evolve(ROUTING, accounting=None))
    assert [
        ("InvoiceIssued", UnroutedReason.NO_ACCOUNTING),
        ("InvoicePaymentApplied", UnroutedReason.NO_ACCOUNTING),
    ] == [(u.event, u.reason) for u in outbound.unrouted]


def test_every_outbox_message_of_the_run_is_accounted_for_exactly_once() -> None:
    store = shipped_shop()
    outbound = routed(store)
    sources = [source for message in outbound.messages for source in message.sources]
    sources += [source for level in outbound.levels for source in level.sources]
    sources += [due.source for due in outbound.documents]
    sources += [unrouted.source for unrouted in outbound.unrouted] + list(outbound.ignored)
    assert sorted(message.id for message in store.pending(10_000)) == sorted(sources)
