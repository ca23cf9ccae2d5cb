"""All-or-nothing requests: an order is reserved in full or refused whole, changing nothing."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    Policy,
    RequestPolicies,
    RequestPolicy,
    Shortage,
    ShortRequest,
)
from ordercore.domain.orders import ChannelRef
from ordercore.service.requests import allocate_whole, request_policy_of
from tests.service.helpers import an_order, order_in, shop, stock_in
from tests.service.selling_helpers import run


def test_a_short_request_is_refused_whole_naming_each_short_sku_asked_and_free() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order("order-1", clocks=2, vases=3))
    before = store.snapshot()
    with pytest.raises(ShortRequest) as refused:
        run(store, lambda s: allocate_whole(s, "order-1"))
    assert (Shortage("BLUE-VASE", 3, 1),) == refused.value.shortages
    assert "BLUE-VASE asked 3, 1 free" in str(refused.value)
    assert before == store.snapshot()


def test_a_request_that_fits_is_reserved_in_full() -> None:
    engine, store, _ = shop(clocks=5, vases=2)
    engine.place_order(an_order("order-1", clocks=2, vases=2))
    applied = run(store, lambda s: allocate_whole(s, "order-1"))
    assert ({"line-1": 2, "line-2": 2}, {}) == (dict(applied.reserved), dict(applied.backordered))
    assert (2, 2) == (
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "BLUE-VASE").reserved(),
    )


def test_asking_again_is_a_no_op_that_says_so() -> None:
    engine, store, _ = shop(clocks=5, vases=2)
    engine.place_order(an_order("order-1", clocks=2, vases=2))
    run(store, lambda s: allocate_whole(s, "order-1"))
    again = run(store, lambda s: allocate_whole(s, "order-1"))
    assert (True, "order order-1 has no unallocated units (4 allocated): nothing to allocate") == (
        again.noop,
        again.reason,
    )


def test_the_request_policy_is_chosen_per_channel() -> None:
    order = an_order()
    marketplace = ChannelRef(
        channel="amazon", account="EU", external_id="A-1", external_version="1"
    )
    policies = RequestPolicies(channels={"amazon": RequestPolicy.ALL_OR_NOTHING})
    assert (RequestPolicy.ALLOCATE_AND_BACKORDER, RequestPolicy.ALL_OR_NOTHING) == (
        request_policy_of(order, policies),
        request_policy_of(attrs.evolve(order, channel=marketplace), policies),
    )


def test_a_ship_complete_policy_still_names_what_is_free() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order("order-1", clocks=2, vases=3))
    engine.policy = Policy.default().with_shortfall("ship_complete")  # type: ignore[arg-type]
    with pytest.raises(ShortRequest) as refused:
        run(store, lambda s: allocate_whole(s, "order-1"))
    assert (Shortage("BLUE-VASE", 3, 1),) == refused.value.shortages


@given(
    clocks=st.integers(0, 4),
    vases=st.integers(0, 4),
    want_clocks=st.integers(0, 5),
    want_vases=st.integers(0, 5),
)
def test_an_all_or_nothing_request_reserves_everything_or_changes_nothing(
    clocks: int, vases: int, want_clocks: int, want_vases: int
) -> None:
    if not (want_clocks or want_vases):
        return
    engine, store, _ = shop(clocks=clocks, vases=vases)
    engine.place_order(an_order("order-1", clocks=want_clocks, vases=want_vases))
    before = store.snapshot()
    short = want_clocks > clocks or want_vases > vases
    if short:
        with pytest.raises(ShortRequest) as refused:
            run(store, lambda s: allocate_whole(s, "order-1"))
        assert before == store.snapshot()
        assert refused.value.shortages
        assert all(s.free < s.asked for s in refused.value.shortages)
        return
    run(store, lambda s: allocate_whole(s, "order-1"))
    order = order_in(store)
    assert [line.quantity for line in order.lines.values()] == [
        line.ledger.allocated for line in order.lines.values()
    ]
    assert (want_clocks, want_vases) == (
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "BLUE-VASE").reserved(),
    )
