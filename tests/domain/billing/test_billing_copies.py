"""Payments and invoices copy themselves (kernel.copies' protocol): equal, every field, unshared."""

import copy as stdlib_copy
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.billing.terms import PaymentTerms
from ordercore.domain.billing.totals import DocumentLine, Shipping
from ordercore.kernel.copies import copy
from ordercore.kernel.events import attach
from ordercore.kernel.money import Money
from ordercore.testing.strategies_invoices import worked_invoices
from ordercore.testing.strategies_kernel import ANCHOR
from ordercore.testing.strategies_payments import payments
from tests.kernel.copy_states import generic_copy, state
from tests.kernel.mutability import mutable_ids


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def a_payment_with_everything() -> Payment:
    """Authorized, captured and refunded in part; its events not pulled."""
    payment = Payment.start("order-1/payment-1", "order-1", "card", "EUR")
    payment.authorize(eur("60.00"), "auth-1", ANCHOR, expires_at=ANCHOR.add(days=7))
    payment.capture(eur("60.00"), "capture-1", ANCHOR.add(hours=1))
    payment.refund(eur("10.00"), "refund-1", ANCHOR.add(days=2))
    return payment


def an_invoice_with_everything() -> Invoice:
    """Issued on terms, paid in part, one line credited; its events not pulled."""
    lines = [
        DocumentLine("RETRO-CLOCK", 2, eur("20.00"), tax_rate=Decimal("0.19")),
        DocumentLine("BLUE-VASE", 1, eur("35.00")),
    ]
    invoice = Invoice.from_lines(
        "order-1/invoice-1",
        lines,
        at=ANCHOR,
        order_id="order-1",
        order_discount=eur("5.00"),
        shipping=Shipping(eur("4.90")),
    )
    invoice.issue("INV-0001", ANCHOR, PaymentTerms.net(30), "Europe/Berlin")
    invoice.apply_payment("PAY-1", eur("30.00"), ANCHOR.add(days=1))
    invoice.issue_credit_note("CN-1", "CN-0001", ANCHOR.add(days=2), quantities={0: 1})
    return invoice


EXAMPLES = [a_payment_with_everything, an_invoice_with_everything]


@given(st.sampled_from(EXAMPLES))
def test_a_copy_holds_every_field_and_shares_nothing_that_can_change(example: Any) -> None:
    value = example()
    copied = copy(value)
    assert (state(value), set()) == (state(copied), mutable_ids(value) & mutable_ids(copied))
    assert value == copied


@given(st.sampled_from(EXAMPLES))
def test_the_copy_is_the_one_the_generic_copier_made(example: Any) -> None:
    value = example()
    assert state(generic_copy(value)) == state(copy(value))


@given(st.sampled_from(EXAMPLES))
def test_copy_deepcopy_makes_the_same_copy(example: Any) -> None:
    value = example()
    copied = stdlib_copy.deepcopy(value)
    assert (state(value), set()) == (state(copied), mutable_ids(value) & mutable_ids(copied))


def test_a_payment_copy_has_no_sink_and_its_own_events() -> None:
    payment = a_payment_with_everything()
    attach(payment)
    copied = copy(payment)
    copied.refund(eur("5.00"), "refund-2", ANCHOR.add(days=3))
    assert (None, 3, 4) == (copied.sink, len(payment.events), len(copied.events))


def test_an_invoice_copy_has_no_sink_and_its_own_events() -> None:
    invoice = an_invoice_with_everything()
    attach(invoice)
    copied = copy(invoice)
    copied.apply_payment("PAY-2", eur("5.00"), ANCHOR.add(days=3))
    assert (None, 4, 5) == (copied.sink, len(invoice.events), len(copied.events))


@given(st.sampled_from(EXAMPLES), st.integers(1, 3))
def test_an_aggregate_reached_twice_is_copied_once(example: Any, times: int) -> None:
    copied = copy([example()] * times)
    assert (times, 1) == (len(copied), len({id(each) for each in copied}))


def _change_payment(payment: Payment, other: Payment) -> None:
    """Take ``other``'s state and events on top of its own, then drain them."""
    payment.events.extend(other.events)
    payment.state, payment.version, payment.ledger = other.state, other.version, other.ledger
    payment.pull_events()


def _change_invoice(invoice: Invoice, other: Invoice) -> None:
    """Take ``other``'s status, payments and events on top of its own, then drain them."""
    invoice.events.extend(other.events)
    invoice.status, invoice.payments = other.status, other.payments
    invoice.amount_paid, invoice.version = other.amount_paid, other.version
    invoice.pull_events()


@given(payments(), payments(max_operations=3))
def test_changing_a_payment_copy_never_changes_the_original_nor_the_other_way_round(
    payment: Payment, other: Payment
) -> None:
    before = state(payment)
    copied = copy(payment)
    assert (before, set()) == (state(copied), mutable_ids(payment) & mutable_ids(copied))
    _change_payment(copied, other)
    assert before == state(payment)
    again = copy(payment)
    _change_payment(payment, other)
    assert before == state(again)


@given(worked_invoices(), worked_invoices())
def test_changing_an_invoice_copy_never_changes_the_original_nor_the_other_way_round(
    invoice: Invoice, other: Invoice
) -> None:
    before = state(invoice)
    copied = copy(invoice)
    assert (before, set()) == (state(copied), mutable_ids(invoice) & mutable_ids(copied))
    _change_invoice(copied, other)
    assert before == state(invoice)
    again = copy(invoice)
    _change_invoice(invoice, other)
    assert before == state(again)
