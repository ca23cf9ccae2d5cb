import tempfile

import attrs
import pendulum
import pytest

from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.watermarks import PREFIX, Watermark, read
from tests.service.helpers import LOCATIONS, T, an_order, eur, shop


@attrs.define
class Hands:
    """A clock moved by hand (a second scheduler host, a clock that was reset)."""

    at: pendulum.DateTime = T

    def now(self) -> pendulum.DateTime:
        return self.at


def watermark_of(store: MemoryStore) -> Watermark:
    with store.unit_of_work() as uow:
        return read(uow.idempotency)


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


def test_the_watermark_is_the_newest_of_many_ticks() -> None:
    _, store, _ = shop()
    hands = Hands()
    engine = Engine(store, hands, LOCATIONS)
    for minutes in range(1, 38):
        hands.at = T.add(minutes=minutes)
        engine.tick()
    assert Watermark(37, T.add(minutes=37)) == watermark_of(store)


def test_ticks_at_one_instant_or_behind_it_record_one_watermark() -> None:
    _, store, _ = shop()
    hands = Hands(T.add(hours=1))
    engine = Engine(store, hands, LOCATIONS)
    engine.tick()
    engine.tick()
    hands.at = T
    engine.tick()
    keys = [key for key in store.snapshot().idempotency if str(key).startswith(PREFIX)]
    assert ([f"{PREFIX}1"], Watermark(1, T.add(hours=1))) == (keys, watermark_of(store))


def test_a_tick_and_its_watermark_are_recalled_together_by_the_ticks_key() -> None:
    _, store, _ = shop()
    hands = Hands(T.add(hours=1))
    engine = Engine(store, hands, LOCATIONS)
    first = engine.tick(idempotency_key="tick-1")
    hands.at = T.add(hours=2)
    assert first == engine.tick(idempotency_key="tick-1")
    assert Watermark(1, T.add(hours=1)) == watermark_of(store)


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
