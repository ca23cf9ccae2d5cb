import pytest

from ordercore.domain.fulfilment import NotOnShelf, PickedUnits
from ordercore.domain.inventory import MovementKind, StockShipped, StockUnpicked
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.picking import ship_picked, unpick
from ordercore.service.session import Session
from tests.domain.inventory.helpers import ledger_rows, snapshot
from tests.service.helpers import CLOCK_LINE, T, an_order, ledger, shop, stock_in

FIRST = "order-1/line-1"


def two_place_shop() -> tuple[Engine, MemoryStore]:
    """One reservation for two clocks: WH-EAST 1 (preferred), then WH-WEST 1."""
    engine, store, _ = shop(clocks=1, vases=0)
    engine.receive_stock("RETRO-CLOCK", "WH-WEST", 1)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    return engine, store


def kinds_since(store: MemoryStore, seq: int) -> list[tuple[str, str]]:
    return [(m.kind.value, m.reason) for m in ledger_rows(store, "RETRO-CLOCK") if m.seq > seq]


def test_a_cancelled_shipment_keeps_the_reservation_id_through_pick_again_and_ship() -> None:
    engine, store = two_place_shop()
    west = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    engine.pick(west, CLOCK_LINE, 1)
    engine.pack(west)
    engine.cancel_shipment(west, "label printer jammed")
    again = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    engine.pick(again, CLOCK_LINE, 1)
    engine.pack(again)
    engine.ship_shipment(again, "DHL", ["JD0005"])
    item = stock_in(store, "RETRO-CLOCK")
    assert [FIRST] == list(item.reservations)
    assert [(FIRST, "picked", 1, [("WH-EAST", 1)])] == [
        (r.id, r.state.value, r.quantity, [(a.location, a.quantity) for a in r.allocations])
        for r in item.reservations.values()
    ]
    assert {"allocated": 1, "shipped": 1, "invoiced": 1} == ledger(store, CLOCK_LINE)
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok


def test_a_cancelled_shipment_leaves_no_release_and_re_reserve_in_the_ledger() -> None:
    engine, store = two_place_shop()
    east = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    west = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    engine.pick(east, CLOCK_LINE, 1)
    engine.pick(west, CLOCK_LINE, 1)
    seq = len(ledger_rows(store, "RETRO-CLOCK"))
    engine.cancel_shipment(west, "customer collects it")
    item = stock_in(store, "RETRO-CLOCK")
    assert [("pick", "unpick")] == kinds_since(store, seq)
    assert [(FIRST, [("WH-EAST", 1), ("WH-WEST", 0)])] == [
        (r.id, [(a.location, a.picked) for a in r.allocations]) for r in item.reservations.values()
    ]
    unpicked = [m for m in store.pending(1000) if m.event.name == "StockUnpicked"]
    assert 1 == len(unpicked)


def test_ships_from_the_less_preferred_place_without_rebuilding_the_reservation() -> None:
    engine, store = two_place_shop()
    east = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    west = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    engine.pick(east, CLOCK_LINE, 1)
    engine.pick(west, CLOCK_LINE, 1)
    seq = len(ledger_rows(store, "RETRO-CLOCK"))
    engine.pack(west)
    engine.ship_shipment(west, "DHL", ["JD0006"])
    item = stock_in(store, "RETRO-CLOCK")
    assert [("ship", "")] == kinds_since(store, seq)
    assert ([FIRST], 1, 0) == (
        list(item.reservations),
        item.on_hand("WH-EAST"),
        item.on_hand("WH-WEST"),
    )
    assert item.verify(ledger_rows(store, "RETRO-CLOCK")).ok


def test_ship_picked_names_the_place_in_the_stock_event() -> None:
    engine, store = two_place_shop()
    west = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-WEST")
    engine.pick(west, CLOCK_LINE, 1)
    engine.pack(west)
    engine.ship_shipment(west, "DHL", ["JD0007"])
    shipped = [m.event for m in store.pending(1000) if isinstance(m.event, StockShipped)]
    assert [(FIRST, 1, "WH-WEST", None)] == [
        (e.reservation_id, e.quantity, e.location, e.lot) for e in shipped
    ]


def test_refuses_to_ship_or_unpick_picks_the_line_does_not_hold_and_moves_nothing() -> None:
    engine, store = two_place_shop()
    east = engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")
    engine.pick(east, CLOCK_LINE, 1)
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        item = session.stock("RETRO-CLOCK")
        before = snapshot(item)
        picks = [PickedUnits("WH-EAST", 1), PickedUnits("WH-WEST", 1)]
        with pytest.raises(NotOnShelf) as caught:
            ship_picked(session, item, "order-1", CLOCK_LINE, picks)
        with pytest.raises(NotOnShelf):
            unpick(session, item, "order-1", CLOCK_LINE, PickedUnits("WH-EAST", 2))
        assert ("WH-WEST", 0, before) == (caught.value.location, caught.value.held, snapshot(item))


def test_unpicks_the_newest_reservation_of_the_line_first() -> None:
    engine, store, _ = shop(clocks=1, vases=0)
    engine.place_order(an_order(clocks=2, vases=0))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")  # one clock now, one backordered
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 1, order_ids=["order-1"])  # ".../2"
    shipment = engine.open_shipment("order-1", {CLOCK_LINE: 2}, "WH-EAST")
    engine.pick(shipment, CLOCK_LINE, 2)
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        item = session.stock("RETRO-CLOCK")
        item.pull_events()
        unpick(session, item, "order-1", CLOCK_LINE, PickedUnits("WH-EAST", 1))
        events = item.pull_events()
    assert [(FIRST, 1), (f"{FIRST}/2", 0)] == [(r.id, r.picked) for r in item.reservations.values()]
    assert [StockUnpicked] == [type(e) for e in events]
    assert [f"{FIRST}/2"] == [e.reservation_id for e in events if isinstance(e, StockUnpicked)]
    last = item.journal.unpulled[-1]
    assert (MovementKind.PICK, -1, "unpick") == (last.kind, last.picked, last.reason)
