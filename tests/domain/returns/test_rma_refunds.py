import pytest

from ordercore.domain.returns import OverRefund, ReturnAuthorization, ReturnRefundPaid
from ordercore.kernel.errors import ValidationError
from tests.domain.returns.support import SOON, inspected, usd

LATER = SOON.add(days=8)


def resolved(refund: str = "40.00") -> ReturnAuthorization:
    rma = inspected(2)
    rma.resolve(usd("40.00"), LATER, refund=usd(refund))
    return rma


def test_refunds_paid_back_are_counted_until_the_resolved_refund_is_paid() -> None:
    rma = resolved()
    assert usd("25.00") == rma.record_refund(usd("15.00"), "rf-1", LATER, payment_id="order-1/p-1")
    assert usd("0.00") == rma.record_refund(usd("25.00"), "rf-2", LATER)
    assert (usd("40.00"), usd("0.00")) == (rma.refunded, rma.refund_left())
    paid = [e for e in rma.pull_events() if isinstance(e, ReturnRefundPaid)]
    assert [usd("15.00"), usd("40.00")] == [e.refunded for e in paid]


def test_paying_back_more_than_the_resolved_refund_is_refused_and_changes_nothing() -> None:
    rma = resolved("30.00")
    rma.record_refund(usd("20.00"), "rf-1", LATER)
    version = rma.version
    with pytest.raises(OverRefund) as refused:
        rma.record_refund(usd("10.01"), "rf-2", LATER)
    assert "at most 10.00 USD" in str(refused.value)
    assert (version, usd("20.00")) == (rma.version, rma.refunded)


def test_a_closed_return_still_counts_its_refund_paid_back() -> None:
    rma = resolved()
    rma.close(LATER)
    rma.record_refund(usd("40.00"), "rf-1", LATER)
    assert usd("0.00") == rma.refund_left()


def test_a_return_not_yet_resolved_pays_nothing_back() -> None:
    rma = inspected(2)
    with pytest.raises(ValidationError, match="is inspected"):
        rma.record_refund(usd("1.00"), "rf-1", LATER)


def test_replay_rebuilds_the_refund_paid_back() -> None:
    rma = resolved()
    rma.record_refund(usd("15.00"), "rf-1", LATER)
    history = list(rma.events)
    assert rma == ReturnAuthorization.replay(history)
