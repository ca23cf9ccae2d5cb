from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing import Invoice, InvoiceStatus, Payment
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.billing import EARLIER_CAPTURES
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, eur, invoice_in, shop


def b2b_shop() -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())  # ON_SHIPMENT: 2 clocks at 20.00, 2 vases at 35.00
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    return engine, store


def test_issuing_an_invoice_applies_money_captured_before_it_existed() -> None:
    engine, store = b2b_shop()
    engine.record_capture("order-1", eur("50.00"), "gw-cap-1")  # no invoice yet: unapplied
    engine.ship_line("order-1", CLOCK_LINE, 2)
    invoice = invoice_in(store)
    assert (InvoiceStatus.PAID, eur("0.00")) == (invoice.status, invoice.balance)
    assert [f"{EARLIER_CAPTURES}@order-1/invoice-1"] == [p.payment_ref for p in invoice.payments]


def test_money_captured_early_is_applied_once_across_later_invoices() -> None:
    engine, store = b2b_shop()
    engine.record_capture("order-1", eur("50.00"), "gw-cap-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)  # 40.00, paid from the 50.00
    engine.ship_line("order-1", VASE_LINE, 1)  # 35.00: only 10.00 is left to apply
    engine.ship_line("order-1", VASE_LINE, 1)  # 35.00: nothing is left
    balances = [invoice_in(store, f"order-1/invoice-{n}").balance for n in (1, 2, 3)]
    assert [eur("0.00"), eur("25.00"), eur("35.00")] == balances


def test_a_capture_after_the_invoice_is_applied_by_the_capture_not_again_by_an_issue() -> None:
    engine, store = b2b_shop()
    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.record_capture("order-1", eur("40.00"), "gw-cap-1")
    engine.ship_line("order-1", VASE_LINE, 1)
    assert eur("35.00") == invoice_in(store, "order-1/invoice-2").balance


def _applied_and_held(store: MemoryStore) -> tuple[Money, Money]:
    with store.unit_of_work() as uow:
        invoices: list[Invoice] = uow.invoices.for_order("order-1")
        payments: list[Payment] = uow.payments.for_order("order-1")
    applied = sum_money((i.amount_received for i in invoices), "EUR")
    held = sum_money((p.captured - p.refunded for p in payments), "EUR")
    return applied, held


_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("capture"), st.sampled_from(["5.00", "20.00", "35.00", "60.00"])),
        st.tuples(st.just("refund"), st.sampled_from(["5.00", "20.00"])),
        st.tuples(st.just("ship"), st.sampled_from([CLOCK_LINE, VASE_LINE])),
    ),
    max_size=8,
)


@given(_STEPS)
def test_invoices_never_receive_more_than_was_captured_and_kept(
    steps: list[tuple[str, str]],
) -> None:
    """Σ applied to invoices <= Σ captured - Σ refunded.

    Refunds here give back only money no invoice has received (a host refunds paid money
    through a credit note, which this property leaves out).
    """
    engine, store = b2b_shop()
    for number, (kind, value) in enumerate(steps):
        try:
            if kind == "capture":
                engine.record_capture("order-1", eur(value), f"cap-{number}")
            elif kind == "ship":
                engine.ship_line("order-1", value, 1)
            else:
                applied, held = _applied_and_held(store)
                if eur(value) <= held - applied:
                    engine.record_refund("order-1", eur(value), f"ref-{number}")
        except OrdercoreError:
            pass
        applied, held = _applied_and_held(store)
        assert applied <= held
