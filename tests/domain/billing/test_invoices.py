import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.invoice_errors import DuplicatePayment
from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceDrafted,
    InvoiceIssued,
    InvoicePaid,
    InvoicePaymentApplied,
    InvoiceVoided,
)
from ordercore.domain.billing.invoice_lifecycle import INVOICE_LIFECYCLE, InvoiceStatus
from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.terms import PaymentTerms
from ordercore.domain.billing.totals import DocumentLine, Shipping
from ordercore.kernel.errors import (
    CurrencyMismatch,
    GuardRejected,
    InvalidTransition,
    NaiveDatetime,
    OrdercoreError,
    ValidationError,
    WrongType,
)
from ordercore.kernel.money import Money
from ordercore.testing.strategies_invoices import ANCHOR, issued_invoices, worked_invoices

NEW_YORK = "America/New_York"
PLACED = pendulum.datetime(2026, 1, 31, 15, 0, tz=NEW_YORK)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def draft(total: str = "100.00") -> Invoice:
    invoice = Invoice.from_lines(
        "INV-7", [DocumentLine("RETRO-CLOCK", 1, usd(total))], at=PLACED, order_id="ORDER-7"
    )
    invoice.pull_events()
    return invoice


def issued(total: str = "100.00", terms: str = "Net 30") -> Invoice:
    invoice = draft(total)
    invoice.issue("INV-0007", PLACED, terms, NEW_YORK)
    invoice.pull_events()
    return invoice


def test_a_new_invoice_is_a_draft_at_version_1_with_its_drafted_event() -> None:
    invoice = Invoice.from_lines(
        "INV-7",
        [DocumentLine("RETRO-CLOCK", 2, usd("40.00"), Decimal("0.10"))],
        at=PLACED,
        shipping=Shipping(usd("5.00")),
    )

    assert (InvoiceStatus.DRAFT, 1, usd("93.00"), usd("93.00")) == (
        invoice.status,
        invoice.version,
        invoice.total,
        invoice.balance,
    )
    assert [InvoiceDrafted] == [type(e) for e in invoice.pull_events()]


def test_refuses_to_draft_an_invoice_with_nothing_to_pay() -> None:
    with pytest.raises(ValidationError):
        Invoice.from_lines("INV-7", [DocumentLine("FREE-SAMPLE", 1, usd("0.00"))], at=PLACED)


def test_a_b2b_invoice_on_net_30_issued_on_31_january_falls_due_on_2_march() -> None:
    invoice = draft()

    invoice.issue("INV-0007", PLACED, "Net 30", NEW_YORK)

    [event] = invoice.pull_events()
    assert isinstance(event, InvoiceIssued)
    assert (pendulum.date(2026, 3, 2), "INV-0007", 2) == (event.due_on, event.number, event.version)


def test_takes_its_number_from_an_injected_sequence_only_when_the_issue_succeeds() -> None:
    numbers = iter(["INV-0001", "INV-0002"])
    invoice = draft()

    with pytest.raises(OrdercoreError):
        invoice.issue(lambda: next(numbers), PLACED, "Net thirty", NEW_YORK)
    invoice.issue(lambda: next(numbers), PLACED, "Net 30", NEW_YORK)

    assert "INV-0001" == invoice.number


def test_a_number_sequence_that_needs_arguments_is_refused_by_name_and_changes_nothing() -> None:
    invoice = draft()
    before = (invoice.status, invoice.version, invoice.number)

    with pytest.raises(WrongType) as refused:
        invoice.issue(Invoice, PLACED, "Net 30", NEW_YORK)  # type: ignore[arg-type]

    assert "number" == refused.value.field
    assert before == (invoice.status, invoice.version, invoice.number)
    assert [] == invoice.pull_events()


def test_a_type_error_inside_the_hosts_own_sequence_goes_up_as_it_is() -> None:
    def broken() -> str:
        raise TypeError("the host's own bug")

    with pytest.raises(TypeError) as raised:
        draft().issue(broken, PLACED, "Net 30", NEW_YORK)

    assert "the host's own bug" == str(raised.value)
    assert not isinstance(raised.value, WrongType)


def test_refuses_to_issue_twice() -> None:
    invoice = issued()

    with pytest.raises(InvalidTransition):
        invoice.issue("INV-0008", PLACED, "Net 30", NEW_YORK)


def test_refuses_a_naive_issue_time() -> None:
    with pytest.raises(NaiveDatetime):
        draft().issue("INV-0007", pendulum.naive(2026, 1, 31), "Net 30", NEW_YORK)


def test_a_partial_payment_leaves_the_invoice_partially_paid() -> None:
    invoice = issued()

    result = invoice.apply_payment("PAY-1", usd("40.00"), PLACED.add(days=3))

    assert (usd("60.00"), InvoiceStatus.PARTIALLY_PAID, 3) == (
        result.balance,
        result.status,
        invoice.version,
    )


