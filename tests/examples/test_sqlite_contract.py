from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.store_credit import StoreCredit
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.domain.returns import FollowUp, ReturnAuthorization
from ordercore.domain.warehouse import Packing, PickList
from ordercore.domain.watermark import TickWatermark
from ordercore.ports.aggregates import ORDERCORE_COLLECTIONS
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
    types = {
        "orders": Order,
        "stock": StockItem,
        "payments": Payment,
        "invoices": Invoice,
        "shipments": Shipment,
        "returns": ReturnAuthorization,
        "follow_ups": FollowUp,
        "pick_lists": PickList,
        "packings": Packing,
        "store_credits": StoreCredit,
        "timers": TickWatermark,
    }
    store = sqlite_store.SqliteStore(str(path / "ordercore.db"), ORDERCORE_COLLECTIONS, types)
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
