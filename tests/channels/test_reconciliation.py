import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import (
    ComputedTotals,
    StatedTotal,
    TotalKind,
    TotalsDoNotReconcile,
    reconcile,
)
from ordercore.kernel.money import Money

USD = "USD"
COMPUTED = ComputedTotals.of(
    Money.zero(USD).currency,
    line_items=[Money.of("597.00", USD)],
    discounts=[Money.of("10.00", USD)],
    tax=[Money.of("11.94", USD)],
)


def stated(kind: TotalKind, field: str, amount: str) -> StatedTotal:
    return StatedTotal(kind=kind, field=field, amount=Money.of(amount, USD))


def test_the_computed_subtotal_is_after_discounts_and_the_total_adds_tax_and_shipping() -> None:
    assert (Money.of("587.00", USD), Money.of("598.94", USD)) == (
        COMPUTED.subtotal,
        COMPUTED.total,
    )


def test_names_each_mismatch_with_stated_computed_and_difference() -> None:
    report = reconcile([stated(TotalKind.DISCOUNTS, "total_discounts", "0.00")], COMPUTED)
    mismatch = report.mismatches[0]
    assert (
        "total_discounts",
        Money.of("0.00", USD),
        Money.of("10.00", USD),
        Money.of("-10.00", USD),
    ) == (
        mismatch.field,
        mismatch.stated,
        mismatch.computed,
        mismatch.difference,
    )


def test_a_report_of_matching_totals_reconciles() -> None:
    report = reconcile([stated(TotalKind.TOTAL, "total_price", "598.94")], COMPUTED)
    assert (True, ()) == (report.reconciles, report.mismatches)


def test_strict_mode_raises_naming_the_mismatched_fields() -> None:
    report = reconcile(
        [
            stated(TotalKind.TAX, "total_tax", "11.94"),
            stated(TotalKind.TOTAL, "total_price", "1.00"),
        ],
        COMPUTED,
    )
    with pytest.raises(TotalsDoNotReconcile) as caught:
        report.require("shopify", "450789469")
    assert (("total_price",), "total_price" in str(caught.value)) == (
        caught.value.fields["fields"],
        True,
    )


@given(st.sampled_from(list(TotalKind)), st.integers(-10_000, 10_000).filter(bool))
def test_changing_one_stated_total_gives_exactly_one_mismatch_of_that_difference(
    kind: TotalKind, cents: int
) -> None:
    truth = [StatedTotal(kind=k, field=k.value, amount=COMPUTED.of_kind(k)) for k in TotalKind]
    delta = Money.from_minor(cents, USD)
    changed = [
        StatedTotal(kind=s.kind, field=s.field, amount=s.amount + delta) if s.kind is kind else s
        for s in truth
    ]
    report = reconcile(changed, COMPUTED)
    assert ((kind.value,), delta) == (report.mismatched_fields(), report.mismatches[0].difference)
