"""The outbox relay for PostgreSQL: claim a batch in commit order, send it, mark it, commit.

Each :meth:`Relay.deliver` runs one transaction: ``SELECT ... ORDER BY xid, n LIMIT n FOR
UPDATE SKIP LOCKED`` claims the oldest undelivered messages no other relay holds (of the
transactions below the snapshot's xmin: see :meth:`PostgresStore.pending`), the host's
``send`` is called for each in order, and the ones sent are marked delivered before COMMIT.
Parallel relays (threads, processes, machines) therefore never hand out the same message at
the same time; a relay that dies mid-batch rolls back, its row locks vanish, and the batch is
offered again (at least once: consumers deduplicate by message id). If ``send`` raises, the
messages sent before it are marked and committed, and the error propagates. A relay's claim
takes a transaction id, so messages committed after a batch began wait for it to end: keep
``send`` quick (hand the message to a queue, or send with a short timeout).

With ``prune=True`` the relay also deletes, after each batch commits, the delivered messages up
to the last one it sent (:meth:`PostgresStore.prune_delivered`), so the outbox keeps only what
waits (and what a parallel relay delivered above that).

``wait`` blocks until a commit signals new messages (``LISTEN ordercore_outbox``) or the timeout
passes, so an idle relay need not poll hard.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ordercore.kernel.errors import ValidationError
from ordercore.ports.outbox import OutboxMessage
from ordercore_postgres.store import CHANNEL, PostgresStore

__all__ = ["CHANNEL", "Relay"]


class Relay:
    """Delivers a :class:`PostgresStore`'s outbox through the host's ``send``.

    ``prune``: whether each batch ends by pruning the delivered messages up to its last one.
    """

    def __init__(self, store: PostgresStore, *, prune: bool = False) -> None:
        self.store = store
        self.prune = prune

    def deliver(self, send: Callable[[OutboxMessage], object], batch: int = 100) -> int:
        """Deliver up to ``batch`` messages in commit order; return how many were sent."""
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValidationError("batch", batch, "a batch is a whole number of at least 1")
        sent: list[str] = []
        last = -1
        failure: Exception | None = None
        with self.store.connection() as connection, connection.transaction():
            rows = self.store.claim(connection, batch)
            try:
                for row in rows:
                    message = self.store.message(row)
                    send(message)
                    sent.append(row[0])
                    last = message.sequence
            except Exception as error:  # noqa: BLE001 - re-raised after the sent ones are marked
                failure = error
            connection.execute(
                "UPDATE ordercore_outbox SET delivered_at = now() WHERE id = ANY(%s)", (sent,)
            )
        if self.prune and sent:
            self.store.prune_delivered(last)
        if failure is not None:
            raise failure
        return len(sent)

    def wait(self, timeout: float) -> bool:
        """Block until a commit notifies new outbox messages or ``timeout`` s pass; True if so."""
        deadline = time.monotonic() + timeout
        with self.store.connection() as connection:
            row = connection.execute("SELECT current_schema()").fetchone()
            schema = None if row is None else row[0]
            connection.execute(f"LISTEN {CHANNEL}")
            try:
                while (left := deadline - time.monotonic()) > 0:
                    for notice in connection.notifies(timeout=left, stop_after=1):
                        if notice.payload == schema:  # a commit to this store's schema
                            return True
                return False
            finally:
                connection.execute(f"UNLISTEN {CHANNEL}")
