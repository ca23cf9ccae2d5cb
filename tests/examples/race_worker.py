"""The code each OS process of the last-unit race runs (importable by 'spawn' children)."""

from typing import Any

import pendulum

from ordercore.domain.inventory import Allocation, InsufficientStock, StockItem
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.repositories import Collection
from tests.examples.sqlite_loader import load_sqlite_store

AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
STOCK = Collection("stock", "stock item", key="sku")


def stock_store(path: str) -> Any:
    return load_sqlite_store().SqliteStore(path, [STOCK], {"stock": StockItem})


def reserve_last_unit(
    store: Any, sku: str, who: str, both_have_read: Any = None
) -> tuple[str, int]:
    """Reserve one unit of ``sku``; retry on conflicts; return (outcome, conflicts seen).

    ``both_have_read`` (a barrier) makes the first attempt wait, after reading, until the other
    process has read too: both then hold the same version, so exactly one of them must lose at
    commit. The collision is forced, not left to the scheduler.
    """
    conflicts = 0
    while conflicts < 50:
        try:
            with store.unit_of_work() as uow:
                item = uow.stock.get(sku)
                read_at = item.version
                if both_have_read is not None and conflicts == 0:
                    both_have_read.wait()
                item.reserve(
                    f"{who}-{sku}",
                    order_ref=f"ORDER-{who}",
                    line_ref="LINE-1",
                    allocations=[Allocation("WH-EAST", 1)],
                    now=AT,
                    hard=True,
                )
                uow.stock.save(item, read_at)
                uow.commit()
        except ConcurrencyConflict:
            conflicts += 1
            continue
        except InsufficientStock:
            return "none left", conflicts
        return "reserved", conflicts
    return "gave up", conflicts


def race(
    path: str, skus: list[str], who: str, barrier: Any, both_have_read: Any, results: Any
) -> None:
    """Race the other process for the last unit of every SKU, meeting it at a barrier each time."""
    store = stock_store(path)
    outcomes: dict[str, tuple[str, int]] = {}
    for sku in skus:
        barrier.wait()
        outcomes[sku] = reserve_last_unit(store, sku, who, both_have_read)
    results.put((who, outcomes))
