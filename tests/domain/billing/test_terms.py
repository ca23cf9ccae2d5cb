from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.invoice_errors import InvalidPaymentTerms
from ordercore.domain.billing.terms import (
    DueOnReceipt,
    EarlyPaymentDiscount,
    EndOfMonth,
    Instalment,
    Net,
    PaymentTerms,
)
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.kernel.money import Money, allocate, sum_money
from ordercore.testing.strategies_invoices import CURRENCIES, TIMEZONES, instants, payment_terms

NEW_YORK = "America/New_York"


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_net_30_placed_on_the_last_day_of_january_falls_due_on_the_second_of_march() -> None:
    issued_at = pendulum.datetime(2026, 1, 31, 16, 0, tz=NEW_YORK)

    schedule = PaymentTerms.net(30).due_dates(issued_at, NEW_YORK, usd("100.00"))

    assert [(pendulum.date(2026, 3, 2), usd("100.00"))] == [(s.due_on, s.amount) for s in schedule]


def test_end_of_month_plus_15_placed_on_26_november_falls_due_on_15_december() -> None:
    issued_at = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")

    assert pendulum.date(2026, 12, 15) == PaymentTerms.end_of_month(15).final_due_date(
        issued_at, "UTC"
    )


def test_due_on_receipt_is_due_on_the_issue_date_in_the_merchants_timezone() -> None:
    late_evening_utc = pendulum.datetime(2026, 1, 31, 23, 30, tz="UTC")

    assert pendulum.date(2026, 2, 1) == PaymentTerms.due_on_receipt().final_due_date(
        late_evening_utc, "Asia/Tokyo"
    )


def test_the_issue_date_is_the_merchants_local_date_not_utcs() -> None:
    just_after_midnight_in_berlin = pendulum.datetime(2026, 2, 28, 23, 30, tz="UTC")

    assert pendulum.date(2026, 3, 31) == EndOfMonth(0).due_date(
        PaymentTerms.net(0).issue_date(just_after_midnight_in_berlin, "Europe/Berlin")
    )


def test_instalments_split_the_total_exactly_with_the_earlier_instalment_first_on_ties() -> None:
    terms = PaymentTerms.in_instalments([(Decimal(50), Net(30)), (Decimal(50), Net(60))])
    issued_at = pendulum.datetime(2026, 3, 1, 12, tz="UTC")

    schedule = terms.due_dates(issued_at, "UTC", usd("100.01"))

    expected = [
        (pendulum.date(2026, 3, 31), usd("50.01")),
        (pendulum.date(2026, 4, 30), usd("50.00")),
    ]
    assert expected == [(s.due_on, s.amount) for s in schedule]


def test_jpy_instalments_have_no_minor_unit() -> None:
    terms = PaymentTerms.parse("34% Net 30; 33% Net 60; 33% Net 90")

    schedule = terms.due_dates(pendulum.datetime(2026, 3, 1, tz="UTC"), "UTC", Money.of(100, "JPY"))

    assert [Money.of(n, "JPY") for n in (34, 33, 33)] == [s.amount for s in schedule]


def test_two_ten_net_30_gives_two_percent_off_until_the_tenth_day() -> None:
    terms = PaymentTerms.parse("2/10 net 30")
    issued_at = pendulum.datetime(2026, 1, 5, 10, tz=NEW_YORK)

    on_deadline = terms.discounted_amount(
        usd("500.00"), issued_at, NEW_YORK, pendulum.date(2026, 1, 15)
    )
    too_late = terms.discounted_amount(
        usd("500.00"), issued_at, NEW_YORK, pendulum.date(2026, 1, 16)
    )

    assert (pendulum.date(2026, 1, 15), usd("490.00"), usd("500.00")) == (
        terms.discount_deadline(issued_at, NEW_YORK),
        on_deadline,
        too_late,
    )


def test_terms_without_a_discount_have_no_deadline_and_no_discount() -> None:
    issued_at = pendulum.datetime(2026, 1, 5, tz="UTC")

    terms = PaymentTerms.net(30)

    assert (None, usd("10.00")) == (
        terms.discount_deadline(issued_at, "UTC"),
        terms.discounted_amount(usd("10.00"), issued_at, "UTC", pendulum.date(2026, 1, 5)),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NET30", PaymentTerms.net(30)),
        ("Net 30", PaymentTerms.net(30)),
        ("  net   15 ", PaymentTerms.net(15)),
        ("n/30", PaymentTerms.net(30)),
        ("EOM", PaymentTerms.end_of_month(0)),
        ("EOM+15", PaymentTerms.end_of_month(15)),
        ("Net 15 EOM", PaymentTerms.end_of_month(15)),
        ("Due on receipt", PaymentTerms.due_on_receipt()),
        ("DUE UPON RECEIPT", PaymentTerms.due_on_receipt()),
        ("2/10 Net 30", PaymentTerms.net(30).with_discount(2, 10)),
        ("2/10, n/30", PaymentTerms.net(30).with_discount(2, 10)),
        ("1.5/15 EOM+30", PaymentTerms.end_of_month(30).with_discount("1.5", 15)),
        (
            "50% Net 30; 50% EOM+15",
            PaymentTerms.in_instalments([(50, Net(30)), (50, EndOfMonth(15))]),
        ),
    ],
)
def test_parses_the_usual_names_of_payment_terms(text: str, expected: PaymentTerms) -> None:
    assert expected == PaymentTerms.parse(text)