def test_paying_the_rest_marks_the_invoice_paid_with_both_events_at_the_same_version() -> None:
    invoice = issued()
    invoice.apply_payment("PAY-1", usd("40.00"), PLACED.add(days=3))
    invoice.pull_events()

    invoice.apply_payment("PAY-2", usd("60.00"), PLACED.add(days=9))

    events = invoice.pull_events()
    assert [(InvoicePaymentApplied, 4), (InvoicePaid, 4)] == [(type(e), e.version) for e in events]
    assert InvoiceStatus.PAID == invoice.status


def test_an_over_payment_is_kept_as_customer_credit_not_lost() -> None:
    invoice = issued()

    result = invoice.apply_payment("PAY-1", usd("120.00"), PLACED.add(days=3))

    assert (usd("100.00"), usd("20.00"), usd("0.00")) == (
        result.payment.applied,
        result.payment.credit,
        result.balance,
    )
    assert (usd("20.00"), usd("120.00")) == (invoice.customer_credit, invoice.amount_received)


def test_paying_in_full_within_the_discount_window_takes_the_early_payment_discount() -> None:
    invoice = issued("500.00", "2/10 Net 30")

    result = invoice.apply_payment("PAY-1", usd("490.00"), PLACED.add(days=10))

    assert (usd("10.00"), usd("490.00"), InvoiceStatus.PAID) == (
        result.payment.discount,
        result.payment.applied,
        result.status,
    )


def test_paying_after_the_discount_window_takes_no_discount() -> None:
    invoice = issued("500.00", "2/10 Net 30")

    result = invoice.apply_payment("PAY-1", usd("490.00"), PLACED.add(days=11))

    assert (usd("0.00"), usd("10.00")) == (result.payment.discount, result.balance)


def test_amount_due_on_a_date_shows_the_discounted_settlement() -> None:
    invoice = issued("500.00", "2/10 Net 30")

    assert (usd("490.00"), usd("500.00")) == (
        invoice.amount_due_on(pendulum.date(2026, 2, 10)),
        invoice.amount_due_on(pendulum.date(2026, 2, 11)),
    )


def test_refuses_the_same_payment_twice() -> None:
    invoice = issued()
    invoice.apply_payment("PAY-1", usd("10.00"), PLACED)

    with pytest.raises(DuplicatePayment):
        invoice.apply_payment("PAY-1", usd("10.00"), PLACED)


def test_refuses_a_payment_on_a_draft_a_paid_or_a_void_invoice() -> None:
    paid = issued()
    paid.apply_payment("PAY-1", usd("100.00"), PLACED)
    voided = draft()
    voided.void(PLACED, "duplicate order")

    for invoice in (draft(), paid, voided):
        with pytest.raises(InvalidTransition):
            invoice.apply_payment("PAY-9", usd("1.00"), PLACED)


def test_refuses_a_payment_in_another_currency_or_not_positive() -> None:
    invoice = issued()

    with pytest.raises(CurrencyMismatch):
        invoice.apply_payment("PAY-1", Money.of("10.00", "EUR"), PLACED)
    with pytest.raises(ValidationError):
        invoice.apply_payment("PAY-1", usd("0.00"), PLACED)


def test_an_invoice_is_overdue_from_the_day_after_its_due_date_until_paid() -> None:
    invoice = issued()

    on_time = invoice.is_overdue(pendulum.date(2026, 3, 2))
    late = invoice.is_overdue(pendulum.date(2026, 3, 3))
    invoice.apply_payment("PAY-1", usd("100.00"), pendulum.datetime(2026, 3, 5, tz=NEW_YORK))

    assert (False, True, False) == (on_time, late, invoice.is_overdue(pendulum.date(2026, 3, 3)))


def test_an_instalment_plan_is_overdue_only_by_the_unpaid_past_instalments() -> None:
    invoice = issued("100.00", "50% Net 10; 50% Net 40")
    invoice.apply_payment("PAY-1", usd("30.00"), PLACED)

    assert usd("20.00") == invoice.overdue_amount(pendulum.date(2026, 2, 11))


def test_voids_a_draft_or_an_unpaid_issued_invoice_with_a_reason() -> None:
    invoice = issued()

    invoice.void(PLACED.add(days=1), "customer cancelled")

    [event] = invoice.pull_events()
    assert isinstance(event, InvoiceVoided)
    assert (InvoiceStatus.VOID, "customer cancelled") == (invoice.status, event.reason)


def test_refuses_to_void_a_paid_invoice_or_a_credited_one() -> None:
    partly = issued()
    partly.apply_payment("PAY-1", usd("10.00"), PLACED)
    credited = issued()
    credited.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={"RETRO-CLOCK": 1})

    with pytest.raises(InvalidTransition):
        partly.void(PLACED, "mistake")
    with pytest.raises(InvalidTransition):
        credited.void(PLACED, "mistake")


def test_refuses_to_void_an_invoice_with_a_partial_credit_note_by_its_guard() -> None:
    invoice = Invoice.from_lines("INV-8", [DocumentLine("BLUE-VASE", 2, usd("10.00"))], at=PLACED)
    invoice.issue("INV-0008", PLACED, "Net 30", NEW_YORK)
    invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={"BLUE-VASE": 1})

    with pytest.raises(GuardRejected):
        invoice.void(PLACED, "mistake")


