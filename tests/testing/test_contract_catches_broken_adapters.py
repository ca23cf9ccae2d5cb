"""The kit catches what it claims to: run it against adapters broken on purpose."""

from pathlib import Path
from typing import Any

import attrs
import pytest

from ordercore.memory import Changes, MemoryStore, MemoryUnitOfWork
from ordercore.memory.unit_of_work import MemoryRepository
from ordercore.ports.repositories import Collection
from ordercore.testing.contract import TALLIES, AdapterContract

FAILED = (AssertionError, pytest.fail.Exception)


@attrs.define
class VersionBlindStore(MemoryStore):
    """Last writer wins: commits overwrite whatever version the store holds."""

    def apply(self, changes: Changes) -> None:
        self._message_ids.clear()  # and no unique message ids, like a table without constraints
        rows = {
            slot: (entity, None if base is None else self.version_of(*slot))
            for slot, (entity, base) in changes.rows.items()
        }
        super().apply(attrs.evolve(changes, rows=rows))

    def unit_of_work(self) -> MemoryUnitOfWork:
        return VersionBlindUnitOfWork(self)


@attrs.define
class VersionBlindUnitOfWork(MemoryUnitOfWork):
    def repository(self, name: str) -> MemoryRepository:
        return VersionBlindRepository(self, self.store.collection(name))


@attrs.frozen
class VersionBlindRepository(MemoryRepository):
    def save(self, entity: Any, expected_version: int) -> None:
        current = self.uow.store.version_of(self.collection.name, str(entity.id))
        super().save(entity, current if current is not None else expected_version)


@attrs.define
class LeakyStore(MemoryStore):
    """Writes each change as it is staged, so a rollback leaves it behind (not atomic)."""

    def unit_of_work(self) -> MemoryUnitOfWork:
        return LeakyUnitOfWork(self)


@attrs.define
class LeakyUnitOfWork(MemoryUnitOfWork):
    def stage(self, name: str, key: str, entity: object, base: int | None) -> None:
        super().stage(name, key, entity, base)
        staged = self._staged.pop((name, key))
        self.store.apply(Changes(rows={(name, key): staged}, events=(), idempotency={}))


def tallies_only() -> tuple[Collection, ...]:
    return (TALLIES,)


class VersionBlindContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return VersionBlindStore(tallies_only())


class LeakyContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return LeakyStore(tallies_only())


@pytest.mark.parametrize(
    "test_name",
    [
        "test_refuses_a_stale_save_naming_both_versions",
        "test_lets_only_the_first_of_two_writers_of_one_version_commit",
        "test_a_failed_commit_writes_nothing_at_all",
        "test_concurrent_threads_never_lose_an_update",
    ],
)
def test_the_kit_fails_an_adapter_that_ignores_versions(test_name: str, tmp_path: Path) -> None:
    contract = VersionBlindContract()
    with pytest.raises(FAILED):
        getattr(contract, test_name)(contract.make_store(tmp_path))


@pytest.mark.parametrize(
    "test_name",
    [
        "test_leaving_without_commit_changes_nothing",
        "test_an_error_inside_the_block_rolls_everything_back",
    ],
)
def test_the_kit_fails_an_adapter_that_writes_before_commit(test_name: str, tmp_path: Path) -> None:
    contract = LeakyContract()
    with pytest.raises(FAILED):
        getattr(contract, test_name)(contract.make_store(tmp_path))


def test_the_version_blind_adapter_still_passes_the_tests_that_do_not_need_versions(
    tmp_path: Path,
) -> None:
    contract = VersionBlindContract()
    contract.test_returns_an_added_aggregate_equal_to_what_was_added(contract.make_store(tmp_path))
    contract.test_refuses_to_add_a_key_twice(contract.make_store(tmp_path))


def test_pytest_never_collects_the_contract_base_classes() -> None:
    from ordercore.testing import contract  # noqa: PLC0415

    exported = [name for name in contract.__all__ if isinstance(getattr(contract, name), type)]
    assert [] == [name for name in exported if name.startswith("Test")]
