"""Availability signals: out of stock, back in stock, low stock, per SKU and per channel."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory import Allocation, StockItem
from ordercore.domain.inventory.events import AvailabilityChanged
from ordercore.domain.inventory.signals import (
    Signal,
    SignalSettings,
    availability_signals,
    crossings,
    free_at_start,
)
from tests.domain.inventory.helpers import T, hard, later, stock


def signals(item: StockItem, settings: SignalSettings | None = None) -> list[tuple[str, object]]:
    found = availability_signals(item, settings or SignalSettings(), T)
    item.signal(found)
    item.pull_events(), item.pull_movements()
    return [(s.signal, s.channel) for s in found]


def test_the_last_unit_sold_fires_out_of_stock_and_the_next_receipt_back_in_stock() -> None:
    item = stock(WH_EAST=1)
    item.pull_movements()
    hard(item, "R-1", Allocation("WH-EAST", 1))
    assert [("out_of_stock", None)] == signals(item)
    item.receive("WH-EAST", 3, later(1))
    assert [("back_in_stock", None)] == signals(item)


def test_a_command_that_sells_the_last_unit_and_receives_more_fires_nothing() -> None:
    item = stock(WH_EAST=1)
    item.pull_movements()
    hard(item, "R-1", Allocation("WH-EAST", 1))
    item.receive("WH-EAST", 3, later(1))
    assert [] == signals(item)


def test_falling_to_the_low_stock_threshold_fires_low_stock_once() -> None:
    item = stock(WH_EAST=10)
    item.pull_movements()
    settings = SignalSettings(low_stock=3)
    hard(item, "R-1", Allocation("WH-EAST", 7))
    assert [("low_stock", None)] == signals(item, settings)
    hard(item, "R-2", Allocation("WH-EAST", 1))
    assert [] == signals(item, settings)
    item.release_all("R-1", later(1))
    assert [("no_longer_low", None)] == signals(item, settings)


def test_a_channel_with_a_buffer_runs_out_before_the_sku_does() -> None:
    item = stock(WH_EAST=5)
    item.pull_movements()
    settings = SignalSettings(buffers={"amazon": 2})
    hard(item, "R-1", Allocation("WH-EAST", 3))
    assert [("out_of_stock", "amazon")] == signals(item, settings)


def test_per_sku_and_per_channel_thresholds_win_over_the_default() -> None:
    settings = SignalSettings(low_stock=5, per_sku={"RETRO-CLOCK": 2}, per_channel={"web": 9})
    assert (2, 5, 9) == (
        settings.threshold("RETRO-CLOCK", None),
        settings.threshold("BLUE-VASE", None),
        settings.threshold("RETRO-CLOCK", "web"),
    )


def test_safety_stock_counts_as_it_was_when_the_command_started() -> None:
    item = stock(WH_EAST=3)
    item.pull_movements()
    item.set_safety_stock("WH-EAST", 3, T)
    assert (3, 0) == (free_at_start(item), item.available())
    assert [("out_of_stock", None)] == signals(item)


def test_signals_share_the_commands_version_and_replay_ignores_them() -> None:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 1, T)
    history = item.pull_events()
    item.pull_movements()
    hard(item, "R-1", Allocation("WH-EAST", 1))
    found = availability_signals(item, SignalSettings(), T)
    item.signal(found)
    events = [*history, *item.pull_events()]
    assert isinstance(events[-1], AvailabilityChanged)
    assert item.version == events[-1].version
    assert item == StockItem.replay(events)


def test_a_figure_that_does_not_cross_fires_nothing() -> None:
    assert ([], [], [(Signal.BACK_IN_STOCK, 0)]) == (
        crossings(5, 3, None),
        crossings(0, 0, 4),
        crossings(0, 7, None),
    )


@given(
    steps=st.lists(st.integers(min_value=-4, max_value=4).filter(bool), min_size=1, max_size=12),
    low=st.none() | st.integers(0, 4),
    buffer=st.integers(0, 3),
)
def test_a_signal_fires_exactly_when_the_free_figure_crosses_a_threshold(
    steps: list[int], low: int | None, buffer: int
) -> None:
    settings = SignalSettings(low_stock=low, buffers={"web": buffer})
    item = stock(WH_EAST=4)
    item.pull_movements()
    for n, step in enumerate(steps):
        free = item.available()
        if step > 0:
            item.receive("WH-EAST", step, later(n))
        elif -step <= free:
            hard(item, f"R-{n}", Allocation("WH-EAST", -step))
        else:
            continue
        fired = availability_signals(item, settings, T)
        item.signal(fired)
        item.pull_events(), item.pull_movements()
        after = item.available()
        assert after >= 0
        for channel, cut in ((None, 0), ("web", buffer)):
            was, now = max(0, free - cut), max(0, after - cut)
            expected = set()
            if (was > 0) != (now > 0):
                expected.add("out_of_stock" if was else "back_in_stock")
            if low is not None and (was > low) != (now > low):
                expected.add("low_stock" if was > low else "no_longer_low")
            assert expected == {s.signal for s in fired if s.channel == channel}
