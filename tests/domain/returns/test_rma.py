import attrs
import pytest

from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    OutsideReturnWindow,
    OverRefund,
    OverReturn,
    ReturnableLine,
    ReturnAuthorization,
    ReturnReason,
    ReturnRequestLine,
    ReturnWindow,
    RmaStatus,
    UnknownReturnLine,
)
from ordercore.kernel.errors import InvalidTransition, ValidationError, WrongType

from .support import (
    DELIVERED,
    RESTOCK,
    SCRAP,
    SOON,
    WINDOW,
    inspected,
    order_lines,
    received,
    requested,
    usd,
)


def _ask(units: int, facts: list[ReturnableLine], when: object = SOON) -> ReturnAuthorization:
    lines = [ReturnRequestLine("line-1", units, ReturnReason.NO_LONGER_WANTED)]
    return ReturnAuthorization.request(
        "RMA-1",
        "order-1",
        "shopify",
        lines,
        facts,
        WINDOW,
        when,  # type: ignore[arg-type]
    )


def test_a_requested_return_is_tied_to_the_order_line_its_sku_shipment_and_lot() -> None:
    lines = [
        ReturnRequestLine(
            "line-1", 2, ReturnReason.WRONG_ITEM, "sent a blue one", "SHP-1", lot="LOT-A"
        )
    ]
    rma = ReturnAuthorization.request(
        "RMA-1", "order-1", "shopify", lines, order_lines(), WINDOW, SOON
    )
    line = rma.line("line-1")
    assert ("order-1", "RETRO-CLOCK", "SHP-1", "LOT-A") == (
        rma.order_id,
        line.sku,
        line.shipment_id,
        line.lot,
    )
    assert (ReturnReason.WRONG_ITEM, "sent a blue one") == (line.reason, line.note)
    assert (RmaStatus.REQUESTED, 1) == (rma.status, rma.version)
    assert ["ReturnRequested"] == [event.name for event in rma.pull_events()]


def test_a_return_requested_one_day_after_the_window_closes_is_refused_naming_both_dates() -> None:
    late = DELIVERED.add(days=31)
    with pytest.raises(OutsideReturnWindow) as refused:
        _ask(1, order_lines(), late)
    message = str(refused.value)
    assert "2026-12-03T15:00:00+00:00" in message  # requested
    assert "2026-12-02T15:00:00+00:00" in message  # closed
    assert "2026-11-02T15:00:00+00:00" in message  # delivered
    assert ("2026-12-03T15:00:00+00:00", "2026-12-02T15:00:00+00:00") == (
        refused.value.requested_at,
        refused.value.closes_at,
    )


def test_a_final_sale_sku_has_a_window_of_no_days() -> None:
    facts = [ReturnableLine("line-1", "FINAL-SALE-MUG", 1, 0, DELIVERED)]
    window = ReturnWindow(30, per_sku={"FINAL-SALE-MUG": 0})
    lines = [ReturnRequestLine("line-1", 1, ReturnReason.NO_LONGER_WANTED)]
    with pytest.raises(OutsideReturnWindow):
        ReturnAuthorization.request("RMA-1", "order-1", "shopify", lines, facts, window, DELIVERED)


def test_refuses_more_units_than_were_shipped_less_those_already_returned() -> None:
    with pytest.raises(OverReturn) as refused:
        _ask(2, order_lines(shipped=3, returned=2))
    assert (1, 2) == (refused.value.allowed, refused.value.units)
    assert "3 shipped less 2 already returned" in str(refused.value)


def test_accepts_exactly_what_is_left_to_return() -> None:
    assert 1 == _ask(1, order_lines(shipped=3, returned=2)).line("line-1").units


def test_refuses_a_line_the_order_facts_do_not_name() -> None:
    lines = [ReturnRequestLine("line-9", 1, ReturnReason.OTHER)]
    with pytest.raises(UnknownReturnLine):
        ReturnAuthorization.request(
            "RMA-1", "order-1", "shopify", lines, order_lines(), WINDOW, SOON
        )


