"""A differential state machine: your adapter and the memory oracle, side by side.

:class:`AdapterAgreementMachine` runs random sequences of commands (add, change, stale saves,
rollbacks, idempotent requests, outbox deliveries) against the adapter under test and against
``ordercore.memory`` and checks after every step that both gave the same outcome (the same value
or the same error class) and hold the same aggregates and the same pending outbox.

.. code-block:: python

    class MyAdapterMachine(AdapterAgreementMachine):
        def make_store(self):
            return MyStore(...)

    TestMyAdapterAgrees = MyAdapterMachine.TestCase
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ordercore.kernel.errors import OrdercoreError
from ordercore.memory.store import MemoryStore
from ordercore.ports.codec import Codec
from ordercore.ports.idempotency import recall
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import expect
from ordercore.testing.contract_specimens import TALLIES, Tally

__all__ = ["AdapterAgreementMachine", "Outcome"]

Outcome = tuple[str, Any]
"""``("ok", value)`` or ``("error", error class name)``: what one command did to one store."""

_IDS = st.sampled_from([f"TALLY-{n}" for n in range(4)])
_CODEC = Codec()


def _attempt(action: Callable[[Store], Any], store: Store) -> Outcome:
    try:
        return ("ok", action(store))
    except OrdercoreError as error:
        return ("error", type(error).__name__)


class AdapterAgreementMachine(RuleBasedStateMachine):
    """Subclass it, implement :meth:`make_store`, and expose ``YourMachine.TestCase`` to pytest."""

    def __init__(self) -> None:
        super().__init__()
        self.adapter = self.make_store()
        self.oracle: Store = MemoryStore((TALLIES,))

    def make_store(self) -> Store:
        """A new, empty store of the adapter under test that keeps the ``tallies`` collection."""
        raise NotImplementedError("subclass the machine and return your adapter's store")

    def close_store(self, store: Store) -> None:
        """Release what ``make_store`` opened; nothing by default."""

    def teardown(self) -> None:
        """Close the adapter's store."""
        self.close_store(self.adapter)

    def both(self, action: Callable[[Store], Any]) -> Outcome:
        """Run ``action`` on both stores and check they agree; return the outcome."""
        expected = _attempt(action, self.oracle)
        actual = _attempt(action, self.adapter)
        expect(expected, actual, "the adapter's outcome against the memory oracle's")
        return actual

    @rule(tally_id=_IDS)
    def open_tally(self, tally_id: str) -> None:
        """Add a new tally (a DuplicateEntity when the id is taken)."""

        def act(store: Store) -> None:
            with store.unit_of_work() as uow:
                uow.repository(TALLIES.name).add(Tally.start(tally_id, label="BLUE-VASE"))
                uow.commit()

        self.both(act)

    @rule(tally_id=_IDS, by=st.integers(1, 5), commit=st.booleans())
    def bump(self, tally_id: str, by: int, commit: bool) -> None:
        """Read, change and save a tally, then commit or roll back."""

        def act(store: Store) -> int:
            with store.unit_of_work() as uow:
                tally = uow.repository(TALLIES.name).get(tally_id)
                read_at = tally.version
                tally.bump(by)
                uow.repository(TALLIES.name).save(tally, read_at)
                if commit:
                    uow.commit()
                return int(tally.count)

        self.both(act)

    @rule(tally_id=_IDS)
    def bump_twice_from_one_read(self, tally_id: str) -> None:
        """Two units of work read one version; the second to save must conflict."""

        def act(store: Store) -> None:
            first, second = store.unit_of_work(), store.unit_of_work()
            with first, second:
                mine = first.repository(TALLIES.name).get(tally_id)
                theirs = second.repository(TALLIES.name).get(tally_id)
                read_at = mine.version
                mine.bump(1)
                theirs.bump(2)
                first.repository(TALLIES.name).save(mine, read_at)
                first.commit()
                second.repository(TALLIES.name).save(theirs, read_at)
                second.commit()

        self.both(act)

    @rule(key=st.sampled_from(["checkout-1", "checkout-2"]), command=st.sampled_from("AB"))
    def request_once(self, key: str, command: str) -> None:
        """An idempotent request: recall the stored result, or store this one."""

        def act(store: Store) -> Any:
            with store.unit_of_work() as uow:
                stored = recall(uow.idempotency, key, command)
                if stored is None:
                    uow.idempotency.put(key, command, {"command": command})
                    uow.commit()
                return stored

        self.both(act)

    @rule(limit=st.integers(1, 4))
    def deliver(self, limit: int) -> None:
        """Deliver the oldest pending messages."""

        def act(store: Store) -> list[str]:
            ids = [message.id for message in store.pending(limit)]
            store.mark_delivered(ids)
            return ids

        self.both(act)

    @invariant()
    def stores_agree(self) -> None:
        """Same aggregates (as stored documents) and the same pending outbox in both stores."""

        def contents(store: Store) -> Any:
            with store.unit_of_work() as uow:
                repository = uow.repository(TALLIES.name)
                tallies = [repository.find(f"TALLY-{n}") for n in range(4)]
            pending = [(m.id, m.event) for m in store.pending(10_000)]
            return [_CODEC.encode(tally) for tally in tallies], pending

        self.both(contents)
