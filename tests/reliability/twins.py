"""Twin Engines for the fault-injection machine: one store with faults, one without.

:class:`Twins` runs each Engine command on both, with one idempotency key: on the faulty side
a :class:`~ordercore.testing.faults.Fault` may fire before, inside or just after the commit,
and the host then retries with the same key (as after an ambiguous failure). Both sides must
then answer alike and hold the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import Any, ClassVar

from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.testing.faults import Fault, FaultyStore, InjectedFault
from ordercore.testing.stateful_engine import LOCATIONS, START

__all__ = ["FAULTS", "Outcome", "Twins", "state_of"]

FAULTS: tuple[type[BaseException], ...] = (InjectedFault, MemoryError, ConnectionError)
"""The exceptions a fault raises: ours, an out-of-memory, a dropped connection."""

Outcome = tuple[str, Any]
"""``("ok", result)``, ``("refused", (error type, message))`` or ``("fault", type)``."""


def outcome(call: Callable[[], Any]) -> Outcome:
    """What ``call`` did: returned, was refused (an OrdercoreError), or hit an injected fault."""
    try:
        return ("ok", call())
    except OrdercoreError as refused:
        return ("refused", (type(refused).__name__, str(refused)))
    except FAULTS as fault:
        return ("fault", type(fault))


_SQLITE_TABLES = {
    "rows": "SELECT collection, key, version, body FROM ordercore_aggregates ORDER BY 1, 2",
    "outbox": "SELECT position, id, body FROM ordercore_outbox ORDER BY position",
    "keys": "SELECT key, fingerprint, result FROM ordercore_idempotency ORDER BY key",
    "ledger": "SELECT sku, seq, body FROM ordercore_ledger ORDER BY sku, seq",
    "numbers": "SELECT name, value FROM ordercore_numbers ORDER BY name",
}


def state_of(store: Any) -> dict[str, Any]:
    """What must agree between the twins: aggregates (stock positions and reservations, line
    buckets, payments, invoices and their numbers, shipments), outbox ids and events in order,
    idempotency records, the ledger stream and, where the store reports them, number sequences.

    A SQLite store (no ``snapshot``) is compared by its tables, documents as stored.
    """
    if not hasattr(store, "snapshot"):
        with closing(store.connect()) as connection:
            return {
                part: connection.execute(query).fetchall() for part, query in _SQLITE_TABLES.items()
            }
    snapshot = store.snapshot()
    return {
        "rows": snapshot.rows,
        "outbox": [(message.id, message.sequence, message.event) for message in snapshot.outbox],
        "keys": snapshot.idempotency,
        "ledger": snapshot.ledger,
        "numbers": getattr(snapshot, "numbers", None),
    }


class Twins:
    """Two Engines on one clock: ``engine`` over a :class:`FaultyStore`, ``twin`` without."""

    counts: ClassVar[dict[str, int]] = {"histories": 0, "commands": 0, "faults": 0}
    """Totals over every pair of twins made (to quote how much a run exercised)."""

    def __init__(self, faulty: Any, plain: Any) -> None:
        self.clock = FixedClock(START)
        """The clock both Engines read."""
        self.faulty = FaultyStore(faulty)
        """The store faults are injected into."""
        self.plain = plain
        """The twin's store (never faulted)."""
        self.engine = Engine(self.faulty, self.clock, LOCATIONS)
        """The Engine that sees faults."""
        self.twin = Engine(plain, self.clock, LOCATIONS)
        """The Engine that runs the same history without faults."""
        self.sent = 0
        """How many commands were sent."""
        self.fired = 0
        """How many faults fired (each followed by a retry with the same key)."""
        Twins.counts["histories"] += 1

    @classmethod
    def in_memory(cls) -> Twins:
        """Twins on two memory stores."""
        return cls(MemoryStore(), MemoryStore())

    def send(self, name: str, *args: Any, fault: Fault | None = None, **kwargs: Any) -> Outcome:
        """Send command ``name`` to both with one key; on the faulty side ``fault`` may fire.

        A fired fault is followed by one retry with the same key; the outcome of that retry
        must equal the twin's (a fault that did not fire, because the command was refused
        before committing, is disarmed).
        """
        self.sent += 1
        Twins.counts["commands"] += 1
        key = f"request-{self.sent}"

        def run(engine: Engine) -> Any:
            return getattr(engine, name)(*args, idempotency_key=key, **kwargs)

        expected = outcome(lambda: run(self.twin))
        if fault is not None:
            self.faulty.arm(fault)
        actual = outcome(lambda: run(self.engine))
        self.faulty.disarm()
        if actual[0] == "fault":
            self.fired += 1
            Twins.counts["faults"] += 1
            actual = outcome(lambda: run(self.engine))
        if expected != actual:
            raise AssertionError(f"{name}{args}: twin {expected!r}, after a {fault} {actual!r}")
        return actual
