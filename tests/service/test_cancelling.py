import pytest

from ordercore.domain.billing import InvoiceStatus
from ordercore.domain.orders import InvoicingPolicy, OrderStatus
from ordercore.service import ReservationsOutOfStep, line_reservations
from tests.service.helpers import (
    CLOCK_LINE,
    VASE_LINE,
    T,
    an_order,
    eur,
    invoice_in,
    ledger,
    order_in,
    shop,
    stock_in,
)


def test_cancelling_an_order_releases_its_stock_and_voids_the_authorisation() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.allocate_order("order-1")
    outcome = engine.cancel_order("order-1", "customer changed their mind")
    assert {CLOCK_LINE: 2, VASE_LINE: 2} == outcome.released
    assert (eur("110.00"), eur("0.00"), eur("0.00")) == (
        outcome.void,
        outcome.refund,
        outcome.credited,
    )
    assert OrderStatus.CANCELLED == order_in(store).status
    assert (0, 5) == (
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "RETRO-CLOCK").available(),
    )


def test_cancelling_an_order_paid_on_placement_credits_its_invoice_and_refunds_the_capture() -> (
    None
):
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("110.00"), "gw-cap-1")
    outcome = engine.cancel_order("order-1", "out of stock for too long")
    invoice = invoice_in(store)
    assert (eur("110.00"), eur("110.00"), eur("0.00")) == (
        outcome.credited,
        outcome.refund,
        outcome.void,
    )
    assert (InvoiceStatus.PAID, eur("110.00")) == (invoice.status, invoice.customer_credit)
    assert {"cancelled": 2, "invoiced": 2, "credited": 2} == ledger(store, CLOCK_LINE)


def test_cancelling_some_units_gives_back_only_their_reservation() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3))
    engine.record_authorization("order-1", eur("130.00"), "gw-auth-1")
    engine.allocate_order("order-1")
    outcome = engine.cancel_quantity("order-1", CLOCK_LINE, 2, "too many clocks")
    assert {CLOCK_LINE: 2} == outcome.released
    assert eur("40.00") == outcome.void
    assert {"allocated": 1, "cancelled": 2} == ledger(store, CLOCK_LINE)
    item = stock_in(store, "RETRO-CLOCK")
    assert [1] == [r.quantity for r in line_reservations(item, "order-1", CLOCK_LINE)]


def test_cancelling_backordered_units_releases_nothing() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    outcome = engine.cancel_quantity("order-1", VASE_LINE, 1, "will not wait")
    assert {} == outcome.released
    assert {"backordered": 1, "cancelled": 1} == ledger(store, VASE_LINE)


def test_refuses_to_cancel_an_order_that_has_shipped_and_writes_nothing() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 1)
    before = store.snapshot()
    with pytest.raises(ValueError, match="cancel"):
        engine.cancel_order("order-1", "too late")
    assert before == store.snapshot()


def test_refuses_to_cancel_more_units_than_are_left_to_ship() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    before = store.snapshot()
    with pytest.raises(ValueError, match="cancel"):
        engine.cancel_quantity("order-1", CLOCK_LINE, 3, "too many")
    assert before == store.snapshot()


def test_refuses_a_cancellation_that_would_put_back_units_a_picker_holds() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3))
    engine.allocate_order("order-1")
    with store.unit_of_work() as uow:  # the picker takes two clocks; the order is not told yet
        item = uow.stock.get("RETRO-CLOCK")
        read_at = item.version
        item.pick("order-1/line-1", 2, T, location="WH-EAST")
        uow.stock.save(item, read_at)
        uow.commit()
    before = store.snapshot()
    with pytest.raises(ReservationsOutOfStep) as refused:
        engine.cancel_quantity("order-1", CLOCK_LINE, 2, "fewer clocks")
    assert (3, 1) == (refused.value.reserved, refused.value.wanted)
    assert before == store.snapshot()
