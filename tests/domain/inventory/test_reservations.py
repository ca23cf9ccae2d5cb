import pytest

from ordercore.domain.inventory import (
    RESERVATION_LIFECYCLE,
    Allocation,
    Reservation,
    ReservationKind,
    ReservationState,
    StockChange,
)
from ordercore.domain.inventory.reservations import new_reservation, unshrunk
from ordercore.kernel.errors import InvalidTransition
from ordercore.testing.strategies_inventory import ANCHOR


def hold(expires_in_minutes: int = 15) -> Reservation:
    return Reservation(
        "R-1",
        "RETRO-CLOCK",
        "O-1",
        "L-1",
        5,
        ANCHOR,
        ReservationKind.SOFT,
        ReservationState.HELD,
        (Allocation("WH-EAST", 2), Allocation("WH-WEST", 1)),
        ANCHOR.add(minutes=expires_in_minutes),
    )


def test_the_lifecycle_is_named_reservation_and_starts_held() -> None:
    assert ("reservation", ReservationState.HELD) == (
        RESERVATION_LIFECYCLE.name,
        RESERVATION_LIFECYCLE.initial,
    )


def test_consumed_released_and_expired_are_terminal() -> None:
    assert {
        ReservationState.CONSUMED,
        ReservationState.RELEASED,
        ReservationState.EXPIRED,
    } == set(RESERVATION_LIFECYCLE.terminal)


def test_only_a_hard_reservation_can_be_picked() -> None:
    with pytest.raises(InvalidTransition):
        RESERVATION_LIFECYCLE.next_state(ReservationState.HELD, "pick")
    assert ReservationState.PICKED == RESERVATION_LIFECYCLE.next_state(
        ReservationState.ALLOCATED, "pick"
    )


def test_a_hold_is_due_at_the_boundary_instant_and_not_a_moment_before() -> None:
    reservation = hold(15)
    assert (False, True) == (
        reservation.is_due(ANCHOR.add(minutes=15).subtract(microseconds=1)),
        reservation.is_due(ANCHOR.add(minutes=15)),
    )


def test_a_reservation_sums_its_allocations() -> None:
    assert (3, 0, True) == (hold().quantity, hold().picked, hold().is_active)


def test_the_lifecycle_renders_a_mermaid_diagram() -> None:
    assert "held --> allocated: confirm" in RESERVATION_LIFECYCLE.to_mermaid()


def test_a_pick_builds_the_stock_change_the_constructor_builds() -> None:
    expected = StockChange("WH-EAST", "LOT-7", 0, 12)
    actual = unshrunk("WH-EAST", "LOT-7", 12)
    assert (expected, hash(expected), repr(expected)) == (actual, hash(actual), repr(actual))


def test_placing_a_hold_builds_the_reservation_the_constructor_builds() -> None:
    places, expires = (Allocation("WH-EAST", 2), Allocation("WH-WEST", 1)), ANCHOR.add(minutes=15)
    soft, held = ReservationKind.SOFT, ReservationState.HELD
    expected = Reservation(
        "R-1", "RETRO-CLOCK", "O-1", "L-1", 3, ANCHOR, soft, held, places, expires
    )
    actual = new_reservation(
        "R-1", "RETRO-CLOCK", "O-1", "L-1", 3, ANCHOR, soft, held, places, expires
    )
    assert (expected, repr(expected), type(expected)) == (actual, repr(actual), type(actual))
