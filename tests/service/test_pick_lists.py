"""Pick lists through the Engine: made from shipments, released, confirmed, short picks."""

from __future__ import annotations

import pendulum
import pytest

from ordercore.domain.fulfilment import OnPickList, Shipment, ShipmentStatus
from ordercore.domain.inventory import StockItem
from ordercore.domain.warehouse import (
    Bin,
    Dispatch,
    OverConfirm,
    PickList,
    PickListStatus,
    PickMethod,
    Slotting,
)
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import InvalidTransition, ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.domain.inventory.helpers import ledger_rows
from tests.service.helpers import LOCATIONS, T, an_order, ledger, order_in, stock_in

CLOCKS, VASES, MUGS = (
    Bin("WH-EAST", "A", 1, 3),
    Bin("WH-EAST", "A", 2, 8),
    Bin("WH-EAST", "A", 1, 1),
)
SLOTS = Slotting({("WH-EAST", "RETRO-CLOCK"): CLOCKS, ("WH-EAST", "BLUE-VASE"): VASES})


def floor(east: dict[str, int], west: dict[str, int] | None = None) -> tuple[Engine, MemoryStore]:
    """A shop with ``east`` units per SKU at WH-EAST and ``west`` at WH-WEST."""
    store = MemoryStore()
    with store.unit_of_work() as uow:
        for sku in sorted(set(east) | set(west or {})):
            item = StockItem(sku)
            if east.get(sku):
                item.receive("WH-EAST", east[sku], T)
            if (west or {}).get(sku):
                item.receive("WH-WEST", (west or {})[sku], T)
            uow.stock.add(item)
        uow.commit()
    return Engine(store, FixedClock(T), LOCATIONS, slotting=SLOTS), store


def shipped_orders(engine: Engine, count: int, clocks: int = 1, vases: int = 1) -> list[str]:
    """``count`` orders placed, confirmed, allocated, each with a shipment from WH-EAST."""
    shipments = []
    for n in range(1, count + 1):
        order_id = f"order-{n}"
        engine.place_order(an_order(order_id, clocks=clocks, vases=vases))
        engine.confirm_order(order_id)
        engine.allocate_order(order_id)
        lines = {}
        if clocks:
            lines["line-1"] = clocks
        if vases:
            lines["line-2" if clocks else "line-1"] = vases
        shipments.append(engine.open_shipment(order_id, lines, "WH-EAST"))
    return shipments


def pick_list_in(store: MemoryStore, pick_list_id: str = "PL-000001") -> PickList:
    found = store.read("pick_lists", pick_list_id)
    assert isinstance(found, PickList)
    return found


def shipment_in(store: MemoryStore, shipment_id: str = "SHP-000001") -> Shipment:
    found = store.read("shipments", shipment_id)
    assert isinstance(found, Shipment)
    return found


def test_a_batch_pick_list_for_three_orders_visits_each_bin_once_in_walk_order() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 3, clocks=1, vases=2)
    made = engine.create_pick_lists(shipments, PickMethod.BATCH)
    assert ["PL-000001"] == made
    stops = [(s.bin, s.sku, s.units) for s in pick_list_in(store).walk()]
    assert [(CLOCKS, "RETRO-CLOCK", 3), (VASES, "BLUE-VASE", 6)] == stops
    assert [("PL-000001",)] * 3 == [shipment_in(store, s).pick_lists for s in shipments]


def test_the_volume_decides_the_method_when_the_host_names_none() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    one = shipped_orders(engine, 1)
    engine.create_pick_lists(one)
    assert PickMethod.SINGLE == pick_list_in(store).method


def test_refuses_a_shipment_already_on_a_pick_list_and_changes_nothing() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 2)
    engine.create_pick_lists(shipments[:1])
    before = store.snapshot()
    with pytest.raises(ValidationError) as refused:
        engine.create_pick_lists(shipments)
    assert "PL-000001" in str(refused.value)
    assert before == store.snapshot()


def test_confirming_a_pick_line_picks_every_shipment_line_it_serves() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 2, clocks=2, vases=1)
    engine.create_pick_lists(shipments, PickMethod.BATCH)
    engine.release_pick_list("PL-000001")
    confirmed = engine.confirm_pick("PL-000001", "1", 4)
    assert (("SHP-000001", "line-1", 2), ("SHP-000002", "line-1", 2)) == confirmed.picked
    assert {"allocated": 1, "picked": 2} == ledger(store, "line-1") | ledger(store, "line-2")
    assert 4 == stock_in(store, "RETRO-CLOCK").reservations["order-1/line-1"].picked + 2
    assert PickListStatus.IN_PROGRESS == confirmed.status


