import pytest

from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, LineId, Order
from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    ReturnAuthorization,
    ReturnReason,
    RmaStatus,
)
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import InvalidTransition
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import LOCATIONS, T, eur, order_in, stock_in

HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")


def tee_shop() -> tuple[Engine, MemoryStore]:
    """Three T-shirts in M and three in L at WH-EAST; one M ordered, paid, shipped, delivered."""
    store = MemoryStore()
    with store.unit_of_work() as uow:
        for sku in ("TEE-M", "TEE-L"):
            item = StockItem(sku)
            item.receive("WH-EAST", 3, T)
            uow.stock.add(item)
        uow.commit()
    engine = Engine(store, FixedClock(T), LOCATIONS)
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
    )
    order.add_line("TEE-M", 1, eur("25.00"), T)
    engine.place_order(order)
    engine.record_authorization("order-1", eur("25.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("25.00"), "gw-cap-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", "line-1", 1)
    (shipment,) = stored(store, "shipments")
    engine.deliver_shipment(shipment.id)
    return engine, store


def inspected_return(engine: Engine) -> str:
    rma = engine.request_return("order-1", "line-1", 1, reason=ReturnReason.SIZE_OR_FIT)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, "line-1", 1, "WH-EAST", condition=Condition.SEALED)
    engine.inspect_return_line(
        rma, "line-1", 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    return rma


def rma_in(store: MemoryStore, rma_id: str) -> ReturnAuthorization:
    found = store.read("returns", rma_id)
    assert isinstance(found, ReturnAuthorization)
    return found


def test_an_exchange_for_a_different_size_ships_the_new_size_and_restocks_the_old_one() -> None:
    engine, store = tee_shop()
    rma = inspected_return(engine)
    outcome = engine.exchange_return(rma, {"line-1": "TEE-L"})
    engine.confirm_order(outcome.order_id)
    engine.ship_line(outcome.order_id, outcome.lines["line-1"], 1)
    assert (3, 0) == (stock_in(store, "TEE-M").available(), stock_in(store, "TEE-M").reserved())
    assert (2, 2) == (stock_in(store, "TEE-L").available(), stock_in(store, "TEE-L").on_hand())
    replacement = order_in(store, outcome.order_id)
    assert ["TEE-L"] == [str(line.sku) for line in replacement.lines.values()]
    assert 1 == replacement.lines[LineId(outcome.lines["line-1"])].ledger.shipped


def test_an_exchange_order_is_linked_to_the_return_and_allocated_on_its_own() -> None:
    engine, store = tee_shop()
    rma = inspected_return(engine)
    outcome = engine.exchange_return(rma, {"line-1": "TEE-L"})
    returned = rma_in(store, rma)
    assert (RmaStatus.RESOLVED, outcome.order_id) == (returned.status, returned.exchange_order_id)
    assert (eur("0.00"), eur("0.00")) == (returned.refund, returned.credit)
    assert {"line-1": 1} == outcome.allocated
    replacement = order_in(store, outcome.order_id)
    assert ("cust-1", eur("0.00"), HOME) == (
        replacement.customer_id,
        replacement.total,
        replacement.ship_to,
    )
    assert 1 == stock_in(store, "TEE-L").reserved()


def test_an_exchange_before_inspection_is_refused_and_changes_nothing() -> None:
    engine, store = tee_shop()
    rma = engine.request_return("order-1", "line-1", 1, reason=ReturnReason.SIZE_OR_FIT)
    before = store.snapshot()
    with pytest.raises(InvalidTransition):
        engine.exchange_return(rma, {"line-1": "TEE-L"})
    assert before == store.snapshot()
