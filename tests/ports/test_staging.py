from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.inventory.ledger import Movement, MovementKind
from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.kernel.events import EventSink
from ordercore.ports.codec import Codec
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    LedgerOutOfSequence,
    UnsavedChanges,
)
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.repositories import Collection
from ordercore.ports.staging import Staging, json_staging, staged_documents

COUNTERS = Collection("counters", "counter")

AT = pendulum.datetime(2026, 1, 5, 9, 0, tz="UTC")

Versions = tuple[int, int | None]


@attrs.define
class Counter:
    id: str
    version: int = 1
    events: list[str] = attrs.field(factory=list)
    moved: list[Movement] = attrs.field(factory=list)

    def pull_events(self) -> list[str]:
        events, self.events = self.events, []
        return events

    def pull_movements(self) -> list[Movement]:
        moved, self.moved = self.moved, []
        return moved


def versions_row(name: str, entity: object, version: int, base: int | None) -> Versions:
    return version, base


def same(staged: Versions) -> Versions:
    return staged


def staging() -> Staging[Versions]:
    return Staging(versions_row, same)


def movement(seq: int) -> Movement:
    return Movement(seq, MovementKind.RECEIPT, "WH-EAST", None, 1, 0, 0, AT, "", None, None)


def nothing_committed() -> None:
    return None


def nothing_stored(name: str, key: str) -> None:
    return None


def test_stage_pulls_the_events_and_movements_of_the_aggregate() -> None:
    counter = Counter("C-1", 2, ["counted"], [movement(1)])
    work = staging()
    work.stage("counters", "C-1", counter, 1)
    rows: dict[tuple[str, str], Versions] = {("counters", "C-1"): (2, 1)}
    events: list[Any] = ["counted"]
    assert (rows, events, {"C-1": [movement(1)]}) == (work.rows, work.events, work.movements)
    assert ([], []) == (counter.events, counter.moved)


@attrs.define
class Tally:
    """An aggregate with an event sink field, whose pulls must never be called by a commit."""

    id: str
    version: int = 1
    events: list[str] = attrs.field(factory=list)
    sink: EventSink | None = attrs.field(default=None, init=False, eq=False)

    def pull_events(self) -> list[str]:
        raise AssertionError("the commit called back into the aggregate")

    def pull_movements(self) -> list[Movement]:
        raise AssertionError("the commit called back into the aggregate")


def test_a_handed_out_aggregate_gets_a_sink_that_staging_takes_its_events_from_and_lets_go() -> (
    None
):
    tally = Tally("T-1")
    work = staging()
    work.hand_out("counters", "T-1", tally)
    sink = tally.sink
    assert sink is not None
    tally.events.append("counted")
    tally.version = 2
    sink.ledger, sink.movements = True, [movement(1)]
    work.stage("counters", "T-1", tally, 1)
    events: list[Any] = ["counted"]
    assert (events, {"T-1": [movement(1)]}) == (work.events, work.movements)
    assert ([], [], None) == (tally.events, sink.movements, tally.sink)


def test_refuses_a_commit_when_a_handed_out_aggregate_holds_unsaved_movements() -> None:
    tally = Tally("T-1")
    work = staging()
    work.hand_out("counters", "T-1", tally)
    assert tally.sink is not None
    tally.sink.movements.append(movement(1))
    with pytest.raises(UnsavedChanges):
        work.check_saved({"counters": "counter"})


def test_stage_hands_movements_to_the_ledger_when_one_is_given() -> None:
    taken: list[tuple[str, list[Movement]]] = []
    work = staging()
    work.stage("counters", "C-1", Counter("C-1", moved=[movement(1)]), None, _take(taken))
    assert ([("C-1", [movement(1)])], {}) == (taken, work.movements)


def _take(taken: list[tuple[str, list[Movement]]]) -> Any:
    def ledger(sku: str, moved: list[Movement]) -> None:
        taken.append((sku, moved))

    return ledger


