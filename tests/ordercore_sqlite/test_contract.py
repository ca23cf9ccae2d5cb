from collections.abc import Sequence
from pathlib import Path

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import (
    TALLIES,
    AdapterContract,
    ReadCheckContract,
    RetentionContract,
    Specimen,
    Tally,
)
from ordercore.testing.contract_aggregates import ordercore_specimens
from ordercore.testing.contract_ledger import LedgerContract
from ordercore.testing.contract_timers import TimerContract
from ordercore_sqlite import SqliteStore


def tally_store(path: Path) -> SqliteStore:
    store = SqliteStore(str(path / "shop.db"), [TALLIES], {"tallies": Tally})
    store.migrate()
    return store


class TestSqliteStorePassesTheContract(AdapterContract):
    def make_store(self, tmp_path: Path) -> Store:
        return tally_store(tmp_path)


class TestSqliteStoreKeepsTheOrdercoreAggregates(AdapterContract):
    def make_store(self, tmp_path: Path) -> Store:
        store = SqliteStore(str(tmp_path / "shop.db"))
        store.migrate()
        return store

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()


class TestSqliteStoreKeepsTheTickWatermark(TimerContract):
    def make_store(self, tmp_path: Path) -> Store:
        store = SqliteStore(str(tmp_path / "shop.db"))
        store.migrate()
        return store


class TestSqliteStoreChecksWhatACommandRead(ReadCheckContract):
    def make_store(self, tmp_path: Path) -> Store:
        return tally_store(tmp_path)


class TestSqliteStoreKeepsTheLedgerStream(LedgerContract):
    def make_store(self, tmp_path: Path) -> Store:
        return tally_store(tmp_path)


class TestSqliteStoreLetsGoOfHistory(RetentionContract):
    def make_store(self, tmp_path: Path) -> Store:
        return tally_store(tmp_path)
