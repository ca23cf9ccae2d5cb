"""A commit is applied whole or not at all, whatever interrupts it between two writes."""

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.memory import MemoryStore
from ordercore.memory.store import StoreSnapshot
from ordercore.testing.contract import TALLIES, Tally
from ordercore.testing.contract_ledger import kit_movement

WRITES = ("_write_row", "_write_key", "_write_number", "_write_movements", "_write_messages")


class Interrupted(BaseException):
    """Stands for a KeyboardInterrupt or MemoryError raised between two writes."""


def a_store_with_two_tallies() -> MemoryStore:
    store = MemoryStore((TALLIES,))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1", label="RETRO-CLOCK"))
        uow.repository("tallies").add(Tally.start("TALLY-2", label="BLUE-VASE"))
        uow.ledger.append("RETRO-CLOCK", [kit_movement(1)])
        uow.numbers.next("INV")
        uow.commit()
    return store


def a_big_commit(store: MemoryStore) -> None:
    """Two saves, an add, a key, two numbers, ledger rows of two SKUs, and their events."""
    with store.unit_of_work() as uow:
        tallies = uow.repository("tallies")
        for key in ("TALLY-1", "TALLY-2"):
            tally = tallies.get(key)
            tally.bump(3)
            tallies.save(tally, 1)
        tallies.add(Tally.start("TALLY-3", label="RETRO-CLOCK"))
        uow.idempotency.put("checkout-42", "fp", {"order": "SO-000042"})
        uow.numbers.next("INV")
        uow.numbers.next("CN")
        uow.ledger.append("RETRO-CLOCK", [kit_movement(2), kit_movement(3)])
        uow.ledger.append("BLUE-VASE", [kit_movement(1)])
        uow.commit()


def everything(store: MemoryStore) -> tuple[StoreSnapshot, dict[str, int], list[Any]]:
    snapshot = store.snapshot()
    labels = [t.id for t in store.select("tallies", "label", "RETRO-CLOCK")]
    return snapshot, dict(snapshot.numbers), labels


def interrupt_on(
    monkeypatch: pytest.MonkeyPatch, method: str, call: int, error: BaseException
) -> None:
    original: Callable[..., None] = getattr(MemoryStore, method)
    calls = {"n": 0}

    def write(self: MemoryStore, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise error
        original(self, *args)

    monkeypatch.setattr(MemoryStore, method, write)


def test_a_keyboard_interrupt_before_the_second_row_leaves_the_first_unwritten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = a_store_with_two_tallies()
    before = everything(store)
    interrupt_on(monkeypatch, "_write_row", 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        a_big_commit(store)
    assert before == everything(store)


def test_a_memory_error_while_writing_the_outbox_undoes_the_rows_keys_numbers_and_ledger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = a_store_with_two_tallies()
    before = everything(store)
    interrupt_on(monkeypatch, "_write_messages", 1, MemoryError())
    with pytest.raises(MemoryError):
        a_big_commit(store)
    assert before == everything(store)


@given(st.sampled_from(WRITES), st.integers(1, 3))
def test_an_interrupt_at_any_write_of_a_commit_writes_nothing_and_the_retry_commits_it_all(
    method: str, call: int
) -> None:
    store = a_store_with_two_tallies()
    before = everything(store)
    with pytest.MonkeyPatch.context() as patch:
        interrupt_on(patch, method, call, Interrupted())
        try:
            a_big_commit(store)
        except Interrupted:
            assert before == everything(store)
        else:  # that write is called fewer than ``call`` times: the commit went through
            return
    a_big_commit(store)
    snapshot, numbers, labels = everything(store)
    assert ["TALLY-1", "TALLY-3"] == labels
    assert {"INV": 2, "CN": 1} == numbers
    assert [1, 2, 3] == [row.seq for row in snapshot.ledger["RETRO-CLOCK"]]
    assert [3, 3, 0] == [snapshot.rows[("tallies", f"TALLY-{n}")].count for n in (1, 2, 3)]
    assert [1, 2, 3, 4, 5] == [message.sequence for message in snapshot.outbox]


def test_an_allocation_interrupted_between_the_order_and_its_stock_leaves_neither_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.service.helpers import an_order, shop, stock_in  # noqa: PLC0415 - the Engine's shop

    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    before = store.snapshot()
    interrupt_on(monkeypatch, "_write_row", 2, KeyboardInterrupt())  # only the 2nd write fails
    with pytest.raises(KeyboardInterrupt):
        engine.allocate_order("order-1")
    assert before == store.snapshot()
    engine.allocate_order("order-1")
    assert (2, 2) == (
        stock_in(store, "RETRO-CLOCK").reserved(),
        stock_in(store, "BLUE-VASE").reserved(),
    )
