"""Accounting documents: issued invoices and credit notes become QuickBooks bodies."""

from __future__ import annotations

import copy
from decimal import Decimal

import attrs
import pytest

from ordercore.channels.documents import document_messages
from ordercore.channels.messages import DocumentDue, DocumentKind, MessageKind
from ordercore.channels.routing import AccountingRoute
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import CLOCK_LINE, LOCATIONS, T, invoice_in

from .test_router_engine import ROUTING, routed, shipped_shop

BOOKS = AccountingRoute(account="retro-books", item_refs={"RETRO-CLOCK": "11", "BLUE-VASE": "12"})


def returned_shop() -> MemoryStore:
    store = shipped_shop()
    engine = Engine(store, FixedClock(T), LOCATIONS)
    engine.deliver_shipment("SHP-000001")
    engine.request_return("order-1", CLOCK_LINE, 1)
    engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    return store


def test_a_returned_clock_sends_a_credit_memo_for_one_clock() -> None:
    store = returned_shop()
    due = next(d for d in routed(store).documents if d.kind is DocumentKind.CREDIT_NOTE)
    (message,) = document_messages(
        due, invoice_in(store), customer_ref="58", accounting=BOOKS
    ).messages
    items = [
        (line["SalesItemLineDetail"]["ItemRef"]["value"], int(line["SalesItemLineDetail"]["Qty"]))
        for line in message.body["Line"]
        if line["DetailType"] == "SalesItemLineDetail"
    ]
    assert (MessageKind.CREDIT_MEMO, "order-1/invoice-1/credit-1", [("11", 1)]) == (
        message.kind,
        message.target,
        items,
    )


def test_the_document_is_keyed_by_the_event_that_issued_it() -> None:
    store = returned_shop()
    due = routed(store).documents[0]
    (message,) = document_messages(
        due, invoice_in(store), customer_ref="58", accounting=BOOKS
    ).messages
    expected = "quickbooks:retro-books:invoice:order-1/invoice-1:" + due.source
    assert expected == message.idempotency_key


def test_refuses_the_invoice_of_another_document() -> None:
    store = shipped_shop()
    due = DocumentDue(
        kind=DocumentKind.INVOICE, invoice_id="order-9/invoice-1", credit_note_id=None, source="s"
    )
    with pytest.raises(ValidationError):
        document_messages(due, invoice_in(store), customer_ref="58", accounting=BOOKS)


def test_refuses_a_credit_note_the_invoice_does_not_have() -> None:
    store = shipped_shop()
    due = DocumentDue(
        kind=DocumentKind.CREDIT_NOTE,
        invoice_id="order-1/invoice-1",
        credit_note_id="order-1/invoice-1/credit-7",
        source="s",
    )
    with pytest.raises(NotFound):
        document_messages(due, invoice_in(store), customer_ref="58", accounting=BOOKS)


def test_refuses_a_sku_without_a_quickbooks_item_and_leaves_the_invoice_as_it_was() -> None:
    store = shipped_shop()
    invoice = invoice_in(store)
    before = copy.deepcopy(invoice)
    due = next(d for d in routed(store).documents if d.kind is DocumentKind.INVOICE)
    books = AccountingRoute(account="retro-books", item_refs={"RETRO-CLOCK": "11"})
    with pytest.raises(ValidationError) as refused:
        document_messages(due, invoice, customer_ref="58", accounting=books)
    assert ("BLUE-VASE", before) == (refused.value.value, invoice)


def test_the_routing_of_the_run_names_the_same_books() -> None:
    assert BOOKS == ROUTING.accounting


def payment_due(store: MemoryStore) -> DocumentDue:
    return next(d for d in routed(store).documents if d.kind is DocumentKind.PAYMENT)


def test_the_capture_applied_to_the_invoice_becomes_a_qbo_payment_of_the_sent_invoice() -> None:
    store = shipped_shop()
    books = attrs.evolve(BOOKS, invoice_ids={"order-1/invoice-1": "130"})
    (message,) = document_messages(
        payment_due(store), invoice_in(store), customer_ref="58", accounting=books
    ).messages
    assert (
        MessageKind.PAYMENT,
        "gw-cap-1@order-1/invoice-1",
        Decimal("75.00"),
        [{"Amount": Decimal("75.00"), "LinkedTxn": [{"TxnId": "130", "TxnType": "Invoice"}]}],
    ) == (message.kind, message.target, message.body["TotalAmt"], message.body["Line"])


def test_refuses_a_payment_before_its_invoice_has_a_quickbooks_id() -> None:
    store = shipped_shop()
    invoice = invoice_in(store)
    before = copy.deepcopy(invoice)
    with pytest.raises(ValidationError) as refused:
        document_messages(payment_due(store), invoice, customer_ref="58", accounting=BOOKS)
    assert ("invoice_ids", before) == (refused.value.field, invoice)


def test_refuses_a_payment_the_invoice_does_not_have() -> None:
    store = shipped_shop()
    due = attrs.evolve(payment_due(store), payment_ref="gw-cap-9")
    books = attrs.evolve(BOOKS, invoice_ids={"order-1/invoice-1": "130"})
    with pytest.raises(NotFound):
        document_messages(due, invoice_in(store), customer_ref="58", accounting=books)


def test_the_payment_is_keyed_by_the_event_that_applied_it() -> None:
    store = shipped_shop()
    due = payment_due(store)
    books = attrs.evolve(BOOKS, invoice_ids={"order-1/invoice-1": "130"})
    once, again = (
        document_messages(due, invoice_in(store), customer_ref="58", accounting=books)
        for _ in range(2)
    )
    expected = "quickbooks:retro-books:payment:gw-cap-1@order-1/invoice-1:" + due.source
    assert (expected, once) == (once.messages[0].idempotency_key, again)
