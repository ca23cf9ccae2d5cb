import tempfile
from typing import Any

import attrs
import pendulum
import pytest

from ordercore.domain.watermark import TICK, TickWatermark
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from tests.service.helpers import LOCATIONS, T, an_order, eur, shop


@attrs.define
class Hands:
    """A clock moved by hand (a second scheduler host, a clock that was reset)."""

    at: pendulum.DateTime = T

    def now(self) -> pendulum.DateTime:
        return self.at


def watermark_of(store: MemoryStore) -> TickWatermark | None:
    with store.unit_of_work() as uow:
        found: TickWatermark | None = uow.repository("timers").find(TICK)
        return found


def test_two_engines_on_one_store_agree_that_a_tick_behind_the_last_one_does_nothing() -> None:
    _, store, _ = shop()
    ahead, behind = Hands(T.add(days=2)), Hands(T.add(days=1))
    Engine(store, ahead, LOCATIONS).place_order(an_order())
    Engine(store, ahead, LOCATIONS).tick()
    before = store.snapshot()
    report = Engine(store, behind, LOCATIONS).tick()
    assert T.add(days=2) == report.behind
    assert before == store.snapshot()


def test_a_tick_behind_another_engines_tick_expires_nothing_that_tick_left() -> None:
    _, store, _ = shop()
    first, second = Hands(T), Hands(T)
    engine = Engine(store, first, LOCATIONS)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1", expires_at=T.add(days=7))
    first.at = T.add(days=2)
    engine.tick()
    second.at = T.add(days=8)  # ahead: expires the authorisation
    assert ("order-1/payment-1",) == Engine(store, second, LOCATIONS).tick().expired_payments
    first.at = T.add(days=3)  # the first engine's clock is now behind the store's last tick
    assert (T.add(days=8), ()) == (engine.tick().behind, engine.tick().expired_payments)


def test_the_watermark_is_one_record_holding_the_newest_of_many_ticks() -> None:
    _, store, _ = shop()
    hands = Hands()
    engine = Engine(store, hands, LOCATIONS)
    for minutes in range(1, 38):
        hands.at = T.add(minutes=minutes)
        engine.tick()
    timers = [key for (name, key) in store.snapshot().rows if name == "timers"]
    assert ([TICK], TickWatermark(T.add(minutes=37), version=37)) == (timers, watermark_of(store))


def test_ticks_at_one_instant_or_behind_it_leave_the_watermark_as_it_was() -> None:
    _, store, _ = shop()
    hands = Hands(T.add(hours=1))
    engine = Engine(store, hands, LOCATIONS)
    engine.tick()
    engine.tick()
    hands.at = T
    engine.tick()
    assert TickWatermark(T.add(hours=1), version=1) == watermark_of(store)


class RivalTicksFirst:
    """A store whose first commit is preceded by another worker's first tick, at ``rival``."""

    def __init__(self, store: MemoryStore, rival: pendulum.DateTime) -> None:
        self.store, self.rival, self.raced = store, rival, False

    def unit_of_work(self) -> "RivalTicksFirst.Unit":
        return RivalTicksFirst.Unit(self.store.unit_of_work(), self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    class Unit:
        def __init__(self, inner: Any, outer: "RivalTicksFirst") -> None:
            self.inner, self.outer = inner, outer

        def __enter__(self) -> "RivalTicksFirst.Unit":
            self.inner.__enter__()
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.__exit__(*exc)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        def commit(self) -> None:
            if not self.outer.raced:
                self.outer.raced = True
                with self.outer.store.unit_of_work() as rival:
                    rival.repository("timers").add(TickWatermark.start(self.outer.rival))
                    rival.commit()
            self.inner.commit()


def test_a_first_tick_that_loses_the_race_to_create_the_watermark_runs_again_behind_it() -> None:
    _, store, _ = shop()
    raced = RivalTicksFirst(store, T.add(hours=2))
    report = Engine(raced, Hands(T.add(hours=1)), LOCATIONS).tick()
    assert (True, T.add(hours=2)) == (raced.raced, report.behind)
    assert TickWatermark(T.add(hours=2), version=1) == watermark_of(store)


def test_a_first_tick_that_loses_the_race_but_is_ahead_advances_the_winners_watermark() -> None:
    _, store, _ = shop()
    raced = RivalTicksFirst(store, T.add(hours=1))
    report = Engine(raced, Hands(T.add(hours=2)), LOCATIONS).tick()
    assert (None, T.add(hours=2)) == (report.behind, report.at)
    assert TickWatermark(T.add(hours=2), version=2) == watermark_of(store)


def test_a_tick_and_its_watermark_are_recalled_together_by_the_ticks_key() -> None:
    _, store, _ = shop()
    hands = Hands(T.add(hours=1))
    engine = Engine(store, hands, LOCATIONS)
    first = engine.tick(idempotency_key="tick-1")
    hands.at = T.add(hours=2)
    assert first == engine.tick(idempotency_key="tick-1")
    assert TickWatermark(T.add(hours=1), version=1) == watermark_of(store)


def test_two_engines_on_one_sqlite_file_agree_on_the_last_tick() -> None:
    sqlite = pytest.importorskip("ordercore_sqlite")
    with tempfile.TemporaryDirectory() as folder:
        stores = [sqlite.SqliteStore(f"{folder}/shop.db") for _ in range(2)]
        stores[0].migrate()
        Engine(stores[0], Hands(T.add(days=2)), LOCATIONS).tick(
            skus=[], payment_ids=[], invoice_ids=[]
        )
        report = Engine(stores[1], Hands(T.add(days=1)), LOCATIONS).tick(
            skus=[], payment_ids=[], invoice_ids=[]
        )
        assert T.add(days=2) == report.behind
