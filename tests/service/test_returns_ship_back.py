import pytest

from ordercore.domain.returns import Condition, RmaStatus
from ordercore.errors import InvalidTransition, ValidationError, WrongType
from tests.service.helpers import CLOCK_LINE, ledger
from tests.service.test_returns_rma import delivered_two_clocks, rma_in


def test_an_authorized_return_shipped_back_is_in_transit_with_its_carrier_and_tracking() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma_id)
    engine.ship_back_return(rma_id, "DHL", tracking=["JD0001", "JD0002"])
    rma = rma_in(store, rma_id)
    assert (RmaStatus.IN_TRANSIT, "DHL", ("JD0001", "JD0002")) == (
        rma.status,
        rma.carrier,
        rma.tracking,
    )
    assert {"delivered": 1, "return_requested": 1, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_a_return_in_transit_is_received_as_before() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma_id)
    engine.ship_back_return(rma_id, "DHL")
    engine.receive_return_line(rma_id, CLOCK_LINE, 1, "WH-WEST", condition=Condition.SEALED)
    assert RmaStatus.RECEIVED == rma_in(store, rma_id).status


def test_a_return_not_yet_authorized_cannot_be_shipped_back_and_nothing_changes() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    before = store.snapshot()
    with pytest.raises(InvalidTransition) as refused:
        engine.ship_back_return(rma_id, "DHL", tracking=["JD0001"])
    assert "'ship_back' while 'requested'" in str(refused.value)
    assert before == store.snapshot()


def test_tracking_given_as_one_string_is_refused_by_name_and_nothing_changes() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma_id)
    before = store.snapshot()
    with pytest.raises(WrongType) as refused:
        engine.ship_back_return(rma_id, "DHL", tracking="JD0001")
    assert ("tracking", "JD0001") == (refused.value.field, refused.value.value)
    assert before == store.snapshot()


def test_a_return_shipped_back_without_a_carrier_is_refused_and_nothing_changes() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma_id)
    before = store.snapshot()
    with pytest.raises(ValidationError) as refused:
        engine.ship_back_return(rma_id, "", tracking=["JD0001"])
    assert "carrier" == refused.value.field
    assert before == store.snapshot()


def test_a_keyed_repeat_of_a_ship_back_changes_nothing() -> None:
    engine, store, _ = delivered_two_clocks()
    rma_id = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma_id)
    engine.ship_back_return(rma_id, "DHL", tracking=["JD0001"], idempotency_key="sb-1")
    before = store.snapshot()
    engine.ship_back_return(rma_id, "DHL", tracking=["JD0001"], idempotency_key="sb-1")
    assert before == store.snapshot()
