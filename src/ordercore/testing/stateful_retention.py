"""The retention rules of :class:`~ordercore.testing.stateful_engine.EngineMachine` (issue #11).

A mixin (kept apart so each module stays small): in the middle of the machine's order flow a
relay delivers outbox messages (a drawn subset of ``pending(limit)``, often out of order), the
host prunes what was delivered (all of it, or up to a drawn sequence) and expires idempotency
keys recorded before ``now`` minus a drawn window; a payment is authorised under a key, and
retried after its key expired (the command runs again: a duplicate authorisation that changes
no aggregate and no outbox message, or a refusal that changes nothing).

The model: every message the machine ever saw in the outbox, by sequence (``history``, recorded
after every step: only a prune drops a message and no commit happens between a step's check and
the next prune, so a prune cannot hide one), the sequences a deliver rule handed out
(``handed``) and those a prune must have dropped (``pruned``). Its checks, after every step:

* no message is lost: every message of the history is still kept undelivered by the store or
  was handed out by a deliver rule;
* the store's undelivered messages are the model's, in sequence order (``pending()`` is
  compared in full by the deliver and prune rules, the snapshot after every step);
* the store keeps exactly the messages not pruned, each with its sequence number and id (a
  pending one with its event), and a prune drops exactly the delivered messages it names;
* after a full prune the memory store's ``retained()`` counts are the undelivered messages plus
  the out-of-order marks (delivered messages above the first undelivered one); other stores
  have no such bookkeeping (a SQL store deletes the rows), and the snapshot's kept messages
  (the check above) are what they hold;
* an idempotency key recorded before an expiry's instant is gone, one recorded since is kept.

The machine's replay checks (stock items and shipments equal the replay of their events) read
the history, not the store's outbox: a pruned message's event is still part of its aggregate.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Rounding
from ordercore.memory import MemoryStore

if TYPE_CHECKING:
    from ordercore.domain.orders import Order
    from ordercore.kernel.clock import FixedClock
    from ordercore.memory.store import StoreSnapshot
    from ordercore.ports.outbox import OutboxMessage
    from ordercore.service import Engine
    from ordercore.testing.stateful_store import MachineStore

__all__ = ["RetentionRules"]

_WINDOWS = (0, 1, 24, 72)
"""How long (hours) the host keeps idempotency keys: 0 lets go of every key recorded before now."""


def _check(condition: bool, what: object) -> None:
    if not condition:
        raise AssertionError(str(what))


class RetentionRules:
    """Deliver, prune, expire and retry-after-expiry rules with their checks, for the machine."""

    engine: Engine
    store: MachineStore
    clock: FixedClock
    refused: int
    keyed: list[tuple[str, tuple[Any, ...], dict[str, Any], str, Any]]
    keyed_at: dict[str, pendulum.DateTime]
    """When each key of ``keyed`` was last recorded (the machine's clock at the command)."""
    expired: set[str]
    """The keys of ``keyed`` an expiry dropped (and no run recorded again since)."""
    history: dict[int, OutboxMessage]
    """Every message the machine saw in the outbox, by sequence (insertion order = sequence)."""
    handed: set[int]
    """The sequences of the messages a deliver rule acknowledged."""
    pruned: set[int]
    """The sequences the model expects pruned (handed out, then pruned)."""

    if TYPE_CHECKING:

        def snapshot(self) -> StoreSnapshot:
            """Everything the store holds (the machine's own)."""
            ...

        def order(self, pick: int) -> Order | None:
            """The ``pick``-th order (the machine's own)."""
            ...

        def attempt_keyed(self, name: str, *args: Any, **kwargs: Any) -> bool:
            """Run Engine command ``name`` with a key the machine retries (its own)."""
            ...

    # -- the model ------------------------------------------------------------------------------

    def undelivered(self) -> list[int]:
        """The model's undelivered sequences, lowest first."""
        return [sequence for sequence in self.history if sequence not in self.handed]

    def kept(self) -> list[int]:
        """The model's kept sequences (every message seen but those pruned), lowest first."""
        return [sequence for sequence in self.history if sequence not in self.pruned]

    def pending_is_the_models(self) -> None:
        """``pending()`` is exactly the model's undelivered messages, in sequence order."""
        wanted = self.undelivered()
        found = self.store.pending(len(wanted) + 1)
        _check(
            wanted == [message.sequence for message in found],
            "pending() == the model's undelivered messages",
        )
        _check(
            all(self.history[message.sequence] == message for message in found),
            "a pending message is the message committed at its sequence",
        )

    # -- rules ----------------------------------------------------------------------------------

    @rule(limit=st.integers(1, 12), mask=st.integers(0, 2**12 - 1), backwards=st.booleans())
    def deliver_messages(self, limit: int, mask: int, backwards: bool) -> None:
        """A relay takes ``pending(limit)`` and acknowledges a drawn subset, one by one.

        Skipped messages make the later acknowledgements out of order; ``backwards`` acks the
        highest first. An id acknowledged twice (or after it was pruned) is ignored.
        """
        taken = self.store.pending(limit)
        wanted = self.undelivered()[:limit]
        _check(wanted == [m.sequence for m in taken], "pending(limit) == the first undelivered")
        chosen = [message for index, message in enumerate(taken) if mask >> index & 1]
        for message in reversed(chosen) if backwards else chosen:
            self.store.mark_delivered([message.id])
            self.handed.add(message.sequence)
        if chosen and mask & 1:
            self.store.mark_delivered([chosen[0].id])  # a duplicate acknowledgement
        self.pending_is_the_models()

    @rule(everything=st.booleans(), share=st.sampled_from([0, 0.25, 0.5, 1, 1.5]))
    def prune_delivered(self, everything: bool, share: float) -> None:
        """The host prunes delivered messages: all, or those up to a drawn sequence."""
        last = next(reversed(self.history), 0) if self.history else 0
        up_to = None if everything else int(last * share)
        gone = [
            sequence
            for sequence in self.history
            if sequence in self.handed
            and sequence not in self.pruned
            and (up_to is None or sequence <= up_to)
        ]
        dropped = self.store.prune_delivered(up_to)
        _check(len(gone) == dropped, f"prune_delivered({up_to}) dropped {dropped} of {len(gone)}")
        self.pruned.update(gone)
        self.pending_is_the_models()
        if up_to is None and isinstance(self.store, MemoryStore):  # its own bookkeeping
            retained = self.store.retained
            undelivered = self.undelivered()
            marks = sum(1 for sequence in self.handed if undelivered and sequence > undelivered[0])
            slots = len(undelivered) + marks
            _check(
                (slots, marks, slots) == retained(),
                f"after a full prune: {retained()} != {(slots, marks, slots)}",
            )

    @rule(window=st.sampled_from(_WINDOWS))
    def expire_keys(self, window: int) -> None:
        """The host expires idempotency keys recorded before now minus ``window`` hours."""
        before = self.clock.now().subtract(hours=window)
        self.store.expire_idempotency_keys(before)
        kept = self.snapshot().idempotency
        for key, at in self.keyed_at.items():
            if at < before:
                self.expired.add(key)
            _check((key in kept) == (key not in self.expired), f"key {key} kept: {key in kept}")

    @rule(pick=st.integers(0, 7), share=st.sampled_from([Decimal("0.5"), Decimal(1)]))
    def authorise_with_a_key(self, pick: int, share: Decimal) -> None:
        """The gateway authorises a share of the order's total; the host sends it under a key."""
        order = self.order(pick)
        if order is None:
            return
        amount = order.total.multiply(share, Rounding.HALF_UP)
        reference = f"kauth-{order.id}-{len(self.keyed)}"
        self.attempt_keyed("record_authorization", order.id, amount, reference)

    @precondition(lambda self: bool(self.expired))
    @rule(pick=st.integers(0, 7))
    def retry_an_expired_authorisation(self, pick: int) -> None:
        """A retry comes after its key expired: the authorisation runs again, as a new request.

        The second run finds the same reference and amount already recorded: a duplicate that
        changes no aggregate and writes no message (or a refusal, the payment having moved on),
        and its key is recorded again with the new result.
        """
        expired = [
            (index, entry)
            for index, entry in enumerate(self.keyed)
            if entry[0] == "record_authorization" and entry[3] in self.expired
        ]
        if not expired:
            return
        index, (name, args, kwargs, key, first) = expired[pick % len(expired)]
        before = self.snapshot()
        try:
            again = self.engine.record_authorization(*args, idempotency_key=key, **kwargs)
        except OrdercoreError:
            _check(before == self.snapshot(), "a refused re-run changed the store")
            self.refused += 1
            return
        after = self.snapshot()
        _check(again.duplicate, "an expired key ran the command again (a duplicate this time)")
        _check(again.operation == first.operation, "the duplicate names the first operation")
        _check(before.rows == after.rows, "a duplicate authorisation changed an aggregate")
        _check(before.outbox == after.outbox, "a duplicate authorisation wrote a message")
        _check(key in after.idempotency, "the re-run recorded its key again")
        self.keyed[index] = (name, args, kwargs, key, again)
        self.keyed_at[key] = self.clock.now()
        self.expired.discard(key)

    # -- checks ---------------------------------------------------------------------------------

    def no_message_is_lost(self, outbox: tuple[OutboxMessage, ...], delivered: Any) -> None:
        """Record new messages; the store keeps every message not pruned, with its sequence.

        Each message seen is kept undelivered by the store, or was handed out by a deliver rule
        (and then kept marked delivered, or pruned): none is lost, none renumbered.
        """
        history, handed = self.history, self.handed
        last = next(reversed(history), 0) if history else 0
        kept: list[int] = []
        undelivered: list[int] = []
        for message in outbox:
            sequence = message.sequence
            if sequence > last:
                history[sequence] = message
                last = sequence
            else:
                seen = history.get(sequence)
                _check(
                    seen is not None and seen.id == message.id,
                    f"message {message.id} at sequence {sequence} was {seen!r}",
                )
            kept.append(sequence)
            if message.id not in delivered:
                undelivered.append(sequence)
            else:
                _check(sequence in handed, f"{message.id} delivered by no relay")
        _check(kept == self.kept(), "the store keeps every message not pruned, in order")
        _check(undelivered == self.undelivered(), "the store's undelivered == the model's")
