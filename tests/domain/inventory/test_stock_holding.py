import copy
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import (
    Allocation,
    DuplicateReservation,
    InsufficientStock,
    ReservationExpired,
    ReservationKind,
    ReservationRequest,
    ReservationState,
    StockItem,
    StockReserved,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.testing.strategies_inventory import allocation_lists, stocked_items
from tests.domain.inventory.helpers import T, hard, later, snapshot, soft, stock


def request(rid: str, *allocations: Allocation) -> ReservationRequest:
    return ReservationRequest(
        rid, f"O-{rid}", "L-1", allocations, ttl=pendulum.duration(minutes=10)
    )


def test_a_soft_hold_expires_after_its_time_to_live() -> None:
    item = stock(WH_EAST=5)
    reservation = soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    assert (ReservationKind.SOFT, ReservationState.HELD, later(15), 3) == (
        reservation.kind,
        reservation.state,
        reservation.expires_at,
        item.available(),
    )


def test_a_hard_reservation_never_expires() -> None:
    item = stock(WH_EAST=5)
    reservation = hard(item, "R-1", Allocation("WH-EAST", 2))
    assert ([], ReservationState.ALLOCATED) == (item.tick(later(10_000)), reservation.state)


def test_reserving_emits_an_event_with_the_reservation_id_and_its_allocations() -> None:
    item = stock(WH_EAST=5, WH_WEST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2), Allocation("WH-WEST", 1))
    (event,) = item.pull_events()
    assert isinstance(event, StockReserved)
    placed = (Allocation("WH-EAST", 2), Allocation("WH-WEST", 1))
    assert ("R-1", 3, placed, 3) == (
        event.reservation_id,
        event.quantity,
        event.allocations,
        event.version,
    )


def test_refuses_a_hold_beyond_what_is_available_and_changes_nothing() -> None:
    item = stock(WH_EAST=5)
    before = snapshot(item)
    with pytest.raises(InsufficientStock) as caught:
        hard(item, "R-1", Allocation("WH-EAST", 6))
    assert ((6, 5, "WH-EAST"), before) == (
        (caught.value.requested, caught.value.available, caught.value.where),
        snapshot(item),
    )


def test_refuses_a_hold_that_dips_into_safety_stock() -> None:
    item = stock(WH_EAST=5)
    item.set_safety_stock("WH-EAST", 2, T)
    with pytest.raises(InsufficientStock) as caught:
        hard(item, "R-1", Allocation("WH-EAST", 4))
    assert 3 == caught.value.available


def test_demand_is_summed_per_location_and_lot_across_the_lines_of_a_request() -> None:
    item = stock(WH_EAST=5)
    before = snapshot(item)
    with pytest.raises(InsufficientStock) as caught:
        item.reserve_many(
            [
                request("LINE-1", Allocation("WH-EAST", 3)),
                request("LINE-2", Allocation("WH-EAST", 3)),
            ],
            T,
        )
    assert (6, before) == (caught.value.requested, snapshot(item))


def test_a_batch_of_holds_is_checked_on_its_total_not_hold_by_hold() -> None:
    item = stock(WH_EAST=6, WH_WEST=1)
    placed = item.reserve_many(
        [
            request("LINE-1", Allocation("WH-EAST", 3)),
            request("LINE-2", Allocation("WH-EAST", 3), Allocation("WH-WEST", 1)),
        ],
        T,
    )
    assert (["LINE-1", "LINE-2"], 7, 3) == ([r.id for r in placed], item.reserved(), item.version)


def test_a_batch_bumps_the_version_once_and_all_its_events_share_it() -> None:
    item = stock(WH_EAST=6)
    item.reserve_many(
        [request("LINE-1", Allocation("WH-EAST", 3)), request("LINE-2", Allocation("WH-EAST", 3))],
        T,
    )
    assert [2, 2] == [event.version for event in item.pull_events()]


def test_refuses_a_reservation_id_that_is_already_used() -> None:
    item = stock(WH_EAST=6)
    hard(item, "R-1", Allocation("WH-EAST", 1))
    with pytest.raises(DuplicateReservation):
        hard(item, "R-1", Allocation("WH-EAST", 1))


def test_refuses_a_batch_that_uses_one_id_twice() -> None:
    item = stock(WH_EAST=6)
    with pytest.raises(DuplicateReservation):
        item.reserve_many(
            [request("R-1", Allocation("WH-EAST", 1)), request("R-1", Allocation("WH-EAST", 1))], T
        )


