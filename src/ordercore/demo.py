"""The scripted walk-through behind ``python -m ordercore demo``: it returns lines, never prints.

One order goes through the article's process, every step a command of the ``Engine``: placed on
a storefront and invoiced, paid (authorised, then captured as it ships), received by the
warehouse (stock allocated across two locations and reserved, one vase backordered), picked,
packed and shipped (in one step, then as a shipment: picked, packed in a parcel, shipped with
tracking), the backorder filled when stock arrives, delivered, and one unit returned
(credit note and refund). It runs on any store the host gives it (the in-memory store by
default; ``python -m ordercore_sqlite demo``, which ``bash scripts/demo`` runs, gives it the
embedded SQLite store) with a fixed clock, so the story is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pendulum

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.fulfilment import Dimensions, Parcel, Shipment
from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import Address, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.ids import SeededIds
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.ports.unit_of_work import Store
from ordercore.service import Engine

__all__ = ["run_demo"]

T = TypeVar("T")

_START = pendulum.datetime(2026, 11, 26, 9, 0, tz="Europe/Berlin")


def _eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def _stock(store: Store) -> None:
    clocks = StockItem("RETRO-CLOCK")
    clocks.receive("WH-EAST", 2, _START, lot=Lot("L-07", pendulum.date(2027, 3, 1), _START))
    clocks.receive("WH-WEST", 10, _START)
    vases = StockItem("BLUE-VASE")
    vases.receive("WH-WEST", 1, _START)
    with store.unit_of_work() as uow:
        uow.repository("stock").add(clocks)
        uow.repository("stock").add(vases)
        uow.commit()


def run_demo(*, seed: int = 7, store: Store | None = None) -> Iterator[str]:
    """Narrate one order through ordercore, line by line (deterministic for a given ``seed``).

    ``store`` is where it keeps everything: an empty store with the Engine's collections (a
    new :class:`~ordercore.memory.MemoryStore` when ``None``).
    """
    ids = SeededIds(seed)
    clock = FixedClock(_START)
    store = MemoryStore() if store is None else store
    locations = {"WH-EAST": Location("WH-EAST", priority=1), "WH-WEST": Location("WH-WEST", 2)}
    engine = Engine(store, clock, locations, timezone="Europe/Berlin")
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
    invoice_id = engine.place_order(order)
    yield f"1. placed order 1001: 3 x RETRO-CLOCK @ 20.00, 2 x BLUE-VASE @ 35.00 = {order.total}"
    yield f"   paid on placement, so invoiced at once: {_invoice(store, invoice_id)}"

    clock.advance(minutes=1)
    engine.record_authorization(order_id, order.total, "gw-auth-1")
    engine.confirm_order(order_id)
    yield f"2. payment authorised: {_payment(store, order_id).authorized}; order confirmed"

    clock.advance(minutes=5)
    applied = engine.allocate_order(order_id)
    yield "3. the warehouse receives it; allocation says:"
    for line in applied.plan.lines:
        for pick in line.picks:
            yield f"   {line.sku}: {pick.quantity} from {pick.reason}"
        if line.backordered:
            yield f"   {line.sku}: {line.backordered} backordered ({line.reason})"

    clock.advance(hours=2)
    engine.ship(order_id, {clock_line: 3, vase_line: 1}, carrier="DHL", tracking=["JD0001"])
    engine.record_capture(order_id, _eur("95.00"), "gw-capture-1")
    shipped: Order = _read(store, "orders", order_id, Order)
    yield (
        f"4. picked, packed, shipped 3 clocks and 1 vase in one step, a shipment per warehouse "
        f"({shipped.fulfilment_status.value}); captured 95.00 EUR for them: "
        f"{_invoice(store, invoice_id)}"
    )

    clock.advance(days=1)
    filled = engine.receive_stock("BLUE-VASE", "WH-EAST", 4, order_ids=[order_id])
    yield f"5. 4 vases arrive at WH-EAST; the backorder takes {filled.units} of them"
    yield from _ship_step_by_step(engine, store, order_id, vase_line)
    engine.record_capture(order_id, _eur("35.00"), "gw-capture-2")
    done: Order = _read(store, "orders", order_id, Order)
    yield f"   shipped the second vase: order {done.status.value}; {_invoice(store, invoice_id)}"

    clock.advance(days=2)
    engine.deliver_line(order_id, clock_line, 3)
    rma = engine.request_return(order_id, clock_line, 1)
    returned = engine.receive_return(order_id, clock_line, 1, "WH-WEST", reference=rma)
    engine.record_refund(order_id, returned.refund, "gw-refund-1")
    note = returned.credit_notes[0].note.number
    yield (
        f"6. delivered; one clock comes back under {rma}: credit note {note} for "
        f"{returned.credited}, refunded {returned.refund}"
    )
    stock: StockItem = _read(store, "stock", "RETRO-CLOCK", StockItem)
    yield f"7. RETRO-CLOCK stock now: on hand {stock.on_hand()}, reserved {stock.reserved()}"
    yield f"   best sellers: {engine.best_sellers([done])}"
    yield f"8. the outbox holds {len(store.pending(1000))} events for the host to deliver"


def _ship_step_by_step(engine: Engine, store: Store, order_id: str, line_id: str) -> Iterator[str]:
    """One unit of a line as a shipment: opened, picked, packed in a parcel, shipped."""
    shipment_id = engine.open_shipment(order_id, {line_id: 1}, "WH-EAST")
    engine.pick(shipment_id, line_id, 1)
    engine.pack(shipment_id, [Parcel(1800, Dimensions(300, 200, 200), label="BOX-0042")])
    engine.ship_shipment(shipment_id, "DHL", ["JD0002"], service="express")
    sent: Shipment = _read(store, "shipments", shipment_id, Shipment)
    yield (
        f"   shipment {sent.id}: picked at {sent.ship_from}, packed in 1 parcel of "
        f"{sent.parcels[0].weight_grams} g, {sent.status.value} with {sent.carrier} "
        f"{sent.service}, tracking {', '.join(sent.tracking)}"
    )


def _read(store: Store, collection: str, key: str, kind: type[T]) -> T:
    with store.unit_of_work() as uow:
        found = uow.repository(collection).get(key)
    if not isinstance(found, kind):
        raise TypeError(f"{collection} {key!r} is not a {kind.__name__}")
    return found


def _invoice(store: Store, invoice_id: str | None) -> str:
    invoice: Invoice = _read(store, "invoices", str(invoice_id), Invoice)
    return (
        f"invoice {invoice.number} of {invoice.total}, {invoice.status.value}, "
        f"balance {invoice.balance}"
    )


def _payment(store: Store, order_id: str) -> Payment:
    payment: Payment = _read(store, "payments", f"{order_id}/payment-1", Payment)
    return payment
