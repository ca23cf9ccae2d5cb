"""Contract tests for idempotency keys (Stripe's semantics), stored atomically with the commit."""

from __future__ import annotations

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.codec import JsonValue
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.ports.idempotency import recall
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, expect

__all__ = ["IdempotencyContract"]


class IdempotencyContract(ContractBase):
    """What every idempotency store does (see :mod:`ordercore.ports.idempotency`)."""

    def test_returns_the_stored_result_for_the_same_key_and_command(self, store: Store) -> None:
        """The same key with the same command returns what the first run stored."""
        result: JsonValue = {"order": "SO-000001", "lines": [{"sku": "RETRO-CLOCK", "quantity": 2}]}
        with store.unit_of_work() as uow:
            expect(None, recall(uow.idempotency, "checkout-1", "fp-a"), "a new key")
            uow.idempotency.put("checkout-1", "fp-a", result)
            uow.commit()
        with store.unit_of_work() as uow:
            expect(result, recall(uow.idempotency, "checkout-1", "fp-a"), "the stored result")

    def test_refuses_the_same_key_with_a_different_command(self, store: Store) -> None:
        """A key reused for another command is IdempotencyKeyReused, naming both fingerprints."""
        with store.unit_of_work() as uow:
            uow.idempotency.put("checkout-2", "fp-a", "done")
            uow.commit()
        with store.unit_of_work() as uow:
            with pytest.raises(IdempotencyKeyReused) as raised:
                recall(uow.idempotency, "checkout-2", "fp-b")
            with pytest.raises(IdempotencyKeyReused):
                uow.idempotency.put("checkout-2", "fp-b", "other")
        expect(
            ("fp-a", "fp-b"),
            (raised.value.stored_fingerprint, raised.value.given_fingerprint),
            "fingerprints",
        )

    def test_forgets_a_key_whose_unit_of_work_rolled_back(self, store: Store) -> None:
        """The key is stored with the commit or not at all."""
        with store.unit_of_work() as uow:
            uow.idempotency.put("checkout-3", "fp-a", "done")
        with store.unit_of_work() as uow:
            expect(None, uow.idempotency.get("checkout-3"), "a rolled-back key")

    def test_lets_only_one_of_two_racing_requests_store_a_key(self, store: Store) -> None:
        """Two units of work claim one key: the second commit fails, and nothing of it is kept."""
        first, second = store.unit_of_work(), store.unit_of_work()
        with first, second:
            first.idempotency.put("checkout-4", "fp-a", "first")
            second.idempotency.put("checkout-4", "fp-a", "second")
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.commit()
        with store.unit_of_work() as uow:
            expect("first", recall(uow.idempotency, "checkout-4", "fp-a"), "the first result")
