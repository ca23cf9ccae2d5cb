"""Box choice and label data through the Engine: boxes from the catalogue, SSCCs by sequence."""

from __future__ import annotations

import itertools

import pytest

from ordercore.domain.catalogue import Product
from ordercore.domain.catalogue.product import Dimensions
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.domain.warehouse import Box, Sscc, SsccConfig, SsccIssuer
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.memory import MemoryStore
from ordercore.memory.catalogue import MemoryCatalogue
from ordercore.service import Engine
from tests.service.helpers import HOME, LOCATIONS, T, eur

DOCK = Address(name="Shop", line1="1 Dock Rd", city="Hamburg", postal_code="20095", country="DE")
BOXES = (
    Box("S", Dimensions(200, 150, 100), 2000, 100, eur("0.40")),
    Box("M", Dimensions(300, 250, 200), 5000, 200, eur("0.70")),
)
CATALOGUE = MemoryCatalogue(
    [
        Product("MUG", "Mug", weight_g=350, dimensions=Dimensions(120, 90, 100)),
        Product("VASE", "Vase", weight_g=900, dimensions=Dimensions(280, 120, 120), fragile=True),
        Product("SOFA", "Sofa", weight_g=40000, dimensions=Dimensions(2000, 900, 800)),
        Product("GIFT-CARD", "Gift card"),
    ]
)


def picked(
    lines: dict[str, int], *, first_serial: int = 123456789
) -> tuple[Engine, MemoryStore, str]:
    """An order of ``lines`` (SKU → units), picked into one shipment at WH-EAST."""
    store = MemoryStore()
    with store.unit_of_work() as uow:
        for sku, units in lines.items():
            item = StockItem(sku)
            item.receive("WH-EAST", units, T)
            uow.stock.add(item)
        uow.commit()
    serials = itertools.count(first_serial)
    engine = Engine(
        store,
        FixedClock(T),
        LOCATIONS,
        catalogue=CATALOGUE,
        boxes=BOXES,
        sscc=SsccIssuer(SsccConfig(0, "0614141"), lambda: next(serials)),
    )
    order = Order.draft(
        order_id="order-1",
        number="O-1",
        customer_id="c",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
    )
    for sku, units in lines.items():
        order.add_line(sku, units, eur("10.00"), T)
    engine.place_order(order)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    ids = {f"line-{n}": units for n, units in enumerate(lines.values(), start=1)}
    shipment_id = engine.open_shipment("order-1", ids, "WH-EAST")
    for line_id, units in ids.items():
        engine.pick(shipment_id, line_id, units)
    return engine, store, shipment_id


def test_chooses_one_medium_box_for_two_mugs_and_a_vase() -> None:
    engine, _, shipment_id = picked({"MUG": 2, "VASE": 1})
    chosen = engine.choose_boxes(shipment_id)
    expected = [("M", ["MUG", "MUG", "VASE"], 1800)]
    assert expected == [
        (p.box.name, sorted(i.sku for i in p.items), p.weight_g) for p in chosen.packages
    ]
    assert () == chosen.unfit


def test_reports_a_sofa_that_fits_no_box_instead_of_dropping_it() -> None:
    engine, _, shipment_id = picked({"MUG": 1, "SOFA": 1})
    chosen = engine.choose_boxes(shipment_id)
    assert [["MUG"]] == [[i.sku for i in p.items] for p in chosen.packages]
    assert ["SOFA"] == [u.item.sku for u in chosen.unfit]


def test_choosing_boxes_changes_nothing_in_the_store() -> None:
    engine, store, shipment_id = picked({"MUG": 2})
    before = store.snapshot()
    engine.choose_boxes(shipment_id)
    assert before == store.snapshot()


def test_a_sku_without_size_or_weight_in_the_catalogue_is_refused_by_name() -> None:
    engine, _, shipment_id = picked({"GIFT-CARD": 1})
    with pytest.raises(ValidationError) as refused:
        engine.choose_boxes(shipment_id)
    assert "GIFT-CARD" in str(refused.value)


