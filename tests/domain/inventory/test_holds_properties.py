"""Properties of held stock: never available, conserved, replayed and verified exactly."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, HeldKey, HoldKind, Movement, StockItem
from ordercore.errors import OrdercoreError
from ordercore.ports.codec import Codec
from tests.domain.inventory.helpers import T

PLACES = ("WH-EAST", "QC-BAY")
NEXT_HOLD = {
    HoldKind.QUARANTINE: HoldKind.REPAIR,
    HoldKind.REPAIR: HoldKind.VENDOR,
    HoldKind.VENDOR: HoldKind.QUARANTINE,
}
"""Where a ``move`` step takes held units: quarantine → repair → vendor → quarantine."""
LOTS = (None, "LOT-1")

step = st.tuples(
    st.sampled_from(
        [
            "receive",
            "reserve",
            "release_all",
            "hold",
            "release",
            "scrap",
            "vendor",
            "scrap_new",
            "move",
        ]
    ),
    st.sampled_from(PLACES),
    st.sampled_from(LOTS),
    st.sampled_from(list(HoldKind)),
    st.integers(1, 4),
)


def run(item: StockItem, name: str, place: str, lot: str | None, hold: HoldKind, n: int) -> None:
    """One command; it may be refused."""
    if name == "receive":
        item.receive(place, n, T, lot=lot)
    elif name == "reserve":
        rid = f"R-{item.version}"
        item.reserve(rid, order_ref="O", line_ref="L",
                     allocations=[Allocation(place, n, lot)], now=T, hard=True)  # fmt: skip
    elif name == "release_all":
        for rid in list(item.reservations)[:1]:
            item.release_all(rid, T)
    elif name == "hold":
        item.hold_returned(place, n, T, hold=hold, lot=lot, reference="RMA-1")
    elif name == "release":
        item.release_hold(place, n, T, hold=hold, lot=lot)
    elif name == "scrap":
        item.scrap_held(place, n, T, hold=hold, lot=lot)
    elif name == "vendor":
        item.ship_to_vendor(place, n, T, hold=hold, lot=lot)
    elif name == "move":
        item.move_hold(place, n, T, from_hold=hold, to_hold=NEXT_HOLD[hold], lot=lot)
    else:
        item.scrap_returned(place, n, T, lot=lot)


@settings(deadline=None)
@given(st.lists(step, max_size=40))
def test_held_units_are_never_available_and_every_unit_is_accounted_for(
    steps: list[tuple[str, str, str | None, HoldKind, int]],
) -> None:
    codec = Codec()
    item = StockItem("RETRO-CLOCK")
    model: dict[HeldKey, int] = {}
    sellable = 0
    rows: list[Movement] = []
    events: list[Any] = []
    for name, place, lot, hold, n in steps:
        before = codec.dumps(item)
        available = item.available()
        try:
            run(item, name, place, lot, hold, n)
        except OrdercoreError:
            assert before == codec.dumps(item)  # a refused command changes nothing
            assert [] == item.pull_movements()
            continue
        moved = item.pull_movements()
        rows.extend(moved)
        events.extend(item.pull_events())
        key = HeldKey(place, lot, hold)
        if name == "receive":
            sellable += n
        elif name == "hold":
            model[key] = model.get(key, 0) + n
        elif name == "release":
            model[key] -= n
            sellable += n
        elif name in ("scrap", "vendor"):
            model[key] -= n
        elif name == "move":  # held on the way: never available
            model[key] -= n
            moved_to = HeldKey(place, lot, NEXT_HOLD[hold])
            model[moved_to] = model.get(moved_to, 0) + n
            assert available == item.available()
        assert {k: v for k, v in model.items() if v} == item.counters.held  # bounded: no zeros
        held = sum(model.values())
        assert (held, sellable + held) == (item.held(), item.on_hand())
        assert item.on_hand() == item.available() + item.reserved() + item.held()
        assert sum(m.on_hand for m in rows) == item.on_hand()
    assert item.verify(rows).ok
    if events:
        assert item == StockItem.replay(events)
    assert item == codec.loads(StockItem, codec.dumps(item))


@settings(deadline=None)
@given(st.lists(step, max_size=30), st.sampled_from(list(HoldKind)), st.integers(1, 5))
def test_rebuild_from_the_ledger_restores_a_hold_that_drifted(
    steps: list[tuple[str, str, str | None, HoldKind, int]], hold: HoldKind, wrong: int
) -> None:
    item = StockItem("RETRO-CLOCK")
    for name, place, lot, kind, n in steps:
        try:
            run(item, name, place, lot, kind, n)
        except OrdercoreError:
            continue
    rows = item.pull_movements()
    healthy = dict(item.counters.held)
    key = HeldKey("WH-EAST", None, hold)
    item.counters.held[key] = item.counters.held.get(key, 0) + wrong
    assert not item.verify(rows).ok
    item.rebuild(rows, T)
    assert (healthy, True) == (item.counters.held, item.verify(rows).ok)
