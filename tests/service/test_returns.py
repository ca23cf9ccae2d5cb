import pytest

from ordercore.domain.orders import InvoicingPolicy
from ordercore.errors import UnknownLocation
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import (
    CLOCK_LINE,
    an_order,
    eur,
    invoice_in,
    ledger,
    shop,
    stock_in,
)


def delivered(policy: InvoicingPolicy = InvoicingPolicy.ON_SHIPMENT) -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(policy=policy))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.record_capture("order-1", eur("40.00"), "gw-cap-1")
    engine.deliver_line("order-1", CLOCK_LINE, 2)
    return engine, store


def test_a_return_is_requested_under_an_rma_number() -> None:
    engine, store = delivered()
    assert "RMA-000001" == engine.request_return("order-1", CLOCK_LINE, 1)
    assert {"delivered": 1, "return_requested": 1, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_receiving_a_return_restocks_credits_and_says_what_to_refund() -> None:
    engine, store = delivered()
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    outcome = engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST", reference=rma)
    assert (eur("20.00"), eur("20.00")) == (outcome.credited, outcome.refund)
    assert {"delivered": 1, "returned": 1, "invoiced": 2, "credited": 1} == ledger(
        store, CLOCK_LINE
    )
    assert (4, 0) == (
        stock_in(store, "RETRO-CLOCK").on_hand(),
        stock_in(store, "RETRO-CLOCK").reserved(),
    )
    assert eur("20.00") == invoice_in(store).amount_credited


def test_a_damaged_return_is_credited_but_not_restocked() -> None:
    engine, store = delivered()
    engine.request_return("order-1", CLOCK_LINE, 2)
    engine.receive_return("order-1", CLOCK_LINE, 2, "WH-EAST", restock=False)
    assert 3 == stock_in(store, "RETRO-CLOCK").on_hand()
    assert {"returned": 2, "invoiced": 2, "credited": 2} == ledger(store, CLOCK_LINE)


def test_refuses_to_receive_a_return_nobody_requested_and_writes_nothing() -> None:
    engine, store = delivered()
    before = store.snapshot()
    with pytest.raises(ValueError, match="receive_return"):
        engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    assert before == store.snapshot()


def test_refuses_a_return_of_units_never_delivered() -> None:
    engine, store = delivered()
    before = store.snapshot()
    with pytest.raises(ValueError, match="request_return"):
        engine.request_return("order-1", CLOCK_LINE, 3)
    assert before == store.snapshot()


def test_returned_units_are_restocked_only_at_a_location_the_engine_knows() -> None:
    engine, store = delivered()
    engine.request_return("order-1", CLOCK_LINE, 1)
    before = store.snapshot()
    with pytest.raises(UnknownLocation):
        engine.receive_return("order-1", CLOCK_LINE, 1, "WH-NORTH")
    assert before == store.snapshot()


def test_a_damaged_return_needs_no_location_the_engine_knows() -> None:
    engine, store = delivered()
    engine.request_return("order-1", CLOCK_LINE, 1)
    engine.receive_return("order-1", CLOCK_LINE, 1, "DAMAGED-BIN", restock=False)
    assert 1 == ledger(store, CLOCK_LINE)["returned"]
