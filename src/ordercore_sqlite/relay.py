"""The outbox relay for SQLite: lease a batch in commit order, hand it to ``send``, mark it.

At least once: a message is marked delivered only after ``send`` returned for it; if ``send``
raises, the messages sent before it are marked, the rest are freed for the next run and the
error propagates. Parallel relays (threads or processes) lease disjoint batches, so they never
hand the same message out at the same time; a relay that dies leaves its lease to expire after
``lease`` seconds, and the batch is offered again.

With ``prune=True`` the relay also deletes, after each batch, the delivered messages up to the
last one it sent (:meth:`SqliteStore.prune_delivered`), so the outbox holds only what waits
(and what a parallel relay still has out of order above it).
"""

from __future__ import annotations

from collections.abc import Callable

from ordercore.ports.outbox import OutboxMessage
from ordercore_sqlite.store import SqliteStore

__all__ = ["Relay"]


class Relay:
    """Delivers a :class:`SqliteStore`'s outbox through the host's ``send``.

    ``prune``: whether each batch ends by pruning the delivered messages up to its last one.
    """

    def __init__(self, store: SqliteStore, *, lease: float = 60.0, prune: bool = False) -> None:
        self.store = store
        self.lease = lease
        self.prune = prune

    def deliver(self, send: Callable[[OutboxMessage], object], batch: int = 100) -> int:
        """Deliver up to ``batch`` messages in commit order; return how many were sent."""
        claim = self.store.claim(batch, self.lease)
        sent: list[str] = []
        try:
            for message in claim.messages:
                send(message)
                sent.append(message.id)
        finally:
            self.store.finish(claim, sent)
            if self.prune and sent:
                done = set(sent)
                last = max(m.sequence for m in claim.messages if m.id in done)
                self.store.prune_delivered(last)
        return len(sent)