def test_a_short_pick_of_two_is_reallocated_from_the_second_warehouse() -> None:
    engine, store = floor({"RETRO-CLOCK": 3}, {"RETRO-CLOCK": 5})
    shipments = shipped_orders(engine, 1, clocks=3, vases=0)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    confirmed = engine.confirm_pick("PL-000001", "1", 1, short=True)
    (short,) = confirmed.short
    assert (2, (("WH-WEST", 2),), 0) == (short.units, short.reallocated, short.backordered)
    assert PickListStatus.SHORT_PICKED == confirmed.status
    assert {"allocated": 2, "picked": 1} == ledger(store, "line-1")
    item = stock_in(store, "RETRO-CLOCK")
    assert (1, 5) == (item.on_hand("WH-EAST"), item.on_hand("WH-WEST"))
    assert (1, 2) == (item.reserved("WH-EAST"), item.reserved("WH-WEST"))
    written_off = [row for row in ledger_rows(store, "RETRO-CLOCK") if row.reason == "not found"]
    assert [("WH-EAST", -2)] == [(row.location, row.on_hand) for row in written_off]


def test_a_short_pick_cuts_another_order_which_is_served_again_from_the_second_warehouse() -> None:
    engine, store = floor({"RETRO-CLOCK": 4}, {"RETRO-CLOCK": 3})
    engine.place_order(an_order("order-2", clocks=1, vases=0, priority=200))
    engine.confirm_order("order-2")
    engine.allocate_order("order-2")
    engine.place_order(an_order("order-1", clocks=5, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")  # WH-EAST 3 (all that is free there) + WH-WEST 2
    shipment = engine.open_shipment("order-1", {"line-1": 3}, "WH-EAST")
    engine.create_pick_lists([shipment])
    engine.release_pick_list("PL-000001")
    confirmed = engine.confirm_pick("PL-000001", "1", 1, short=True)
    (short,) = confirmed.short
    cut = {(d.order_id, d.lost, d.moved, d.backordered) for d in short.displaced}
    assert {("order-2", 1, (("WH-WEST", 1),), 0), ("order-1", 1, (("WH-WEST", 1),), 0)} == cut
    assert (2, (("WH-WEST", 1),), 1) == (short.units, short.reallocated, short.backordered)
    assert {"allocated": 1} == ledger(store, "line-1", "order-2")
    assert {"allocated": 3, "picked": 1, "backordered": 1} == ledger(store, "line-1")
    item = stock_in(store, "RETRO-CLOCK")
    assert (2, 3) == (item.on_hand("WH-EAST"), item.on_hand("WH-WEST"))
    assert (2, 3) == (item.reserved("WH-EAST"), item.reserved("WH-WEST"))
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok


def test_a_short_pick_with_no_other_stock_is_backordered() -> None:
    engine, store = floor({"RETRO-CLOCK": 3})
    shipments = shipped_orders(engine, 1, clocks=3, vases=0)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    confirmed = engine.confirm_pick("PL-000001", "1", 2, short=True)
    (short,) = confirmed.short
    assert (1, (), 1) == (short.units, short.reallocated, short.backordered)
    assert {"backordered": 1, "picked": 2} == ledger(store, "line-1")
    assert (2, 2) == (
        stock_in(store, "RETRO-CLOCK").on_hand(),
        stock_in(store, "RETRO-CLOCK").reserved(),
    )


def test_waves_are_released_by_tick_at_their_cut_off() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 2)
    noon = T.add(hours=3)
    dispatch = {s: Dispatch(noon, "DHL") for s in shipments}
    engine.create_pick_lists(shipments, PickMethod.WAVE, dispatch=dispatch)
    engine.tick()
    assert PickListStatus.OPEN == pick_list_in(store).status
    engine.clock = FixedClock(noon)
    report = engine.tick()
    assert ("PL-000001",) == report.released_pick_lists  # wired after 16:30
    assert PickListStatus.RELEASED == pick_list_in(store).status


def test_cancelling_a_pick_list_takes_its_shipments_off_it() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 1)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 1)
    assert {"SHP-000001": 1} == engine.cancel_pick_list("PL-000001", "picker went home")
    assert ((), ShipmentStatus.PICKING) == (
        shipment_in(store).pick_lists,
        shipment_in(store).status,
    )
    assert ["PL-000002"] == engine.create_pick_lists(shipments)
    assert 1 == sum(line.units for line in pick_list_in(store, "PL-000002").walk())


def test_a_repeated_confirmation_with_its_key_returns_the_first_result() -> None:
    engine, store = floor({"RETRO-CLOCK": 3}, {"RETRO-CLOCK": 5})
    shipments = shipped_orders(engine, 1, clocks=3, vases=0)
    engine.create_pick_lists(shipments, idempotency_key="make")
    engine.release_pick_list("PL-000001", idempotency_key="go")
    first = engine.confirm_pick("PL-000001", "1", 1, short=True, idempotency_key="k1")
    after = store.snapshot()
    assert first == engine.confirm_pick("PL-000001", "1", 1, short=True, idempotency_key="k1")
    assert after == store.snapshot()
    assert order_in(store).lines  # the order is still there


