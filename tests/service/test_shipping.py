import pytest

from ordercore.domain.fulfilment import (
    NotOnShelf,
    OverPick,
    Parcel,
    Shipment,
    ShipmentShipped,
    ShipmentStatus,
)
from ordercore.domain.inventory import Lot
from ordercore.domain.orders import OrderStatus
from ordercore.kernel.errors import InvalidTransition, NotFound, ValidationError
from ordercore.memory import MemoryStore
from ordercore.memory.unit_of_work import MemoryUnitOfWork
from ordercore.service import Engine
from ordercore.service.errors import ShipmentInProgress
from tests.domain.inventory.helpers import ledger_rows
from tests.service.helpers import (
    CLOCK_LINE,
    VASE_LINE,
    an_order,
    invoice_in,
    ledger,
    order_in,
    shop,
    stock_in,
)


def shipment_in(store: MemoryStore, shipment_id: str = "SHP-000001") -> Shipment:
    found = store.read("shipments", shipment_id)
    assert isinstance(found, Shipment)
    return found


def allocated_shop(clocks: int = 2, vases: int = 1) -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order(clocks=clocks, vases=vases))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    return engine, store


def test_opens_a_shipment_numbered_from_the_store_without_moving_anything() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    assert "SHP-000001" == shipment_id
    shipment = shipment_in(store)
    assert (ShipmentStatus.OPEN, "WH-EAST") == (shipment.status, shipment.ship_from)
    assert order_in(store).ship_to == shipment.ship_to
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_refuses_to_open_a_shipment_for_units_not_reserved_at_the_location() -> None:
    engine, store = allocated_shop()
    before = store.snapshot()
    with pytest.raises(NotOnShelf) as caught:
        engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-WEST")
    assert (0, "units") == (caught.value.held, caught.value.field)
    assert before == store.snapshot()


def test_refuses_to_open_a_shipment_of_a_line_the_order_lacks() -> None:
    engine, store = allocated_shop()
    before = store.snapshot()
    with pytest.raises(NotFound):
        engine.open_shipment("order-1", {"line-9": 1}, "WH-EAST")
    with pytest.raises(ValidationError):
        engine.open_shipment("order-1", {}, "WH-EAST")
    assert before == store.snapshot()


def test_a_line_of_no_or_negative_units_is_refused_naming_the_line() -> None:
    engine, store = allocated_shop()
    before = store.snapshot()
    with pytest.raises(ValidationError) as opening:
        engine.open_shipment("order-1", {CLOCK_LINE: -1}, "WH-EAST")
    with pytest.raises(ValidationError) as shipping:
        engine.ship("order-1", {CLOCK_LINE: 0})
    expected = f"lines[{CLOCK_LINE!r}]"
    assert (expected, expected) == (opening.value.field, shipping.value.field)
    assert before == store.snapshot()


def test_picking_moves_the_order_to_picked_and_takes_units_off_the_shelf() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 1)
    assert {"allocated": 1, "picked": 1} == ledger(store, CLOCK_LINE)
    reservation = stock_in(store, "RETRO-CLOCK").reservations["order-1/line-1"]
    assert 1 == reservation.picked
    assert OrderStatus.IN_FULFILMENT == order_in(store).status


def test_a_refused_pick_writes_nothing() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    before = store.snapshot()
    with pytest.raises(OverPick):
        engine.pick(shipment_id, CLOCK_LINE, 2)
    with pytest.raises(NotFound):
        engine.pick("SHP-000009", CLOCK_LINE, 1)
    assert before == store.snapshot()


def test_a_short_pick_packs_what_was_found_and_leaves_the_rest_allocated() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 1)
    assert {CLOCK_LINE: 1} == engine.pack(shipment_id, [Parcel(800, label="BOX-1")])
    assert {"allocated": 1, "packed": 1} == ledger(store, CLOCK_LINE)
    assert (Parcel(800, label="BOX-1"),) == shipment_in(store).parcels


