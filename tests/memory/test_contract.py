from pathlib import Path

from ordercore.memory import MemoryStore
from ordercore.ports.repositories import STANDARD_COLLECTIONS
from ordercore.testing.contract import TALLIES, AdapterContract


class TestMemoryStorePassesTheContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))
