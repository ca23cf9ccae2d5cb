from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from ordercore.domain.billing.invoice_errors import TotalsMismatch
from ordercore.domain.billing.totals import (
    DocumentLine,
    Shipping,
    TaxMode,
    Totals,
    compute_totals,
    order_document_line,
)
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.testing.strategies_invoices import Document, documents


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def test_a_1_dollar_discount_over_three_equal_lines_splits_034_033_033_and_sums_back() -> None:
    lines = [DocumentLine(sku, 1, usd("3.33")) for sku in ("RETRO-CLOCK", "BLUE-VASE", "TEAL-MUG")]

    totals = compute_totals(lines, order_discount=usd("1.00"))

    shares = [line.order_discount for line in totals.lines]
    assert [usd("0.34"), usd("0.33"), usd("0.33")] == shares
    assert usd("1.00") == sum_money(shares, "USD")
    assert usd("8.99") == totals.total


def test_spreads_the_order_discount_in_proportion_to_amounts_after_line_discounts() -> None:
    lines = [
        DocumentLine("RETRO-CLOCK", 2, usd("50.00"), discount=usd("25.00")),
        DocumentLine("BLUE-VASE", 1, usd("25.00")),
    ]

    totals = compute_totals(lines, order_discount=usd("10.00"))

    assert [usd("7.50"), usd("2.50")] == [line.order_discount for line in totals.lines]


def test_taxes_each_line_on_its_discounted_amount_rounding_half_up() -> None:
    lines = [DocumentLine("RETRO-CLOCK", 1, usd("10.10"), Decimal("0.0825"))]

    totals = compute_totals(lines, order_discount=usd("0.10"))

    assert (usd("10.00"), usd("0.83"), usd("10.83")) == (
        totals.net_total,
        totals.tax_total,
        totals.total,
    )


def test_a_named_rounding_mode_changes_only_the_tax_rounding() -> None:
    lines = [DocumentLine("RETRO-CLOCK", 1, usd("10.10"), Decimal("0.0825"))]

    totals = compute_totals(lines, rounding=Rounding.DOWN)

    assert usd("0.83") == totals.tax_total  # 0.83325 rounded down


def test_tax_inclusive_prices_keep_the_gross_and_split_it_into_net_and_tax() -> None:
    lines = [DocumentLine("BLUE-VASE", 3, eur("19.99"), Decimal("0.19"))]

    totals = compute_totals(lines, tax_mode=TaxMode.INCLUSIVE)

    assert (eur("59.97"), eur("50.39"), eur("9.58")) == (
        totals.total,
        totals.net_total,
        totals.tax_total,
    )


def test_shipping_is_its_own_taxable_line_that_takes_no_share_of_the_order_discount() -> None:
    lines = [DocumentLine("RETRO-CLOCK", 1, usd("100.00"), Decimal("0.10"))]

    totals = compute_totals(
        lines, order_discount=usd("10.00"), shipping=Shipping(usd("5.00"), Decimal("0.10"))
    )

    assert totals.shipping is not None
    assert (usd("0.00"), usd("0.50"), usd("9.50"), usd("104.50")) == (
        totals.shipping.order_discount,
        totals.shipping.tax,
        totals.tax_total,
        totals.total,
    )


def test_jpy_totals_have_no_minor_unit() -> None:
    lines = [DocumentLine("RETRO-CLOCK", 3, Money.of(333, "JPY"), Decimal("0.10"))]

    totals = compute_totals(lines, order_discount=Money.of(100, "JPY"))

    assert (Money.of(899, "JPY"), Money.of(90, "JPY"), Money.of(989, "JPY")) == (
        totals.net_total,
        totals.tax_total,
        totals.total,
    )


def test_refuses_an_order_discount_above_the_discounted_lines() -> None:
    lines = [DocumentLine("RETRO-CLOCK", 1, usd("5.00"), discount=usd("1.00"))]

    with pytest.raises(ValidationError) as caught:
        compute_totals(lines, order_discount=usd("4.01"))

    assert "order_discount" == caught.value.field


def test_refuses_a_line_discount_above_the_line_amount() -> None:
    with pytest.raises(ValidationError) as caught:
        DocumentLine("RETRO-CLOCK", 2, usd("5.00"), discount=usd("10.01"))

    assert "discount" == caught.value.field


def test_refuses_lines_in_two_currencies() -> None:
    with pytest.raises(CurrencyMismatch):
        compute_totals(
            [DocumentLine("RETRO-CLOCK", 1, usd("1.00")), DocumentLine("BLUE-VASE", 1, eur("1.00"))]
        )


@pytest.mark.parametrize("quantity", [0, -1, True, 1.0])
def test_refuses_a_quantity_that_is_not_a_positive_whole_int(quantity: object) -> None:
    with pytest.raises((ValidationError, WrongType)):
        DocumentLine("RETRO-CLOCK", quantity, usd("1.00"))  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [0.19, "-0.1", "11", "abc", True])
