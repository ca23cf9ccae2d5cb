"""The policy table: what follows what across aggregates, run in the command's unit of work."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ordercore.domain.billing import Invoice, PaymentTerms
from ordercore.domain.orders import InvoicingPolicy
from ordercore.memory import MemoryStore
from ordercore.service import Session, policies
from ordercore.service.billing import document_lines
from tests.service.helpers import CLOCK_LINE, T, an_order, eur, ledger, shop


def test_the_table_says_in_one_place_what_follows_what() -> None:
    assert [
        ("OrderPlaced", "invoice on placement"),
        ("OrderConfirming", "paid before fulfilment"),
        ("PaymentCaptured", "apply the money to the invoices"),
        ("OrderPlanned", "reserve the plan"),
        ("ShipmentSent", "consume the picked stock"),
        ("UnitsShipped", "invoice on shipment"),
        ("UnitsShipped", "complete after the last shipment"),
        ("ShipmentCancelled", "put the picked units back on the shelf"),
        ("UnitsCancelled", "release the reserved stock"),
        ("UnitsCancelled", "credit the invoiced units"),
        ("ReturnReceived", "restock the returned units"),
        ("ReturnReceived", "credit the returned units"),
        ("ReturnUnitsDisposed", "dispose of the inspected units"),
        ("ReturnSettled", "credit the settled return's units"),
        ("PickListMade", "put the shipments on the list"),
        ("PickedOnList", "pick the confirmed units on their shipments"),
        ("UnitsNotFound", "write the units not found off"),
        ("UnitsNotFound", "re-allocate the units not found"),
        ("PickListEnded", "take the shipments off the list"),
        ("LineCutting", "credit the invoiced units cut"),
        ("LineEdited", "release the units cut"),
        ("LineEdited", "invoice the added units"),
        ("LineRemoved", "release the removed line's stock"),
        ("StockShrank", "backorder what no place could re-serve"),
        ("UnitsDelivered", "schedule the follow-up after the last delivery"),
        ("StoreCreditRefunded", "give a store-credit refund back as store credit"),
        ("TakenAtBin", "take the units out of the pick's bin"),
        ("ShelfChanged", "keep the bins in step with the shelf"),
        ("PickListMade", "promise the bins' units to the list"),
        ("PromiseSettled", "release the promise of units confirmed"),
        ("PickListEnded", "release what an ended list still had promised"),
    ] == [(rule.when.__name__, rule.name) for rule in policies.POLICIES]


def test_a_fact_runs_only_its_own_rows_in_table_order_and_returns_their_results() -> None:
    _, store, _ = shop()
    ran: list[str] = []

    def noting(name: str, result: int) -> Callable[[Session, object], int]:
        def then(session: Session, fact: object) -> int:
            ran.append(name)
            return result

        return then

    table = (
        policies.Rule(policies.OrderPlaced, "first", noting("first", 1)),
        policies.Rule(policies.UnitsShipped, "other", noting("other", 2)),
        policies.Rule(policies.OrderPlaced, "second", noting("second", 3)),
    )
    with store.unit_of_work() as uow:
        followed = policies.run(Session(uow, T, store), policies.OrderPlaced(an_order()), table)
    assert (["first", "second"], {"first": 1, "second": 3}) == (ran, followed)


def test_the_index_of_the_table_gives_each_fact_type_its_rows_in_table_order() -> None:
    expected = {
        when: tuple(rule for rule in policies.POLICIES if rule.when is when)
        for when in {rule.when for rule in policies.POLICIES}
    }
    assert expected == dict(policies.rows_by_fact(policies.POLICIES))


def test_a_fact_no_row_reacts_to_runs_nothing() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        assert {} == policies.run(Session(uow, T, store), object())
        assert {} == policies.run_all(Session(uow, T, store), (object(), "a fact of no row"))


def _host_invoice(store: MemoryStore, invoice_id: str) -> None:
    """An issued invoice of order-1 that the host stored under an id of its own."""
    with store.unit_of_work() as uow:
        order = uow.orders.get("order-1")
        invoice = Invoice.from_lines(
            invoice_id, document_lines(order, {CLOCK_LINE: 1}), at=T, order_id="order-1"
        )
        invoice.issue("HOST-1", T, PaymentTerms.due_on_receipt(), "UTC")
        uow.invoices.add(invoice)
        uow.commit()


def test_a_capture_settles_the_orders_invoices_found_by_its_query_not_by_key() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_SHIPMENT))
    _host_invoice(store, "erp/7731")
    engine.record_authorization("order-1", eur("20.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("20.00"), "gw-cap-1")
    invoice = store.read("invoices", "erp/7731")
    assert isinstance(invoice, Invoice)
    assert eur("0.00") == invoice.balance


@pytest.mark.parametrize("count", [1, 11])
def test_credits_go_to_the_oldest_invoice_first_however_many_there_are(count: int) -> None:
    engine, store, _ = shop(clocks=20)
    engine.place_order(an_order(clocks=count, vases=0, policy=InvoicingPolicy.ON_SHIPMENT))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    for _ in range(count):
        engine.ship("order-1", {CLOCK_LINE: 1})
    engine.deliver_line("order-1", CLOCK_LINE, count)
    engine.request_return("order-1", CLOCK_LINE, 1)
    outcome = engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    assert ["order-1/invoice-1/credit-1"] == [n.note.id for n in outcome.credit_notes]
    assert 1 == ledger(store, CLOCK_LINE)["credited"]


def test_a_delivery_schedules_the_follow_up_only_once_nothing_is_left_to_deliver() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(clocks=2, vases=0, policy=InvoicingPolicy.ON_SHIPMENT))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2})
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        order = session.order("order-1")
        order.deliver(CLOCK_LINE, 1, T)
        partly = policies.run(session, policies.UnitsDelivered(order))
        order.deliver(CLOCK_LINE, 1, T)
        last = policies.run(session, policies.UnitsDelivered(order))
        again = policies.run(session, policies.UnitsDelivered(order))
    assert {policies.FOLLOW_UP_AFTER_LAST_DELIVERY: None} == partly
    assert {policies.FOLLOW_UP_AFTER_LAST_DELIVERY: "FUP-order-1"} == last
    assert {policies.FOLLOW_UP_AFTER_LAST_DELIVERY: None} == again


@pytest.mark.parametrize("count", [1, 11])
def test_a_capture_pays_the_oldest_invoices_first_however_many_there_are(count: int) -> None:
    engine, store, _ = shop(clocks=20)
    engine.place_order(an_order(clocks=count, vases=0, policy=InvoicingPolicy.ON_SHIPMENT))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    for _ in range(count):
        engine.ship("order-1", {CLOCK_LINE: 1})
    first = store.read("invoices", "order-1/invoice-1")
    assert isinstance(first, Invoice)
    engine.record_authorization("order-1", first.total * count, "gw-auth-1")
    engine.record_capture("order-1", first.total * min(count, 2), "gw-cap-1")
    paid = []
    for number in range(1, count + 1):
        invoice = store.read("invoices", f"order-1/invoice-{number}")
        assert isinstance(invoice, Invoice)
        if invoice.balance.is_zero():
            paid.append(invoice.id)
    assert [f"order-1/invoice-{n}" for n in range(1, min(count, 2) + 1)] == paid
