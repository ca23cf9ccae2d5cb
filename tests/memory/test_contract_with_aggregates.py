from collections.abc import Sequence
from pathlib import Path

from ordercore.memory import MemoryStore
from ordercore.testing.contract import AdapterContract, Specimen
from ordercore.testing.contract_aggregates import ordercore_specimens


class TestMemoryStoreKeepsTheOrdercoreAggregates(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()
