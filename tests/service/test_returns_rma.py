import pendulum
import pytest

from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    ReturnAuthorization,
    ReturnReason,
    ReturnWindow,
    RmaStatus,
)
from ordercore.errors import OutsideReturnWindow, OverRefund, UnknownLocation
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import (
    CLOCK_LINE,
    T,
    an_order,
    eur,
    invoice_in,
    ledger,
    shop,
    stock_in,
)


def rma_in(store: MemoryStore, rma_id: str) -> ReturnAuthorization:
    with store.unit_of_work() as uow:
        found: ReturnAuthorization = uow.repository("returns").get(rma_id)
        return found


def delivered_two_clocks(*, transit_days: int = 0) -> tuple[Engine, MemoryStore, FixedClock]:
    """Two clocks shipped at T, paid (40.00), delivered ``transit_days`` later by the carrier."""
    engine, store, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.record_capture("order-1", eur("40.00"), "gw-cap-1")
    (shipment,) = stored(store, "shipments")
    clock.advance(days=transit_days)
    engine.deliver_shipment(shipment.id)
    return engine, store, clock


def received_one_clock() -> tuple[Engine, MemoryStore, str]:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 1, reason=ReturnReason.SIZE_OR_FIT)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-WEST", condition=Condition.SEALED)
    return engine, store, rma


def test_a_return_is_an_rma_stored_with_its_line_reason_and_channel() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return(
        "order-1", CLOCK_LINE, 1, reason=ReturnReason.DAMAGED, channel="shopify", note="cracked"
    )
    rma = rma_in(store, rma_id)
    assert ("order-1", "shopify", RmaStatus.REQUESTED) == (rma.order_id, rma.channel, rma.status)
    assert (1, ReturnReason.DAMAGED, "cracked") == (
        rma.line(CLOCK_LINE).units,
        rma.line(CLOCK_LINE).reason,
        rma.line(CLOCK_LINE).note,
    )
    assert {"delivered": 1, "return_requested": 1, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_a_return_requested_one_day_after_the_window_closes_is_refused_with_both_dates() -> None:
    engine, store, clock = delivered_two_clocks(transit_days=2)
    clock.set(T.add(days=2 + 30 + 1))
    before = store.snapshot()
    with pytest.raises(OutsideReturnWindow) as late:
        engine.request_return("order-1", CLOCK_LINE, 1)
    assert (T.add(days=33).isoformat(), T.add(days=32).isoformat()) == (
        late.value.requested_at,
        late.value.closes_at,
    )
    assert T.add(days=2).isoformat() == late.value.delivered_at
    assert before == store.snapshot()


def test_the_window_counts_from_the_carriers_delivery_not_from_shipping() -> None:
    engine, store, clock = delivered_two_clocks(transit_days=2)
    clock.set(T.add(days=31))  # 31 days after shipping, 29 after delivery
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    assert RmaStatus.REQUESTED == rma_in(store, rma).status


def test_a_channel_with_a_longer_window_accepts_a_later_return() -> None:
    engine, store, clock = delivered_two_clocks()
    engine.return_window = ReturnWindow(30, per_channel={"amazon": 60})
    clock.set(T.add(days=45))
    rma = engine.request_return("order-1", CLOCK_LINE, 1, channel="amazon")
    assert "amazon" == rma_in(store, rma).channel


def test_one_unit_worth_20_never_refunds_40_and_the_refusal_changes_nothing() -> None:
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-WEST")
    )
    before = store.snapshot()
    with pytest.raises(OverRefund, match=r"at most 20\.00"):
        engine.resolve_return(rma, refund=eur("40.00"))
    assert before == store.snapshot()


def test_resolving_a_return_credits_its_units_and_refunds_what_was_paid_for_them() -> None:
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-WEST")
    )
    outcome = engine.resolve_return(rma)
    assert (eur("20.00"), eur("20.00"), (rma,)) == (
        outcome.credited,
        outcome.refund,
        outcome.returns,
    )
    assert eur("20.00") == invoice_in(store).amount_credited
    assert 1 == ledger(store, CLOCK_LINE)["credited"]
    engine.close_return(rma)
    assert RmaStatus.CLOSED == rma_in(store, rma).status


