"""The scripted walk-through behind ``python -m ordercore demo``: it returns lines, never prints.

One order goes through the article's process, every step a command of the ``Engine``: placed on
a storefront and invoiced, paid (authorised, then captured as it ships), received by the
warehouse (stock allocated across two locations and reserved, one vase backordered), picked,
packed and shipped (in one step), the backorder filled when stock arrives and sent through the
warehouse floor (a wave released by ``tick`` at its cut-off, picked in walk order, packed by
scan with a wrong item refused, boxed and labelled with an SSCC, shipped with tracking),
delivered, and one unit returned (credit note and refund). It runs on any store the host
gives it (the in-memory store by default; ``python -m ordercore_sqlite demo``, which ``bash
scripts/demo`` runs, gives it the embedded SQLite store) with a fixed clock, so the story is
the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pendulum

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.catalogue.product import Dimensions
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import Location, Lot, StockItem
from ordercore.domain.orders import Address, Order
from ordercore.domain.warehouse import (
    Bin,
    Box,
    Dispatch,
    Item,
    PickList,
    PickMethod,
    Slotting,
    SsccConfig,
    SsccIssuer,
    WrongItem,
    choose_boxes,
    label_for,
)
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
    engine = Engine(store, clock, locations, timezone="Europe/Berlin", slotting=_SLOTS)
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
    yield from _ship_through_the_floor(engine, store, clock, order_id, vase_line)
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


_DOCK = Address(
    name="Retro Shop", line1="1 Dock Road", city="Hamburg", postal_code="20095", country="DE"
)
_SLOTS = Slotting({("WH-EAST", "BLUE-VASE"): Bin("WH-EAST", "B", 3, 12, 2)})
_BOXES = (Box("BOX-M", Dimensions(300, 200, 200), 5000, 250, _eur("0.70")),)
_VASE = Item("BLUE-VASE", Dimensions(280, 120, 120), 1550, fragile=True)


def _ship_through_the_floor(
    engine: Engine, store: Store, clock: FixedClock, order_id: str, line_id: str
) -> Iterator[str]:
    """One unit of a line through the floor: a wave, a walk, a refused scan, a label, shipped."""
    shipment_id = engine.open_shipment(order_id, {line_id: 1}, "WH-EAST")
    cut_off = clock.now().add(hours=1)
    (wave,) = engine.create_pick_lists(
        [shipment_id], PickMethod.WAVE, dispatch={shipment_id: Dispatch(cut_off, "DHL")}
    )
    yield f"   shipment {shipment_id} goes on wave {wave}, cut-off {cut_off.format('HH:mm')} DHL"
    nothing: list[str] = []
    clock.advance(hours=1)
    released = engine.tick(
        skus=nothing, payment_ids=nothing, invoice_ids=nothing, follow_up_ids=nothing,
        pick_list_ids=[wave],
    ).released_pick_lists  # fmt: skip
    yield f"   tick at {clock.now().format('HH:mm')}, the cut-off: released {', '.join(released)}"
    listed: PickList = _read(store, "pick_lists", wave, PickList)
    for stop in listed.walk():
        confirmed = engine.confirm_pick(wave, stop.line_id, stop.units)
        status = confirmed.status.value
        yield f"   the picker walks to {stop.bin.code}: {stop.units} x {stop.sku} ({status})"
    engine.close_pick_list(wave)
    engine.open_package(shipment_id, "BOX-0042", {line_id: 1})
    try:
        engine.scan_item(shipment_id, "BOX-0042", "RETRO-CLOCK")
    except WrongItem as refused:
        yield f"   the packer scans a RETRO-CLOCK into BOX-0042: refused, {refused}"
    engine.scan_item(shipment_id, "BOX-0042", "BLUE-VASE")
    engine.close_package(shipment_id, "BOX-0042")
    (package,) = choose_boxes([_VASE], _BOXES).packages
    engine.finish_packing(shipment_id, {"BOX-0042": package.weight_g})
    serials = iter(range(42, 10_000))
    issuer = SsccIssuer(SsccConfig(0, "4012345"), lambda: next(serials))
    sent: Shipment = _read(store, "shipments", shipment_id, Shipment)
    if sent.ship_to is None:  # pragma: no cover - the demo's order has an address
        raise TypeError("the demo order ships to an address")
    label = label_for(
        package, issuer.next(), ship_from=_DOCK, ship_to=sent.ship_to, service="DHL express",
        references=[order_id, shipment_id],
    )  # fmt: skip
    size = label.dimensions
    yield (
        f"   label: SSCC {label.element_string}, {label.weight_g} g, {size.length_mm}x"
        f"{size.width_mm}x{size.height_mm} mm, {label.ship_from.city} to {label.ship_to.name}, "
        f"{label.ship_to.city}, {label.service}"
    )
    engine.ship_shipment(shipment_id, "DHL", ["JD0002"], service="express")
    sent = _read(store, "shipments", shipment_id, Shipment)
    contents = dict(sent.parcels[0].contents or {})
    yield (
        f"   shipment {sent.id}: 1 parcel holding {contents}, {sent.status.value} with "
        f"{sent.carrier} {sent.service}, tracking {', '.join(sent.tracking)}"
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