def test_refuses_an_order_line_asked_back_twice() -> None:
    line = ReturnRequestLine("line-1", 1, ReturnReason.OTHER)
    with pytest.raises(ValidationError):
        ReturnAuthorization.request(
            "RMA-1", "order-1", "shopify", [line, line], order_lines(), WINDOW, SOON
        )


def test_refuses_a_return_of_nothing() -> None:
    with pytest.raises(ValidationError):
        ReturnAuthorization.request("RMA-1", "order-1", "shopify", [], order_lines(), WINDOW, SOON)


def test_refuses_a_reason_that_is_not_a_return_reason() -> None:
    with pytest.raises(WrongType):
        ReturnRequestLine("line-1", 1, "bored")  # type: ignore[arg-type]


def test_a_rejected_return_keeps_its_reason_and_ends() -> None:
    rma = requested()
    rma.reject("outside policy: worn", SOON)
    assert (RmaStatus.REJECTED, "outside policy: worn") == (rma.status, rma.reject_reason)
    with pytest.raises(InvalidTransition):
        rma.authorize(SOON)


def test_units_can_only_be_received_once_the_return_is_authorized() -> None:
    rma = requested()
    with pytest.raises(InvalidTransition):
        rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", SOON)


def test_receiving_records_lot_and_condition_per_line() -> None:
    rma = requested(2)
    rma.authorize(SOON)
    rma.receive("line-1", 1, Condition.OPENED, "WH-EAST", SOON, lot="LOT-B")
    rma.receive("line-1", 1, Condition.DAMAGED, "WH-EAST", SOON)
    receipts = rma.line("line-1").receipts
    assert [(1, Condition.OPENED, "LOT-B"), (1, Condition.DAMAGED, None)] == [
        (r.units, r.condition, r.lot) for r in receipts
    ]
    assert RmaStatus.RECEIVED == rma.status


def test_the_lot_named_on_the_return_line_is_the_default_lot_of_a_receipt() -> None:
    lines = [ReturnRequestLine("line-1", 1, ReturnReason.OTHER, lot="LOT-A")]
    rma = ReturnAuthorization.request(
        "RMA-1", "order-1", "shopify", lines, order_lines(), WINDOW, SOON
    )
    rma.authorize(SOON)
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", SOON)
    assert "LOT-A" == rma.line("line-1").receipts[0].lot


def test_refuses_to_receive_more_than_was_authorized() -> None:
    rma = received(2)
    with pytest.raises(OverReturn):
        rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", SOON)


def test_inspecting_the_last_unit_finishes_the_inspection() -> None:
    rma = received(2)
    rma.inspect("line-1", 1, Grade.AS_NEW, RESTOCK, SOON)
    statuses = [rma.status]
    rma.inspect("line-1", 1, Grade.DAMAGED, SCRAP, SOON)
    statuses.append(rma.status)
    assert [RmaStatus.RECEIVED, RmaStatus.INSPECTED] == statuses
    assert [DispositionKind.RESTOCK, DispositionKind.SCRAP] == [
        i.disposition.kind for i in rma.line("line-1").inspections
    ]


def test_a_damaged_unit_is_never_restocked() -> None:
    rma = received(1)
    with pytest.raises(ValidationError) as refused:
        rma.inspect("line-1", 1, Grade.DAMAGED, RESTOCK, SOON)
    assert "never restocked" in str(refused.value)
    assert 0 == rma.line("line-1").inspected


def test_a_restock_names_its_location_and_a_scrap_none() -> None:
    with pytest.raises(ValidationError):
        Disposition(DispositionKind.RESTOCK)
    with pytest.raises(ValidationError):
        Disposition(DispositionKind.SCRAP, "WH-EAST")
    assert "QUARANTINE-1" == Disposition(DispositionKind.QUARANTINE, "QUARANTINE-1").location


def test_refuses_to_inspect_units_that_have_not_arrived() -> None:
    rma = requested(2)
    rma.authorize(SOON)
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", SOON)
    with pytest.raises(OverReturn):
        rma.inspect("line-1", 2, Grade.AS_NEW, RESTOCK, SOON)


