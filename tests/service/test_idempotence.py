"""Engine commands with ``idempotency_key``: run once per key, the result recalled, one commit."""

from __future__ import annotations

import threading
from typing import Any

import attrs
import pendulum
import pytest

from ordercore.domain.orders import InvoicingPolicy
from ordercore.errors import IdempotencyKeyReused, ValidationError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.idempotence import command_fingerprint
from tests.service.helpers import (
    CLOCK_LINE,
    LOCATIONS,
    VASE_LINE,
    T,
    an_order,
    eur,
    ledger,
    shop,
    stock_in,
)


@attrs.define
class _AfterCommit:
    """A unit of work whose commit runs ``hook`` once after committing (a lost ack, a rival)."""

    inner: Any
    hook: Any
    before: bool = False

    def __enter__(self) -> _AfterCommit:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def commit(self) -> None:
        hook, self.hook = self.hook, None
        if hook is not None and self.before:
            hook()
        self.inner.commit()
        if hook is not None and not self.before:
            hook()


@attrs.define
class _FlakyStore:
    """The memory store, but the next unit of work's commit calls ``hook`` (once)."""

    store: MemoryStore
    hook: Any = None
    before: bool = False

    def unit_of_work(self) -> Any:
        hook, self.hook = self.hook, None
        return _AfterCommit(self.store.unit_of_work(), hook, self.before)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_a_retried_receipt_with_the_same_key_is_received_once() -> None:
    engine, store, _ = shop(clocks=5)
    first = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    again = engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert first == again
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


def test_a_lost_acknowledgement_is_answered_from_the_stored_result_on_retry() -> None:
    _, store, clock = shop(clocks=5)

    def connection_drops() -> None:
        raise ConnectionError("the connection dropped after COMMIT")

    flaky = _FlakyStore(store, connection_drops)
    host = Engine(flaky, clock, LOCATIONS)
    with pytest.raises(ConnectionError):
        host.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()  # it did commit
    before = store.snapshot()
    host.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert before == store.snapshot()
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


def test_a_command_that_returns_none_is_recalled_as_none() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_SHIPMENT))
    confirm: Any = engine.confirm_order
    assert confirm("order-1", idempotency_key="confirm-1") is None
    before = store.snapshot()
    assert confirm("order-1", idempotency_key="confirm-1") is None
    assert before == store.snapshot()


def test_a_key_reused_for_other_arguments_is_refused_and_changes_nothing() -> None:
    engine, store, _ = shop(clocks=5)
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    before = store.snapshot()
    with pytest.raises(IdempotencyKeyReused) as refused:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 4, idempotency_key="req-1")
    assert "req-1" == refused.value.key
    assert before == store.snapshot()


def test_a_key_reused_for_another_command_is_refused() -> None:
    engine, _, _ = shop(clocks=5)
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    with pytest.raises(IdempotencyKeyReused):
        engine.receive_stock("BLUE-VASE", "WH-EAST", 3, idempotency_key="req-1")


def test_an_optional_argument_left_unset_is_not_part_of_the_fingerprint() -> None:
    # A key stored by a release whose command had no ``channel`` yet still matches a retry
    # through a release that passes ``channel=None``; a channel that is set still counts.
    before = command_fingerprint("hold_checkout", {"checkout_id": "cart-1", "units": {"A": 1}})
    after = {"checkout_id": "cart-1", "units": {"A": 1}, "channel": None}
    web = {**after, "channel": "web"}
    assert before == command_fingerprint("hold_checkout", after)
    assert before != command_fingerprint("hold_checkout", web)


def test_two_requests_with_one_key_run_once_and_the_loser_gets_the_stored_result() -> None:
    _, store, clock = shop(clocks=5)
    rival = Engine(store, clock, LOCATIONS)
    results: list[object] = []

    def rival_commits_first() -> None:
        results.append(rival.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1"))

    loser = Engine(_FlakyStore(store, rival_commits_first, before=True), clock, LOCATIONS)
    outcome = loser.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert results == [outcome]
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


def test_the_key_is_written_in_the_commands_own_commit() -> None:
    engine, store, _ = shop(clocks=5)
    with pytest.raises(ValidationError):
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 0, idempotency_key="req-1")
    assert store.record("req-1") is None
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


def test_an_empty_key_is_refused() -> None:
    engine, store, _ = shop(clocks=5)
    before = store.snapshot()
    with pytest.raises(ValidationError) as refused:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key=" ")
    assert "idempotency_key" == refused.value.fields["field"]
    assert before == store.snapshot()