def test_refuses_to_void_without_a_reason() -> None:
    with pytest.raises(ValidationError):
        draft().void(PLACED, "  ")


def test_the_lifecycle_is_named_invoice_and_declares_its_terminal_states() -> None:
    assert ("invoice", frozenset({InvoiceStatus.VOID, InvoiceStatus.CREDITED})) == (
        INVOICE_LIFECYCLE.name,
        INVOICE_LIFECYCLE.terminal,
    )
    assert "draft --> issued: issue" in INVOICE_LIFECYCLE.to_mermaid()


def snapshot(invoice: Invoice) -> tuple[Invoice, int]:
    return copy.deepcopy(invoice), len(invoice.events)


@given(
    issued_invoices(),
    st.sampled_from(["pay", "pay_eur", "pay_zero", "duplicate", "issue", "void_bad", "credit_bad"]),
)
def test_a_rejected_command_leaves_the_invoice_exactly_as_it_was(
    invoice: Invoice, command: str
) -> None:
    invoice.apply_payment("PAY-1", Money.from_minor(1, invoice.totals.currency), ANCHOR)
    if command == "pay" and invoice.status is InvoiceStatus.PARTIALLY_PAID:
        invoice.apply_payment("PAY-2", invoice.balance, ANCHOR)
    invoice.pull_events()
    before, count = snapshot(invoice)
    currency = invoice.totals.currency
    attempts: dict[str, Callable[[], object]] = {
        "pay": lambda: invoice.apply_payment("PAY-3", Money.from_minor(1, currency), ANCHOR),
        "pay_eur": lambda: invoice.apply_payment("PAY-3", Money.of(1, "CHF"), ANCHOR),
        "pay_zero": lambda: invoice.apply_payment("PAY-3", Money.zero(currency), ANCHOR),
        "duplicate": lambda: invoice.apply_payment("PAY-1", Money.from_minor(1, currency), ANCHOR),
        "issue": lambda: invoice.issue("INV-2", ANCHOR, PaymentTerms.net(30), "UTC"),
        "void_bad": lambda: invoice.void(ANCHOR, "mistake"),
        "credit_bad": lambda: invoice.issue_credit_note(
            "CN-1", "CN-0001", ANCHOR, quantities={0: invoice.totals.lines[0].quantity + 1}
        ),
    }

    with pytest.raises(OrdercoreError):
        attempts[command]()

    assert before == invoice
    assert count == len(invoice.events)


@given(worked_invoices())
def test_an_invoice_stores_one_record_per_payment_and_credit_note_and_fixed_parts_besides(
    invoice: Invoice,
) -> None:
    applied = [e for e in invoice.events if isinstance(e, InvoicePaymentApplied)]
    credited = [e for e in invoice.events if isinstance(e, CreditNoteIssued)]
    assert (len(applied), len(credited)) == (len(invoice.payments), len(invoice.credit_notes))
    assert len(invoice.totals.lines) == len(invoice.credited_quantities)
    assert all(len(note.lines) <= len(invoice.totals.lines) for note in invoice.credit_notes)


def test_drafting_issuing_and_paying_build_what_their_constructors_build() -> None:
    invoice = Invoice.from_lines(
        "INV-7",
        [DocumentLine("RETRO-CLOCK", 2, usd("40.00"), order_line_id="line-1")],
        at=PLACED,
        order_id="ORDER-7",
        order_discount=usd("5.00"),
        shipping=Shipping(usd("4.90"), Decimal("0.1")),
    )
    invoice.issue("INV-0007", PLACED, "2/10 Net 30", NEW_YORK)
    applications = [
        invoice.apply_payment("PAY-1", usd("10.00"), PLACED),
        invoice.apply_payment("PAY-2", usd("200.00"), PLACED),
    ]
    events = invoice.pull_events()
    made: list[Any] = [*events, *applications, *invoice.payments]

    rebuilt = [attrs.evolve(value) for value in made]  # through the generated __init__
    kinds = [InvoiceDrafted, InvoiceIssued, InvoicePaymentApplied, InvoicePaymentApplied]
    assert [*kinds, InvoicePaid] == [type(event) for event in events]
    assert [(x, hash(x), repr(x)) for x in rebuilt] == [(x, hash(x), repr(x)) for x in made]


def test_a_drafted_invoice_is_the_one_its_constructor_builds_with_its_draft_version() -> None:
    drafted = draft()
    built = Invoice("INV-7", drafted.totals, "ORDER-7", version=1)
    expected = (built, repr(built), built.events, built.sink)
    assert expected == (drafted, repr(drafted), drafted.events, drafted.sink)


def test_an_invoice_subclass_is_drafted_through_its_own_constructor() -> None:
    @attrs.define
    class Tagged(Invoice):
        tag: str = "tagged"

    drafted = Tagged.from_lines("INV-7", [DocumentLine("RETRO-CLOCK", 1, usd("9.00"))], at=PLACED)
    assert (Tagged, "tagged", usd("9.00")) == (
        type(drafted),
        getattr(drafted, "tag", None),
        drafted.balance,
    )
