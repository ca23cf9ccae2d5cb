import tests.service._shim_edit  # noqa
import pytest

from ordercore.domain.billing import InsufficientStoreCredit, RefundExceedsCaptured
from ordercore.domain.returns import Condition, OverRefund
from ordercore.errors import NotFound
from tests.service.helpers import CLOCK_LINE, an_order, eur, payment_in, shop
from ordercore.domain.orders import InvoicingPolicy
from ordercore.domain.returns import Disposition, DispositionKind, Grade, ReturnReason
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored


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
