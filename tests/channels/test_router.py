"""The outbound router: which events become which channel messages, and what goes nowhere."""

from __future__ import annotations

import copy

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import ExternalRef
from ordercore.channels.amazon import package_reference_id
from ordercore.channels.messages import (
    DocumentDue,
    DocumentKind,
    MessageKind,
    Outbound,
    UnroutedReason,
)
from ordercore.channels.router import idempotency_key, route, shipment_notice, stock_locations
from ordercore.channels.routing import AccountingRoute, OrderRoute, Routing, StockFeed
from ordercore.domain.billing.invoice_events import InvoicePaymentApplied, InvoiceVoided
from ordercore.domain.fulfilment.events import ShipmentShipped
from ordercore.domain.inventory import (
    Allocation,
    HeldStockReleased,
    HoldKind,
    ReservationExtended,
    ReturnedStockHeld,
    StockReleased,
    StockReserved,
    StockTransferred,
    StockUnpicked,
)
from ordercore.kernel.errors import WrongType
from ordercore.kernel.money import Money
from ordercore.ports.outbox import OutboxMessage
from ordercore.testing.strategies_outbound import T, shipped_events

from .test_router_engine import shipped_shop

SHOP = ExternalRef("shopify", "retro-shop", "450789469")
MARKET = ExternalRef("amazon", "vase-outlet", "902-3159896-1390916")
LINES = {"line-1": "1071823172", "line-2": "1071823173", "line-3": "1071823174"}
ROUTING = Routing(
    orders={
        "order-1": OrderRoute(ref=SHOP, lines=LINES),
        "order-2": OrderRoute(
            ref=MARKET,
            lines={"line-1": "68828574383266", "line-2": "68828574383267", "line-3": "6882"},
            marketplace_id="ATVPDKIKX0DER",
        ),
    },
    feeds=[
        StockFeed(
            channel="shopify",
            account="retro-shop",
            items={"RETRO-CLOCK": "808950810"},
            locations={"WH-EAST": "655441491"},
        )
    ],
)


def shipped(
    order_id: str = "order-1",
    tracking: tuple[str, ...] = ("JD0001",),
    lines: dict[str, int] | None = None,
) -> ShipmentShipped:
    return ShipmentShipped(
        entity_id="SHP-000001",
        version=4,
        occurred_at=pendulum.datetime(2026, 11, 26, 15, 30, tz="Europe/Berlin"),
        order_id=order_id,
        carrier="DHL",
        service="express",
        tracking=tracking,
        shipped={"line-1": 2} if lines is None else lines,
        skus={"line-1": "RETRO-CLOCK"},
        ship_from="WH-EAST",
    )


def test_a_shopify_order_gets_a_fulfillment_from_the_shipping_location() -> None:
    (message,) = route([shipped()], ROUTING).messages
    assert (MessageKind.FULFILLMENT, 655441491, [{"id": 1071823172, "quantity": 2}]) == (
        message.kind,
        message.body["fulfillment"]["location_id"],
        message.body["fulfillment"]["line_items"],
    )


def test_an_amazon_order_gets_a_shipment_confirmation_for_its_marketplace() -> None:
    (message,) = route([shipped("order-2")], ROUTING).messages
    package = message.body["packageDetail"]
    assert (
        MessageKind.SHIPMENT_CONFIRMATION,
        "ATVPDKIKX0DER",
        "JD0001",
        "2026-11-26T14:30:00.000Z",
        [{"orderItemId": "68828574383266", "quantity": 2}],
    ) == (
        message.kind,
        message.body["marketplaceId"],
        package["trackingNumber"],
        package["shipDate"],
        package["orderItems"],
    )


def packages(outbound: Outbound) -> list[tuple[str, list[tuple[str, int]]]]:
    return [
        (
            m.body["packageDetail"]["trackingNumber"],
            [(i["orderItemId"], i["quantity"]) for i in m.body["packageDetail"]["orderItems"]],
        )
        for m in outbound.messages
    ]


def test_an_amazon_shipment_in_two_parcels_is_confirmed_one_package_per_tracking_number() -> None:
    outbound = route([shipped("order-2", ("JD0001", "JD0002"), {"line-1": 3})], ROUTING)
    assert [
        ("JD0001", [("68828574383266", 2)]),
        ("JD0002", [("68828574383266", 1)]),
    ] == packages(outbound)


