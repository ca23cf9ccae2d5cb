"""The base of every contract class: the abstract factory an integrator implements, and helpers.

Subclass a ``*Contract`` class (or :class:`ordercore.testing.contract.AdapterContract` for all of
them) in a class whose name starts with ``Test`` and implement :meth:`ContractBase.make_store`;
pytest then runs every inherited test against your adapter. The base classes are plain classes
named ``*Contract``, so pytest never collects them by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.unit_of_work import Store, Transaction
from ordercore.testing.contract_specimens import Specimen, tally_specimen

__all__ = ["ContractBase", "add_committed", "change_committed", "expect", "save_and_commit"]


def expect(expected: object, actual: object, what: str) -> None:
    """Fail the contract test with a readable message unless ``expected == actual``.

    (The kit does not use ``assert``: it must also check adapters under ``python -O``.)
    """
    if not expected == actual:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


class ContractBase:
    """Implement ``make_store``; override ``specimens`` to test more aggregates than ``Tally``."""

    def make_store(self, tmp_path: Path) -> Store:
        """A new, empty store of the adapter under test (``tmp_path`` is a fresh directory)."""
        raise NotImplementedError("subclass the contract and return your adapter's store")

    def close_store(self, store: Store) -> None:
        """Release what ``make_store`` opened (connections, files); nothing by default."""

    def specimens(self) -> Sequence[Specimen]:
        """The aggregates to exercise; by default the kit's own :class:`Tally`."""
        return (tally_specimen(),)

    def threads(self) -> int:
        """How many threads the concurrency tests race (each with its own unit of work)."""
        return 4

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        """The store under test, made by :meth:`make_store` and closed afterwards."""
        made = self.make_store(tmp_path)
        try:
            yield made
        finally:
            self.close_store(made)


def add_committed(store: Store, specimen: Specimen, n: int) -> Any:
    """Add the ``n``-th specimen in its own unit of work, commit, and return it as stored."""
    with store.unit_of_work() as uow:
        uow.repository(specimen.collection).add(specimen.new(n))
        uow.commit()
    with store.unit_of_work() as uow:
        return uow.repository(specimen.collection).get(specimen.key(specimen.new(n)))


def change_committed(
    store: Store,
    specimen: Specimen,
    key: str,
    retries: int = 200,
    pause: Callable[[], object] = lambda: None,
) -> int:
    """Change the aggregate ``key`` once, retrying on conflicts; return the conflicts seen.

    ``pause`` runs between the read and the save (the kit sleeps there to widen the race).
    """
    conflicts = 0
    for _ in range(retries):
        uow: Transaction = store.unit_of_work()
        try:
            with uow:
                entity = uow.repository(specimen.collection).get(key)
                read_at = entity.version
                specimen.change(entity)
                pause()
                uow.repository(specimen.collection).save(entity, read_at)
                uow.commit()
        except ConcurrencyConflict:
            conflicts += 1
            continue
        return conflicts
    raise AssertionError(f"gave up on {key!r} after {retries} conflicts")


def save_and_commit(uow: Transaction, collection: str, entity: Any, expected_version: int) -> None:
    """Save ``entity`` and commit; an adapter may refuse a stale save at either step."""
    uow.repository(collection).save(entity, expected_version)
    uow.commit()
