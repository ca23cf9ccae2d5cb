"""Small builders shared by the order tests."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from ordercore.domain.orders import (
    Address,
    Discount,
    LineId,
    LineQuantity,
    Order,
    ShippingCharge,
    TaxLine,
)
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Money
from ordercore.testing.strategies_orders import ANCHOR

NOW = ANCHOR

HOME = Address(
    name="Ada Lovelace", line1="1 Main Street", city="Berlin", postal_code="10115", country="DE"
)
OFFICE = Address(
    name="Ada Lovelace", line1="9 Work Road", city="Hamburg", postal_code="20095", country="DE"
)


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def draft(**overrides: Any) -> Order:
    fields: dict[str, Any] = {
        "order_id": "order-1",
        "number": "1001",
        "customer_id": "cust-1",
        "currency": "EUR",
        "ship_to": HOME,
        "now": NOW,
    }
    fields.update(overrides)
    return Order.draft(**fields)


def clock_and_vase(*, placed: bool = True, **overrides: Any) -> Order:
    """3 RETRO-CLOCK at 20.00 (VAT 11.40) and 1 BLUE-VASE at 35.00; 5.00 off; 4.90 shipping."""
    order = draft(
        discounts=[Discount(code_or_reason="WELCOME", amount=eur("5.00"))],
        shipping=[ShippingCharge(method="DHL", amount=eur("4.90"))],
        **overrides,
    )
    order.add_line(
        "RETRO-CLOCK",
        3,
        eur("20.00"),
        NOW,
        tax_lines=[TaxLine(name="VAT", rate=Decimal("0.19"), amount=eur("11.40"))],
    )
    order.add_line("BLUE-VASE", 1, eur("35.00"), NOW)
    if placed:
        order.place(NOW)
    order.pull_events()
    return order


def snapshot(order: Order) -> tuple[Order, list[Any]]:
    """A deep copy of the order and of its pending events, to compare after a refused command."""
    return copy.deepcopy(order), list(order.events)


def unchanged(order: Order, before: tuple[Order, list[Any]]) -> bool:
    return before[0] == order and before[1] == order.events and before[0].version == order.version


def units(line: str, sku: str, quantity: int) -> tuple[LineQuantity, ...]:
    """Units of one line, as edit and cancellation results list them."""
    return (LineQuantity(line_id=LineId(line), sku=Sku(sku), quantity=quantity),)
