import pendulum
import pytest

from ordercore.domain.billing import (
    CaptureExceedsAuthorization,
    InvoiceStatus,
    PaymentState,
    RefundExceedsCaptured,
)
from ordercore.domain.orders import InvoicingPolicy
from ordercore.kernel.errors import InvalidTransition, NotFound
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.billing import document_lines, invoice_id, payment_id
from tests.service.helpers import (
    CLOCK_LINE,
    VASE_LINE,
    T,
    an_order,
    eur,
    invoice_in,
    ledger,
    payment_in,
    shop,
)


def test_an_order_invoiced_on_placement_gets_an_invoice_of_the_whole_order() -> None:
    engine, store, _ = shop()
    invoiced = engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    invoice = invoice_in(store)
    assert "order-1/invoice-1" == invoiced
    assert (eur("110.00"), InvoiceStatus.ISSUED, "INV-000001") == (
        invoice.total,
        invoice.status,
        invoice.number,
    )
    assert {"unallocated": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_a_b2b_order_is_invoiced_for_what_shipped_on_its_payment_terms() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    assert engine.place_order(an_order()) is None
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    invoiced = engine.ship("order-1", {CLOCK_LINE: 1, VASE_LINE: 2})
    invoice = invoice_in(store)
    assert "order-1/invoice-1" == invoiced
    assert eur("90.00") == invoice.total
    assert pendulum.date(2026, 12, 26) == invoice.schedule[-1].due_on  # net 30
    assert {"allocated": 1, "shipped": 1, "invoiced": 1} == ledger(store, CLOCK_LINE)
    engine.ship_line("order-1", CLOCK_LINE, 1)
    assert eur("20.00") == invoice_in(store, "order-1/invoice-2").total


def test_authorising_then_capturing_pays_the_invoice() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("60.00"), "gw-cap-1")
    assert (InvoiceStatus.PARTIALLY_PAID, eur("50.00")) == (
        invoice_in(store).status,
        invoice_in(store).balance,
    )
    engine.record_capture("order-1", eur("50.00"), "gw-cap-2")
    payment = payment_in(store)
    assert (PaymentState.CAPTURED, eur("110.00")) == (payment.state, payment.captured)
    assert (InvoiceStatus.PAID, eur("0.00")) == (
        invoice_in(store).status,
        invoice_in(store).balance,
    )


def test_refuses_a_capture_above_what_was_authorised_and_writes_nothing() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("50.00"), "gw-auth-1")
    before = store.snapshot()
    with pytest.raises(CaptureExceedsAuthorization):
        engine.record_capture("order-1", eur("60.00"), "gw-cap-1")
    assert before == store.snapshot()


def test_refuses_a_refund_above_what_was_captured() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("50.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("50.00"), "gw-cap-1")
    before = store.snapshot()
    with pytest.raises(RefundExceedsCaptured):
        engine.record_refund("order-1", eur("50.01"), "gw-ref-1")
    assert before == store.snapshot()
    engine.record_refund("order-1", eur("20.00"), "gw-ref-1")
    assert eur("20.00") == payment_in(store).refunded


def test_refuses_to_capture_on_a_payment_never_authorised() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    before = store.snapshot()
    with pytest.raises(NotFound):
        engine.record_capture("order-1", eur("1.00"), "gw-cap-1")
    assert before == store.snapshot()


def test_refuses_a_payment_for_an_unknown_order() -> None:
    engine, store, _ = shop()
    before = store.snapshot()
    with pytest.raises(NotFound):
        engine.record_authorization("order-9", eur("1.00"), "gw-auth-1")
    assert before == store.snapshot()


def test_a_second_payment_of_another_method_is_numbered_two() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("10.00"), "gift-1", payment=2, method="gift_card")
    assert eur("10.00") == payment_in(store, payment_id("order-1", 2)).authorized


def test_documents_of_an_order_are_named_after_it() -> None:
    assert ("order-1/payment-1", "order-1/invoice-3") == (
        payment_id("order-1"),
        invoice_id("order-1", 3),
    )


def test_a_capture_repeated_by_the_gateway_is_applied_once() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("60.00"), "gw-cap-1")
    before = store.snapshot()
    engine.record_capture("order-1", eur("60.00"), "gw-cap-1")
    assert before == store.snapshot()
    assert eur("50.00") == invoice_in(store).balance


def _voided() -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    with store.unit_of_work() as uow:
        payment = uow.payments.get("order-1/payment-1")
        read_at = payment.version
        payment.void("gw-void-1", T)
        uow.payments.save(payment, read_at)
        uow.commit()
    return engine, store


def test_capturing_a_voided_authorisation_is_refused_because_it_is_voided() -> None:
    engine, store = _voided()
    before = store.snapshot()
    with pytest.raises(InvalidTransition) as refused:
        engine.record_capture("order-1", eur("10.00"), "gw-cap-1")
    assert ("voided", "capture") == (refused.value.state, refused.value.trigger)
    assert before == store.snapshot()


def test_refunding_a_voided_payment_is_refused_because_it_is_voided() -> None:
    engine, _ = _voided()
    with pytest.raises(InvalidTransition) as refused:
        engine.record_refund("order-1", eur("10.00"), "gw-refund-1")
    assert "voided" in str(refused.value)


def test_an_invoice_line_names_its_order_line_in_its_own_field_not_in_its_description() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    lines = invoice_in(store).totals.lines
    assert [(CLOCK_LINE, ""), (VASE_LINE, "")] == [
        (line.order_line_id, line.description) for line in lines
    ]


def test_an_untaxed_undiscounted_line_is_billed_at_the_rate_its_net_gives() -> None:
    order = an_order(vases=0)
    order.add_line("GIFT-WRAP", 1, eur("0.00"), T)
    wanted = {str(line.id): line.quantity for line in order.lines.values()}

    lines = document_lines(order, wanted)

    expected = [("RETRO-CLOCK", "Decimal('0.0000')", None), ("GIFT-WRAP", "Decimal('0')", None)]
    assert expected == [(line.sku, repr(line.tax_rate), line.discount) for line in lines]
