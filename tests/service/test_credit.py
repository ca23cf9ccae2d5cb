import pytest

from ordercore.domain.billing import InsufficientStoreCredit, RefundExceedsCaptured, RefundPriority
from ordercore.domain.orders import InvoicingPolicy
from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    OverRefund,
    ReturnReason,
)
from ordercore.errors import NotFound
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, eur, payment_in, shop


def delivered_and_paid_by_two_payments() -> tuple[Engine, MemoryStore]:
    """Two clocks (40.00) and two vases (70.00): a gift card paid 30.00, a card 80.00."""
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("30.00"), "gc-1", method="gift_card")
    engine.record_capture("order-1", eur("30.00"), "gc-1-cap")
    engine.record_authorization("order-1", eur("80.00"), "card-1", payment=2)
    engine.record_capture("order-1", eur("80.00"), "card-1-cap", payment=2)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    (shipment,) = stored(store, "shipments")
    engine.deliver_shipment(shipment.id)
    return engine, store


def resolved_return(engine: Engine) -> str:
    rma = engine.request_return("order-1", CLOCK_LINE, 1, reason=ReturnReason.SIZE_OR_FIT)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST", condition=Condition.SEALED)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    engine.resolve_return(rma)
    return rma


def test_a_refund_plan_goes_back_to_the_newest_capture_first() -> None:
    engine, _ = delivered_and_paid_by_two_payments()
    plan = engine.refund_plan("order-1", eur("90.00"))
    assert [("order-1/payment-2", eur("80.00")), ("order-1/payment-1", eur("10.00"))] == [
        (p.payment_id, p.amount) for p in plan
    ]


def test_a_refund_plan_may_put_the_gift_card_first() -> None:
    engine, _ = delivered_and_paid_by_two_payments()
    plan = engine.refund_plan("order-1", eur("40.00"), refund_to=("gift_card",))
    assert [("order-1/payment-1", eur("30.00")), ("order-1/payment-2", eur("10.00"))] == [
        (p.payment_id, p.amount) for p in plan
    ]


def test_a_refund_plan_never_exceeds_what_was_captured() -> None:
    engine, _ = delivered_and_paid_by_two_payments()
    with pytest.raises(RefundExceedsCaptured):
        engine.refund_plan("order-1", eur("110.01"))


def test_a_return_refund_is_bounded_by_the_returned_units_share() -> None:
    engine, store = delivered_and_paid_by_two_payments()
    rma = resolved_return(engine)
    before = store.snapshot()
    with pytest.raises(OverRefund):
        engine.record_refund("order-1", eur("40.00"), "rf-1", payment=2, rma_id=rma)
    assert before == store.snapshot()
    engine.record_refund("order-1", eur("20.00"), "rf-1", payment=2, rma_id=rma)
    engine.record_refund("order-1", eur("20.00"), "rf-1", payment=2, rma_id=rma)  # a repeat
    assert eur("20.00") == payment_in(store, "order-1/payment-2").refunded
    with pytest.raises(OverRefund):
        engine.record_refund("order-1", eur("0.01"), "rf-2", payment=2, rma_id=rma)


def test_store_credit_is_granted_redeemed_and_never_overdrawn() -> None:
    engine, store, _ = shop()
    assert eur("0.00") == engine.store_credit_balance("cust-1", "EUR")
    engine.grant_store_credit("cust-1", eur("25.00"), "goodwill")
    assert eur("15.00") == engine.redeem_store_credit("cust-1", eur("10.00"), "order-9")
    before = store.snapshot()
    with pytest.raises(InsufficientStoreCredit):
        engine.redeem_store_credit("cust-1", eur("15.01"), "order-10")
    assert before == store.snapshot()
    names = [m.event.name for m in store.snapshot().outbox if "StoreCredit" in m.event.name]
    assert ["StoreCreditGranted", "StoreCreditRedeemed"] == names


def test_a_refund_plan_of_an_unknown_order_is_not_found() -> None:
    engine, _, _ = shop()
    with pytest.raises(NotFound):
        engine.refund_plan("order-404", eur("1.00"))


def inspected_return(engine: Engine) -> str:
    rma = engine.request_return("order-1", CLOCK_LINE, 1, reason=ReturnReason.SIZE_OR_FIT)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST", condition=Condition.SEALED)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    return rma


def test_a_return_resolved_with_store_credit_grants_it_to_the_customer() -> None:
    engine, _ = delivered_and_paid_by_two_payments()
    rma = inspected_return(engine)
    outcome = engine.resolve_return(rma, refund=eur("0.00"), credit=eur("20.00"))
    assert (eur("0.00"), ()) == (outcome.refund, outcome.refunds)
    assert eur("20.00") == engine.store_credit_balance("cust-1", "EUR")


def test_a_mix_of_refund_and_credit_is_paid_out_both_ways_within_the_share() -> None:
    engine, store = delivered_and_paid_by_two_payments()
    rma = inspected_return(engine)
    before = store.snapshot()
    with pytest.raises(OverRefund):
        engine.resolve_return(rma, refund=eur("12.00"), credit=eur("8.01"))
    assert before == store.snapshot()
    outcome = engine.resolve_return(rma, refund=eur("12.00"), credit=eur("8.00"))
    assert [("order-1/payment-2", eur("12.00"))] == [
        (p.payment_id, p.amount) for p in outcome.refunds
    ]
    assert eur("8.00") == engine.store_credit_balance("cust-1", "EUR")


def test_a_resolved_return_says_which_payments_the_refund_goes_back_to() -> None:
    engine, _ = delivered_and_paid_by_two_payments()
    engine.refund_priority = RefundPriority(methods=("gift_card",))
    rma = inspected_return(engine)
    outcome = engine.resolve_return(rma)
    assert [("order-1/payment-1", eur("20.00"))] == [
        (p.payment_id, p.amount) for p in outcome.refunds
    ]


def test_one_return_over_two_lines_is_refunded_once_for_both() -> None:
    engine, store = delivered_and_paid_by_two_payments()
    engine.ship_line("order-1", VASE_LINE, 2)
    for shipment in stored(store, "shipments"):
        if shipment.delivered_at is None:
            engine.deliver_shipment(shipment.id)
    rma = engine.request_returns("order-1", {CLOCK_LINE: 1, VASE_LINE: 1})
    engine.authorize_return(rma)
    for line in (CLOCK_LINE, VASE_LINE):
        engine.receive_return_line(rma, line, 1, "WH-EAST", condition=Condition.SEALED)
        engine.inspect_return_line(
            rma, line, 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-EAST")
        )
    outcome = engine.resolve_return(rma)
    assert (eur("55.00"), (rma,)) == (outcome.refund, outcome.returns)
    assert [("order-1/payment-2", eur("55.00"))] == [
        (p.payment_id, p.amount) for p in outcome.refunds
    ]