def test_ships_with_tracking_consumes_stock_and_invoices_what_shipped() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.pack(shipment_id, [Parcel(2400)])
    invoice_id = engine.ship_shipment(shipment_id, "DHL", ["JD0001"], service="express")
    assert "order-1/invoice-1" == invoice_id
    assert {"shipped": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)
    assert "40.00 EUR" == str(invoice_in(store).total)
    assert 3 == stock_in(store, "RETRO-CLOCK").on_hand("WH-EAST")
    shipped = [m.event for m in store.pending(1000) if isinstance(m.event, ShipmentShipped)]
    assert [("DHL", ("JD0001",), {CLOCK_LINE: 2})] == [
        (e.carrier, e.tracking, dict(e.shipped)) for e in shipped
    ]


def test_shipping_the_last_units_completes_the_order_and_delivery_follows() -> None:
    engine, store = allocated_shop(clocks=2, vases=0)
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.pack(shipment_id)
    engine.ship_shipment(shipment_id, "UPS", ["1Z999"])
    assert OrderStatus.COMPLETED == order_in(store).status
    assert {CLOCK_LINE: 2} == engine.deliver_shipment(shipment_id)
    assert {"delivered": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)
    assert ShipmentStatus.DELIVERED == shipment_in(store).status


def test_refuses_to_ship_an_unpacked_shipment_and_writes_nothing() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    before = store.snapshot()
    with pytest.raises(InvalidTransition):
        engine.ship_shipment(shipment_id, "DHL", ["JD0001"])
    assert before == store.snapshot()


def test_cancelling_a_packed_shipment_puts_its_units_back_on_the_shelf_still_reserved() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.pack(shipment_id)
    assert {CLOCK_LINE: 2} == engine.cancel_shipment(shipment_id, "label printer jammed")
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)
    item = stock_in(store, "RETRO-CLOCK")
    assert (2, 5) == (item.reserved(), item.on_hand())
    assert [0] == [r.picked for r in item.reservations.values() if r.is_active]
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok
    again = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(again, CLOCK_LINE, 2)
    assert {"picked": 2} == ledger(store, CLOCK_LINE)


def test_cancelling_one_shipment_leaves_another_shipments_picks_alone() -> None:
    engine, store = allocated_shop(clocks=3, vases=0)
    first = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    second = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(first, CLOCK_LINE, 1)
    engine.pick(second, CLOCK_LINE, 2)
    engine.cancel_shipment(first, "split differently")
    assert {"allocated": 1, "picked": 2} == ledger(store, CLOCK_LINE)
    item = stock_in(store, "RETRO-CLOCK")
    assert [2] == [r.picked for r in item.reservations.values() if r.is_active]
    engine.pack(second)
    engine.ship_shipment(second, "DHL", ["JD0002"])
    assert {"allocated": 1, "shipped": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_refuses_to_cancel_a_shipped_shipment() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 1)
    engine.pack(shipment_id)
    engine.ship_shipment(shipment_id, "DHL")
    before = store.snapshot()
    with pytest.raises(InvalidTransition):
        engine.cancel_shipment(shipment_id, "too late")
    assert before == store.snapshot()


def test_the_one_step_ship_runs_a_shipment_per_location() -> None:
    engine, store, _ = shop(clocks=1, vases=1)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 1)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2}, carrier="DHL", tracking=["JD0003"])
    shipments = [shipment_in(store, f"SHP-00000{n}") for n in (1, 2)]
    assert [("WH-EAST", 1), ("WH-WEST", 1)] == [(s.ship_from, s.units) for s in shipments]
    assert {ShipmentStatus.SHIPPED} == {s.status for s in shipments}
    assert 1 == len([m for m in store.pending(1000) if m.event.name == "InvoiceIssued"])
    assert {"shipped": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_shipping_a_vase_from_the_west_needs_its_own_shipment() -> None:
    engine, store = allocated_shop()
    with pytest.raises(NotOnShelf):
        engine.open_shipment("order-1", {CLOCK_LINE: 2, VASE_LINE: 1}, "WH-EAST")
    vases = engine.open_shipment("order-1", {VASE_LINE: 1}, "WH-WEST")
    engine.pick(vases, VASE_LINE, 1)
    assert {"picked": 1} == ledger(store, VASE_LINE)


def test_cancelling_the_order_cancels_its_open_shipments_first() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    engine.cancel_order("order-1", "customer changed mind")
    assert ShipmentStatus.CANCELLED == shipment_in(store).status
    assert {"cancelled": 2} == ledger(store, CLOCK_LINE)
    item = stock_in(store, "RETRO-CLOCK")
    assert (0, 5) == (item.reserved(), item.on_hand())


def test_refuses_to_cancel_units_an_open_shipment_has_picked() -> None:
    engine, store = allocated_shop()
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 2)
    before = store.snapshot()
    with pytest.raises(ShipmentInProgress) as caught:
        engine.cancel_quantity("order-1", CLOCK_LINE, 1, "fewer")
    assert (1, 0) == (caught.value.units, caught.value.free)
    assert before == store.snapshot()


