"""The scripted walk-through behind ``python -m ordercore demo``: it returns lines, never prints.

One order goes through the article's process: placed on a storefront, paid (authorised, then
captured), received by the warehouse (stock allocated across two locations and reserved), picked,
packed and shipped, invoiced, delivered. Everything runs on the in-memory store with a fixed
clock, so the story is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pendulum

from ordercore.domain.billing import DocumentLine, Invoice, Payment
from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import Address, Bucket, LineId, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.ids import SeededIds
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine

__all__ = ["run_demo"]

_START = pendulum.datetime(2026, 11, 26, 9, 0, tz="Europe/Berlin")


def _eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def _stock(store: MemoryStore) -> None:
    clocks = StockItem("RETRO-CLOCK")
    clocks.receive("WH-EAST", 2, _START, lot=Lot("L-07", pendulum.date(2027, 3, 1), _START))
    clocks.receive("WH-WEST", 10, _START)
    vases = StockItem("BLUE-VASE")
    vases.receive("WH-WEST", 1, _START)
    with store.unit_of_work() as uow:
        uow.stock.add(clocks)
        uow.stock.add(vases)
        uow.commit()


def run_demo(*, seed: int = 7) -> Iterator[str]:
    """Narrate one order through ordercore, line by line (deterministic for a given ``seed``)."""
    ids = SeededIds(seed)
    clock = FixedClock(_START)
    store = MemoryStore()
    locations = {"WH-EAST": Location("WH-EAST", priority=1), "WH-WEST": Location("WH-WEST", 2)}
    engine = Engine(store, clock, locations)
    _stock(store)
    yield f"ordercore demo (seed {seed}) - {_START.isoformat()}"
    yield "stock: RETRO-CLOCK 2 at WH-EAST (lot L-07) + 10 at WH-WEST; BLUE-VASE 1 at WH-WEST"

    order_id = ids.new_id("order")
    ship_to = Address(
        name="Ada Lovelace", line1="1 Main Street", city="Berlin", postal_code="10115", country="DE"
    )
    order = Order.draft(
        order_id=order_id, number="1001", customer_id="cust-ada", currency="EUR",
        ship_to=ship_to, now=clock.now(),
    )  # fmt: skip
    clock_line = str(order.add_line("RETRO-CLOCK", 3, _eur("20.00"), clock.now()).line_id)
    vase_line = str(order.add_line("BLUE-VASE", 2, _eur("35.00"), clock.now()).line_id)
    engine.place_order(order)
    yield f"1. placed order 1001: 3 x RETRO-CLOCK @ 20.00, 2 x BLUE-VASE @ 35.00 = {order.total}"

    clock.advance(minutes=1)
    payment = Payment.start(ids.new_id("payment"), order_id, "card", "EUR")
    payment.authorize(order.total, "gw-auth-1", clock.now())
    engine.confirm_order(order_id)
    yield f"2. payment authorised: {payment.authorized}; order confirmed, ready to fulfil"

    clock.advance(minutes=5)
    applied = engine.allocate_order(order_id)
    yield "3. the warehouse receives it; allocation says:"
    for line in applied.plan.lines:
        for pick in line.picks:
            yield f"   {line.sku}: {pick.quantity} from {pick.reason}"
        if line.backordered:
            yield f"   {line.sku}: {line.backordered} backordered ({line.reason})"

    clock.advance(hours=2)
    engine.ship_line(order_id, clock_line, 3)
    engine.ship_line(order_id, vase_line, 1)
    with store.unit_of_work() as uow:
        shipped: Order = uow.orders.get(order_id)
        stock: StockItem = uow.stock.get("RETRO-CLOCK")
    yield (
        f"4. picked, packed, shipped 3 clocks and 1 vase; fulfilment is now "
        f"{shipped.fulfilment_status.value}"
    )

    invoice = Invoice.from_lines(
        ids.new_id("invoice"),
        [
            DocumentLine("RETRO-CLOCK", 3, _eur("20.00")),
            DocumentLine("BLUE-VASE", 1, _eur("35.00")),
        ],
        at=clock.now(),
        order_id=order_id,
    )
    invoice.issue("INV-0001", clock.now(), "due on receipt", "Europe/Berlin")
    captured = invoice.total
    payment.capture(captured, "gw-capture-1", clock.now())
    invoice.apply_payment("gw-capture-1", captured, clock.now())
    yield (
        f"5. invoiced what shipped: INV-0001 for {invoice.total}; captured {payment.captured}, "
        f"invoice {invoice.status.value}, {payment.capturable} of the authorisation left open"
    )
    ledger = shipped.lines[LineId(vase_line)].ledger
    yield (
        f"6. BLUE-VASE buckets: {ledger[Bucket.SHIPPED]} shipped, "
        f"{ledger[Bucket.BACKORDERED]} backordered, of {ledger.ordered} ordered"
    )
    yield f"7. RETRO-CLOCK stock now: on hand {stock.on_hand()}, reserved {stock.reserved()}"
    yield f"8. the outbox holds {len(store.pending())} events for the host to deliver"
