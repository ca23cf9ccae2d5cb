import pytest

from ordercore.domain.inventory import (
    Allocation,
    HoldExpired,
    InsufficientStock,
    MovementKind,
    OverRelease,
    PositionKey,
    ReleaseResult,
    ReservationKind,
    ReservationState,
)
from ordercore.domain.inventory.events import StockReserved
from ordercore.kernel.errors import InvalidTransition, NotFound, ValidationError
from tests.domain.inventory.helpers import T, hard, later, snapshot, soft, stock


def test_extending_a_hold_moves_its_expiry_later() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    item.extend("R-1", later(30), later(10))
    assert ([], 2) == (item.tick(later(20)), item.reserved())


def test_refuses_to_extend_a_hold_to_an_earlier_time() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    before = snapshot(item)
    with pytest.raises(ValidationError):
        item.extend("R-1", later(5), T)
    assert before == snapshot(item)


def test_refuses_to_extend_a_hold_whose_time_is_up() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    with pytest.raises(HoldExpired):
        item.extend("R-1", later(30), later(15))


def test_confirming_a_hold_makes_it_a_hard_allocation_that_never_expires() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    reservation = item.confirm("R-1", later(1))
    assert (ReservationKind.HARD, ReservationState.ALLOCATED, None, []) == (
        reservation.kind,
        reservation.state,
        reservation.expires_at,
        item.tick(later(60)),
    )


def test_refuses_to_confirm_a_hold_whose_time_is_up() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    with pytest.raises(HoldExpired):
        item.confirm("R-1", later(15))


def test_refuses_a_command_on_an_unknown_reservation() -> None:
    with pytest.raises(NotFound):
        stock(WH_EAST=5).confirm("NOPE", T)


def test_growing_a_hold_of_3_to_10_needs_7_more_free_units() -> None:
    item = stock(WH_EAST=10)
    soft(item, "R-1", Allocation("WH-EAST", 3))
    item.resize("R-1", 10, T)
    assert (10, 0) == (item.reservation("R-1").quantity, item.available())


def test_refuses_to_grow_a_hold_beyond_the_free_units_and_changes_nothing() -> None:
    item = stock(WH_EAST=10)
    soft(item, "R-1", Allocation("WH-EAST", 3))
    before = snapshot(item)
    with pytest.raises(InsufficientStock) as caught:
        item.resize("R-1", 11, T)
    assert ((8, 7), before) == ((caught.value.requested, caught.value.available), snapshot(item))


def test_shrinking_a_reservation_gives_back_from_the_least_preferred_place() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3), Allocation("WH-WEST", 3))
    item.resize("R-1", 4, T)
    assert (Allocation("WH-EAST", 3), Allocation("WH-WEST", 1)) == item.reservation(
        "R-1"
    ).allocations


def test_resizing_to_the_same_size_changes_nothing() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    before = snapshot(item)
    item.resize("R-1", 3, T)
    assert before == snapshot(item)


def test_a_partial_release_gives_back_from_the_least_preferred_location_first() -> None:
    item = stock(WH_EAST=5, WH_WEST=5, STORE_SOHO=5)
    hard(
        item,
        "R-1",
        Allocation("WH-EAST", 2),
        Allocation("WH-WEST", 2),
        Allocation("STORE-SOHO", 2),
    )
    result = item.release("R-1", 3, T)
    assert (3, (Allocation("WH-EAST", 2), Allocation("WH-WEST", 1))) == (
        result.released,
        item.reservation("R-1").allocations,
    )


def test_refuses_to_release_more_than_is_held() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    before = snapshot(item)
    with pytest.raises(OverRelease) as caught:
        item.release("R-1", 3, T)
    assert ((3, 2), before) == ((caught.value.requested, caught.value.held), snapshot(item))


def test_release_all_is_its_own_explicit_command() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    result = item.release_all("R-1", T)
    assert (ReleaseResult("R-1", 2, ReservationState.RELEASED), 0) == (result, item.reserved())


def test_releasing_exactly_what_is_left_ends_the_reservation() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    assert ReservationState.RELEASED == item.release("R-1", 2, T).state


def test_releasing_twice_is_a_noop_that_says_so() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.release_all("R-1", T)
    before = snapshot(item)
    again = item.release_all("R-1", T)
    partial = item.release("R-1", 1, T)
    assert (True, True, 0, before) == (again.noop, partial.noop, again.released, snapshot(item))
    assert "already released" in again.reason


def test_releasing_an_expired_hold_is_a_noop_that_says_so() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=1)
    item.tick(later(1))
    assert "already expired" in item.release_all("R-1", later(2)).reason


def test_refuses_to_release_a_consumed_reservation() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.pick("R-1", 2, T, location="WH-EAST")
    item.ship("R-1", 2, T)
    with pytest.raises(InvalidTransition):
        item.release_all("R-1", T)


def test_a_partial_release_leaves_picked_units_to_release_all() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 4))
    item.pick("R-1", 3, T, location="WH-EAST")
    with pytest.raises(OverRelease):
        item.release("R-1", 2, T)
    result = item.release_all("R-1", T)
    assert (4, 0, 0) == (
        result.released,
        item.reserved(),
        item.counters.picked.get(PositionKey("WH-EAST"), 0),
    )


def test_harden_is_another_name_for_confirm() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2))
    assert ReservationState.ALLOCATED == item.harden("R-1", T).state


def test_refuses_to_resize_once_picking_has_begun() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.pick("R-1", 1, T, location="WH-EAST")
    with pytest.raises(InvalidTransition):
        item.resize("R-1", 3, T)


def test_a_hold_records_one_event_one_reserve_row_and_opens_one_reservation() -> None:
    item = stock(WH_EAST=5)
    item.pull_movements()
    placed = hard(item, "R-1", Allocation("WH-EAST", 2))
    events, rows = item.pull_events(), item.pull_movements()
    reserved = [e for e in events if isinstance(e, StockReserved)]
    assert (
        [StockReserved],
        [("R-1", 2, 2)],
        [(MovementKind.RESERVE, "WH-EAST", 2, "R-1", 2)],
        placed,
    ) == (
        [type(e) for e in events],
        [(e.reservation_id, e.quantity, e.version) for e in reserved],
        [(m.kind, m.location, m.reserved, m.reference, m.seq) for m in rows],
        item.reservation("R-1"),
    )


def test_releasing_everything_answers_with_a_release_result_read_by_name() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    result = item.release_all("R-1", T)
    again = item.release_all("R-1", T)
    assert (("R-1", 2, ReservationState.RELEASED, False), (0, True)) == (
        (result.reservation_id, result.released, result.state, result.noop),
        (again.released, again.noop),
    )
