from pathlib import Path
from typing import Any

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import TALLIES, AdapterContract, Tally
from tests.examples.sqlite_loader import load_sqlite_store

sqlite_store = load_sqlite_store()


def make_sqlite_store(path: Path) -> Any:
    store = sqlite_store.SqliteStore(str(path / "ordercore.db"), [TALLIES], {"tallies": Tally})
    store.create_schema()
    return store


class TestSqliteStorePassesTheContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> Store:
        store: Store = make_sqlite_store(tmp_path)
        return store