def test_every_command_of_a_walk_repeated_with_its_key_is_recalled_and_changes_nothing() -> None:
    engine, store, clock = shop(clocks=5, vases=5)
    keyed = 0

    def twice(name: str, *args: Any, **kwargs: Any) -> Any:
        nonlocal keyed
        keyed += 1
        key = f"{name}-{keyed}"
        command = getattr(engine, name)
        first = command(*args, idempotency_key=key, **kwargs)
        before = store.snapshot()
        clock.advance(minutes=1)  # a retry comes later: the key, not the time, decides
        assert first == command(*args, idempotency_key=key, **kwargs)
        assert before == store.snapshot()
        return first

    assert twice("place_order", an_order(policy=InvoicingPolicy.ON_PLACEMENT)) is not None
    twice("record_authorization", "order-1", eur("110.00"), "gw-auth-1")
    twice("record_capture", "order-1", eur("110.00"), "gw-cap-1")
    twice("confirm_order", "order-1")
    twice("allocate_order", "order-1")
    shipment = twice("open_shipment", "order-1", {CLOCK_LINE: 2}, "WH-EAST")
    twice("pick", shipment, CLOCK_LINE, 2)
    twice("pack", shipment)
    twice("ship_shipment", shipment, "DHL", ["TRACK-1"])
    twice("deliver_shipment", shipment)
    twice("ship", "order-1", {VASE_LINE: 2})
    twice("deliver_line", "order-1", VASE_LINE, 2)
    twice("request_return", "order-1", CLOCK_LINE, 1)
    outcome = twice("receive_return", "order-1", CLOCK_LINE, 1, "WH-EAST")
    twice("record_refund", "order-1", outcome.refund, "gw-refund-1")
    twice("expect_stock", "RETRO-CLOCK", "PO-1", "WH-EAST", 4, pendulum.date(2026, 12, 1))
    twice("receive_incoming", "RETRO-CLOCK", "PO-1", 4)
    twice("fill_backorders", ["RETRO-CLOCK"], ["order-1"])
    twice("tick")
    engine.place_order(an_order("order-2", clocks=1, vases=0))
    twice("cancel_quantity", "order-2", CLOCK_LINE, 1, "changed mind")
    engine.place_order(an_order("order-3", clocks=1, vases=0))
    twice("cancel_order", "order-3", "changed mind")
    assert 1 == ledger(store, CLOCK_LINE)["returned"]
    assert T < clock.now()


def test_a_retried_tick_of_everything_is_recalled_though_the_store_has_grown() -> None:
    engine, _, _ = shop()
    first = engine.tick(idempotency_key="tick-0900")
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    assert first == engine.tick(idempotency_key="tick-0900")


def _race(engine: Engine, key: str, racers: int) -> list[object]:
    """``racers`` threads send one receipt under ``key`` at the same moment; their results."""
    barrier = threading.Barrier(racers)
    outcomes: list[object] = []

    def race() -> None:
        barrier.wait()
        outcomes.append(engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key=key))

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_threads_racing_with_one_key_receive_once_and_all_get_the_same_result() -> None:
    engine, store, _ = shop(clocks=5)
    rounds, racers = 10, 4
    for round_ in range(rounds):
        outcomes = _race(engine, f"req-{round_}", racers)
        assert racers == len(outcomes)
        assert 1 == len({repr(outcome) for outcome in outcomes})
    assert 5 + 3 * rounds == stock_in(store, "RETRO-CLOCK").on_hand()


@attrs.define
class _RivalBeforePut:
    """The memory store, but a rival commits the key just before the next ``put`` of one."""

    store: MemoryStore
    rival: Any

    def unit_of_work(self) -> Any:
        return _UnitWithRival(self.store.unit_of_work(), self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


@attrs.define
class _UnitWithRival:
    inner: Any
    owner: _RivalBeforePut

    def __enter__(self) -> _UnitWithRival:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @property
    def idempotency(self) -> _KeysWithRival:
        return _KeysWithRival(self.inner.idempotency, self.owner)


@attrs.define
class _KeysWithRival:
    inner: Any
    owner: _RivalBeforePut

    def get(self, key: str) -> Any:
        return self.inner.get(key)

    def put(self, key: str, fingerprint: str, result: Any, recorded_at: Any = None) -> None:
        rival, self.owner.rival = self.owner.rival, None
        if rival is not None:
            rival()
        self.inner.put(key, fingerprint, result, recorded_at)


def test_a_key_taken_between_the_lookup_and_the_put_is_answered_from_the_stored_result() -> None:
    _, store, clock = shop(clocks=5)
    rival = Engine(store, clock, LOCATIONS)
    results: list[object] = []

    def rival_commits_first() -> None:
        results.append(rival.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1"))

    loser = Engine(_RivalBeforePut(store, rival_commits_first), clock, LOCATIONS)
    outcome = loser.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert results == [outcome]
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


def test_a_recalled_fill_keeps_its_order_and_line_keys() -> None:
    engine, _, _ = shop(clocks=1)
    engine.place_order(an_order(clocks=3, vases=0))
    engine.allocate_order("order-1")
    first = engine.receive_stock(
        "RETRO-CLOCK", "WH-EAST", 2, order_ids=["order-1"], idempotency_key="k"
    )
    again = engine.receive_stock(
        "RETRO-CLOCK", "WH-EAST", 2, order_ids=["order-1"], idempotency_key="k"
    )
    assert {("order-1", CLOCK_LINE): 2} == again.filled
    assert first == again
