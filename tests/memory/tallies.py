"""A memory store holding one tally, the starting point of the unit-of-work tests."""

from ordercore.memory import MemoryStore
from ordercore.testing.contract import TALLIES, Tally


def a_store_with_one_tally() -> MemoryStore:
    """A store of tallies holding ``TALLY-1`` (``RETRO-CLOCK``), committed at version 1."""
    store = MemoryStore((TALLIES,))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1", label="RETRO-CLOCK"))
        uow.commit()
    return store
