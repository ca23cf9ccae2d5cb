"""Properties of pick lists through the Engine: every unit is in exactly one place."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.domain.warehouse import PickList, PickMethod
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine, line_reservations
from ordercore.service.short_picks import NOT_FOUND
from ordercore.testing.stateful_engine import LOCATIONS, PRICES, SKUS, START, order_lines

_HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")

stock_levels = st.fixed_dictionaries(
    {sku: st.tuples(st.integers(0, 5), st.integers(0, 5)) for sku in SKUS}
)
confirmations = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 4), st.booleans()), max_size=12
)


def a_floor(
    levels: dict[str, tuple[int, int]], orders: list[list[tuple[str, int]]]
) -> tuple[Engine, MemoryStore, list[str]]:
    """Stock at two warehouses, orders allocated, one shipment per order from WH-EAST."""
    store = MemoryStore()
    engine = Engine(store, FixedClock(START), LOCATIONS)
    for sku, (east, west) in levels.items():
        for location, units in (("WH-EAST", east), ("WH-WEST", west)):
            if units:
                engine.receive_stock(sku, location, units)
    shipments: list[str] = []
    for n, lines in enumerate(orders, start=1):
        order = Order.draft(
            order_id=f"order-{n}", number=f"{n}", customer_id="c", currency="EUR",
            ship_to=_HOME, now=START, invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
        )  # fmt: skip
        for sku, units in lines:
            order.add_line(sku, units, Money.of(PRICES[sku], "EUR"), START)
        engine.place_order(order)
        engine.confirm_order(order.id)
        engine.allocate_order(order.id)
        stored = store.read("orders", order.id)
        assert isinstance(stored, Order)
        at_east: dict[str, int] = {}
        item_by_sku = {sku: store.read("stock", sku) for sku in SKUS}
        for line_id, line in stored.lines.items():
            item = item_by_sku[line.sku]
            if not isinstance(item, StockItem):
                continue
            here = sum(
                a.quantity
                for r in line_reservations(item, order.id, str(line_id))
                for a in r.allocations
                if a.location == "WH-EAST" and a.supply is None
            )
            if here:
                at_east[str(line_id)] = here
        if at_east:
            shipments.append(engine.open_shipment(order.id, at_east, "WH-EAST"))
    return engine, store, shipments


def everything(store: MemoryStore, collection: str) -> list[object]:
    rows = store.snapshot().rows
    return [entity for (name, _), entity in sorted(rows.items()) if name == collection]


@given(
    levels=stock_levels,
    orders=st.lists(order_lines(), min_size=1, max_size=3),
    method=st.sampled_from([None, PickMethod.SINGLE, PickMethod.BATCH, PickMethod.ZONE]),
    steps=confirmations,
)
def test_every_unit_is_in_one_place_whatever_is_picked_or_found_short(
    levels: dict[str, tuple[int, int]],
    orders: list[list[tuple[str, int]]],
    method: PickMethod | None,
    steps: list[tuple[int, int, bool]],
) -> None:
    engine, store, shipments = a_floor(levels, orders)
    if not shipments:
        return
    made = engine.create_pick_lists(shipments, method)
    for pick_list_id in made:
        engine.release_pick_list(pick_list_id)
    for which, units, short in steps:
        pick_list = store.read("pick_lists", made[which % len(made)])
        assert isinstance(pick_list, PickList)
        stop = pick_list.walk()[which % len(pick_list.walk())]
        with contextlib.suppress(OrdercoreError):
            engine.confirm_pick(pick_list.id, stop.line_id, units, short=short)
    lists = [p for p in everything(store, "pick_lists") if isinstance(p, PickList)]
    short_by_sku: dict[str, int] = {}
    for pick_list in lists:
        for stop in pick_list.walk():
            short_by_sku[stop.sku] = short_by_sku.get(stop.sku, 0) + stop.short
    for sku, (east, west) in levels.items():
        item = store.read("stock", sku)
        if item is None:
            assert 0 == short_by_sku.get(sku, 0)
            continue
        assert isinstance(item, StockItem)
        with store.unit_of_work() as uow:
            written = -sum(r.on_hand for r in uow.ledger.rows(sku) if r.reason == NOT_FOUND)
        assert short_by_sku.get(sku, 0) == written
        assert east + west - written == item.on_hand()
        assert item.verify(store.ledger_rows(sku)).ok
    picked_by_line: dict[tuple[str, str], int] = {}
    for shipment in everything(store, "shipments"):
        assert isinstance(shipment, Shipment)
        for line_id, line in shipment.lines.items():
            key = (shipment.order_id, line_id)
            picked_by_line[key] = picked_by_line.get(key, 0) + line.picked
    for order in everything(store, "orders"):
        assert isinstance(order, Order)
        for line_id, order_line in order.lines.items():
            ledger = order_line.ledger
            assert order_line.quantity == sum(ledger.buckets().values())
            assert picked_by_line.get((order.id, str(line_id)), 0) == ledger.picked
            item = store.read("stock", order_line.sku)
            reservations = (
                line_reservations(item, order.id, str(line_id))
                if isinstance(item, StockItem)
                else []
            )
            held = sum(r.quantity for r in reservations)
            assert ledger.allocated + ledger.picked == held
