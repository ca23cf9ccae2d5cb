import pytest

from ordercore.domain.inventory import (
    Allocation,
    DuplicateReservation,
    PositionKey,
    ReservationRequest,
    StockItem,
)
from tests.domain.inventory.helpers import T, hard, later, soft, stock


def test_a_closed_reservation_waits_only_until_its_events_are_pulled() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.release_all("R-1", T)
    waiting = dict(item.book.closing)
    item.pull_events()
    assert (["R-1"], {}, False) == (list(waiting), item.book.closing, item.book.knows("R-1"))


def test_the_expiry_index_stays_bounded_by_the_open_holds() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 1))
    for minutes in range(1, 60):
        item.extend("R-1", later(15 + minutes), T)
    assert len(item.book.expiries) <= 2 * len(item.book.open) + 9


def test_the_lowest_priority_latest_placed_lose_first() -> None:
    item = StockItem("WOOL-RUG")
    item.receive("WH-EAST", 6, T)
    hard(item, "VIP", Allocation("WH-EAST", 2), priority=1)
    hard(item, "EARLY", Allocation("WH-EAST", 2), placed_minutes=0)
    hard(item, "LATE", Allocation("WH-EAST", 2), placed_minutes=5)
    plan = item.book.plan_shrink(PositionKey("WH-EAST"), 3, None)
    assert [("LATE", 2), ("EARLY", 1)] == [(r.id, take) for r, _, take in plan]


def test_releasing_everything_answers_with_the_counter_changes_and_keeps_nothing() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    reservation = hard(item, "R-1", Allocation("WH-EAST", 2), Allocation("WH-WEST", 1))
    changes = item.book.give_back(reservation, picked_too=True)
    assert (
        [("R-1", "WH-EAST", None, None, -2, 0), ("R-1", "WH-WEST", None, None, -1, 0)],
        (),
    ) == (changes, reservation.allocations)


def test_a_partial_release_gives_back_from_the_least_preferred_place_first() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    reservation = hard(item, "R-1", Allocation("WH-EAST", 2), Allocation("WH-WEST", 2))
    changes = item.book.release_units(reservation, 3)
    assert (
        [("R-1", "WH-WEST", None, None, -2, 0), ("R-1", "WH-EAST", None, None, -1, 0)],
        (Allocation("WH-EAST", 1),),
    ) == (changes, reservation.allocations)


def test_a_request_whose_id_is_taken_is_refused_before_anything_is_counted() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    demand: dict[PositionKey, int] = {}
    request = ReservationRequest("R-1", "O-2", "L-1", (Allocation("WH-EAST", 1),), hard=True)
    with pytest.raises(DuplicateReservation):
        item.book.check_request("CLOCK", request, T, set(), demand, {}, item.supplies)
    assert {} == demand


def test_the_book_decides_one_stock_reserved_per_request_and_records_nothing() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    demand: dict[PositionKey, int] = {}
    two_places = (Allocation("WH-EAST", 1), Allocation("WH-WEST", 3))
    requests = [
        ReservationRequest("R-1", "O-1", "L-1", (Allocation("WH-EAST", 2),), hard=True),
        ReservationRequest("R-2", "O-2", "L-1", two_places, hard=True),
    ]
    decided = item.book.decide_reserves(
        "RETRO-CLOCK", 7, requests, T, set(), demand, {}, item.supplies
    )
    assert (
        [("R-1", 2, 7, T, True), ("R-2", 4, 7, T, True)],
        {("WH-EAST", None): 3, ("WH-WEST", None): 3},
        ({}, [], 0),
    ) == (
        [(e.reservation_id, e.quantity, e.version, e.placed_at, e.hard) for e in decided],
        demand,
        (item.book.open, item.events, item.reserved()),
    )


def test_the_book_refuses_an_id_twice_in_one_batch() -> None:
    item = stock(WH_EAST=5)
    request = ReservationRequest("R-1", "O-1", "L-1", (Allocation("WH-EAST", 1),), hard=True)
    with pytest.raises(DuplicateReservation):
        item.book.decide_reserves(
            "RETRO-CLOCK", 1, [request, request], T, set(), {}, {}, item.supplies
        )
