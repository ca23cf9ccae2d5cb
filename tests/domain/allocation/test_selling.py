"""Preorder caps on incoming supply, and pickup orders served from their store only."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    DemandLine,
    OrderDemand,
    Policy,
    PreorderCaps,
    StockSnapshot,
    Supply,
    allocate,
    cap_preorders,
    pickup_only,
)
from ordercore.kernel.errors import ValidationError

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
SOON, LATER = pendulum.date(2026, 12, 1), pendulum.date(2026, 12, 20)


def snapshot() -> StockSnapshot:
    return StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 2),
            Supply("RETRO-CLOCK", "STORE-BERLIN", 1),
            Supply("RETRO-CLOCK", "WH-EAST", 5, eta=LATER, supply_id="PO-2"),
            Supply("RETRO-CLOCK", "WH-EAST", 5, eta=SOON, supply_id="PO-1"),
        ]
    )


def available(snap: StockSnapshot) -> list[tuple[str, str | None, int]]:
    return [(r.location, r.supply_id, r.available) for r in snap.supply("RETRO-CLOCK")]


def test_a_preorder_cap_leaves_the_earliest_arrival_what_is_left_of_it() -> None:
    caps = PreorderCaps(per_sku={"RETRO-CLOCK": 8})
    assert [
        ("WH-EAST", None, 2),
        ("STORE-BERLIN", None, 1),
        ("WH-EAST", "PO-2", 1),
        ("WH-EAST", "PO-1", 5),
    ] == available(cap_preorders(snapshot(), caps, {"RETRO-CLOCK": 2}))


def test_a_channel_stops_preordering_once_its_share_is_promised() -> None:
    caps = PreorderCaps(per_sku={"RETRO-CLOCK": 20}, per_channel={"amazon": 3})
    capped = cap_preorders(snapshot(), caps, {"RETRO-CLOCK": 3}, channel="amazon")
    web = cap_preorders(snapshot(), caps, {"RETRO-CLOCK": 3}, channel="web")
    assert (2 + 1, 2 + 1 + 10) == (capped.available("RETRO-CLOCK"), web.available("RETRO-CLOCK"))


def test_without_a_cap_incoming_supply_is_left_as_it_is() -> None:
    assert available(snapshot()) == available(cap_preorders(snapshot(), PreorderCaps(), {}))


def test_a_cap_is_a_whole_number() -> None:
    with pytest.raises(ValidationError, match="per_sku"):
        PreorderCaps(per_sku={"RETRO-CLOCK": -1})


def test_a_pickup_order_never_takes_stock_from_the_warehouse() -> None:
    demand = OrderDemand("order-1", NOW, [DemandLine("order-1", "line-1", "RETRO-CLOCK", 3)])
    plan = allocate(demand, pickup_only(snapshot(), "STORE-BERLIN"), Policy.default(), NOW)
    line = plan.lines[0]
    assert ([("STORE-BERLIN", 1)], 2) == (
        [(p.location, p.quantity) for p in line.picks],
        line.backordered,
    )


@given(
    cap=st.integers(0, 15),
    promised=st.integers(0, 15),
    channel_cap=st.none() | st.integers(0, 15),
)
def test_capped_incoming_never_exceeds_what_the_caps_leave(
    cap: int, promised: int, channel_cap: int | None
) -> None:
    per_channel = {} if channel_cap is None else {"amazon": channel_cap}
    caps = PreorderCaps(per_sku={"RETRO-CLOCK": cap}, per_channel=per_channel)
    capped = cap_preorders(snapshot(), caps, {"RETRO-CLOCK": promised}, channel="amazon")
    incoming = capped.available("RETRO-CLOCK") - capped.available("RETRO-CLOCK", on_hand_only=True)
    limit = min(cap, cap if channel_cap is None else channel_cap)
    assert incoming == min(10, max(0, limit - promised))
    assert capped.available("RETRO-CLOCK", on_hand_only=True) == 3