def test_two_lines_in_two_parcels_are_confirmed_a_line_per_package() -> None:
    event = shipped("order-2", ("JD0001", "JD0002"), {"line-1": 1, "line-2": 1})
    assert [
        ("JD0001", [("68828574383266", 1)]),
        ("JD0002", [("68828574383267", 1)]),
    ] == packages(route([event], ROUTING))


def test_each_package_has_its_own_reference_id_and_key_but_the_same_order() -> None:
    outbound = route([shipped("order-2", ("JD0001", "JD0002"), {"line-1": 3})], ROUTING)
    ids = [m.body["packageDetail"]["packageReferenceId"] for m in outbound.messages]
    expected = [package_reference_id("SHP-000001", n) for n in (0, 1)]
    assert (expected, [MARKET.external_id] * 2, 2) == (
        ids,
        [m.target for m in outbound.messages],
        len({m.idempotency_key for m in outbound.messages}),
    )


def test_a_repeated_tracking_number_is_one_package() -> None:
    outbound = route([shipped("order-2", ("JD0001", "JD0001"), {"line-1": 3})], ROUTING)
    assert [("JD0001", [("68828574383266", 3)])] == packages(outbound)


def test_more_tracking_numbers_than_units_confirm_one_package_per_unit() -> None:
    outbound = route([shipped("order-2", ("JD0001", "JD0002"), {"line-1": 1})], ROUTING)
    assert [("JD0001", [("68828574383266", 1)])] == packages(outbound)


def test_the_confirmation_key_names_the_package() -> None:
    (message,) = route([shipped("order-2")], ROUTING).messages
    package = package_reference_id("SHP-000001", 0)
    source = "shipment:SHP-000001:4:0"
    expected = f"amazon:vase-outlet:shipment_confirmation:{MARKET.external_id}:{source}"
    assert f"{expected}:package:{package}" == message.idempotency_key


def test_every_tracking_number_of_a_shipment_is_listed_for_shopify() -> None:
    (message,) = route([shipped(tracking=("JD0001", "JD0002"))], ROUTING).messages
    assert ["JD0001", "JD0002"] == message.body["fulfillment"]["tracking_numbers"]


def test_lines_follow_the_channel_order_of_the_route() -> None:
    notice = shipment_notice(shipped(lines={"line-2": 1, "line-1": 3}), ROUTING.orders["order-1"])
    assert not isinstance(notice, UnroutedReason)
    assert [("1071823172", 3), ("1071823173", 1)] == [
        (line.external_line_id, line.quantity) for line in notice.lines
    ]


def test_a_shipment_of_an_order_without_a_route_is_unrouted_not_dropped() -> None:
    outbound = route([shipped("phone-order-7")], ROUTING)
    assert ((), [UnroutedReason.NO_ORDER_ROUTE]) == (
        outbound.messages,
        [unrouted.reason for unrouted in outbound.unrouted],
    )


def test_a_shipment_without_tracking_is_unrouted() -> None:
    (unrouted,) = route([shipped(tracking=())], ROUTING).unrouted
    assert UnroutedReason.NO_TRACKING == unrouted.reason


def test_a_shipped_line_the_route_does_not_know_is_unrouted_and_named() -> None:
    (unrouted,) = route([shipped(lines={"line-9": 1})], ROUTING).unrouted
    assert (UnroutedReason.NO_LINE_REF, True) == (unrouted.reason, "line-9" in unrouted.detail)


def test_an_order_from_a_channel_without_a_shipment_body_is_unrouted() -> None:
    routing = Routing(orders={"order-1": OrderRoute(ref=ExternalRef("ebay", "a", "1"), lines={})})
    (unrouted,) = route([shipped()], routing).unrouted
    assert UnroutedReason.NO_CHANNEL_BUILDER == unrouted.reason


def test_a_bare_event_is_keyed_by_its_outbox_message_id() -> None:
    (message,) = route([shipped()], ROUTING).messages
    expected = "shopify:retro-shop:fulfillment:450789469:shipment:SHP-000001:4:0"
    assert expected == message.idempotency_key


def test_an_outbox_message_is_keyed_by_its_id() -> None:
    item = OutboxMessage(id="shipment:SHP-000001:4:1", sequence=9, event=shipped())
    (message,) = route([item], ROUTING).messages
    assert ("shipment:SHP-000001:4:1",) == message.sources
    assert message.idempotency_key.endswith(":shipment:SHP-000001:4:1")


def test_the_idempotency_key_names_channel_account_kind_target_and_source() -> None:
    key = idempotency_key("shopify", "retro-shop", MessageKind.FULFILLMENT, "1", "src")
    assert "shopify:retro-shop:fulfillment:1:src" == key


