from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
from ordercore.ports.documents import ORDERCORE_TYPES
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import TALLIES, AdapterContract, Specimen, Tally
from ordercore.testing.contract_aggregates import ordercore_specimens
from tests.examples.sqlite_loader import load_sqlite_store

sqlite_store = load_sqlite_store()


def make_sqlite_store(path: Path) -> Any:
    store = sqlite_store.SqliteStore(str(path / "ordercore.db"), [TALLIES], {"tallies": Tally})
    store.create_schema()
    return store


def make_ordercore_sqlite_store(path: Path) -> Any:
    store = sqlite_store.SqliteStore(
        str(path / "ordercore.db"), ORDERCORE_COLLECTIONS, ORDERCORE_TYPES
    )
    store.create_schema()
    return store


class TestSqliteStorePassesTheContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> Store:
        store: Store = make_sqlite_store(tmp_path)
        return store


class TestSqliteStoreKeepsTheOrdercoreAggregates(AdapterContract):
    def make_store(self, tmp_path: Path) -> Store:
        store: Store = make_ordercore_sqlite_store(tmp_path)
        return store

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()
