import pytest

from ordercore.domain.billing import PaymentMethod
from ordercore.domain.orders import Address, InvoicingPolicy, LineNotEditable, NotAllowedInStatus
from ordercore.service import Engine, line_reservations
from ordercore.service.editing import EditOutcome
from tests.service.helpers import (
    CLOCK_LINE,
    VASE_LINE,
    an_order,
    eur,
    invoice_in,
    ledger,
    order_in,
    shop,
    stock_in,
)

OFFICE = Address(name="Ada", line1="9 Dock Rd", city="Hamburg", postal_code="20457", country="DE")


def paid_order(engine: Engine, clocks: int = 3) -> None:
    """An order of ``clocks`` clocks at 20.00 and two vases at 35.00, paid and allocated."""
    engine.place_order(an_order(clocks=clocks, policy=InvoicingPolicy.ON_PLACEMENT))
    total = eur("20.00") * clocks + eur("70.00")
    engine.record_authorization("order-1", total, "gw-auth-1")
    engine.record_capture("order-1", total, "gw-cap-1")
    engine.allocate_order("order-1")


def test_raising_a_quantity_allocates_the_new_units_and_invoices_them() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine, clocks=2)
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 4)
    assert {CLOCK_LINE: 2} == outcome.allocated
    assert eur("40.00") == outcome.collect
    assert "order-1/invoice-2" == outcome.invoice_id
    assert eur("40.00") == invoice_in(store, "order-1/invoice-2").total
    assert {"allocated": 4, "invoiced": 4} == ledger(store, CLOCK_LINE)
    assert 4 == stock_in(store, "RETRO-CLOCK").reserved()


def test_cutting_a_paid_quantity_releases_stock_credits_and_refunds_the_units() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine, clocks=3)
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 1)
    assert {CLOCK_LINE: 2} == outcome.released
    assert [eur("40.00")] == [n.note.total for n in outcome.credit_notes]
    assert (None, eur("40.00")) == (outcome.void, outcome.refund)
    assert [("order-1/payment-1", eur("40.00"))] == [
        (r.payment_id, r.amount) for r in outcome.refunds
    ]
    assert {"allocated": 1, "invoiced": 3, "credited": 2} == ledger(store, CLOCK_LINE)
    item = stock_in(store, "RETRO-CLOCK")
    assert [1] == [r.quantity for r in line_reservations(item, "order-1", CLOCK_LINE)]


def test_cutting_an_authorised_quantity_voids_part_of_the_authorisation() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3))
    engine.record_authorization("order-1", eur("130.00"), "gw-auth-1")
    engine.allocate_order("order-1")
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 2)
    assert (eur("20.00"), None, ()) == (outcome.void, outcome.refund, outcome.credit_notes)
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_adding_a_line_allocates_and_invoices_it() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    outcome = engine.add_order_line("order-1", "BLUE-VASE", 1, eur("35.00"))
    assert "line-3" == outcome.line_id
    assert ({"line-3": 1}, eur("35.00")) == (outcome.allocated, outcome.collect)
    assert {"allocated": 1, "invoiced": 1} == ledger(store, "line-3")


def test_removing_a_paid_line_credits_it_and_gives_its_stock_back() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    outcome = engine.remove_order_line("order-1", VASE_LINE)
    assert {VASE_LINE: 2} == outcome.released
    assert eur("70.00") == outcome.refund
    assert [CLOCK_LINE] == list(order_in(store).lines)
    assert 0 == stock_in(store, "BLUE-VASE").reserved()


def test_a_new_ship_to_reallocates_the_order() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    outcome = engine.change_ship_to("order-1", OFFICE)
    assert ({CLOCK_LINE: 3, VASE_LINE: 2}, {CLOCK_LINE: 3, VASE_LINE: 2}) == (
        dict(outcome.released),
        dict(outcome.allocated),
    )
    assert OFFICE == order_in(store).ship_to
    assert 3 == stock_in(store, "RETRO-CLOCK").reserved()


