from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.credit_notes import mirror_line, split_credit
from ordercore.domain.billing.invoice_errors import CreditExceedsInvoice
from ordercore.domain.billing.invoice_events import CreditNoteIssued, InvoicePaid
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode, compute_totals
from ordercore.kernel.errors import InvalidTransition, ValidationError
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.testing.strategies_invoices import ANCHOR, Document, documents, issued_invoices

PLACED = pendulum.datetime(2026, 3, 2, 10, tz="Europe/Berlin")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def three_clocks_and_a_vase(terms: str = "Net 30") -> Invoice:
    invoice = Invoice.from_lines(
        "INV-9",
        [
            DocumentLine("RETRO-CLOCK", 3, usd("33.33"), Decimal("0.19")),
            DocumentLine("BLUE-VASE", 1, usd("10.00"), Decimal("0.07")),
        ],
        at=PLACED,
        order_discount=usd("5.00"),
        shipping=Shipping(usd("4.99"), Decimal("0.19")),
    )
    invoice.issue("INV-0009", PLACED, terms, "Europe/Berlin")
    invoice.pull_events()
    return invoice


def test_a_full_credit_note_mirrors_every_line_and_brings_the_balance_to_zero() -> None:
    invoice = three_clocks_and_a_vase()

    result = invoice.issue_credit_note("CN-1", "CN-0001", PLACED.add(days=1), reason="returned")

    assert invoice.totals.all_lines == result.note.all_lines
    assert (invoice.total, usd("0.00"), InvoiceStatus.CREDITED) == (
        result.note.total,
        invoice.balance,
        invoice.status,
    )


def test_partial_credits_of_one_unit_at_a_time_sum_to_exactly_the_original_line() -> None:
    invoice = three_clocks_and_a_vase()

    notes = [
        invoice.issue_credit_note(f"CN-{n}", f"CN-000{n}", PLACED, quantities={"RETRO-CLOCK": 1})
        for n in (1, 2, 3)
    ]

    original = invoice.totals.lines[0]
    credited = [result.note.lines[0] for result in notes]
    for figure in ("amount", "discount", "net", "tax", "total"):
        assert getattr(original, figure) == sum_money((getattr(c, figure) for c in credited), "USD")


def test_a_credit_note_on_a_paid_invoice_is_owed_back_to_the_customer() -> None:
    invoice = three_clocks_and_a_vase()
    invoice.apply_payment("PAY-1", invoice.total, PLACED)

    result = invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={"BLUE-VASE": 1})

    assert (usd("0.00"), result.note.total, InvoiceStatus.PAID) == (
        result.applied,
        result.customer_credit,
        invoice.status,
    )
    assert result.note.total == invoice.customer_credit


def test_a_credit_note_gives_back_an_early_payment_discount_before_refunding() -> None:
    invoice = Invoice.from_lines("INV-5", [DocumentLine("BRASS-LAMP", 1, usd("500.00"))], at=PLACED)
    invoice.issue("INV-0005", PLACED, "2/10 Net 30", "Europe/Berlin")
    invoice.apply_payment("PAY-1", usd("490.00"), PLACED.add(days=2))

    result = invoice.issue_credit_note("CN-1", "CN-0001", PLACED.add(days=5))

    assert (usd("10.00"), usd("490.00"), usd("0.00"), usd("0.00")) == (
        result.applied,
        result.customer_credit,
        invoice.discount_taken,
        invoice.balance,
    )


def test_crediting_the_rest_of_a_partially_paid_invoice_settles_it_as_paid() -> None:
    invoice = three_clocks_and_a_vase()
    invoice.apply_payment("PAY-1", usd("20.00"), PLACED)
    invoice.pull_events()

    invoice.issue_credit_note("CN-1", "CN-0001", PLACED)

    assert [CreditNoteIssued, InvoicePaid] == [type(e) for e in invoice.pull_events()]
    assert (InvoiceStatus.PAID, usd("20.00")) == (invoice.status, invoice.customer_credit)


def test_refuses_to_credit_more_units_than_are_left_on_a_line() -> None:
    invoice = three_clocks_and_a_vase()
    invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={0: 2})

    with pytest.raises(CreditExceedsInvoice) as caught:
        invoice.issue_credit_note("CN-2", "CN-0002", PLACED, quantities={"RETRO-CLOCK": 2})

    assert (2, 1) == (caught.value.requested, caught.value.creditable)


