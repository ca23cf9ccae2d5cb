"""The outbox relay for SQLite: lease a batch in commit order, hand it to ``send``, mark it.

At least once: a message is marked delivered only after ``send`` returned for it; if ``send``
raises, the messages sent before it are marked, the rest are freed for the next run and the
error propagates. Parallel relays (threads or processes) lease disjoint batches, so they never
hand the same message out at the same time; a relay that dies leaves its lease to expire after
``lease`` seconds, and the batch is offered again.
"""

from __future__ import annotations

from collections.abc import Callable

from ordercore.ports.outbox import OutboxMessage
from ordercore_sqlite.store import SqliteStore

__all__ = ["Relay"]


class Relay:
    """Delivers a :class:`SqliteStore`'s outbox through the host's ``send``."""

    def __init__(self, store: SqliteStore, *, lease: float = 60.0) -> None:
        self.store = store
        self.lease = lease

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
        return len(sent)
