import pendulum
import pytest

from ordercore.domain.inventory import (
    Allocation,
    IncomingStockCancelled,
    InsufficientStock,
    OverShipment,
    ReservationLoss,
    ReservationState,
    StockPicked,
    SupplyRow,
)
from ordercore.kernel.errors import InvalidTransition, NotFound, ValidationError
from tests.domain.inventory.helpers import T, hard, snapshot, soft, stock

ARRIVAL = pendulum.date(2026, 12, 3)


def test_incoming_stock_can_be_promised_against_its_expected_date() -> None:
    item = stock(WH_EAST=1)
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    hard(item, "R-1", Allocation("WH-EAST", 4, supply="PO-1"))
    assert (
        SupplyRow("WH-EAST", None, 6, 0, supply="PO-1", expected_on=ARRIVAL),
        (10, 4),
        0,
    ) == (item.supply_rows()[-1], item.incoming("PO-1")[1:], item.reserved())


def test_refuses_to_promise_more_than_is_expected() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    with pytest.raises(InsufficientStock) as caught:
        hard(item, "R-1", Allocation("WH-EAST", 11, supply="PO-1"))
    assert "incoming PO-1" == caught.value.where


def test_refuses_an_allocation_whose_place_is_not_where_the_supply_arrives() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    with pytest.raises(ValidationError):
        hard(item, "R-1", Allocation("WH-WEST", 1, supply="PO-1"))


def test_refuses_an_allocation_from_an_unknown_supply() -> None:
    with pytest.raises(NotFound):
        hard(stock(), "R-1", Allocation("WH-EAST", 1, supply="PO-404"))


def test_when_incoming_stock_arrives_the_reservations_on_it_follow_to_on_hand() -> None:
    item = stock(WH_EAST=2)
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    hard(item, "R-1", Allocation("WH-EAST", 2), Allocation("WH-EAST", 4, supply="PO-1"))
    followed = item.receive_incoming("PO-1", 10, T)
    assert (4, (Allocation("WH-EAST", 6),), 12, 6, {}) == (
        followed,
        item.reservation("R-1").allocations,
        item.on_hand(),
        item.reserved(),
        item.supplies.lines,
    )
    with pytest.raises(NotFound):  # a fully received supply line is closed
        item.incoming("PO-1")


def test_a_partial_arrival_serves_the_most_important_reservation_first() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T, lot="LOT-A")
    hard(item, "LOW", Allocation("WH-EAST", 5, "LOT-A", "PO-1"), priority=9)
    hard(item, "HIGH", Allocation("WH-EAST", 5, "LOT-A", "PO-1"), priority=1)
    item.receive_incoming("PO-1", 6, T)
    assert (
        (Allocation("WH-EAST", 5, "LOT-A"),),
        (Allocation("WH-EAST", 1, "LOT-A"), Allocation("WH-EAST", 4, "LOT-A", "PO-1")),
        (4, 4),
    ) == (
        item.reservation("HIGH").allocations,
        item.reservation("LOW").allocations,
        item.incoming("PO-1")[1:],
    )


def test_refuses_to_receive_more_than_is_still_expected() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        item.receive_incoming("PO-1", 11, T)
    assert before == snapshot(item)


def test_refuses_an_incoming_supply_id_twice() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    with pytest.raises(ValidationError):
        item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)


def test_refuses_an_instant_as_the_expected_arrival_date() -> None:
    with pytest.raises(TypeError):
        stock().add_incoming("PO-1", "WH-EAST", 10, T, T)


def test_picking_takes_units_of_a_hard_reservation_off_the_shelf() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    item.pull_events()
    item.pick("R-1", 2, T, location="WH-EAST")
    (event,) = item.pull_events()
    assert (ReservationState.PICKED, 2, 5, True) == (
        item.reservation("R-1").state,
        item.reservation("R-1").picked,
        item.on_hand(),
        isinstance(event, StockPicked),
    )


def test_refuses_to_pick_a_soft_hold() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 3))
    with pytest.raises(InvalidTransition):
        item.pick("R-1", 1, T, location="WH-EAST")


def test_refuses_to_pick_more_than_is_allocated_there() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    before = snapshot(item)
    with pytest.raises(OverShipment):
        item.pick("R-1", 4, T, location="WH-EAST")
    assert before == snapshot(item)


def test_refuses_to_pick_where_the_reservation_holds_nothing() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    with pytest.raises(ValidationError):
        item.pick("R-1", 1, T, location="WH-WEST")


def test_a_short_pick_shrinks_stock_and_the_lowest_priority_latest_placed_lose_first() -> None:
    item = stock(WH_EAST=6)
    hard(item, "PICKER", Allocation("WH-EAST", 3), priority=1)
    hard(item, "LATER", Allocation("WH-EAST", 3), priority=5, placed_minutes=3)
    change = item.pick("PICKER", 3, T, location="WH-EAST", missing=2)
    assert ((ReservationLoss("LATER", "O-LATER", "L-1", "WH-EAST", None, 2),), 4, 3) == (
        change.losses,
        item.on_hand(),
        item.reservation("PICKER").picked,
    )


def test_shipping_consumes_picked_units_and_the_last_ones_consume_the_reservation() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    item.pick("R-1", 3, T, location="WH-EAST")
    partly = item.ship("R-1", 1, T)
    fully = item.ship("R-1", 2, T)
    assert (ReservationState.PICKED, ReservationState.CONSUMED, 2, 0) == (
        partly,
        fully,
        item.on_hand(),
        item.reserved(),
    )


def test_refuses_to_ship_more_than_is_allocated() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    item.pick("R-1", 3, T, location="WH-EAST")
    before = snapshot(item)
    with pytest.raises(OverShipment) as caught:
        item.ship("R-1", 4, T)
    assert ("shipping more than is allocated", before) == (caught.value.rule, snapshot(item))


def test_refuses_to_ship_units_that_were_not_picked() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    item.pick("R-1", 1, T, location="WH-EAST")
    with pytest.raises(OverShipment):
        item.ship("R-1", 2, T)


def test_a_short_closed_supply_takes_promises_from_the_lowest_priority_latest_first() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    hard(item, "VIP", Allocation("WH-EAST", 4, supply="PO-1"), priority=1, placed_minutes=9)
    hard(item, "EARLY", Allocation("WH-EAST", 3, supply="PO-1"), priority=5, placed_minutes=0)
    hard(item, "LATE", Allocation("WH-EAST", 3, supply="PO-1"), priority=5, placed_minutes=5)
    item.pull_events()
    losses = item.cancel_incoming("PO-1", 5, T, reason="supplier short")
    (event,) = item.pull_events()
    assert (
        (
            ReservationLoss("LATE", "O-LATE", "L-1", "WH-EAST", None, 3, "PO-1"),
            ReservationLoss("EARLY", "O-EARLY", "L-1", "WH-EAST", None, 2, "PO-1"),
        ),
        (5, 5),
        True,
    ) == (losses, item.incoming("PO-1")[1:], isinstance(event, IncomingStockCancelled))


def test_refuses_to_cancel_more_than_is_still_expected() -> None:
    item = stock()
    item.add_incoming("PO-1", "WH-EAST", 10, ARRIVAL, T)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        item.cancel_incoming("PO-1", 11, T)
    assert before == snapshot(item)
