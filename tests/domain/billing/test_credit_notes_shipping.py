"""Credit notes credit the credited units' share of shipping, by largest remainder (#16)."""

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.credit_notes import share_of_shipping
from ordercore.domain.billing.invoice_errors import CreditExceedsInvoice
from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.totals import (
    ComputedLine,
    DocumentLine,
    Shipping,
    TaxMode,
    compute_totals,
)
from ordercore.kernel.errors import WrongType
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.testing.strategies_invoices import ANCHOR, documents, issued_invoices

PLACED = pendulum.datetime(2026, 3, 2, 10, tz="Europe/Berlin")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def three_mugs(shipping: str, tax: str = "0") -> Invoice:
    invoice = Invoice.from_lines(
        "INV-7",
        [DocumentLine("ENAMEL-MUG", 3, usd("12.00"), Decimal("0.10"))],
        at=PLACED,
        shipping=Shipping(usd(shipping), Decimal(tax)),
    )
    invoice.issue("INV-0007", PLACED, "Net 30", "Europe/Berlin")
    invoice.pull_events()
    return invoice


def credit_one_at_a_time(invoice: Invoice, units: int) -> list[Money]:
    shares = []
    for n in range(1, units + 1):
        result = invoice.issue_credit_note(
            f"CN-{n}", f"CN-000{n}", PLACED, quantities={0: 1}, shipping_share=True
        )
        shipping = result.note.shipping
        shares.append(usd("0.00") if shipping is None else shipping.total)
    return shares


def test_an_order_with_shipping_9_99_returned_in_three_single_units_credits_3_33_each() -> None:
    invoice = three_mugs("9.99")

    assert [usd("3.33"), usd("3.33"), usd("3.33")] == credit_one_at_a_time(invoice, 3)


def test_shipping_of_10_00_over_three_units_gives_the_extra_cent_to_the_second_unit() -> None:
    # allocate(10.00, [1, 2]) -> 3.33; allocate(10.00, [2, 1]) -> 6.67: the second unit's share
    # is 6.67 - 3.33 = 3.34, the third 10.00 - 6.67 = 3.33
    invoice = three_mugs("10.00")

    assert [usd("3.33"), usd("3.34"), usd("3.33")] == credit_one_at_a_time(invoice, 3)
    assert usd("0.00") == invoice.balance
    assert invoice.shipping_credited


def test_a_taxed_shipping_share_splits_its_tax_and_net_and_adds_up() -> None:
    invoice = three_mugs("10.00", "0.19")  # 10.00 + 1.90 tax = 11.90

    notes = [
        invoice.issue_credit_note(
            f"CN-{n}", f"CN-{n}", PLACED, quantities={0: 1}, shipping_share=True
        )
        for n in (1, 2, 3)
    ]

    shipping = [n.note.shipping for n in notes]
    assert [usd("3.97"), usd("3.96"), usd("3.97")] == [s.total for s in shipping if s]
    assert [usd("0.63"), usd("0.64"), usd("0.63")] == [s.tax for s in shipping if s]
    assert [usd("3.34"), usd("3.32"), usd("3.34")] == [s.net for s in shipping if s]


def test_without_the_share_a_partial_credit_credits_no_shipping() -> None:
    invoice = three_mugs("9.99")

    result = invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={0: 1})

    assert result.note.shipping is None


def test_the_rest_of_the_shipping_is_what_the_shares_left_and_comes_once() -> None:
    invoice = three_mugs("10.00")
    invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={0: 1}, shipping_share=True)

    rest = invoice.issue_credit_note(
        "CN-2", "CN-0002", PLACED, quantities={}, include_shipping=True
    )

    assert rest.note.shipping is not None
    assert usd("6.67") == rest.note.shipping.total
    assert invoice.shipping_credited
    later = invoice.issue_credit_note(
        "CN-3", "CN-0003", PLACED, quantities={0: 1}, shipping_share=True
    )
    assert later.note.shipping is None
    with pytest.raises(CreditExceedsInvoice):
        invoice.issue_credit_note("CN-4", "CN-0004", PLACED, quantities={}, include_shipping=True)


