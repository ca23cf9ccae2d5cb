from ordercore.memory import MemoryStore
from ordercore.ports.aggregates import UnitOfWork
from ordercore.ports.unit_of_work import Store


def the_memory_unit_of_work_is_a_unit_of_work(store: MemoryStore) -> UnitOfWork:
    return store.unit_of_work()  # mypy checks the protocol here


def the_memory_store_is_a_store(store: MemoryStore) -> Store:
    return store


def test_the_memory_adapter_offers_every_ordercore_repository() -> None:
    with the_memory_unit_of_work_is_a_unit_of_work(MemoryStore()) as uow:
        repositories = (uow.orders, uow.stock, uow.payments, uow.invoices, uow.shipments)
        names = [type(r).__name__ for r in repositories]
    assert ["MemoryRepository"] * 5 == names


def test_the_memory_store_keeps_shipments_by_default() -> None:
    assert "shipment" == MemoryStore().collection("shipments").kind