def test_a_refusing_ledger_stages_nothing() -> None:
    def refuse(sku: str, moved: list[Movement]) -> None:
        raise LedgerOutOfSequence(sku, moved[0].seq, 1)

    counter = Counter("C-1", events=["counted"], moved=[movement(4)])
    work = staging()
    with pytest.raises(LedgerOutOfSequence):
        work.stage("counters", "C-1", counter, None, refuse)
    assert ({}, [], ["counted"]) == (work.rows, work.events, counter.events)


def test_refuses_to_add_a_key_that_is_staged_or_committed() -> None:
    work = staging()
    work.stage("counters", "C-1", Counter("C-1"), None)
    with pytest.raises(DuplicateEntity):
        work.check_add(COUNTERS, Counter("C-1"), nothing_stored)
    with pytest.raises(DuplicateEntity):
        work.check_add(COUNTERS, Counter("C-2"), lambda name, key: 3)
    assert "C-3" == work.check_add(COUNTERS, Counter("C-3"), nothing_stored)


def test_a_save_is_based_on_the_staged_version_else_the_committed_one() -> None:
    work = staging()
    work.stage("counters", "C-1", Counter("C-1", 4), 3)
    assert (("C-1", 3), ("C-2", 7)) == (
        work.check_save(COUNTERS, Counter("C-1", 5), 4, nothing_stored),
        work.check_save(COUNTERS, Counter("C-2", 8), 7, lambda name, key: 7),
    )


def never_asked(name: str, key: str) -> int:
    raise AssertionError(f"{name}/{key} was looked up again")


def test_a_save_trusting_reads_does_not_look_up_what_was_read_at_the_expected_version() -> None:
    work = staging()
    work.read("counters", "C-1", 3)
    assert ("C-1", 3) == work.check_save(
        COUNTERS, Counter("C-1", 4), 3, never_asked, trust_reads=True
    )


def test_a_save_trusting_reads_asks_the_store_when_it_expects_another_version() -> None:
    work = staging()
    work.read("counters", "C-1", 3)
    with pytest.raises(ConcurrencyConflict) as refused:
        work.check_save(COUNTERS, Counter("C-1", 4), 2, lambda name, key: 5, trust_reads=True)
    assert (2, 5) == (refused.value.expected_version, refused.value.actual_version)


def test_a_save_that_does_not_trust_reads_asks_the_store_even_for_what_was_read() -> None:
    work = staging()
    work.read("counters", "C-1", 3)
    with pytest.raises(ConcurrencyConflict):
        work.check_save(COUNTERS, Counter("C-1", 4), 3, lambda name, key: 4)


def test_refuses_a_stale_save_naming_both_versions() -> None:
    with pytest.raises(ConcurrencyConflict, match="2") as refused:
        staging().check_save(COUNTERS, Counter("C-1", 3), 2, lambda name, key: 3)
    assert "C-1" in str(refused.value)


def test_refuses_to_save_what_is_not_there_or_a_version_that_went_down() -> None:
    work = staging()
    with pytest.raises(NotFound):
        work.check_save(COUNTERS, Counter("C-1"), 1, nothing_stored)
    with pytest.raises(ValidationError):
        work.check_save(COUNTERS, Counter("C-1", 1), 2, lambda name, key: 2)
    with pytest.raises(ValidationError):
        work.check_save(COUNTERS, Counter("C-1", 2), True, lambda name, key: 1)  # noqa: FBT003


def test_refuses_a_commit_when_a_handed_out_aggregate_changed_unsaved() -> None:
    counter = Counter("C-1", 1)
    work = staging()
    work.hand_out("counters", "C-1", counter)
    work.check_saved({"counters": "counter"})
    counter.version = 2
    with pytest.raises(UnsavedChanges):
        work.check_saved({"counters": "counter"})


def test_the_read_set_keeps_the_first_version_and_leaves_out_written_rows() -> None:
    work = staging()
    work.read("counters", "C-1", 1)
    work.read("counters", "C-1", 2)
    work.read("counters", "C-2", 5)
    work.stage("counters", "C-2", Counter("C-2", 6), 5)
    assert [(("counters", "C-1"), 1)] == list(work.checked_reads())


