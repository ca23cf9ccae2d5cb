import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.memory import MemoryStore
from ordercore.ports.errors import DuplicateEntity, IdempotencyKeyReused
from ordercore.ports.idempotency import IdempotencyRecord, recall, recall_record
from ordercore.testing.contract import TALLIES


def a_store() -> MemoryStore:
    return MemoryStore((TALLIES,))


def test_the_loser_of_a_race_on_one_key_gets_a_retryable_conflict_when_it_puts() -> None:
    store = a_store()
    first, second = store.unit_of_work(), store.unit_of_work()
    with first, second:
        assert (None, None) == (
            first.idempotency.get("cancel-42"),
            second.idempotency.get("cancel-42"),
        )
        first.idempotency.put("cancel-42", "fp", "first")
        first.commit()
        with pytest.raises(ConcurrencyConflict) as lost:
            second.idempotency.put("cancel-42", "fp", "second")
    assert not isinstance(lost.value, DuplicateEntity)
    with store.unit_of_work() as retry:
        assert "first" == recall(retry.idempotency, "cancel-42", "fp")


def test_the_loser_of_a_race_on_one_key_gets_a_retryable_conflict_when_it_commits() -> None:
    store = a_store()
    first, second = store.unit_of_work(), store.unit_of_work()
    with first, second:
        first.idempotency.put("cancel-42", "fp", "first")
        second.idempotency.put("cancel-42", "fp", "second")
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()


def test_a_key_reused_with_another_command_by_a_racing_request_is_refused_as_reused() -> None:
    store = a_store()
    first, second = store.unit_of_work(), store.unit_of_work()
    with first, second:
        first.idempotency.put("cancel-42", "fp-a", "first")
        first.commit()
        with pytest.raises(IdempotencyKeyReused):
            second.idempotency.put("cancel-42", "fp-b", "second")


def test_putting_one_key_twice_in_one_unit_of_work_is_a_duplicate() -> None:
    with a_store().unit_of_work() as uow:
        uow.idempotency.put("cancel-42", "fp", None)
        with pytest.raises(DuplicateEntity):
            uow.idempotency.put("cancel-42", "fp", None)


def test_recalls_a_stored_result_of_none() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.idempotency.put("cancel-42", "fp", None)
        uow.commit()
    with store.unit_of_work() as uow:
        found = recall_record(uow.idempotency, "cancel-42", "fp")
        unknown = recall_record(uow.idempotency, "cancel-43", "fp")
    assert (IdempotencyRecord(key="cancel-42", fingerprint="fp", result=None), None) == (
        found,
        unknown,
    )