@pytest.mark.parametrize(
    "text", ["net thirty", "", "Net -5", "EOM-3", "2/10", "50% Net 30; 40% Net 60"]
)
def test_refuses_terms_it_cannot_read_naming_the_text(text: str) -> None:
    with pytest.raises(InvalidPaymentTerms) as caught:
        PaymentTerms.parse(text)

    assert "terms" in caught.value.field or "instalments" in caught.value.field


def test_refuses_instalments_that_do_not_sum_to_exactly_100_percent() -> None:
    with pytest.raises(InvalidPaymentTerms) as caught:
        PaymentTerms.in_instalments([(60, Net(30)), (30, Net(60))])

    assert "instalments" == caught.value.field


def test_refuses_a_float_percentage_and_a_bool_day_count() -> None:
    with pytest.raises(WrongType):
        Instalment(100.0, Net(30))  # type: ignore[arg-type]
    with pytest.raises(WrongType):
        Net(days=True)


def test_refuses_negative_days_and_a_discount_of_100_percent() -> None:
    with pytest.raises(ValidationError):
        Net(-1)
    with pytest.raises(ValidationError):
        EarlyPaymentDiscount(100, 10)


def test_refuses_a_naive_issue_instant_and_an_unknown_timezone() -> None:
    with pytest.raises(NaiveDatetime):
        PaymentTerms.net(30).due_dates(pendulum.naive(2026, 1, 1), "UTC", usd("1.00"))
    with pytest.raises(ValidationError):
        PaymentTerms.net(30).due_dates(pendulum.datetime(2026, 1, 1), "Mars/Olympus", usd("1.00"))


def test_writes_terms_in_their_canonical_form() -> None:
    terms = PaymentTerms.in_instalments([(50, Net(30)), (50, DueOnReceipt())]).with_discount(2, 10)

    assert "2/10 50% Net 30; 50% Due on receipt" == str(terms)


@given(payment_terms())
def test_reading_back_what_str_writes_gives_equal_terms(terms: PaymentTerms) -> None:
    assert terms == PaymentTerms.parse(str(terms))


@given(
    payment_terms(),
    instants(),
    st.sampled_from(TIMEZONES),
    st.sampled_from(CURRENCIES),
    st.integers(0, 10**9),
)
def test_a_schedule_always_sums_to_the_total_and_falls_due_on_or_after_the_issue_date(
    terms: PaymentTerms, issued_at: pendulum.DateTime, zone: str, code: str, minor: int
) -> None:
    total = Money.from_minor(minor, code)

    schedule = terms.due_dates(issued_at, zone, total)

    issued_on = terms.issue_date(issued_at, zone)
    assert total == sum_money((s.amount for s in schedule), code)
    assert all(s.due_on >= issued_on for s in schedule)
    assert terms.final_due_date(issued_at, zone) == max(s.due_on for s in schedule)


@given(payment_terms(), st.sampled_from(CURRENCIES), st.integers(0, 10**9))
def test_one_instalment_schedules_the_whole_total_as_splitting_it_by_percent_would(
    terms: PaymentTerms, code: str, minor: int
) -> None:
    total = Money.from_minor(minor, code)
    issued_on = pendulum.date(2026, 11, 26)

    schedule = terms.schedule(issued_on, total)

    split = allocate(total, [part.percent for part in terms.instalments])
    assert split == [s.amount for s in schedule]
    assert [part.rule.due_date(issued_on) for part in terms.instalments] == [
        s.due_on for s in schedule
    ]


@given(payment_terms(), instants(), st.integers(1, 10**7))
def test_a_discounted_amount_is_never_more_than_the_total_nor_negative(
    terms: PaymentTerms, issued_at: pendulum.DateTime, minor: int
) -> None:
    total = Money.from_minor(minor, "USD")
    paid_on = terms.issue_date(issued_at, "UTC")

    discounted = terms.discounted_amount(total, issued_at, "UTC", paid_on)

    assert Money.zero("USD") <= discounted <= total


def test_terms_of_a_name_are_the_parsed_terms_and_terms_of_terms_are_themselves() -> None:
    terms = PaymentTerms.net(30).with_discount(2, 10)

    assert (terms, terms) == (PaymentTerms.of("2/10 Net 30"), PaymentTerms.of(terms))


def test_terms_of_something_else_are_refused() -> None:
    with pytest.raises(WrongType):
        PaymentTerms.of(30)  # type: ignore[arg-type]


def test_the_discount_on_a_balance_is_zero_after_the_deadline() -> None:
    terms = PaymentTerms.parse("2/10 Net 30")
    issued_at = pendulum.datetime(2026, 1, 31, 16, 0, tz=NEW_YORK)

    on_time = terms.discount_on(usd("250.00"), issued_at, NEW_YORK, pendulum.date(2026, 2, 10))
    late = terms.discount_on(usd("250.00"), issued_at, NEW_YORK, pendulum.date(2026, 2, 11))

    assert (usd("5.00"), usd("0.00")) == (on_time, late)


@given(payment_terms(), instants(), st.integers(0, 10**7), st.integers(0, 60))
def test_the_discount_and_the_discounted_amount_always_make_up_the_balance(
    terms: PaymentTerms, issued_at: pendulum.DateTime, minor: int, days: int
) -> None:
    balance = Money.from_minor(minor, "USD")
    paid_on = issued_at.date().add(days=days)

    discount = terms.discount_on(balance, issued_at, "UTC", paid_on)

    assert balance == discount + terms.discounted_amount(balance, issued_at, "UTC", paid_on)
    assert not discount.is_negative()
