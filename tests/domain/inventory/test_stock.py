import pendulum
import pytest

from ordercore.domain.inventory import (
    Allocation,
    InsufficientStock,
    Lot,
    NegativeStock,
    ReservationLoss,
    StockAdjusted,
    StockCounted,
    StockItem,
    StockReceived,
    StockScrapped,
    StockTransferred,
)
from ordercore.kernel.errors import ValidationError, WrongType
from tests.domain.inventory.helpers import T, hard, snapshot, soft, stock


def test_a_new_stock_item_starts_at_version_zero_with_nothing() -> None:
    item = StockItem("RETRO-CLOCK")
    assert (0, 0, 0, []) == (item.version, item.on_hand(), item.available(), item.positions())


def test_receiving_puts_units_on_hand_and_says_so() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 10, T, reason="PO", reference="PO-1")
    expected = StockReceived(
        entity_id="RETRO-CLOCK",
        version=1,
        occurred_at=T,
        location="WH-EAST",
        lot=None,
        quantity=10,
        reason="PO",
        reference="PO-1",
    )
    assert ([expected], 10, 1) == (item.pull_events(), item.on_hand("WH-EAST"), item.version)


def test_pulling_events_clears_them() -> None:
    item = stock(WH_EAST=3)
    item.receive("WH-EAST", 1, T)
    item.pull_events()
    assert [] == item.pull_events()


def test_receiving_a_lot_registers_its_expiry_and_arrival() -> None:
    item = StockItem("BLUE-VASE")
    lot = Lot("LOT-A", pendulum.date(2027, 3, 1), T)
    item.receive("WH-EAST", 4, T, lot=lot)
    assert (lot, 4, 0) == (
        item.lots.known["LOT-A"],
        item.on_hand(lot="LOT-A"),
        item.on_hand(lot="LOT-B"),
    )


def test_refuses_a_lot_that_contradicts_the_one_already_known() -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 4, T, lot=Lot("LOT-A", pendulum.date(2027, 3, 1)))
    before = snapshot(item)
    with pytest.raises(ValidationError):
        item.receive("WH-EAST", 4, T, lot=Lot("LOT-A", pendulum.date(2028, 1, 1)))
    assert before == snapshot(item)


@pytest.mark.parametrize("units", [0, -3])
def test_refuses_to_receive_nothing_or_less(units: int) -> None:
    item = stock(WH_EAST=3)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        item.receive("WH-EAST", units, T)
    assert before == snapshot(item)


def test_refuses_a_float_quantity() -> None:
    with pytest.raises(WrongType):
        stock().receive("WH-EAST", 2.0, T)  # type: ignore[arg-type]


def test_refuses_a_naive_instant() -> None:
    with pytest.raises(ValueError, match="timezone"):
        stock().receive("WH-EAST", 2, pendulum.naive(2026, 11, 26))


def test_availability_is_on_hand_minus_reserved_minus_safety_stock() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    soft(item, "R-2", Allocation("WH-EAST", 1))
    item.set_safety_stock("WH-EAST", 4, T)
    assert (10, 3, 3) == (item.on_hand(), item.reserved(), item.available())


def test_availability_never_goes_below_zero_when_safety_stock_exceeds_the_free_units() -> None:
    item = stock(WH_EAST=3)
    item.set_safety_stock("WH-EAST", 5, T)
    assert 0 == item.available("WH-EAST")


def test_a_lot_gives_at_most_what_its_location_has_above_safety_stock() -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 5, T, lot="LOT-A")
    item.receive("WH-EAST", 5, T, lot="LOT-B")
    item.set_safety_stock("WH-EAST", 7, T)
    assert (3, 3) == (item.available("WH-EAST", "LOT-A"), item.available("WH-EAST"))


def test_adjusting_up_adds_units_with_a_reason() -> None:
    item = stock(WH_EAST=3)
    change = item.adjust("WH-EAST", 2, "found behind a shelf", T)
    assert (5, (), 5) == (change.on_hand, change.losses, item.on_hand())


def test_refuses_an_adjustment_without_a_reason() -> None:
    item = stock(WH_EAST=3)
    before = snapshot(item)
    with pytest.raises(ValidationError) as caught:
        item.adjust("WH-EAST", -1, " ", T)
    assert ("reason", before) == (caught.value.field, snapshot(item))


def test_refuses_an_adjustment_that_takes_on_hand_below_zero() -> None:
    item = stock(WH_EAST=3)
    before = snapshot(item)
    with pytest.raises(NegativeStock) as caught:
        item.adjust("WH-EAST", -4, "damaged", T)
    assert ((3, -4), before) == (
        (caught.value.on_hand, caught.value.change),
        snapshot(item),
    )


def test_when_stock_shrinks_below_reserved_the_lowest_priority_latest_placed_lose_first() -> None:
    item = stock(WH_EAST=10)
    hard(item, "URGENT", Allocation("WH-EAST", 4), priority=1, placed_minutes=5)
    hard(item, "EARLY", Allocation("WH-EAST", 3), priority=5, placed_minutes=0)
    hard(item, "LATE", Allocation("WH-EAST", 3), priority=5, placed_minutes=9)
    change = item.adjust("WH-EAST", -5, "water damage", T)
    expected = (
        ReservationLoss("LATE", "O-LATE", "L-1", "WH-EAST", None, 3),
        ReservationLoss("EARLY", "O-EARLY", "L-1", "WH-EAST", None, 2),
    )
    assert (expected, 5, [4, 1, 0]) == (
        change.losses,
        item.reserved(),
        [item.reservation(r).quantity for r in ("URGENT", "EARLY", "LATE")],
    )