def test_a_transfer_changes_both_locations() -> None:
    event = StockTransferred(
        entity_id="RETRO-CLOCK",
        version=2,
        occurred_at=T,
        from_location="WH-EAST",
        to_location="WH-WEST",
        lot=None,
        quantity=1,
    )
    assert frozenset({"WH-EAST", "WH-WEST"}) == stock_locations(event)


def test_a_reservation_changes_the_locations_of_its_allocations() -> None:
    event = StockReserved(
        entity_id="RETRO-CLOCK",
        version=2,
        occurred_at=T,
        reservation_id="r",
        order_ref="o",
        line_ref="l",
        quantity=3,
        hard=True,
        allocations=(Allocation("WH-EAST", 2), Allocation("WH-WEST", 1)),
    )
    assert frozenset({"WH-EAST", "WH-WEST"}) == stock_locations(event)


def test_a_release_may_change_any_location() -> None:
    event = StockReleased(
        entity_id="RETRO-CLOCK",
        version=2,
        occurred_at=T,
        reservation_id="r",
        quantity=1,
        all_units=False,
    )
    assert stock_locations(event) is None


def test_an_extended_hold_changes_no_level_and_is_ignored() -> None:
    event = ReservationExtended(
        entity_id="RETRO-CLOCK",
        version=2,
        occurred_at=T,
        reservation_id="r",
        expires_at=T.add(hours=1),
    )
    outbound = route([event], ROUTING)
    assert ((), ("stock:RETRO-CLOCK:2:0",)) == (outbound.levels, outbound.ignored)


def test_putting_picked_units_back_changes_no_level() -> None:
    event = StockUnpicked(
        entity_id="RETRO-CLOCK",
        version=3,
        occurred_at=T,
        reservation_id="r",
        location="WH-EAST",
        lot=None,
        quantity=1,
    )
    assert frozenset() == stock_locations(event)


def test_returned_units_held_in_quarantine_change_no_level() -> None:
    event = ReturnedStockHeld(
        entity_id="RETRO-CLOCK",
        version=3,
        occurred_at=T,
        location="WH-EAST",
        lot=None,
        hold=HoldKind.QUARANTINE,
        quantity=1,
    )
    assert frozenset() == stock_locations(event)


def test_held_units_released_change_the_level_where_they_sit() -> None:
    event = HeldStockReleased(
        entity_id="RETRO-CLOCK",
        version=4,
        occurred_at=T,
        location="WH-WEST",
        lot=None,
        hold=HoldKind.REPAIR,
        quantity=1,
    )
    assert frozenset({"WH-WEST"}) == stock_locations(event)


def test_invoices_without_an_accounting_route_are_unrouted() -> None:
    (unrouted,) = route(
        [m for m in shipped_shop().pending(1000) if m.event.name == "InvoiceIssued"], ROUTING
    ).unrouted
    assert UnroutedReason.NO_ACCOUNTING == unrouted.reason


def test_a_voided_invoice_concerns_no_channel() -> None:
    event = InvoiceVoided(entity_id="inv-1", version=3, occurred_at=T, reason="duplicate")
    routing = Routing(accounting=AccountingRoute(account="books", item_refs={}))
    assert ("invoice:inv-1:3:0",) == route([event], routing).ignored


def test_refuses_something_that_is_not_an_event_before_routing_anything() -> None:
    routing = copy.deepcopy(ROUTING)
    with pytest.raises(WrongType):
        route([shipped(), "ShipmentShipped"], ROUTING)  # type: ignore[list-item]
    assert routing == ROUTING


def test_refuses_a_routing_that_is_not_a_routing() -> None:
    with pytest.raises(WrongType):
        route([shipped()], {"order-1": SHOP})  # type: ignore[arg-type]


def paid(payment_ref: str) -> InvoicePaymentApplied:
    usd = Money.of("40.00", "USD")
    return InvoicePaymentApplied(
        entity_id="order-1/invoice-1",
        version=3,
        occurred_at=pendulum.datetime(2026, 11, 26, 15, tz="UTC"),
        payment_ref=payment_ref,
        received=usd,
        applied=usd,
        discount=Money.zero(usd.currency),
        credit=Money.zero(usd.currency),
        balance=Money.zero(usd.currency),
    )


BOOKED = Routing(accounting=AccountingRoute(account="9130357", item_refs={}))