def test_finishing_the_inspection_early_says_which_units_never_arrived() -> None:
    rma = requested(2)
    rma.authorize(SOON)
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", SOON)
    rma.inspect("line-1", 1, Grade.GOOD, RESTOCK, SOON)
    assert {"line-1": 1} == rma.finish_inspection(SOON)
    assert RmaStatus.INSPECTED == rma.status


def test_the_inspection_cannot_finish_while_a_received_unit_waits() -> None:
    rma = received(2)
    rma.inspect("line-1", 1, Grade.GOOD, RESTOCK, SOON)
    with pytest.raises(InvalidTransition):
        rma.finish_inspection(SOON)


def test_resolving_records_the_refund_the_credit_the_fee_and_the_exchange() -> None:
    rma = inspected(2)
    paid_back = rma.resolve(
        usd("40.00"),
        SOON,
        refund=usd("20.00"),
        credit=usd("16.00"),
        fee=usd("4.00"),
        exchange_order_id="order-2",
    )
    assert usd("36.00") == paid_back
    assert (usd("20.00"), usd("16.00"), usd("4.00"), "order-2") == (
        rma.refund,
        rma.credit,
        rma.fee,
        rma.exchange_order_id,
    )
    rma.close(SOON)
    assert RmaStatus.CLOSED == rma.status


def test_refuses_to_pay_back_more_than_the_returned_units_share_less_the_fee() -> None:
    rma = inspected(1)
    with pytest.raises(OverRefund) as refused:
        rma.resolve(usd("20.00"), SOON, refund=usd("20.00"), fee=usd("2.00"))
    assert "18.00 USD" in str(refused.value)
    with pytest.raises(OverRefund):
        rma.resolve(usd("20.00"), SOON, refund=usd("40.00"))
    assert RmaStatus.INSPECTED == rma.status


def test_a_return_can_be_cancelled_until_something_arrives() -> None:
    rma = requested()
    rma.authorize(SOON)
    rma.cancel("customer kept it", SOON)
    assert RmaStatus.CANCELLED == rma.status
    late = received()
    with pytest.raises(InvalidTransition):
        late.cancel("too late", SOON)


def test_every_command_adds_one_version_and_one_event() -> None:
    rma = inspected(2)
    rma.resolve(usd("40.00"), SOON, refund=usd("40.00"))
    rma.close(SOON)
    names = [event.name for event in rma.pull_events()]
    assert [
        "ReturnRequested",
        "ReturnAuthorized",
        "ReturnShippedBack",
        "ReturnUnitsReceived",
        "ReturnUnitsInspected",
        "ReturnResolved",
        "ReturnClosed",
    ] == names
    assert len(names) == rma.version
    assert [] == rma.pull_events()


def test_a_request_just_before_the_window_closes_is_in_time_and_at_the_instant_it_is_not() -> None:
    closes = DELIVERED.add(days=30)
    assert 1 == _ask(1, order_lines(), closes.subtract(microseconds=1)).version
    with pytest.raises(OutsideReturnWindow):
        _ask(1, order_lines(), closes)


def test_a_refused_request_names_the_order_line_it_refused() -> None:
    with pytest.raises(OverReturn) as refused:
        _ask(4, order_lines(shipped=3))
    assert ("line-1", 3) == (refused.value.line_id, refused.value.allowed)


def test_replay_refuses_another_returns_event_naming_this_return() -> None:
    rma = requested()
    rma.authorize(DELIVERED)
    opened, authorized = rma.pull_events()
    with pytest.raises(ValidationError, match="every event is of return 'RMA-1'"):
        ReturnAuthorization.replay([opened, attrs.evolve(authorized, entity_id="RMA-2")])


def test_replay_refuses_a_return_event_that_skips_a_version() -> None:
    rma = requested()
    rma.authorize(DELIVERED)
    opened, authorized = rma.pull_events()
    with pytest.raises(ValidationError, match="versions count up by one: 2 was next"):
        ReturnAuthorization.replay([opened, attrs.evolve(authorized, version=3)])