def test_refuses_a_hold_that_names_neither_a_time_to_live_nor_hardness() -> None:
    item = stock(WH_EAST=6)
    with pytest.raises(ValidationError) as caught:
        item.reserve(
            "R-1", order_ref="O-1", line_ref="L-1", allocations=[Allocation("WH-EAST", 1)], now=T
        )
    assert "give exactly one of ttl, expires_at or hard=True" == caught.value.rule


def test_refuses_a_hold_that_would_already_have_expired() -> None:
    item = stock(WH_EAST=6)
    with pytest.raises(ValidationError):
        item.reserve(
            "R-1",
            order_ref="O-1",
            line_ref="L-1",
            allocations=[Allocation("WH-EAST", 1)],
            now=T,
            expires_at=T,
        )


def test_refuses_two_allocations_at_one_place() -> None:
    item = stock(WH_EAST=6)
    with pytest.raises(ValidationError):
        hard(item, "R-1", Allocation("WH-EAST", 1), Allocation("WH-EAST", 2))


def test_refuses_an_allocation_that_is_not_an_allocation() -> None:
    item = stock(WH_EAST=6)
    with pytest.raises(WrongType):
        hard(item, "R-1", ("WH-EAST", 1))  # type: ignore[arg-type]


def test_refuses_an_empty_batch() -> None:
    with pytest.raises(ValidationError):
        stock(WH_EAST=6).reserve_many([], T)


def test_a_hold_expires_when_now_reaches_expires_at() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    item.pull_events()
    assert [] == item.tick(later(15).subtract(seconds=1))
    expired = item.tick(later(15))
    (event,) = item.pull_events()
    assert (["R-1"], ReservationState.EXPIRED, 0, "R-1", 2) == (
        [r.id for r in expired],
        expired[0].state,
        item.reserved(),
        event.reservation_id if isinstance(event, ReservationExpired) else None,
        event.quantity if isinstance(event, ReservationExpired) else None,
    )


def test_a_tick_with_nothing_due_changes_nothing() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 2), ttl=15)
    before = snapshot(item)
    item.tick(later(1))
    assert before == snapshot(item)


def test_a_hold_whose_time_is_up_frees_its_units_for_a_new_reservation() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 5), ttl=15)
    placed = item.reserve(
        "R-2",
        order_ref="O-2",
        line_ref="L-1",
        allocations=[Allocation("WH-EAST", 5)],
        now=later(15),
        hard=True,
    )
    assert (ReservationState.EXPIRED, 5, 5) == (
        item.reservation("R-1").state,
        placed.quantity,
        item.reserved(),
    )


def test_a_refused_reservation_leaves_holds_whose_time_is_up_for_the_next_tick() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 5), ttl=15)
    before = snapshot(item)
    with pytest.raises(InsufficientStock):
        item.reserve(
            "R-2",
            order_ref="O-2",
            line_ref="L-1",
            allocations=[Allocation("WH-EAST", 6)],
            now=later(15),
            hard=True,
        )
    assert (before, ["R-1"]) == (snapshot(item), [r.id for r in item.tick(later(15))])


def test_growing_a_reservation_may_use_units_of_holds_whose_time_is_up() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 1))
    soft(item, "R-2", Allocation("WH-EAST", 4), ttl=15)
    item.resize("R-1", 5, later(15))
    assert (5, ReservationState.EXPIRED) == (item.reserved(), item.reservation("R-2").state)


def _attempt(command: Callable[[], object]) -> object:
    try:
        command()
    except (ValueError, TypeError, LookupError) as error:
        return (type(error), str(error))
    return None


@given(
    stocked_items(),
    allocation_lists(),
    st.sampled_from(["hard", "ttl", "expires_at", "none", "both"]),
    st.sampled_from([5, 1, True, "5"]),
    st.sampled_from(["R-1", "", " R-1"]),
)
def test_reserve_does_exactly_what_a_batch_of_one_does(
    item: StockItem,
    picks: list[Allocation],
    mode: str,
    priority: object,
    rid: str,
) -> None:
    ttl = pendulum.duration(minutes=10) if mode in {"ttl", "both"} else None
    expires_at = later(20) if mode in {"expires_at", "both"} else None
    hard = mode == "hard"
    one, batch = copy.deepcopy(item), copy.deepcopy(item)
    kwargs: dict[str, Any] = {
        "priority": priority,
        "ttl": ttl,
        "expires_at": expires_at,
        "hard": hard,
    }
    single = _attempt(
        lambda: one.reserve(
            rid, order_ref="O-1", line_ref="L-1", allocations=picks, now=T, **kwargs
        )
    )
    request = ReservationRequest(rid, "O-1", "L-1", tuple(picks), **kwargs)
    batched = _attempt(lambda: batch.reserve_many([request], T))
    assert (single, snapshot(one)) == (batched, snapshot(batch))
