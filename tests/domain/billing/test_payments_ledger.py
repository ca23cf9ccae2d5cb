from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.payment_ledger import (
    LedgerTotals,
    OperationKind,
    PaymentLedger,
    PaymentOperation,
    empty_ledger,
)
from ordercore.domain.billing.payment_lifecycle import PAYMENT_LIFECYCLE, PaymentState
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.kernel.money import Currency, Money
from ordercore.testing.strategies_payments import (
    instants,
    payment_amounts,
    payment_currencies,
    payment_kinds,
)

T0 = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def operation(kind: str, amount: str) -> PaymentOperation:
    return PaymentOperation(kind=kind, amount=usd(amount), reference="gw", at=T0)


def ledger_cases() -> st.SearchStrategy[
    tuple[Currency, list[tuple[OperationKind, Money, pendulum.DateTime]]]
]:
    """A currency and up to 12 (kind, amount, instant) rows of a ledger in it."""
    return payment_currencies().flatmap(
        lambda currency: st.tuples(
            st.just(currency),
            st.lists(
                st.tuples(payment_kinds(), payment_amounts(currency, min_minor=0), instants()),
                max_size=12,
            ),
        )
    )


def test_totals_count_a_sale_as_authorized_and_captured() -> None:
    totals = LedgerTotals.of([operation("sale", "10.00")], usd("0").currency)
    assert (usd("10.00"), usd("10.00")) == (totals.authorized, totals.captured)


def test_totals_count_voids_and_expiries_as_released() -> None:
    ops = [
        operation("authorize", "50.00"),
        operation("capture", "20.00"),
        operation("void", "30.00"),
        operation("refund", "5.00"),
    ]
    totals = LedgerTotals.of(ops, usd("0").currency)
    expected = (usd("30.00"), usd("0.00"), usd("15.00"), usd("15.00"))
    assert expected == (totals.released, totals.capturable, totals.refundable, totals.net_paid)


def test_a_failed_attempt_moves_no_money() -> None:
    totals = LedgerTotals.of([operation("fail", "9.99")], usd("0").currency)
    assert usd("0.00") == totals.authorized == totals.captured


def test_refuses_an_unknown_operation_kind() -> None:
    with pytest.raises(ValidationError, match="kind='reversal'"):
        operation("reversal", "1.00")


def test_refuses_a_negative_operation_amount() -> None:
    with pytest.raises(ValidationError, match="never negative"):
        operation("capture", "-1.00")


def test_refuses_an_operation_amount_that_is_not_money() -> None:
    with pytest.raises(WrongType):
        PaymentOperation(kind="capture", amount="1.00", reference="gw", at=T0)


def test_refuses_a_naive_operation_instant() -> None:
    with pytest.raises(NaiveDatetime):
        PaymentOperation(
            kind="capture", amount=usd("1.00"), reference="gw", at=pendulum.naive(2026, 1, 1)
        )


def test_the_payment_lifecycle_renders_as_a_mermaid_diagram() -> None:
    diagram = PAYMENT_LIFECYCLE.to_mermaid()
    assert diagram.startswith("stateDiagram-v2")
    assert "partially_captured --> captured: capture_rest" in diagram
    assert "authorized --> voided: void" in diagram


def test_a_settled_payment_allows_only_refunds_and_disputes() -> None:
    expected = ("open_dispute", "refund_part", "refund_rest")
    assert expected == PAYMENT_LIFECYCLE.allowed(PaymentState.CAPTURED)


@given(ledger_cases())
def test_totals_are_sums_of_the_ledger_by_kind(
    case: tuple[Currency, list[tuple[OperationKind, Money, pendulum.DateTime]]],
) -> None:
    currency, rows = case
    ops = [PaymentOperation(kind=k, amount=a, reference="gw", at=t) for k, a, t in rows]
    totals = LedgerTotals.of(ops, currency)

    def total(*kinds: OperationKind) -> int:
        return sum(a.minor_units for k, a, _ in rows if k in kinds)

    assert total(OperationKind.AUTHORIZE, OperationKind.SALE) == totals.authorized.minor_units
    assert total(OperationKind.CAPTURE, OperationKind.SALE) == totals.captured.minor_units
    assert total(OperationKind.VOID, OperationKind.EXPIRE) == totals.released.minor_units
    assert total(OperationKind.REFUND) == totals.refunded.minor_units


def test_the_diagram_in_the_payments_guide_is_the_lifecycle_table() -> None:
    guide = Path(__file__).parents[3] / "docs" / "payments.md"
    text = guide.read_text(encoding="utf-8")
    diagram = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert PAYMENT_LIFECYCLE.to_mermaid() == diagram


def test_a_ledger_sums_its_operations_once_and_compares_by_its_operations_alone() -> None:
    operations = (operation("authorize", "10.00"), operation("capture", "4.00"))
    ledger = PaymentLedger(usd("0").currency, operations)
    totals = ledger.totals
    fresh = PaymentLedger(usd("0").currency, operations)
    expected = (LedgerTotals.of(operations, usd("0").currency), True, True, True)
    actual = (totals, totals is ledger.totals, fresh == ledger, hash(fresh) == hash(ledger))
    assert expected == actual


def test_a_recorded_operation_is_in_the_new_ledgers_totals_not_the_old_ones() -> None:
    ledger = PaymentLedger(usd("0").currency, (operation("authorize", "10.00"),))
    before = ledger.totals
    after = ledger.recording(operation("capture", "4.00")).totals
    assert (usd("0.00"), usd("4.00")) == (before.captured, after.captured)


@given(ledger_cases())
def test_a_ledger_built_by_recording_has_the_totals_of_its_operations_summed_whole(
    case: tuple[Currency, list[tuple[OperationKind, Money, pendulum.DateTime]]],
) -> None:
    currency, rows = case
    ledger = empty_ledger(currency)
    for kind, amount, at in rows:
        ledger = ledger.recording(PaymentOperation(kind=kind, amount=amount, reference="", at=at))
    expected = LedgerTotals.of(ledger.operations, currency)
    assert (expected, repr(expected)) == (ledger.totals, repr(ledger.totals))


def test_an_empty_ledgers_totals_are_every_amount_zero() -> None:
    currency = usd("0").currency
    assert LedgerTotals.of((), currency) == empty_ledger(currency).totals


@given(ledger_cases())
def test_what_a_payment_secures_captured_and_capturable_is_authorized_less_released(
    case: tuple[Currency, list[tuple[OperationKind, Money, pendulum.DateTime]]],
) -> None:
    currency, rows = case
    ops = [PaymentOperation(kind=k, amount=a, reference="gw", at=t) for k, a, t in rows]
    totals = LedgerTotals.of(ops, currency)
    assert totals.captured + totals.capturable == totals.authorized - totals.released
