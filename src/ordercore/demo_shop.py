"""The demo shop behind ``python -m ordercore report``: a week of orders in a memory store.

Six orders of three customers, every step a command of the ``Engine`` on a fixed clock, so the
report reads the same on every run: some shipped on time, one late, one still waiting past its
promise, one partly backordered, one clock returned damaged, and invoices partly paid; a
perishable tea whose older lot expires soon sits in the warehouse unsold.
"""

from __future__ import annotations

import pendulum

from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.domain.returns import ReturnReason
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import NotFound
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine

__all__ = ["DEMO_NOW", "demo_shop"]

_START = pendulum.datetime(2026, 11, 23, 9, 0, tz="UTC")
DEMO_NOW = pendulum.datetime(2026, 11, 30, 17, 0, tz="UTC")
"""When the demo shop's report is taken: a week after its first order."""

_PRICES = {"RETRO-CLOCK": "20.00", "BLUE-VASE": "35.00", "TEAK-TRAY": "12.50"}
_HOME = Address(name="Ada", line1="1 Main Street", city="Berlin", postal_code="10115", country="DE")


def _order(number: str, customer: str, now: pendulum.DateTime, **lines: int) -> Order:
    order = Order.draft(
        order_id=f"order-{number}",
        number=number,
        customer_id=customer,
        currency="EUR",
        ship_to=_HOME,
        now=now,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
        promised_ship_by=now.add(days=2).date(),
    )
    for sku, quantity in lines.items():
        order.add_line(
            sku.replace("_", "-"), quantity, Money.of(_PRICES[sku.replace("_", "-")], "EUR"), now
        )
    return order


def _read(store: MemoryStore, order_id: str) -> Order:
    found = store.read("orders", order_id)
    if not isinstance(found, Order):
        raise NotFound("order", order_id)
    return found


def _place(engine: Engine, order: Order) -> None:
    engine.place_order(order)
    engine.record_authorization(order.id, order.total, f"auth-{order.number}")
    engine.confirm_order(order.id)
    engine.allocate_order(order.id)


def _ship(engine: Engine, store: MemoryStore, number: str, *, paid: str | None) -> None:
    order = _read(store, f"order-{number}")
    ready = {
        str(i): line.ledger.allocated for i, line in order.lines.items() if line.ledger.allocated
    }
    engine.ship(order.id, ready, carrier="DHL", tracking=[f"DHL-{number}"])
    amount = order.total if paid is None else Money.of(paid, "EUR")
    engine.record_capture(order.id, amount, f"cap-{number}")


def demo_shop() -> MemoryStore:
    """The demo shop's store after a week of trading (deterministic)."""
    store = MemoryStore()
    with store.unit_of_work() as uow:
        for sku, units in (("RETRO-CLOCK", 8), ("BLUE-VASE", 3), ("TEAK-TRAY", 20)):
            item = StockItem(sku)
            item.receive("WH-1", units, _START)
            uow.stock.add(item)
        tea = StockItem("GREEN-TEA")  # perishable, not sold this week: one lot about to expire
        tea.receive("WH-1", 6, _START, lot=Lot("TEA-2611", expires_on=pendulum.date(2026, 12, 10)))
        tea.receive("WH-1", 24, _START, lot=Lot("TEA-2703", expires_on=pendulum.date(2027, 3, 1)))
        uow.stock.add(tea)
        uow.commit()
    clock = FixedClock(_START)
    engine = Engine(store, clock, {"WH-1": Location("WH-1", priority=1)}, timezone="UTC")
    plan = (
        ("1001", "cust-ada", {"RETRO_CLOCK": 2, "TEAK_TRAY": 4}, 1, True),
        ("1002", "cust-bob", {"BLUE_VASE": 2, "TEAK_TRAY": 2}, 1, True),
        ("1003", "cust-ada", {"RETRO_CLOCK": 3}, 4, True),
        ("1004", "cust-cy", {"BLUE_VASE": 2, "TEAK_TRAY": 6}, 1, True),
        ("1005", "cust-bob", {"RETRO_CLOCK": 1, "TEAK_TRAY": 1}, 0, False),
        ("1006", "cust-cy", {"TEAK_TRAY": 3}, 0, False),
    )
    for today in range(7):
        clock.set(_START.add(days=today))
        for day, (number, customer, lines, ship_after, ships) in enumerate(plan):
            if day == today:
                _place(engine, _order(number, customer, clock.now(), **lines))
            if ships and day + ship_after == today:
                _ship(engine, store, number, paid="50.00" if number == "1002" else None)
    clock.set(DEMO_NOW.subtract(hours=1))
    first = _read(store, "order-1001")
    clock_line = next(str(i) for i, line in first.lines.items() if line.sku == "RETRO-CLOCK")
    engine.deliver_line("order-1001", clock_line, 2)
    engine.request_return("order-1001", clock_line, 1, reason=ReturnReason.DAMAGED)
    return store