def test_refuses_to_credit_the_shipping_twice() -> None:
    invoice = three_clocks_and_a_vase()
    invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={}, include_shipping=True)

    with pytest.raises(CreditExceedsInvoice):
        invoice.issue_credit_note("CN-2", "CN-0002", PLACED, quantities={}, include_shipping=True)


@pytest.mark.parametrize("quantities", [{"TEAL-MUG": 1}, {5: 1}, {"BLUE-VASE": 0}, {}])
def test_refuses_a_credit_of_an_unknown_line_or_of_nothing(quantities: dict[object, int]) -> None:
    invoice = three_clocks_and_a_vase()

    with pytest.raises(ValidationError):
        invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities=quantities)  # type: ignore[arg-type]


def test_refuses_a_credit_note_on_a_draft_or_a_void_invoice() -> None:
    invoice = Invoice.from_lines("INV-5", [DocumentLine("BRASS-LAMP", 1, usd("5.00"))], at=PLACED)

    with pytest.raises(InvalidTransition):
        invoice.issue_credit_note("CN-1", "CN-0001", PLACED)
    invoice.void(PLACED, "typo")
    with pytest.raises(InvalidTransition):
        invoice.issue_credit_note("CN-1", "CN-0001", PLACED)


@given(issued_invoices(), st.integers(0, 3), st.integers(0, 150))
def test_a_full_credit_note_brings_any_balance_to_exactly_zero(
    invoice: Invoice, payments: int, percent: int
) -> None:
    for n in range(payments):
        if invoice.status is InvoiceStatus.PAID:
            break
        part = invoice.balance.multiply(Decimal(percent) / 100, Rounding.UP)
        if part.is_zero():
            break
        invoice.apply_payment(f"PAY-{n}", part, ANCHOR.add(days=n))

    invoice.issue_credit_note("CN-1", "CN-0001", ANCHOR.add(days=40))

    assert Money.zero(invoice.totals.currency) == invoice.balance
    assert invoice.total == invoice.amount_credited


@given(documents(), st.data())
def test_partial_credit_notes_in_any_steps_sum_to_the_document_exactly(
    document: Document, data: st.DataObject
) -> None:
    totals = compute_totals(**document)
    for line in totals.lines:
        done, notes = 0, []
        while done < line.quantity:
            step = data.draw(st.integers(1, line.quantity - done))
            notes.append(mirror_line(line, done, step, totals.tax_mode, totals.rounding))
            done += step
        for figure in ("amount", "line_discount", "order_discount", "net", "tax", "total"):
            expected = getattr(line, figure)
            assert expected == sum_money((getattr(c, figure) for c in notes), totals.currency)
        assert all(c.discount <= c.amount for c in notes)
        assert all(
            not (c.line_discount.is_negative() or c.order_discount.is_negative()) for c in notes
        )
        if totals.tax_mode is TaxMode.EXCLUSIVE:
            assert all(not c.net.is_negative() for c in notes)


def test_a_credit_goes_to_the_balance_then_back_the_discount_then_to_the_customer() -> None:
    parts = split_credit(usd("100.00"), usd("60.00"), usd("15.00"))

    assert (usd("60.00"), usd("15.00"), usd("25.00")) == parts


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_split_credit_always_sums_to_the_credit_and_never_overshoots(
    total: int, balance: int, discount: int
) -> None:
    to_balance, given_back, excess = split_credit(
        Money.from_minor(total, "USD"),
        Money.from_minor(balance, "USD"),
        Money.from_minor(discount, "USD"),
    )

    assert Money.from_minor(total, "USD") == to_balance + given_back + excess
    assert to_balance <= Money.from_minor(balance, "USD")
    assert given_back <= Money.from_minor(discount, "USD")
    assert not excess.is_negative()


def test_a_credited_line_keeps_the_order_line_it_mirrors() -> None:
    line = DocumentLine("RETRO-CLOCK", 3, Money.of("40.00", "EUR"), order_line_id="line-7")
    invoice = Invoice.from_lines("INV-7", [line], at=PLACED)
    invoice.issue("INV-0007", PLACED, "Net 30", "UTC")

    result = invoice.issue_credit_note("CN-7", "CN-0007", PLACED, quantities={0: 1})

    assert ("line-7",) == tuple(credited.order_line_id for credited in result.note.lines)
