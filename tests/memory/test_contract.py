from collections.abc import Sequence
from pathlib import Path

from ordercore.memory import MemoryStore
from ordercore.ports.repositories import STANDARD_COLLECTIONS
from ordercore.testing.contract import TALLIES, AdapterContract, RetentionContract, Specimen
from ordercore.testing.contract_aggregates import ordercore_specimens
from ordercore.testing.contract_timers import TimerContract


class TestMemoryStorePassesTheContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))


class TestMemoryStoreKeepsTheOrdercoreAggregates(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()


class TestMemoryStoreKeepsTheTickWatermark(TimerContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()


class TestMemoryStoreLetsGoOfHistory(RetentionContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))