def test_a_later_confirmation_after_the_list_closed_is_refused() -> None:
    engine, store = floor({"RETRO-CLOCK": 10})
    shipments = shipped_orders(engine, 1, clocks=1, vases=0)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 1)
    engine.close_pick_list("PL-000001")
    before = store.snapshot()
    with pytest.raises(InvalidTransition):
        engine.confirm_pick("PL-000001", "1", 1)
    assert before == store.snapshot()


def test_confirming_more_than_a_line_holds_is_refused_and_changes_nothing() -> None:
    engine, store = floor({"RETRO-CLOCK": 10})
    shipments = shipped_orders(engine, 1, clocks=2, vases=0)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    before = store.snapshot()
    with pytest.raises(OverConfirm) as refused:
        engine.confirm_pick("PL-000001", "1", 3)
    assert (3, 2) == (refused.value.units, refused.value.open_units)
    assert before == store.snapshot()


def test_a_listed_shipment_is_picked_only_through_its_pick_list() -> None:
    engine, store = floor({"RETRO-CLOCK": 10})
    shipments = shipped_orders(engine, 1, clocks=2, vases=0)
    engine.create_pick_lists(shipments)
    before = store.snapshot()
    with pytest.raises(OnPickList) as refused:
        engine.pick("SHP-000001", "line-1", 1)
    assert ("PL-000001", "pick") == (refused.value.pick_list_id, refused.value.command)
    with pytest.raises(OnPickList):
        engine.cancel_shipment("SHP-000001", "changed my mind")
    assert before == store.snapshot()


def test_the_confirmation_that_finishes_the_list_takes_its_shipments_off_it() -> None:
    engine, store = floor({"RETRO-CLOCK": 10})
    shipments = shipped_orders(engine, 1, clocks=2, vases=0)
    engine.create_pick_lists(shipments)
    engine.release_pick_list("PL-000001")
    engine.confirm_pick("PL-000001", "1", 1)
    assert ("PL-000001",) == shipment_in(store).pick_lists
    engine.confirm_pick("PL-000001", "1", 1)
    assert ((), ShipmentStatus.PICKED) == (
        shipment_in(store).pick_lists,
        shipment_in(store).status,
    )


def test_a_wave_made_again_with_its_key_is_the_same_wave() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 2)
    dispatch = {s: Dispatch(T.add(hours=3), "DHL", 1) for s in shipments}
    lead = pendulum.duration(minutes=30)
    first = engine.create_pick_lists(
        shipments, PickMethod.WAVE, dispatch=dispatch, lead=lead, idempotency_key="wave-1"
    )
    again = engine.create_pick_lists(
        shipments, PickMethod.WAVE, dispatch=dispatch, lead=lead, idempotency_key="wave-1"
    )
    assert ["PL-000001"] == first == again
    assert T.add(hours=2, minutes=30) == pick_list_in(store).release_at


def test_a_wave_without_dispatch_is_refused() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    shipments = shipped_orders(engine, 1)
    before = store.snapshot()
    with pytest.raises(ValidationError):
        engine.create_pick_lists(shipments, PickMethod.WAVE)
    assert before == store.snapshot()


def test_a_zone_pick_list_is_made_per_zone() -> None:
    engine, store = floor({"RETRO-CLOCK": 10, "BLUE-VASE": 10})
    engine.slotting = Slotting(
        {("WH-EAST", "RETRO-CLOCK"): CLOCKS, ("WH-EAST", "BLUE-VASE"): Bin("WH-EAST", "B", 1, 1)}
    )
    shipments = shipped_orders(engine, 2)
    assert ["PL-000001", "PL-000002"] == engine.create_pick_lists(shipments, PickMethod.ZONE)
    assert ("A", "B") == (pick_list_in(store).group, pick_list_in(store, "PL-000002").group)
    assert ("PL-000001", "PL-000002") == shipment_in(store).pick_lists


def test_an_order_whose_shipment_is_on_a_pick_list_is_cancelled_after_the_list() -> None:
    engine, store = floor({"RETRO-CLOCK": 10})
    shipments = shipped_orders(engine, 1, clocks=2, vases=0)
    engine.create_pick_lists(shipments)
    before = store.snapshot()
    with pytest.raises(OnPickList):
        engine.cancel_order("order-1", "customer changed their mind")
    assert before == store.snapshot()
    engine.cancel_pick_list("PL-000001", "order cancelled")
    engine.cancel_order("order-1", "customer changed their mind")
    assert {"cancelled": 2} == ledger(store, "line-1")
