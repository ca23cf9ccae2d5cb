from collections.abc import Sequence
from pathlib import Path

from ordercore.memory import MemoryStore
from ordercore.ports.repositories import STANDARD_COLLECTIONS
from ordercore.testing.contract import TALLIES, Specimen
from ordercore.testing.contract_aggregates import ordercore_specimens
from ordercore.testing.contract_reads import NumbersContract, ReadSetContract


class TestMemoryStoreChecksWhatACommitRelatesTo(ReadSetContract, NumbersContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))


class TestMemoryStoreChecksItWithTheOrdercoreAggregates(ReadSetContract, NumbersContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()