def test_refuses_a_tax_rate_that_is_a_float_negative_huge_or_not_a_number(rate: object) -> None:
    with pytest.raises((ValidationError, WrongType)):
        DocumentLine("RETRO-CLOCK", 1, usd("1.00"), rate)  # type: ignore[arg-type]


def test_refuses_a_document_without_lines() -> None:
    with pytest.raises(ValidationError):
        compute_totals([])


@pytest.mark.parametrize("lines", [None, 7, "RETRO-CLOCK", {"RETRO-CLOCK": 1}])
def test_refuses_lines_that_are_not_a_list_by_name(lines: object) -> None:
    with pytest.raises(WrongType) as refused:
        compute_totals(lines)  # type: ignore[arg-type]
    assert "lines" == refused.value.field


def test_verify_catches_totals_that_were_tampered_with() -> None:
    totals = compute_totals([DocumentLine("RETRO-CLOCK", 1, usd("1.00"))])

    with pytest.raises(TotalsMismatch):
        attrs.evolve(totals, total=usd("1.01")).verify()


@given(documents())
def test_total_equals_lines_minus_discounts_plus_tax_plus_shipping_to_the_minor_unit(
    document: Document,
) -> None:
    totals = compute_totals(**document)

    taxes_added = (
        totals.tax_total if totals.tax_mode is TaxMode.EXCLUSIVE else Money.zero(totals.currency)
    )
    assert totals.total == (
        totals.subtotal - totals.discount_total + taxes_added + totals.shipping_total
    )
    assert totals.total == totals.net_total + totals.tax_total
    totals.verify()


@given(documents())
def test_the_order_discount_shares_sum_to_the_order_discount_and_never_exceed_a_line(
    document: Document,
) -> None:
    totals: Totals = compute_totals(**document)

    assert totals.order_discount == sum_money(
        (line.order_discount for line in totals.lines), totals.currency
    )
    assert all(line.discount <= line.amount for line in totals.lines)
    assert all(not line.tax.is_negative() for line in totals.all_lines)


def test_a_line_names_its_order_line_apart_from_its_description() -> None:
    line = DocumentLine("RETRO-CLOCK", 2, Money.of("40.00", "EUR"), description="Retro clock")
    billed = attrs.evolve(line, order_line_id="line-7")

    totals = compute_totals([line, billed])

    assert (None, "line-7") == tuple(computed.order_line_id for computed in totals.lines)
    assert ("Retro clock", "Retro clock") == tuple(c.description for c in totals.lines)


def test_refuses_an_order_line_id_that_is_not_an_id() -> None:
    with pytest.raises(ValidationError):
        DocumentLine("RETRO-CLOCK", 1, Money.of("40.00", "EUR"), order_line_id="")


@pytest.mark.parametrize("mode", list(TaxMode))
def test_an_untaxed_line_has_no_tax_and_its_totals_still_add_up(mode: TaxMode) -> None:
    totals = compute_totals([DocumentLine("RETRO-CLOCK", 3, usd("19.99"))], tax_mode=mode)
    totals.verify()
    assert (usd("0.00"), usd("59.97")) == (totals.tax_total, totals.total)


@given(documents())
def test_the_totals_and_lines_computed_equal_the_ones_their_constructors_build(
    document: Document,
) -> None:
    totals = compute_totals(**document)

    built = [attrs.evolve(totals), *(attrs.evolve(line) for line in totals.all_lines)]
    computed = [totals, *totals.all_lines]
    assert [(x, hash(x), repr(x)) for x in built] == [(x, hash(x), repr(x)) for x in computed]


@pytest.mark.parametrize(
    ("quantity", "rate", "discount"),
    [(2, Decimal("0.0000"), None), (1, Decimal("0.1900"), None), (3, Decimal(0), usd("1.00"))],
)
def test_an_order_document_line_equals_the_one_its_constructor_builds(
    quantity: int, rate: Decimal, discount: Money | None
) -> None:
    built = DocumentLine("RETRO-CLOCK", quantity, usd("9.99"), rate, discount, "", "line-1")

    made = order_document_line("RETRO-CLOCK", quantity, usd("9.99"), rate, discount, "line-1")

    assert (built, hash(built), repr(built)) == (made, hash(made), repr(made))


@pytest.mark.parametrize(
    ("quantity", "rate", "error"),
    [
        (True, Decimal(0), WrongType),
        (0, Decimal(0), ValidationError),
        (1, Decimal(11), ValidationError),
    ],
)
def test_an_order_document_line_refuses_what_its_constructor_refuses(
    quantity: int, rate: Decimal, error: type[Exception]
) -> None:
    with pytest.raises(error):
        order_document_line("RETRO-CLOCK", quantity, usd("9.99"), rate, None, "line-1")
