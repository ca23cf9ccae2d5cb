from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import (
    AdapterContract,
    ReadCheckContract,
    Specimen,
)
from ordercore.testing.contract_aggregates import ordercore_specimens
from ordercore.testing.contract_ledger import LedgerContract
from ordercore.testing.contract_timers import TimerContract
from tests.ordercore_postgres.database import migrated_store

pytestmark = pytest.mark.postgres


class TestPostgresStorePassesTheContract(AdapterContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store() as made:
            yield made


class TestPostgresStoreKeepsTheOrdercoreAggregates(AdapterContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store(tallies=False) as made:
            yield made

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()


class TestPostgresStoreKeepsTheTickWatermark(TimerContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store(tallies=False) as made:
            yield made


class TestPostgresStoreChecksWhatACommandRead(ReadCheckContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store() as made:
            yield made


class TestPostgresStoreKeepsTheLedgerStream(LedgerContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with migrated_store() as made:
            yield made
