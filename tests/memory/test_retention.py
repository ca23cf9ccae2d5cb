"""The memory store keeps a delivery watermark and lets go of delivered messages and old keys."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given, settings

from ordercore.memory import MemoryStore
from ordercore.ports.repositories import STANDARD_COLLECTIONS
from ordercore.testing.contract import TALLIES, Tally
from tests.service.helpers import T, shop, stock_in


def tally_store() -> MemoryStore:
    return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))


def commit_tallies(store: MemoryStore, first: int, count: int) -> None:
    with store.unit_of_work() as uow:
        for n in range(first, first + count):
            uow.repository("tallies").add(Tally.start(f"TALLY-{n:04d}"))
        uow.commit()


def test_delivering_in_order_keeps_no_marks() -> None:
    store = tally_store()
    commit_tallies(store, 0, 4)
    store.mark_delivered([m.id for m in store.pending(2)])
    store.mark_delivered([m.id for m in store.pending(2)])
    assert ((4, 0, 4), []) == (store.retained(), store.pending(100))


def test_a_mark_above_the_watermark_is_kept_until_the_watermark_passes_it() -> None:
    store = tally_store()
    commit_tallies(store, 0, 3)
    first, second, third = store.pending(100)
    store.mark_delivered([third.id])
    assert (1, [first, second]) == (store.retained()[1], store.pending(100))
    store.mark_delivered([first.id, second.id])
    assert (0, []) == (store.retained()[1], store.pending(100))


def test_pruning_everything_delivered_leaves_the_undelivered_and_the_out_of_order_ids() -> None:
    store = tally_store()
    commit_tallies(store, 0, 5)
    messages = store.pending(100)
    store.mark_delivered([messages[0].id, messages[2].id, messages[3].id])
    assert 3 == store.prune_delivered()
    # slots: the undelivered second and fifth and, between them, the pruned third and fourth
    assert ((4, 2, 4), [messages[1], messages[4]]) == (store.retained(), store.pending(100))
    store.mark_delivered([messages[1].id])
    assert (1, (1, 0, 1)) == (store.prune_delivered(), store.retained())


def test_a_snapshot_holds_only_the_messages_kept() -> None:
    store = tally_store()
    commit_tallies(store, 0, 3)
    messages = store.pending(100)
    store.mark_delivered([messages[0].id, messages[2].id])
    store.prune_delivered()
    snapshot = store.snapshot()
    assert ((messages[1],), frozenset()) == (snapshot.outbox, snapshot.delivered)


def recorded_at(store: MemoryStore, key: str) -> object:
    record = store.record(key)
    return None if record is None else record.recorded_at


def test_keys_carry_the_engines_instant_and_a_retry_after_expiry_runs_again() -> None:
    engine, store, clock = shop(clocks=5)
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert T == recorded_at(store, "req-1")
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()
    now = clock.advance(hours=25)
    assert 1 == store.expire_idempotency_keys(now.subtract(hours=24))
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    assert (11, now) == (
        stock_in(store, "RETRO-CLOCK").on_hand(),
        recorded_at(store, "req-1"),
    )


def test_a_key_younger_than_the_retention_is_kept() -> None:
    engine, store, clock = shop(clocks=5)
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-2")
    now = clock.advance(hours=23)
    assert 0 == store.expire_idempotency_keys(now.subtract(hours=24))
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-2")
    assert 8 == stock_in(store, "RETRO-CLOCK").on_hand()


# -- the bound, as a property -------------------------------------------------------------------

COMMIT, DELIVER, PRUNE_ALL, PRUNE_UP_TO = "commit", "deliver", "prune", "prune up to"
steps = st.lists(
    st.one_of(
        st.tuples(st.just(COMMIT), st.integers(1, 4)),
        st.tuples(st.just(DELIVER), st.lists(st.integers(0, 30), max_size=6)),
        st.tuples(st.just(PRUNE_ALL), st.just(0)),
        st.tuples(st.just(PRUNE_UP_TO), st.integers(0, 40)),
    ),
    max_size=40,
)


@settings(deadline=None)
@given(steps)
def test_bookkeeping_is_bounded_by_what_waits_and_pending_matches_a_model(
    script: list[tuple[str, object]],
) -> None:
    store = tally_store()
    # the model: every committed message as [id, sequence, delivered, kept]
    model: list[list[object]] = []
    made = 0
    for action, argument in script:
        if action == COMMIT:
            assert isinstance(argument, int)
            commit_tallies(store, made, argument)
            offered = store.pending(1000)[-argument:]
            model.extend([m.id, m.sequence, False, True] for m in offered)
            made += argument
        elif action == DELIVER:
            assert isinstance(argument, list)
            chosen = [model[i % len(model)] for i in argument] if model else []
            store.mark_delivered([str(entry[0]) for entry in chosen])
            for entry in chosen:
                entry[2] = True
        else:
            up_to = None if action == PRUNE_ALL else argument
            assert up_to is None or isinstance(up_to, int)
            dropped = [
                e for e in model if e[2] and e[3] and (up_to is None or int(str(e[1])) <= up_to)
            ]
            for entry in dropped:
                entry[3] = False
            assert len(dropped) == store.prune_delivered(up_to)
        waiting = [(e[0], e[1]) for e in model if not e[2]]
        assert waiting == [(m.id, m.sequence) for m in store.pending(1000)]
        first_waiting = next((i for i, e in enumerate(model) if not e[2]), len(model))
        out_of_order = sum(1 for e in model[first_waiting:] if e[2])
        slots, marks, ids = store.retained()
        assert (out_of_order, slots) == (marks, ids)
        if action == PRUNE_ALL:
            assert len(waiting) + out_of_order == slots
