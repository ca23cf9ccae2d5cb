"""Typed parameters help mypy; a caller without it still gets ordercore's typed errors."""

import datetime as dt
from decimal import Decimal

import pendulum
import pytest

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.terms import EarlyPaymentDiscount, EndOfMonth, Net, PaymentTerms
from ordercore.domain.billing.totals import DocumentLine, Shipping
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.kernel.money import Money

TOKYO = "Asia/Tokyo"
PLACED = pendulum.datetime(2026, 5, 1, 9, 0, tz=TOKYO)


def yen(amount: int) -> Money:
    return Money.of(amount, "JPY")


def issued() -> Invoice:
    invoice = Invoice.from_lines("INV-5", [DocumentLine("TEAL-MUG", 2, yen(1500))], at=PLACED)
    invoice.issue("INV-0005", PLACED, "Net 30", TOKYO)
    invoice.pull_events()
    return invoice


def test_a_stdlib_aware_datetime_is_still_accepted_at_run_time_as_an_instant() -> None:
    at = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    line = DocumentLine("TEAL-MUG", 1, yen(1500))

    invoice = Invoice.from_lines("INV-5", [line], at=at)  # type: ignore[arg-type]

    assert pendulum.datetime(2026, 5, 1, 9, 0, tz="UTC") == invoice.events[0].occurred_at


def test_refuses_a_draft_time_given_as_text() -> None:
    with pytest.raises(WrongType):
        Invoice.from_lines(
            "INV-5",
            [DocumentLine("TEAL-MUG", 1, yen(1500))],
            at="2026-05-01T09:00",  # type: ignore[arg-type]
        )


def test_refuses_a_naive_payment_time() -> None:
    with pytest.raises(NaiveDatetime):
        issued().apply_payment("PAY-1", yen(100), pendulum.naive(2026, 5, 2, 9))


def test_refuses_a_payment_amount_that_is_not_money() -> None:
    with pytest.raises(WrongType):
        issued().apply_payment("PAY-1", 100, PLACED)  # type: ignore[arg-type]


def test_refuses_terms_that_are_neither_terms_nor_their_name() -> None:
    invoice = Invoice.from_lines("INV-5", [DocumentLine("TEAL-MUG", 1, yen(1500))], at=PLACED)

    with pytest.raises(WrongType):
        invoice.issue("INV-0005", PLACED, 30, TOKYO)  # type: ignore[arg-type]


def test_refuses_an_instant_where_a_calendar_date_is_expected() -> None:
    invoice = issued()

    with pytest.raises(WrongType):
        invoice.is_overdue(PLACED)
    with pytest.raises(WrongType):
        invoice.amount_due_on("2026-05-02")  # type: ignore[arg-type]


def test_refuses_a_void_time_that_is_not_an_instant() -> None:
    with pytest.raises(WrongType):
        issued().void(pendulum.date(2026, 5, 2), "ordered twice")  # type: ignore[arg-type]


def test_the_terms_refuse_an_issue_time_that_is_not_an_instant() -> None:
    terms = PaymentTerms.net(30)

    with pytest.raises(WrongType):
        terms.final_due_date(pendulum.date(2026, 5, 1), TOKYO)  # type: ignore[arg-type]
    with pytest.raises(WrongType):
        terms.due_dates(PLACED, TOKYO, 1500)  # type: ignore[arg-type]


def test_the_terms_refuse_a_float_day_count_and_a_float_percentage() -> None:
    with pytest.raises(WrongType):
        Net(30.0)  # type: ignore[arg-type]
    with pytest.raises(WrongType):
        EndOfMonth("15")  # type: ignore[arg-type]
    with pytest.raises(WrongType):
        EarlyPaymentDiscount(2.0, 10)  # type: ignore[arg-type]


def test_a_line_refuses_a_price_that_is_not_money_and_a_float_rate() -> None:
    with pytest.raises(WrongType):
        DocumentLine("TEAL-MUG", 1, 1500)  # type: ignore[arg-type]
    with pytest.raises(WrongType):
        DocumentLine("TEAL-MUG", 1, yen(1500), 0.1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Shipping(yen(-500))


def test_exact_rates_are_accepted_as_decimal_int_or_text() -> None:
    rates = [DocumentLine("TEAL-MUG", 1, yen(1500), rate).tax_rate for rate in ("0.1", 0)]

    assert [Decimal("0.1"), Decimal(0)] == rates