@given(st.integers(0, 1000), st.integers(1, 20))
def test_draws_numbers_after_the_committed_one_asking_for_it_once(last: int, draws: int) -> None:
    asked: list[int] = []

    def committed() -> int:
        asked.append(last)
        return last

    work = staging()
    drawn = [work.draw("INV", committed) for _ in range(draws)]
    assert (list(range(last + 1, last + draws + 1)), [last], {"INV": (last, draws)}) == (
        drawn,
        asked,
        work.numbers,
    )


def test_put_stages_a_new_key_and_refuses_a_reused_or_repeated_one() -> None:
    work = staging()
    work.put("K-1", "f1", {"ok": True}, nothing_committed)
    assert IdempotencyRecord(key="K-1", fingerprint="f1", result={"ok": True}) == work.record(
        "K-1", nothing_committed
    )
    with pytest.raises(IdempotencyKeyReused):
        work.put("K-1", "f2", None, nothing_committed)
    with pytest.raises(DuplicateEntity):
        work.put("K-1", "f1", None, nothing_committed)


def test_a_key_committed_by_a_rival_is_a_retryable_conflict() -> None:
    committed = IdempotencyRecord(key="K-1", fingerprint="f1", result=3)
    with pytest.raises(ConcurrencyConflict):
        staging().put("K-1", "f1", 3, lambda: committed)


def test_ledger_movements_continue_the_last_staged_or_committed_seq() -> None:
    work = staging()
    work.append("SKU-1", [movement(4), movement(5)], lambda: 3)
    work.append("SKU-1", [movement(6)], lambda: 0)
    with pytest.raises(LedgerOutOfSequence):
        work.append("SKU-1", [movement(8)], lambda: 0)
    assert [movement(5), movement(6)] == work.movements_after("SKU-1", 4)


def test_clear_forgets_everything() -> None:
    work = staging()
    work.stage("counters", "C-1", Counter("C-1", events=["e"], moved=[movement(1)]), None)
    work.read("counters", "C-2", 1)
    work.put("K-1", "f1", 1, nothing_committed)
    work.draw("INV", lambda: 0)
    work.clear()
    assert staging() == work


def test_letting_go_forgets_everything_and_keeps_only_the_parts_that_were_empty() -> None:
    work = staging()
    rows, keys = work.rows, work.keys
    work.stage("counters", "C-1", Counter("C-1", events=["e"], moved=[movement(1)]), None)
    work.let_go()
    assert (staging(), False, True) == (work, work.rows is rows, work.keys is keys)


@attrs.frozen
class Note:
    id: str
    order_id: str
    version: int = 1


def test_staged_documents_win_over_the_committed_ones() -> None:
    work = json_staging(Codec())
    work.stage("notes", "N-1", Note("N-1", "O-2"), 1)
    work.stage("notes", "N-3", Note("N-3", "O-1"), None)
    found: dict[str, tuple[str, int | None]] = {"N-1": ("{}", 1), "N-2": ("{}", 4)}
    staged_documents(work, "notes", "order_id", "O-1", found)
    assert ["N-2", "N-3"] == sorted(found)
    assert ("{}", 4) == found["N-2"]
    assert (None, "O-1") == (found["N-3"][1], work.rows[("notes", "N-3")].order_id)


def test_a_sink_staging_let_go_is_handed_out_again_as_a_new_one() -> None:
    first, second = Tally("T-1"), Tally("T-2")
    work = staging()
    work.hand_out("counters", "T-1", first)
    sink = first.sink
    assert sink is not None
    first.events.append("counted")
    first.version = 2
    sink.ledger, sink.movements, sink.transient = True, [movement(1)], [{"closed": 1}]
    work.stage("counters", "T-1", first, 1)
    work.hand_out("counters", "T-2", second)
    second.events.append("counted")
    assert (True, second.events, False, [], []) == (
        second.sink is sink,
        sink.events,
        sink.ledger,
        sink.movements,
        sink.transient,
    )
