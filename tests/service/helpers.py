"""A small shop for the service tests: a memory store with stock, a fixed clock, orders."""

from __future__ import annotations

import pendulum

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, LineId, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine

T = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
LOCATIONS = {"WH-EAST": Location("WH-EAST", priority=1), "WH-WEST": Location("WH-WEST", priority=2)}
CLOCK_LINE, VASE_LINE = "line-1", "line-2"


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def shop(clocks: int = 5, vases: int = 1) -> tuple[Engine, MemoryStore, FixedClock]:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        clock_stock = StockItem("RETRO-CLOCK")
        if clocks:
            clock_stock.receive("WH-EAST", clocks, T)
        vase_stock = StockItem("BLUE-VASE")
        if vases:
            vase_stock.receive("WH-WEST", vases, T)
        uow.stock.add(clock_stock)
        uow.stock.add(vase_stock)
        uow.commit()
    clock = FixedClock(T)
    return Engine(store, clock, LOCATIONS), store, clock


def an_order(
    order_id: str = "order-1",
    clocks: int = 2,
    vases: int = 2,
    *,
    policy: InvoicingPolicy = InvoicingPolicy.ON_SHIPMENT,
    priority: int = 100,
    promised_ship_by: pendulum.Date | None = None,
) -> Order:
    order = Order.draft(
        order_id=order_id,
        number=order_id.upper(),
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=policy,
        priority=priority,
        promised_ship_by=promised_ship_by,
    )
    if clocks:
        order.add_line("RETRO-CLOCK", clocks, eur("20.00"), T)
    if vases:
        order.add_line("BLUE-VASE", vases, eur("35.00"), T)
    return order


def order_in(store: MemoryStore, order_id: str = "order-1") -> Order:
    found = store.read("orders", order_id)
    assert isinstance(found, Order)
    return found


def stock_in(store: MemoryStore, sku: str) -> StockItem:
    found = store.read("stock", sku)
    assert isinstance(found, StockItem)
    return found


def payment_in(store: MemoryStore, payment_id: str = "order-1/payment-1") -> Payment:
    found = store.read("payments", payment_id)
    assert isinstance(found, Payment)
    return found


def invoice_in(store: MemoryStore, invoice_id: str = "order-1/invoice-1") -> Invoice:
    found = store.read("invoices", invoice_id)
    assert isinstance(found, Invoice)
    return found


def ledger(store: MemoryStore, line_id: str, order_id: str = "order-1") -> dict[str, int]:
    counts = order_in(store, order_id).lines[LineId(line_id)].ledger
    named = {str(bucket): units for bucket, units in counts.buckets().items()}
    named.update(invoiced=counts.invoiced, credited=counts.credited)
    return {name: units for name, units in named.items() if units}