def test_ships_the_units_from_the_place_the_shipment_picked_them() -> None:
    engine, store, _ = shop(clocks=1, vases=0)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 1)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")  # one reservation: WH-EAST 1, then WH-WEST 1
    west = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    east = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    engine.pick(west, CLOCK_LINE, 1)
    engine.pick(east, CLOCK_LINE, 1)
    engine.pack(west)
    engine.ship_shipment(west, "DHL", ["JD0004"])
    item = stock_in(store, "RETRO-CLOCK")
    assert (1, 0) == (item.on_hand("WH-EAST"), item.on_hand("WH-WEST"))
    engine.cancel_shipment(east, "customer collects it")
    item = stock_in(store, "RETRO-CLOCK")
    assert [(1, 0)] == [(r.quantity, r.picked) for r in item.reservations.values() if r.is_active]
    assert {"allocated": 1, "shipped": 1, "invoiced": 1} == ledger(store, CLOCK_LINE)
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok


def test_picks_only_the_lot_it_is_told_to() -> None:
    engine, store, _ = shop(clocks=0, vases=0)
    # stock goes only into lots the SKU knows: the first receipt registers each (issue #13)
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1, lot=Lot("LOT-A"))
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1, lot=Lot("LOT-B"))
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 1, lot="LOT-B")
    before = store.snapshot()
    with pytest.raises(NotOnShelf) as caught:
        engine.pick(shipment_id, CLOCK_LINE, 1, lot="LOT-B")
    assert ("LOT-B", 0) == (caught.value.lot, caught.value.held)
    assert before == store.snapshot()
    engine.pick(shipment_id, CLOCK_LINE, 1)
    picks = shipment_in(store).lines[CLOCK_LINE].picks
    assert [("LOT-B", 1), ("LOT-A", 1)] == [(p.lot, p.units) for p in picks]
    engine.pack(shipment_id)
    engine.ship_shipment(shipment_id, "DHL")
    item = stock_in(store, "RETRO-CLOCK")
    assert (0, 0) == (item.on_hand("WH-EAST"), item.reserved())


def test_ships_reading_the_stock_of_its_skus_in_sku_order_not_line_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a store whose reads queue on row locks (PostgreSQL) must take them in one order
    engine, _, _ = shop(clocks=5, vases=0)
    engine.receive_stock("BLUE-VASE", "WH-EAST", 2)
    engine.place_order(an_order(clocks=1, vases=1))  # line-1 RETRO-CLOCK, line-2 BLUE-VASE
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    shipment_id = engine.open_shipment("order-1", {CLOCK_LINE: 1, VASE_LINE: 1}, "WH-EAST")
    engine.pick(shipment_id, CLOCK_LINE, 1)
    engine.pick(shipment_id, VASE_LINE, 1)
    engine.pack(shipment_id, [Parcel(900)])
    read: list[str] = []
    find_in = MemoryUnitOfWork.find_in  # every read of the memory store (repositories' too)

    def recorded(uow: MemoryUnitOfWork, name: str, key: str) -> object:
        if name == "stock":
            read.append(key)
        return find_in(uow, name, key)

    monkeypatch.setattr(MemoryUnitOfWork, "find_in", recorded)
    engine.ship_shipment(shipment_id, "UPS", ["1Z-1"])
    assert ["BLUE-VASE", "RETRO-CLOCK"] == read
