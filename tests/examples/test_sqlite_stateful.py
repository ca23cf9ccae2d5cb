import shutil
import tempfile
from pathlib import Path

from hypothesis import settings

from ordercore.ports.unit_of_work import Store
from ordercore.testing.stateful import AdapterAgreementMachine
from tests.examples.test_sqlite_contract import make_sqlite_store


class SqliteAgainstMemory(AdapterAgreementMachine):
    def make_store(self) -> Store:
        self.directory = Path(tempfile.mkdtemp(prefix="ordercore-"))
        store: Store = make_sqlite_store(self.directory)
        return store

    def close_store(self, store: Store) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


TestTheSqliteAdapterAgreesWithTheMemoryOracle = SqliteAgainstMemory.TestCase
TestTheSqliteAdapterAgreesWithTheMemoryOracle.settings = settings(stateful_step_count=20)
