"""Store credit spent on an order is a payment on it, refunded back to store credit (#16)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.billing import (
    ConflictingGatewayReference,
    InsufficientStoreCredit,
    PaymentMethod,
    PaymentState,
    RefundPriority,
)
from ordercore.domain.orders import InvoicingPolicy
from ordercore.domain.returns import Disposition, DispositionKind, Grade
from ordercore.errors import PaymentNotAuthorized
from ordercore.kernel.errors import CurrencyMismatch, ValidationError
from ordercore.kernel.money import Money, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, an_order, eur, invoice_in, payment_in, shop

CARD, CREDIT = "order-1/payment-1", "order-1/payment-2"


def placed_with_credit(credit: str = "30.00") -> tuple[Engine, MemoryStore]:
    """Two clocks and two vases (110.00) invoiced on placement; the customer holds ``credit``."""
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.grant_store_credit("cust-1", eur(credit), "goodwill-1")
    return engine, store


def paid_by_card_and_credit() -> tuple[Engine, MemoryStore]:
    """110.00: 80.00 by card (payment 1), 30.00 of store credit (payment 2), all delivered."""
    engine, store = placed_with_credit()
    engine.record_authorization("order-1", eur("80.00"), "card-1")
    engine.redeem_store_credit("cust-1", eur("30.00"), "spend-1", order_id="order-1")
    engine.record_capture("order-1", eur("80.00"), "card-1-cap")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return engine, store


def test_spending_store_credit_on_an_order_records_a_store_credit_payment_taken_at_once() -> None:
    engine, store = placed_with_credit()

    left = engine.redeem_store_credit("cust-1", eur("30.00"), "spend-1", order_id="order-1")

    payment = payment_in(store, CARD)  # the first payment of the order
    assert eur("0.00") == left
    assert (PaymentMethod.STORE_CREDIT, PaymentState.CAPTURED, eur("30.00")) == (
        payment.method,
        payment.state,
        payment.captured,
    )
    assert eur("80.00") == invoice_in(store).balance


def test_an_order_paid_partly_with_store_credit_looks_paid() -> None:
    _engine, store = paid_by_card_and_credit()

    invoice = invoice_in(store)
    assert (eur("0.00"), eur("110.00")) == (invoice.balance, invoice.amount_paid)
    assert eur("110.00") == payment_in(store, CARD).captured + payment_in(store, CREDIT).captured


def test_store_credit_counts_toward_paid_before_fulfilment() -> None:
    engine, _store = placed_with_credit()
    engine.record_authorization("order-1", eur("80.00"), "card-1")
    with pytest.raises(PaymentNotAuthorized):
        engine.confirm_order("order-1")

    engine.redeem_store_credit("cust-1", eur("30.00"), "spend-1", order_id="order-1")

    engine.confirm_order("order-1")  # 80.00 authorised + 30.00 of credit cover 110.00


def test_a_refund_of_the_store_credit_payment_gives_it_back_as_store_credit() -> None:
    engine, store = paid_by_card_and_credit()
    plan = engine.refund_plan("order-1", eur("50.00"), refund_to=("store_credit", "card"))
    assert [(CREDIT, eur("30.00")), (CARD, eur("20.00"))] == [
        (p.payment_id, p.amount) for p in plan
    ]

    engine.record_refund("order-1", eur("30.00"), "back-1", payment=2)
    engine.record_refund("order-1", eur("30.00"), "back-1", payment=2)  # a repeat: no-op

    assert eur("30.00") == engine.store_credit_balance("cust-1", "EUR")
    assert eur("30.00") == payment_in(store, CREDIT).refunded


def test_a_card_refund_never_touches_store_credit() -> None:
    engine, _ = paid_by_card_and_credit()

    engine.record_refund("order-1", eur("20.00"), "card-back-1")

    assert eur("0.00") == engine.store_credit_balance("cust-1", "EUR")


def test_a_return_refunds_the_store_credit_part_as_store_credit_in_the_priority_order() -> None:
    engine, store = paid_by_card_and_credit()
    engine = attrs.evolve(engine, refund_priority=RefundPriority(methods=("store_credit",)))
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 2, "WH-EAST")
    restock = Disposition(DispositionKind.RESTOCK, "WH-EAST")
    engine.inspect_return_line(rma, CLOCK_LINE, 2, Grade.GOOD, restock)

    outcome = engine.resolve_return(rma)

    assert [(CREDIT, eur("30.00")), (CARD, eur("10.00"))] == [
        (p.payment_id, p.amount) for p in outcome.refunds
    ]
    for number, part in enumerate(outcome.refunds, start=1):
        payment = 2 if part.payment_id == CREDIT else 1
        engine.record_refund("order-1", part.amount, f"rma-{number}", payment=payment, rma_id=rma)
    assert eur("30.00") == engine.store_credit_balance("cust-1", "EUR")
    assert eur("10.00") == payment_in(store, CARD).refunded


@pytest.mark.parametrize(
    ("customer", "amount", "card", "error"),
    [
        ("cust-2", eur("10.00"), "0.00", ValidationError),  # not the order's customer
        ("cust-1", eur("20.01"), "90.00", ValidationError),  # more than the order owes
        ("cust-1", Money.of("10.00", "USD"), "0.00", CurrencyMismatch),
        ("cust-1", eur("30.01"), "0.00", InsufficientStoreCredit),  # more than the balance
    ],
)
def test_refuses_store_credit_an_order_cannot_take_and_changes_nothing(
    customer: str, amount: Money, card: str, error: type[Exception]
) -> None:
    engine, store = placed_with_credit()
    engine.grant_store_credit("cust-2", eur("50.00"), "goodwill-2")
    if card != "0.00":
        engine.record_authorization("order-1", eur(card), "card-1")
    before = store.snapshot()

    with pytest.raises(error):
        engine.redeem_store_credit(customer, amount, "spend-1", order_id="order-1")

    assert before == store.snapshot()


def test_refuses_store_credit_on_a_cancelled_order() -> None:
    engine, store = placed_with_credit()
    engine.cancel_order("order-1", "changed their mind")
    before = store.snapshot()

    with pytest.raises(ValidationError, match="cancelled"):
        engine.redeem_store_credit("cust-1", eur("10.00"), "spend-1", order_id="order-1")

    assert before == store.snapshot()


def test_spending_the_same_reference_again_is_a_no_op_and_another_amount_is_refused() -> None:
    engine, store = placed_with_credit()
    engine.redeem_store_credit("cust-1", eur("10.00"), "spend-1", order_id="order-1")
    before = store.snapshot()

    assert eur("20.00") == engine.redeem_store_credit(
        "cust-1", eur("10.00"), "spend-1", order_id="order-1"
    )
    assert before.rows == store.snapshot().rows
    with pytest.raises(ConflictingGatewayReference):
        engine.redeem_store_credit("cust-1", eur("5.00"), "spend-1", order_id="order-1")


steps = st.lists(
    st.tuples(st.sampled_from(["grant", "spend", "refund", "card"]), st.integers(1, 6_000)),
    max_size=14,
)


@settings(deadline=None, max_examples=30)
@given(steps=steps)
def test_store_credit_is_conserved_and_an_orders_payments_never_exceed_its_total(
    steps: list[tuple[str, int]],
) -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    granted = redeemed = to_credit = Money.zero("EUR")
    for n, (kind, cents) in enumerate(steps):
        amount = Money.from_minor(cents, "EUR")
        balance = engine.store_credit_balance("cust-1", "EUR")
        payments = [p for p in stored(store, "payments") if p.order_id == "order-1"]
        if kind == "grant":
            engine.grant_store_credit("cust-1", amount, f"goodwill-{n}")
            granted += amount
        elif kind == "spend" and amount <= balance:
            held = sum_money((p.net_paid + p.capturable for p in payments), "EUR")
            if amount <= eur("110.00") - held:
                engine.redeem_store_credit("cust-1", amount, f"spend-{n}", order_id="order-1")
                redeemed += amount
        elif kind == "refund":
            for payment in payments:
                if payment.method is PaymentMethod.STORE_CREDIT and payment.refundable >= amount:
                    number = int(str(payment.id).rsplit("-", 1)[1])
                    engine.record_refund("order-1", amount, f"back-{n}", payment=number)
                    to_credit += amount
                    break
        elif kind == "card" and not any(p.method is PaymentMethod.CARD for p in payments):
            held = sum_money((p.net_paid + p.capturable for p in payments), "EUR")
            rest = eur("110.00") - held
            if rest.amount > 0:
                engine.record_authorization("order-1", rest, f"card-{n}", payment=len(payments) + 1)

    assert granted - redeemed + to_credit == engine.store_credit_balance("cust-1", "EUR")
    payments = [p for p in stored(store, "payments") if p.order_id == "order-1"]
    spent = [p for p in payments if p.method is PaymentMethod.STORE_CREDIT]
    assert redeemed == sum_money((p.captured for p in spent), "EUR")
    assert to_credit == sum_money((p.refunded for p in spent), "EUR")
    held = sum_money((p.net_paid + p.capturable for p in payments), "EUR")
    assert held <= eur("110.00")
    if held < eur("110.00"):  # the card authorises the rest: the payments cover the total
        number = len(payments) + 1
        engine.record_authorization("order-1", eur("110.00") - held, "card-rest", payment=number)
    payments = [p for p in stored(store, "payments") if p.order_id == "order-1"]
    assert eur("110.00") == sum_money((p.net_paid + p.capturable for p in payments), "EUR")
    engine.confirm_order("order-1")  # paid before fulfilment, store credit included
    captured = sum_money((p.captured for p in payments), "EUR")
    assert min(captured, eur("110.00")) == invoice_in(store).amount_paid