def test_an_edit_that_touches_picked_units_is_refused_by_name_and_changes_nothing() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    engine.confirm_order("order-1")
    shipment = engine.open_shipment("order-1", {CLOCK_LINE: 3}, "WH-EAST")
    engine.pick(shipment, CLOCK_LINE, 3)
    before = store.snapshot()
    with pytest.raises(LineNotEditable, match="change_quantity of line 'line-1'"):
        engine.change_line_quantity("order-1", CLOCK_LINE, 1)
    with pytest.raises(LineNotEditable, match="picked"):
        engine.change_ship_to("order-1", OFFICE)
    assert before == store.snapshot()


def test_an_edit_that_cuts_units_an_open_shipment_asks_for_is_refused() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    engine.confirm_order("order-1")
    engine.open_shipment("order-1", {CLOCK_LINE: 3}, "WH-EAST")
    before = store.snapshot()
    with pytest.raises(LineNotEditable, match="open shipment SHP-"):
        engine.change_line_quantity("order-1", CLOCK_LINE, 2)
    assert before == store.snapshot()


def test_refunds_of_an_edit_go_back_to_the_gift_card_first_when_the_policy_says_so() -> None:
    engine, _, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3, policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("30.00"), "gc-1", method=PaymentMethod.GIFT_CARD)
    engine.record_capture("order-1", eur("30.00"), "gc-1-cap")
    engine.record_authorization("order-1", eur("100.00"), "card-1", payment=2)
    engine.record_capture("order-1", eur("100.00"), "card-1-cap", payment=2)
    outcome: EditOutcome = engine.change_line_quantity(
        "order-1", CLOCK_LINE, 1, refund_to=("gift_card", "card")
    )
    assert [("order-1/payment-1", eur("30.00")), ("order-1/payment-2", eur("10.00"))] == [
        (r.payment_id, r.amount) for r in outcome.refunds
    ]


def test_raising_a_quantity_without_stock_backorders_the_new_units() -> None:
    engine, store, _ = shop(clocks=2, vases=5)
    paid_order(engine, clocks=2)
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 3)
    assert ({}, {CLOCK_LINE: 1}) == (outcome.allocated, outcome.backordered)
    assert {"allocated": 2, "backordered": 1, "invoiced": 3} == ledger(store, CLOCK_LINE)


def test_cutting_backordered_units_releases_nothing() -> None:
    engine, store, _ = shop(clocks=1, vases=5)
    engine.place_order(an_order(clocks=3))
    engine.allocate_order("order-1")
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 1)
    assert ({}, None, None) == (outcome.released, outcome.void, outcome.refund)
    assert {"allocated": 1} == ledger(store, CLOCK_LINE)


def test_setting_the_same_quantity_changes_nothing() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    paid_order(engine)
    before = store.snapshot()
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 3)
    assert (None, None, {}) == (outcome.collect, outcome.refund, outcome.released)
    assert before.rows == store.snapshot().rows


def test_an_edit_of_a_cancelled_order_is_refused() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.cancel_order("order-1", "changed their mind")
    before = store.snapshot()
    with pytest.raises(NotAllowedInStatus):
        engine.change_line_quantity("order-1", CLOCK_LINE, 1)
    with pytest.raises(NotAllowedInStatus):
        engine.add_order_line("order-1", "BLUE-VASE", 1, eur("35.00"))
    assert before == store.snapshot()


def test_the_last_line_of_a_placed_order_cannot_be_removed() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(vases=0))
    before = store.snapshot()
    with pytest.raises(LineNotEditable, match="cancel the order instead"):
        engine.remove_order_line("order-1", CLOCK_LINE)
    assert before == store.snapshot()


def test_an_order_invoiced_on_shipment_is_edited_without_documents() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3))
    engine.allocate_order("order-1")
    raised = engine.change_line_quantity("order-1", CLOCK_LINE, 4)
    assert (None, eur("20.00"), ()) == (raised.invoice_id, raised.collect, raised.credit_notes)
    assert [] == [i for i in store.snapshot().rows if i[0] == "invoices"]
    assert {"allocated": 4} == ledger(store, CLOCK_LINE)


def test_an_order_not_yet_allocated_is_not_allocated_by_an_edit() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=2))
    outcome = engine.change_line_quantity("order-1", CLOCK_LINE, 3)
    assert ({}, {}) == (outcome.allocated, outcome.backordered)
    assert {"unallocated": 3} == ledger(store, CLOCK_LINE)
    assert 0 == stock_in(store, "RETRO-CLOCK").reserved()
