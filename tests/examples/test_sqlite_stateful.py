import shutil
import tempfile
from pathlib import Path

from hypothesis import settings

from ordercore.ports.unit_of_work import Store
from ordercore.testing.stateful import AdapterAgreementMachine
from tests.examples.test_sqlite_contract import make_sqlite_store

# a RAM disk when there is one: the machine runs hundreds of tiny databases
FAST_DIR = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 - private temp dirs


class SqliteAgainstMemory(AdapterAgreementMachine):
    def make_store(self) -> Store:
        self.directory = Path(tempfile.mkdtemp(prefix="ordercore-", dir=FAST_DIR))
        store: Store = make_sqlite_store(self.directory)
        return store

    def close_store(self, store: Store) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


TestTheSqliteAdapterAgreesWithTheMemoryOracle = SqliteAgainstMemory.TestCase
TestTheSqliteAdapterAgreesWithTheMemoryOracle.settings = settings(stateful_step_count=20)