def test_a_partial_refund_with_store_credit_stays_within_the_share() -> None:
    engine, store, rma = received_one_clock()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-WEST")
    )
    outcome = engine.resolve_return(rma, refund=eur("5.00"), credit=eur("15.00"))
    assert eur("5.00") == outcome.refund
    assert eur("15.00") == rma_in(store, rma).credit


def test_restocked_units_are_available_again_at_the_right_location() -> None:
    engine, store, rma = received_one_clock()
    before = stock_in(store, "RETRO-CLOCK")
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-WEST")
    )
    after = stock_in(store, "RETRO-CLOCK")
    assert (before.available("WH-WEST") + 1, before.available("WH-EAST")) == (
        after.available("WH-WEST"),
        after.available("WH-EAST"),
    )


def test_a_scrapped_unit_never_becomes_available() -> None:
    engine, store, rma = received_one_clock()
    before = stock_in(store, "RETRO-CLOCK")
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DAMAGED, Disposition(DispositionKind.SCRAP)
    )
    engine.resolve_return(rma)
    after = stock_in(store, "RETRO-CLOCK")
    assert (before.available(), before.on_hand()) == (after.available(), after.on_hand())
    assert RmaStatus.RESOLVED == rma_in(store, rma).status


def test_a_quarantined_unit_never_becomes_available() -> None:
    engine, store, rma = received_one_clock()
    before = stock_in(store, "RETRO-CLOCK").available()
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.DEFECTIVE, Disposition(DispositionKind.QUARANTINE, "QC-BAY")
    )
    assert before == stock_in(store, "RETRO-CLOCK").available()


def test_a_restock_goes_only_to_a_location_the_engine_knows() -> None:
    engine, store, rma = received_one_clock()
    before = store.snapshot()
    with pytest.raises(UnknownLocation):
        engine.inspect_return_line(
            rma, CLOCK_LINE, 1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-NORTH")
        )
    assert before == store.snapshot()


def test_a_rejected_return_gives_the_units_back_to_delivered() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    engine.reject_return(rma, "worn for a month")
    assert (RmaStatus.REJECTED, "worn for a month") == (
        rma_in(store, rma).status,
        rma_in(store, rma).reject_reason,
    )
    assert {"delivered": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_units_that_never_arrive_go_back_to_delivered_when_the_inspection_ends() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST")
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    assert {CLOCK_LINE: 1} == engine.finish_return_inspection(rma)
    assert {"delivered": 1, "returned": 1, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_the_one_step_receipt_resolves_and_closes_the_return() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    outcome = engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST", reference=rma)
    assert ((rma,), eur("20.00")) == (outcome.returns, outcome.refund)
    assert RmaStatus.CLOSED == rma_in(store, rma).status


def test_the_one_step_receipt_credits_a_return_only_once_all_its_units_arrived() -> None:
    engine, store, _ = delivered_two_clocks()
    rma = engine.request_return("order-1", CLOCK_LINE, 2)
    first = engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    second = engine.receive_return("order-1", CLOCK_LINE, 1, "WH-EAST")
    assert ((), (rma,)) == (first.returns, second.returns)
    assert (eur("0.00"), eur("40.00")) == (first.refund, second.refund)
    assert 2 == ledger(store, CLOCK_LINE)["credited"]


def test_a_return_is_asked_after_delivery_at_its_own_time() -> None:
    engine, store, clock = delivered_two_clocks()
    clock.advance(days=3)
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    assert pendulum.instance(T.add(days=3)) == rma_in(store, rma).requested_at


def test_an_order_delivered_with_deliver_line_counts_its_window_from_that_delivery() -> None:
    engine, store, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order(vases=0))
    engine.record_authorization("order-1", eur("40.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    clock.advance(days=40)
    engine.deliver_line("order-1", CLOCK_LINE, 2)
    clock.advance(days=1)
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    assert RmaStatus.REQUESTED == rma_in(store, rma).status