def test_a_shrink_within_the_free_units_takes_nothing_from_reservations() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    assert () == item.adjust("WH-EAST", -6, "damaged", T).losses


def test_the_adjustment_event_says_which_reservations_lost_units() -> None:
    item = stock(WH_EAST=2)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.pull_events()
    item.adjust("WH-EAST", -1, "damaged", T)
    (event,) = item.pull_events()
    assert isinstance(event, StockAdjusted)
    assert (ReservationLoss("R-1", "O-R-1", "L-1", "WH-EAST", None, 1),) == event.losses


def test_a_cycle_count_sets_on_hand_and_applies_the_shrink_rule() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 8))
    item.pull_events()
    change = item.count("WH-EAST", 6, T)
    (event,) = item.pull_events()
    assert (-4, 6, 2, 6) == (change.delta, item.on_hand(), change.lost, item.reserved())
    assert isinstance(event, StockCounted)
    assert (6, -4) == (event.counted, event.delta)


def test_a_count_that_matches_is_recorded_without_a_change() -> None:
    item = stock(WH_EAST=10)
    change = item.count("WH-EAST", 10, T)
    assert (0, 2, "count") == (change.delta, item.version, item.pull_movements()[-1].kind)


def test_scrapping_writes_units_off() -> None:
    item = stock(WH_EAST=10)
    item.scrap("WH-EAST", 3, T, reason="broken glass")
    (event,) = item.pull_events()
    assert (7, True) == (item.on_hand(), isinstance(event, StockScrapped))


def test_refuses_to_scrap_more_than_is_on_hand() -> None:
    item = stock(WH_EAST=2)
    before = snapshot(item)
    with pytest.raises(NegativeStock):
        item.scrap("WH-EAST", 3, T)
    assert before == snapshot(item)


def test_returned_units_go_back_on_the_shelf() -> None:
    item = stock(WH_EAST=2)
    item.return_to_stock("WH-EAST", 1, T, reference="RMA-7")
    last = item.pull_movements()[-1]
    assert (3, "return_to_stock", "RMA-7") == (item.on_hand(), last.kind, last.reference)


def test_a_transfer_moves_free_units_between_locations() -> None:
    item = stock(WH_EAST=10)
    item.transfer("WH-EAST", "WH-WEST", 4, T)
    (event,) = item.pull_events()
    assert (6, 4, 1) == (item.on_hand("WH-EAST"), item.on_hand("WH-WEST"), item.version - 1)
    assert isinstance(event, StockTransferred)


def test_refuses_to_transfer_reserved_units() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 8))
    before = snapshot(item)
    with pytest.raises(NegativeStock):
        item.transfer("WH-EAST", "WH-WEST", 3, T)
    assert before == snapshot(item)


def test_refuses_a_transfer_to_the_same_place() -> None:
    with pytest.raises(ValidationError):
        stock(WH_EAST=10).transfer("WH-EAST", "WH-EAST", 3, T)


def test_safety_stock_is_kept_per_location() -> None:
    item = stock(WH_EAST=10, WH_WEST=10)
    item.set_safety_stock("WH-EAST", 10, T)
    assert (0, 10, 10) == (item.available("WH-EAST"), item.available("WH-WEST"), item.available())


def test_verify_finds_nothing_wrong_with_a_healthy_item() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 8))
    item.adjust("WH-EAST", -3, "damaged", T)
    report = item.verify()
    assert (True, (), 3) == (report.ok, report.drifts, report.movements - 1)


def test_verify_reports_reserved_count_drift_and_rebuild_restores_it() -> None:
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    rows = item.pull_movements()
    item.counters.reserved[next(iter(item.counters.reserved))] += 1  # corrupt it
    drifted = item.verify(rows)
    repaired = item.rebuild(rows, T)
    assert (False, True, 4) == (drifted.ok, item.verify(rows).ok, item.reserved())
    assert {"reserved", "reserved by reservations"} == {d.counter for d in repaired.drifts} | {
        d.counter for d in drifted.drifts
    }


def test_a_rebuild_that_corrects_nothing_changes_nothing() -> None:
    item = stock(WH_EAST=10)
    before = snapshot(item)
    item.rebuild([], T)
    assert before == snapshot(item)


def test_a_transfer_keeps_the_lot_of_the_units() -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 5, T, lot="LOT-A")
    item.transfer("WH-EAST", "WH-WEST", 2, T, lot="LOT-A")
    assert (3, 2, 5) == (
        item.on_hand("WH-EAST", "LOT-A"),
        item.on_hand("WH-WEST", "LOT-A"),
        item.available(lot="LOT-A"),
    )


def test_a_lot_is_reserved_apart_from_the_untracked_stock_of_its_location() -> None:
    item = StockItem("BLUE-VASE")
    item.receive("WH-EAST", 2, T, lot="LOT-A")
    item.receive("WH-EAST", 3, T)
    with pytest.raises(InsufficientStock):
        hard(item, "R-1", Allocation("WH-EAST", 3, "LOT-A"))
    hard(item, "R-2", Allocation("WH-EAST", 3))
    assert (3, 2) == (item.reserved(), item.available())
