"""Scan-verified packing through the Engine: scans checked against the shipment, parcels know."""

from __future__ import annotations

import pytest

from ordercore.domain.catalogue import Product
from ordercore.domain.fulfilment import Shipment, ShipmentStatus
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import InvoicingPolicy, Order
from ordercore.domain.warehouse import OverPack, Packing, UnderPack, WrongItem
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.memory import MemoryStore
from ordercore.memory.catalogue import MemoryCatalogue
from ordercore.service import Engine
from tests.service.helpers import HOME, LOCATIONS, T, eur, ledger

CATALOGUE = MemoryCatalogue(
    [
        Product("TSHIRT-BLUE", "Blue T-shirt", barcodes=("4006381333931",)),
        Product("TSHIRT-RED", "Red T-shirt", barcodes=("4006381333948",)),
        Product("MUG", "Mug"),
    ]
)


def picked_shop(blue: int = 2, mugs: int = 1) -> tuple[Engine, MemoryStore]:
    """An order of ``blue`` blue T-shirts and ``mugs`` mugs, picked into SHP-000001."""
    store = MemoryStore()
    with store.unit_of_work() as uow:
        for sku in ("TSHIRT-BLUE", "TSHIRT-RED", "MUG"):
            item = StockItem(sku)
            item.receive("WH-EAST", 10, T)
            uow.stock.add(item)
        uow.commit()
    engine = Engine(store, FixedClock(T), LOCATIONS, catalogue=CATALOGUE)
    order = Order.draft(
        order_id="order-1",
        number="O-1",
        customer_id="c",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
    )
    order.add_line("TSHIRT-BLUE", blue, eur("15.00"), T)
    if mugs:
        order.add_line("MUG", mugs, eur("8.00"), T)
    engine.place_order(order)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    lines = {"line-1": blue} | ({"line-2": mugs} if mugs else {})
    shipment_id = engine.open_shipment("order-1", lines, "WH-EAST")
    for line_id, units in lines.items():
        engine.pick(shipment_id, line_id, units)
    return engine, store


def shipment_in(store: MemoryStore) -> Shipment:
    found = store.read("shipments", "SHP-000001")
    assert isinstance(found, Shipment)
    return found


def test_scanning_a_red_tshirt_into_a_package_for_a_blue_one_is_refused_by_name() -> None:
    engine, store = picked_shop()
    engine.open_package("SHP-000001", "P1", {"line-1": 2})
    before = store.snapshot()
    with pytest.raises(WrongItem) as refused:
        engine.scan_item("SHP-000001", "P1", "4006381333948")
    assert ("TSHIRT-RED", ("TSHIRT-BLUE",)) == (refused.value.item, refused.value.expected)
    assert "TSHIRT-RED" in str(refused.value)
    assert "TSHIRT-BLUE" in str(refused.value)
    assert before == store.snapshot()


def test_a_barcode_the_catalogue_knows_counts_as_its_sku() -> None:
    engine, _ = picked_shop()
    engine.open_package("SHP-000001", "P1")
    assert "line-1" == engine.scan_item("SHP-000001", "P1", "4006381333931")


def test_one_unit_too_many_is_refused_with_the_expected_and_scanned_counts() -> None:
    engine, store = picked_shop(blue=1, mugs=0)
    engine.open_package("SHP-000001", "P1")
    engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")
    before = store.snapshot()
    with pytest.raises(OverPack) as refused:
        engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")
    assert (1, 1) == (refused.value.expected, refused.value.scanned)
    assert before == store.snapshot()


def test_a_package_closes_only_when_it_matches_its_plan() -> None:
    engine, store = picked_shop()
    engine.open_package("SHP-000001", "P1", {"line-1": 2})
    engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")
    before = store.snapshot()
    with pytest.raises(UnderPack) as refused:
        engine.close_package("SHP-000001", "P1")
    assert (2, 1) == (refused.value.expected, refused.value.scanned)
    assert before == store.snapshot()


def test_a_finished_packing_packs_the_shipment_into_parcels_that_know_their_contents() -> None:
    engine, store = picked_shop()
    engine.open_package("SHP-000001", "P1", {"line-1": 2})
    engine.open_package("SHP-000001", "P2", {"line-2": 1})
    for code in ("TSHIRT-BLUE", "4006381333931"):
        engine.scan_item("SHP-000001", "P1", code)
    engine.scan_item("SHP-000001", "P2", "MUG")
    assert {"line-1": 2} == engine.close_package("SHP-000001", "P1")
    engine.close_package("SHP-000001", "P2")
    assert {"line-1": 2, "line-2": 1} == engine.finish_packing("SHP-000001", {"P1": 400, "P2": 350})
    shipment = shipment_in(store)
    assert ShipmentStatus.PACKED == shipment.status
    assert [("P1", {"line-1": 2}), ("P2", {"line-2": 1})] == [
        (p.label, p.contents) for p in shipment.parcels
    ]
    assert {"packed": 2} == ledger(store, "line-1")


def test_finishing_with_a_picked_unit_in_no_package_is_refused() -> None:
    engine, store = picked_shop()
    engine.open_package("SHP-000001", "P1", {"line-1": 2})
    engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")
    engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")
    engine.close_package("SHP-000001", "P1")
    before = store.snapshot()
    with pytest.raises(UnderPack) as refused:
        engine.finish_packing("SHP-000001", {"P1": 400})
    assert ("MUG", 1, 0) == (refused.value.item, refused.value.expected, refused.value.scanned)
    assert before == store.snapshot()


def test_a_scan_before_packing_started_names_the_missing_packing() -> None:
    engine, _ = picked_shop()
    with pytest.raises(NotFound):
        engine.scan_item("SHP-000001", "P1", "TSHIRT-BLUE")


def test_packing_starts_once_and_keeps_its_record() -> None:
    engine, store = picked_shop()
    engine.start_packing("SHP-000001", serial_tracked=["MUG"])
    with pytest.raises(ValidationError):
        engine.start_packing("SHP-000001")
    packing = store.read("packings", "SHP-000001")
    assert isinstance(packing, Packing)
    assert (False, True) == (
        packing.lines["line-1"].serial_tracked,
        packing.lines["line-2"].serial_tracked,
    )


def test_a_serial_tracked_unit_is_refused_without_its_serial_and_taken_with_it() -> None:
    engine, store = picked_shop(blue=1, mugs=1)
    engine.start_packing("SHP-000001", serial_tracked=["MUG"])
    engine.open_package("SHP-000001", "P1")
    before = store.snapshot()
    with pytest.raises(ValidationError) as refused:
        engine.scan_item("SHP-000001", "P1", "MUG")
    assert "serial" == refused.value.field
    assert before == store.snapshot()
    assert "line-2" == engine.scan_item("SHP-000001", "P1", "MUG", serial="SN-0001")
