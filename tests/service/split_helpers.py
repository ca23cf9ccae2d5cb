"""One order of clocks and vases invoiced on shipment, split into shipments and returns.

Shared by the shipping-share and the discount tests (#16, #17): both ship an order in any
split, pay what its invoices ask, and return its units in any split, then compare the money.
"""

from __future__ import annotations

import attrs

from ordercore.domain.billing import Invoice
from ordercore.domain.orders import Discount, InvoicingPolicy, Order, ShippingCharge
from ordercore.domain.returns import Disposition, DispositionKind, Grade, RefundPolicy
from ordercore.kernel.money import Money, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, HOME, VASE_LINE, T, eur, shop

RESTOCK = Disposition(DispositionKind.RESTOCK, "WH-EAST")
LINES = (CLOCK_LINE, VASE_LINE)
CLOCK, VASE = eur("20.00"), eur("35.00")


def placed_order(
    shipping: str,
    discount: Discount | None = None,
    *,
    clocks: int = 3,
    vases: int = 0,
    clock_discount: Discount | None = None,
    shipping_tax: str | None = None,
) -> tuple[Engine, MemoryStore, Money]:
    """An order of clocks (20.00) and vases (35.00) with ``shipping``, invoiced on shipment.

    ``discount``: an order discount; ``clock_discount``: a line discount on the clocks;
    ``shipping_tax``: the tax on the shipping charge. Refunds give the shipping share back.
    """
    engine, store, _ = shop(clocks=5, vases=5)
    engine = attrs.evolve(engine, refund_policy=RefundPolicy(refund_shipping=True))
    tax = None if shipping_tax is None else eur(shipping_tax)
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
        discounts=[] if discount is None else [discount],
        shipping=[ShippingCharge(method="DHL", amount=eur(shipping), tax=tax)],
    )
    if clocks:
        line_discounts = () if clock_discount is None else (clock_discount,)
        order.add_line("RETRO-CLOCK", clocks, CLOCK, T, discounts=line_discounts)
    if vases:
        order.add_line("BLUE-VASE", vases, VASE, T)
    total = order.total
    engine.place_order(order)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    return engine, store, total


def invoices_in(store: MemoryStore) -> list[Invoice]:
    """The order's invoices, oldest first."""
    return sorted(stored(store, "invoices"), key=lambda i: i.id)


def pay_and_deliver(engine: Engine, store: MemoryStore) -> Money:
    """Capture what the invoices ask and deliver every shipment; returns what was invoiced."""
    billed = sum_money((i.total for i in invoices_in(store)), "EUR")
    engine.record_authorization("order-1", billed, "gw-auth-1")
    engine.record_capture("order-1", billed, "gw-cap-1")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return billed


def return_units(engine: Engine, lines: dict[str, int]) -> Money:
    """Request, receive, inspect and resolve one return of ``lines``; the default refund."""
    rma = engine.request_returns("order-1", lines)
    engine.authorize_return(rma)
    for line_id, units in lines.items():
        engine.receive_return_line(rma, line_id, units, "WH-EAST")
        engine.inspect_return_line(rma, line_id, units, Grade.GOOD, RESTOCK)
    return engine.resolve_return(rma).refund


def ship_in_parts(
    engine: Engine, clocks: int, vases: int, shipments: list[tuple[int, int]]
) -> None:
    """Ship (clocks, vases) per shipment, capped at what is left, then whatever is left."""
    unshipped = {CLOCK_LINE: clocks, VASE_LINE: vases}
    for wanted in [*shipments, (3, 3)]:
        lines = {
            line: min(units, unshipped[line])
            for line, units in zip(LINES, wanted, strict=True)
            if min(units, unshipped[line])
        }
        if not lines:
            continue
        engine.ship("order-1", lines)
        for line, units in lines.items():
            unshipped[line] -= units


def return_in_parts(
    engine: Engine, clocks: int, vases: int, plan: list[tuple[int, int, int]]
) -> list[Money]:
    """Return per ``(first line, its units, units of the other)`` of ``plan``, capped at what
    is left, then every unit left; the refund of each return."""
    left = {CLOCK_LINE: clocks, VASE_LINE: vases}
    refunds: list[Money] = []
    for first, units, other in [*plan, *((0, 3, 0),) * 3, *((1, 3, 0),) * 3]:
        lines = {}
        line, second = LINES[first], LINES[1 - first]
        if left[line]:
            lines[line] = min(units, left[line])
        if other and left[second]:
            lines[second] = min(other, left[second])
        if not lines:
            continue
        refunds.append(return_units(engine, lines))
        for line_id, taken in lines.items():
            left[line_id] -= taken
    return refunds