def test_a_payment_applied_to_an_invoice_asks_for_a_quickbooks_payment() -> None:
    event = OutboxMessage(id="m-7", sequence=7, event=paid("gw-cap-1"))
    expected = DocumentDue(
        kind=DocumentKind.PAYMENT,
        invoice_id="order-1/invoice-1",
        credit_note_id=None,
        source="m-7",
        payment_ref="gw-cap-1",
    )
    assert (expected,) == route([event], BOOKED).documents


def test_a_payment_that_came_from_the_same_quickbooks_company_is_not_sent_back() -> None:
    event = OutboxMessage(id="m-8", sequence=8, event=paid("quickbooks/9130357/212"))
    outbound = route([event], BOOKED)
    assert ((), ("m-8",)) == (outbound.documents, outbound.ignored)


def test_a_payment_from_another_quickbooks_company_is_sent() -> None:
    outbound = route([paid("quickbooks/4620816365/212")], BOOKED)
    assert [DocumentKind.PAYMENT] == [due.kind for due in outbound.documents]


def accounted(outbound: Outbound) -> list[str]:
    """Each event's id once per kind of result (an Amazon shipment may be several packages)."""
    sources = list(dict.fromkeys(s for message in outbound.messages for s in message.sources))
    sources += [source for level in outbound.levels for source in level.sources]
    sources += [due.source for due in outbound.documents]
    sources += [unrouted.source for unrouted in outbound.unrouted]
    return sources + list(outbound.ignored)


@given(shipped_events())
def test_the_same_event_always_yields_the_same_message(event: ShipmentShipped) -> None:
    first, again = route([event], ROUTING), route([copy.deepcopy(event)], ROUTING)
    assert first == again
    assert [m.idempotency_key for m in first.messages] == [
        m.idempotency_key for m in again.messages
    ]


@given(st.lists(shipped_events(), max_size=6))
def test_every_event_is_accounted_for_exactly_once(events: list[ShipmentShipped]) -> None:
    items = [OutboxMessage(id=f"m-{n}", sequence=n, event=e) for n, e in enumerate(events)]
    assert sorted(item.id for item in items) == sorted(accounted(route(items, ROUTING)))


@given(shipped_events(order_ids=("phone-1", "phone-2")))
def test_an_event_for_an_order_with_no_route_yields_nothing_but_says_so(
    event: ShipmentShipped,
) -> None:
    outbound = route([event], ROUTING)
    assert ((), [UnroutedReason.NO_ORDER_ROUTE]) == (
        outbound.messages,
        [unrouted.reason for unrouted in outbound.unrouted],
    )


@given(shipped_events())
def test_a_routed_shipment_carries_every_shipped_unit_once(event: ShipmentShipped) -> None:
    outbound = route([event], ROUTING)
    units: dict[str, int] = {}
    for message in outbound.messages:
        body = message.body.get("fulfillment") or message.body["packageDetail"]
        for item in body.get("line_items") or body["orderItems"]:
            line = str(item.get("id") or item.get("orderItemId"))
            units[line] = units.get(line, 0) + item["quantity"]
    if outbound.messages:
        lines = ROUTING.orders[event.order_id].lines
        assert {lines[line]: n for line, n in event.shipped.items()} == units


@given(shipped_events())
def test_a_shipment_is_one_fulfillment_or_one_confirmation_per_tracking_number(
    event: ShipmentShipped,
) -> None:
    outbound = route([event], ROUTING)
    numbers = len(set(event.tracking))
    if not numbers:
        expected = 0
    elif event.order_id == "order-1":
        expected = 1
    else:
        expected = min(numbers, sum(event.shipped.values()))
    assert (expected, 1 - min(expected, 1)) == (len(outbound.messages), len(outbound.unrouted))


payments = st.sampled_from(["gw-cap-1", "quickbooks/9130357/212", "quickbooks/46208/7"]).map(paid)


@given(st.lists(st.one_of(shipped_events(), payments), max_size=8))
def test_shipments_and_payments_together_are_each_accounted_for_exactly_once(
    events: list[ShipmentShipped | InvoicePaymentApplied],
) -> None:
    routing = attrs.evolve(ROUTING, accounting=BOOKED.accounting)
    items = [OutboxMessage(id=f"m-{n}", sequence=n, event=e) for n, e in enumerate(events)]
    first, again = route(items, routing), route(copy.deepcopy(items), routing)
    assert (sorted(item.id for item in items), first) == (sorted(accounted(first)), again)