def test_units_credited_without_their_share_keep_it_for_the_rest() -> None:
    invoice = three_mugs("9.99")
    invoice.issue_credit_note("CN-1", "CN-0001", PLACED, quantities={0: 1})  # cancelled: no share

    shares = [
        invoice.issue_credit_note(
            f"CN-{n}", f"CN-{n}", PLACED, quantities={0: 1}, shipping_share=True
        ).note.shipping
        for n in (2, 3)
    ]

    assert [usd("3.33"), usd("3.33")] == [s.total for s in shipping_lines(shares)]
    assert not invoice.shipping_credited
    rest = invoice.issue_credit_note("CN-4", "CN-4", PLACED, quantities={}, include_shipping=True)
    assert rest.note.shipping is not None
    assert usd("3.33") == rest.note.shipping.total


def shipping_lines(lines: list[ComputedLine | None]) -> list[ComputedLine]:
    return [line for line in lines if line is not None]


def test_refuses_a_shipping_share_that_is_not_a_bool() -> None:
    invoice = three_mugs("9.99")

    with pytest.raises(WrongType):
        invoice.issue_credit_note("CN-1", "CN-1", PLACED, quantities={0: 1}, shipping_share="yes")  # type: ignore[arg-type]
    assert () == invoice.credit_notes


def _credit_every_unit(invoice: Invoice, data: st.DataObject, share: bool) -> None:
    left = {i: line.quantity for i, line in enumerate(invoice.totals.lines)}
    n = 0
    while left and invoice.status is not InvoiceStatus.CREDITED:  # the rest is worth nothing
        index = data.draw(st.sampled_from(sorted(left)))
        step = data.draw(st.integers(1, left[index]))
        n += 1
        invoice.issue_credit_note(
            f"CN-{n}",
            f"CN-{n}",
            ANCHOR.add(days=20),
            quantities={index: step},
            shipping_share=share,
        )
        left[index] -= step
        if not left[index]:
            del left[index]


@given(issued_invoices(keep_events=True), st.data())
def test_crediting_every_unit_with_its_share_in_any_steps_credits_exactly_the_invoice(
    invoice: Invoice, data: st.DataObject
) -> None:
    _credit_every_unit(invoice, data, share=True)

    assert invoice.total == invoice.amount_credited
    assert Money.zero(invoice.totals.currency) == invoice.balance
    shipping = invoice.totals.shipping
    if shipping is not None:
        parts = [n.shipping for n in invoice.credit_notes if n.shipping is not None]
        for figure in ("amount", "line_discount", "order_discount", "net", "tax", "total"):
            credited = sum_money((getattr(p, figure) for p in parts), invoice.totals.currency)
            assert getattr(shipping, figure) == credited
        assert invoice.shipping_credited or shipping.total.is_zero()
    assert invoice == Invoice.replay(invoice.events)


@given(issued_invoices(), st.data())
def test_crediting_every_unit_without_the_share_never_credits_shipping(
    invoice: Invoice, data: st.DataObject
) -> None:
    _credit_every_unit(invoice, data, share=False)

    shipping = invoice.totals.shipping
    expected = invoice.total if shipping is None else invoice.total - shipping.total
    assert expected == invoice.amount_credited
    assert all(n.shipping is None for n in invoice.credit_notes)


@given(documents(), st.data())
def test_shipping_shares_never_credit_more_than_is_left(
    document: object, data: st.DataObject
) -> None:
    totals = compute_totals(**document)  # type: ignore[arg-type]
    if totals.shipping is None:
        return
    whole = sum(line.quantity for line in totals.lines)
    done, credited = 0, Money.zero(totals.currency)
    while done < whole:
        step = data.draw(st.integers(1, whole - done))
        part = share_of_shipping(totals.shipping, done, step, whole, totals.tax_mode)
        if part is not None:
            assert not part.total.is_negative()
            credited += part.total
        assert credited <= totals.shipping.total
        done += step
    assert totals.shipping.total == credited


def test_an_inclusive_shipping_share_keeps_amount_less_discount_equal_to_its_total() -> None:
    totals = compute_totals(
        [DocumentLine("ENAMEL-MUG", 4, usd("12.00"), Decimal("0.2"))],
        shipping=Shipping(usd("7.00"), Decimal("0.2")),
        tax_mode=TaxMode.INCLUSIVE,
        rounding=Rounding.HALF_EVEN,
    )
    assert totals.shipping is not None

    part = share_of_shipping(totals.shipping, 0, 1, 4, TaxMode.INCLUSIVE)

    assert part is not None
    assert (usd("1.75"), usd("1.75")) == (part.amount - part.discount, part.total)
    assert part.total - part.tax == part.net