def test_boxes_are_chosen_for_picked_units_only() -> None:
    engine, _, _ = picked({"MUG": 1})
    engine.receive_stock("MUG", "WH-EAST", 1)
    order = Order.draft(
        order_id="order-2",
        number="O-2",
        customer_id="c",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_SHIPMENT,
    )
    order.add_line("MUG", 1, eur("10.00"), T)
    engine.place_order(order)
    engine.confirm_order("order-2")
    engine.allocate_order("order-2")
    shipment_id = engine.open_shipment("order-2", {"line-1": 1}, "WH-EAST")
    with pytest.raises(ValidationError) as refused:
        engine.choose_boxes(shipment_id)
    assert ("status", "open") == (refused.value.field, refused.value.value)
    assert repr(shipment_id) in str(refused.value)


def test_labels_a_packed_shipment_with_weight_box_and_gs1s_published_sscc() -> None:
    engine, _, shipment_id = picked({"MUG": 2, "VASE": 1})
    engine.pack(shipment_id, [Parcel(1800)])
    [label] = engine.labels(shipment_id, DOCK, "DHL Paket", ["PO-77"])
    assert (DOCK, HOME, "DHL Paket") == (label.ship_from, label.ship_to, label.service)
    assert (1800, Dimensions(300, 250, 200)) == (label.weight_g, label.dimensions)
    assert ("order-1", shipment_id, "PO-77") == label.references
    assert Sscc("006141411234567890") == label.sscc
    assert "(00)006141411234567890" == label.element_string


def test_each_package_gets_the_next_serial() -> None:
    engine, _, shipment_id = picked({"VASE": 3})
    engine.pack(shipment_id, [Parcel(3000)])
    labels = engine.labels(shipment_id, DOCK, "DHL Paket")
    serials = [label.sscc.digits[8:17] for label in labels]
    assert [f"{123456789 + n:09d}" for n in range(len(labels))] == serials
    assert len(labels) > 1


def test_a_keyed_repeat_returns_the_first_labels_and_issues_no_new_sscc() -> None:
    engine, _, shipment_id = picked({"MUG": 1})
    engine.pack(shipment_id, [Parcel(450)])
    first = engine.labels(shipment_id, DOCK, "DHL Paket", idempotency_key="label-1")
    again = engine.labels(shipment_id, DOCK, "DHL Paket", idempotency_key="label-1")
    after = engine.labels(shipment_id, DOCK, "DHL Paket")
    assert first == again
    assert SsccConfig(0, "0614141").issue(123456790) == after[0].sscc


def test_a_keyed_repeat_of_box_choice_returns_the_first_choice() -> None:
    engine, _, shipment_id = picked({"MUG": 2, "VASE": 1})
    first = engine.choose_boxes(shipment_id, idempotency_key="boxes-1")
    assert first == engine.choose_boxes(shipment_id, idempotency_key="boxes-1")


def test_labels_wait_until_the_shipment_is_packed() -> None:
    engine, store, shipment_id = picked({"MUG": 1})
    before = store.snapshot()
    with pytest.raises(ValidationError) as refused:
        engine.labels(shipment_id, DOCK, "DHL Paket")
    assert "packed" in str(refused.value)
    assert before == store.snapshot()


def test_labels_are_refused_while_an_item_fits_no_box() -> None:
    engine, _, shipment_id = picked({"MUG": 1, "SOFA": 1})
    engine.pack(shipment_id, [Parcel(41000)])
    with pytest.raises(ValidationError) as refused:
        engine.labels(shipment_id, DOCK, "DHL Paket")
    assert "SOFA" in str(refused.value)


def test_labels_need_an_sscc_issuer() -> None:
    engine, _, shipment_id = picked({"MUG": 1})
    engine.pack(shipment_id, [Parcel(450)])
    bare = Engine(engine.store, FixedClock(T), LOCATIONS, catalogue=CATALOGUE, boxes=BOXES)
    with pytest.raises(ValidationError) as refused:
        bare.labels(shipment_id, DOCK, "DHL Paket")
    assert "sscc" in str(refused.value)


def test_a_ship_from_that_is_not_an_address_is_refused_by_name() -> None:
    engine, _, shipment_id = picked({"MUG": 1})
    engine.pack(shipment_id, [Parcel(450)])
    with pytest.raises(WrongType) as refused:
        engine.labels(shipment_id, "Hamburg", "DHL Paket")  # type: ignore[arg-type]
    assert "ship_from" in str(refused.value)
