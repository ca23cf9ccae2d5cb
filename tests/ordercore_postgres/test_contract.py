from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import (
    TALLIES,
    AdapterContract,
    ReadCheckContract,
    Specimen,
    Tally,
)
from ordercore.testing.contract_aggregates import ordercore_specimens
from ordercore.testing.contract_ledger import LedgerContract
from ordercore.testing.contract_timers import TimerContract
from ordercore_postgres import PostgresStore
from tests.ordercore_postgres.database import fresh_schema

pytestmark = pytest.mark.postgres


class TestPostgresStorePassesTheContract(AdapterContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with fresh_schema() as dsn:
            made = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
            made.migrate()
            try:
                yield made
            finally:
                made.close()


class TestPostgresStoreKeepsTheOrdercoreAggregates(AdapterContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with fresh_schema() as dsn:
            made = PostgresStore(dsn)
            made.migrate()
            try:
                yield made
            finally:
                made.close()

    def specimens(self) -> Sequence[Specimen]:
        return ordercore_specimens()


class TestPostgresStoreKeepsTheTickWatermark(TimerContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with fresh_schema() as dsn:
            made = PostgresStore(dsn)
            made.migrate()
            try:
                yield made
            finally:
                made.close()


class TestPostgresStoreChecksWhatACommandRead(ReadCheckContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with fresh_schema() as dsn:
            made = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
            made.migrate()
            try:
                yield made
            finally:
                made.close()


class TestPostgresStoreKeepsTheLedgerStream(LedgerContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        with fresh_schema() as dsn:
            made = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
            made.migrate()
            try:
                yield made
            finally:
                made.close()
