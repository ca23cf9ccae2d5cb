from ordercore.channels import ChannelPayloadError, TotalsDoNotReconcile, VersionKindMismatch
from ordercore.channels.reconciliation import TotalCheck, TotalKind
from ordercore.kernel.errors import OrdercoreError, ValidationError
from ordercore.kernel.money import Money


def test_a_payload_error_names_channel_path_value_and_rule() -> None:
    error = ChannelPayloadError("shopify", "order.line_items[2].price", 1.5, "a float is not exact")
    assert (
        "order.line_items[2].price=1.5 was refused: shopify payload: a float is not exact",
        True,
    ) == (str(error), isinstance(error, ValidationError))


def test_totals_that_do_not_reconcile_name_each_field_and_difference() -> None:
    check = TotalCheck(
        kind=TotalKind.DISCOUNTS,
        field="total_discounts",
        stated=Money.of("0.00", "USD"),
        computed=Money.of("10.00", "USD"),
    )
    error = TotalsDoNotReconcile("shopify", "450789469", [check])
    assert (True, True, ("total_discounts",)) == (
        "total_discounts stated 0.00 but the lines give 10.00 (difference -10.00)" in str(error),
        isinstance(error, ValueError),
        error.fields["fields"],
    )


def test_mixed_version_kinds_are_an_ordercore_value_error() -> None:
    error = VersionKindMismatch("2026-11-26T09:00:00Z", "3")
    assert (True, True) == (isinstance(error, OrdercoreError), isinstance(error, ValueError))
