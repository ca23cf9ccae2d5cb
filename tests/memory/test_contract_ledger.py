from pathlib import Path

from ordercore.memory import MemoryStore
from ordercore.ports.repositories import STANDARD_COLLECTIONS
from ordercore.testing.contract import TALLIES
from ordercore.testing.contract_ledger import LedgerContract


class TestMemoryStoreKeepsTheLedgerStream(LedgerContract):
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore((*STANDARD_COLLECTIONS, TALLIES))
