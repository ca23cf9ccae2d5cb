import contextlib
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing import InvoiceStatus
from ordercore.domain.orders import InvoicingPolicy, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine, best_sellers, line_reservations
from ordercore.service.reports import stored
from ordercore.testing.stateful_engine import LOCATIONS, PRICES, SKUS, START, order_lines
from tests.service.helpers import HOME, invoice_in, order_in

stock_levels = st.dictionaries(st.sampled_from(SKUS), st.integers(0, 6))


def a_shop(levels: dict[str, int]) -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    engine = Engine(store, FixedClock(START), LOCATIONS)
    for sku, units in levels.items():
        if units:
            engine.receive_stock(sku, "WH-EAST", units)
    return engine, store


def draft(order_id: str, lines: list[tuple[str, int]], policy: InvoicingPolicy) -> Order:
    order = Order.draft(
        order_id=order_id, number=order_id, customer_id="cust-1", currency="EUR",
        ship_to=HOME, now=START, invoicing_policy=policy,
    )  # fmt: skip
    for sku, units in lines:
        order.add_line(sku, units, Money.of(PRICES[sku], "EUR"), START)
    return order


@given(levels=stock_levels, orders=st.lists(order_lines(), min_size=1, max_size=4))
def test_allocation_never_reserves_more_than_is_on_hand_and_keeps_every_unit(
    levels: dict[str, int], orders: list[list[tuple[str, int]]]
) -> None:
    engine, store = a_shop(levels)
    for n, lines in enumerate(orders):
        engine.place_order(draft(f"order-{n}", lines, InvoicingPolicy.ON_SHIPMENT))
        engine.allocate_order(f"order-{n}")
    items = {item.sku: item for item in stored(store, "stock")}
    for item in items.values():
        assert item.reserved() <= item.on_hand()
    for order in stored(store, "orders"):
        for line in order.lines.values():
            ledger = line.ledger
            assert line.quantity == ledger.allocated + ledger.backordered
            item = items.get(line.sku)
            held = [] if item is None else line_reservations(item, order.id, str(line.id))
            assert ledger.allocated == sum(r.quantity for r in held)


@given(lines=order_lines())
def test_an_order_invoiced_on_placement_is_invoiced_for_its_total(
    lines: list[tuple[str, int]],
) -> None:
    engine, store = a_shop({})
    invoice_id = engine.place_order(draft("order-1", lines, InvoicingPolicy.ON_PLACEMENT))
    invoice = invoice_in(store, str(invoice_id))
    order = order_in(store)
    assert (order.total, InvoiceStatus.ISSUED) == (invoice.total, invoice.status)
    assert all(line.ledger.invoiced == line.quantity for line in order.lines.values())


@given(levels=stock_levels, lines=order_lines(), shipped=st.integers(1, 4))
def test_best_sellers_count_every_unit_that_shipped_once(
    levels: dict[str, int], lines: list[tuple[str, int]], shipped: int
) -> None:
    engine, store = a_shop(levels)
    engine.place_order(draft("order-1", lines, InvoicingPolicy.ON_SHIPMENT))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    for line_id in list(order_in(store).lines):
        with contextlib.suppress(OrdercoreError):
            engine.ship_line("order-1", str(line_id), shipped)
    order = order_in(store)
    total = sum(line.ledger.shipped for line in order.lines.values())
    assert total == sum(units for _, units in best_sellers([order]))


@given(levels=stock_levels, lines=order_lines(), units=st.integers(-1, 5), which=st.integers(0, 2))
def test_a_refused_command_changes_nothing_in_the_store(
    levels: dict[str, int], lines: list[tuple[str, int]], units: int, which: int
) -> None:
    engine, store = a_shop(levels)
    engine.place_order(draft("order-1", lines, InvoicingPolicy.ON_PLACEMENT))
    line_id = f"line-{which + 1}"
    commands: list[Callable[[], object]] = [
        lambda: engine.ship_line("order-1", line_id, units),
        lambda: engine.cancel_quantity("order-1", line_id, units, "why not"),
        lambda: engine.deliver_line("order-1", line_id, units),
        lambda: engine.request_return("order-1", line_id, units),
        lambda: engine.record_capture("order-1", Money.of(units, "EUR"), "cap-1"),
        lambda: engine.receive_stock("RETRO-CLOCK", "WH-WEST", units, order_ids=["order-1"]),
    ]
    for command in commands:
        before = store.snapshot()
        try:
            command()
        except OrdercoreError:
            assert before == store.snapshot()
