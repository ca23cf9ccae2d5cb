"""Contract tests for retention: pruning delivered messages and expiring idempotency keys.

A store that implements :class:`ordercore.ports.retention.Retention` passes these (the memory,
SQLite and PostgreSQL stores do). It is its own class, outside ``AdapterContract``, so an
adapter written before retention existed still passes the rest of the kit: add
``RetentionContract`` to your test class's bases when your store can let go of history.
"""

from __future__ import annotations

from typing import Any, cast

import pendulum
import pytest

from ordercore.kernel.errors import NaiveDatetime, ValidationError
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.ports.idempotency import recall
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.retention import Retention
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect
from ordercore.testing.contract_specimens import KIT_NOW

__all__ = ["RetentionContract"]

_LATER = KIT_NOW.add(hours=25)
"""When the kit's fresh keys are recorded: a day and an hour after its old ones."""


def retaining(store: Store) -> Retention:
    """``store`` as a :class:`Retention` (a readable failure if it has no retention methods)."""
    for name in ("prune_delivered", "expire_idempotency_keys"):
        if not callable(getattr(store, name, None)):
            raise AssertionError(  # noqa: TRY004 - a failed contract test, as expect() raises
                f"{type(store).__name__} has no {name}(): see ordercore.ports.retention"
            )
    return cast("Retention", store)


class RetentionContract(ContractBase):
    """What every store that implements :mod:`ordercore.ports.retention` does."""

    def key_recorded_at(self, store: Store, key: str, given: pendulum.DateTime) -> Any:
        """The instant ``store`` recorded ``key`` at, when ``put`` was given ``given``.

        By default ``given``: the store keeps the instant the command ran. A store that stamps
        keys with its own clock instead overrides this to read the instant it stored.
        """
        return given

    def put_key(self, store: Store, key: str, fingerprint: str, at: pendulum.DateTime) -> Any:
        """Store ``key`` in its own commit, recorded at ``at``; the instant it was recorded."""
        with store.unit_of_work() as uow:
            uow.idempotency.put(key, fingerprint, {"ran": key}, recorded_at=at)
            uow.commit()
        return self.key_recorded_at(store, key, at)

    def messages(self, store: Store, first: int, count: int) -> list[OutboxMessage]:
        """Commit ``count`` specimens from the ``first``-th and return the pending messages."""
        specimen = self.specimens()[0]
        for n in range(first, first + count):
            add_committed(store, specimen, n)
        return store.pending(1000)

    # -- pruning delivered messages ---------------------------------------------------------------

    def test_pruning_keeps_every_undelivered_message_with_its_sequence(self, store: Store) -> None:
        """Delivered messages go, in order or not; the rest stay, numbered as they were."""
        outbox = retaining(store)
        everything = self.messages(store, 61, 5)
        store.mark_delivered([everything[0].id, everything[2].id, everything[4].id])
        waiting = store.pending(1000)
        expect([everything[1], everything[3]], waiting, "pending before pruning")
        expect(3, outbox.prune_delivered(), "delivered messages pruned")
        expect(waiting, store.pending(1000), "pending after pruning: same ids and sequences")
        expect(0, outbox.prune_delivered(), "a second prune finds nothing to drop")
        store.mark_delivered([m.id for m in waiting])
        expect(2, outbox.prune_delivered(), "the rest, once delivered")
        expect([], store.pending(1000), "nothing pending")
        later = self.messages(store, 66, 1)
        highest = max(message.sequence for message in everything)
        expect([], [m for m in later if m.sequence <= highest], "later messages number above")

    def test_pruning_up_to_a_sequence_leaves_the_delivered_messages_above_it(
        self, store: Store
    ) -> None:
        """``prune_delivered(up_to)`` drops only delivered messages at or below ``up_to``."""
        outbox = retaining(store)
        everything = self.messages(store, 71, 4)
        store.mark_delivered([m.id for m in everything[:3]])
        expect(2, outbox.prune_delivered(everything[1].sequence), "pruned up to the second")
        expect(1, outbox.prune_delivered(everything[3].sequence), "the third; not the fourth")
        expect(everything[3:], store.pending(1000), "the undelivered fourth stays")

    def test_an_id_marked_delivered_after_its_message_was_pruned_is_ignored(
        self, store: Store
    ) -> None:
        """A pruned message is unknown: marking it again changes nothing, offers nothing."""
        outbox = retaining(store)
        everything = self.messages(store, 81, 2)
        store.mark_delivered([everything[0].id])
        outbox.prune_delivered()
        store.mark_delivered([everything[0].id])
        expect(everything[1:], store.pending(1000), "pending after a late mark")

    def test_pruning_refuses_a_sequence_that_is_not_a_whole_number(self, store: Store) -> None:
        """``up_to`` is a whole number of at least 0 (or None); anything else changes nothing."""
        outbox = retaining(store)
        everything = self.messages(store, 91, 1)
        store.mark_delivered([everything[0].id])
        for wrong in (-1, True, "7", 1.5):
            with pytest.raises(ValidationError):
                outbox.prune_delivered(wrong)  # type: ignore[arg-type]
        expect(1, outbox.prune_delivered(), "the delivered message, still there to prune")

    # -- expiring idempotency keys ------------------------------------------------------------

    def test_expiry_drops_only_the_keys_recorded_before_the_instant(self, store: Store) -> None:
        """Keys recorded before ``before`` go; a key recorded at or after it is untouched."""
        keys = retaining(store)
        self.put_key(store, "retain-old", "fp-old", KIT_NOW)
        fresh_at = self.put_key(store, "retain-fresh", "fp-fresh", _LATER)
        expect(1, keys.expire_idempotency_keys(fresh_at), "keys expired")
        with store.unit_of_work() as uow:
            expect(None, uow.idempotency.get("retain-old"), "the old key")
            fresh = uow.idempotency.get("retain-fresh")
        expect(
            ("fp-fresh", {"ran": "retain-fresh"}),
            None if fresh is None else (fresh.fingerprint, fresh.result),
            "the fresh key, as it was stored",
        )
        expect(0, keys.expire_idempotency_keys(fresh_at), "expiring again drops nothing")

    def test_a_retry_with_an_expired_key_runs_the_command_again(self, store: Store) -> None:
        """An expired key is a new key: the same request stores a new result, not a conflict."""
        keys = retaining(store)
        self.put_key(store, "retain-retry", "fp-retry", KIT_NOW)
        fresh_at = self.put_key(store, "retain-other", "fp-other", _LATER)
        keys.expire_idempotency_keys(fresh_at)
        with store.unit_of_work() as uow:
            expect(None, recall(uow.idempotency, "retain-retry", "fp-retry"), "nothing to recall")
            uow.idempotency.put("retain-retry", "fp-retry", "ran again")
            uow.commit()
        with store.unit_of_work() as uow:
            expect("ran again", recall(uow.idempotency, "retain-retry", "fp-retry"), "new result")
            with pytest.raises(IdempotencyKeyReused):
                recall(uow.idempotency, "retain-retry", "fp-another-command")

    def test_expiry_refuses_a_naive_instant_and_changes_nothing(self, store: Store) -> None:
        """``before`` must be timezone-aware; a naive one is refused before anything goes."""
        keys = retaining(store)
        self.put_key(store, "retain-naive", "fp-naive", KIT_NOW)
        naive = pendulum.naive(2099, 1, 1)
        with pytest.raises(NaiveDatetime):
            keys.expire_idempotency_keys(naive)
        with store.unit_of_work() as uow:
            kept = uow.idempotency.get("retain-naive")
        expect("fp-naive", None if kept is None else kept.fingerprint, "the key, kept")
