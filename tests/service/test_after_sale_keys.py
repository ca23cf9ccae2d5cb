"""The after-sale commands run once per idempotency key, like every Engine command."""

from collections.abc import Callable
from typing import Any

import pytest

from ordercore.domain.orders import Address, InvoicingPolicy
from ordercore.domain.returns import Condition, Disposition, DispositionKind, Grade
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, eur, shop

OFFICE = Address(name="Ada", line1="9 Dock Rd", city="Hamburg", postal_code="20457", country="DE")


def delivered() -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order(clocks=3, policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("130.00"), "auth-1")
    engine.record_capture("order-1", eur("130.00"), "cap-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 3)
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    engine.place_order(an_order("order-2"))  # invoiced on shipment, allocated, not shipped
    engine.allocate_order("order-2")
    return engine, store


def inspected(engine: Engine) -> str:
    rma = engine.request_return("order-1", CLOCK_LINE, 1)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, CLOCK_LINE, 1, "WH-EAST", condition=Condition.SEALED)
    engine.inspect_return_line(
        rma, CLOCK_LINE, 1, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    return rma


COMMANDS: dict[str, Callable[[Engine, str], Any]] = {
    "change_line_quantity": lambda e, key: e.change_line_quantity(
        "order-2", VASE_LINE, 1, idempotency_key=key
    ),
    "add_order_line": lambda e, key: e.add_order_line(
        "order-2", "BLUE-VASE", 1, eur("35.00"), idempotency_key=key
    ),
    "remove_order_line": lambda e, key: e.remove_order_line(
        "order-2", VASE_LINE, idempotency_key=key
    ),
    "change_ship_to": lambda e, key: e.change_ship_to("order-2", OFFICE, idempotency_key=key),
    "exchange_return": lambda e, key: e.exchange_return(
        inspected(e) if key == "first" else "RMA-000001",
        {CLOCK_LINE: "BLUE-VASE"},
        idempotency_key="exchange",
    ),
    "grant_store_credit": lambda e, key: e.grant_store_credit(
        "cust-1", eur("5.00"), "goodwill", idempotency_key=key
    ),
    "record_refund": lambda e, key: e.record_refund(
        "order-1", eur("1.00"), "rf-1", idempotency_key=key
    ),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_after_sale_command_sent_again_with_its_key_returns_its_first_result(name: str) -> None:
    engine, store = delivered()
    first = COMMANDS[name](engine, "first")
    before = store.snapshot()
    assert first == COMMANDS[name](engine, "first" if name != "exchange_return" else "again")
    assert before == store.snapshot()
