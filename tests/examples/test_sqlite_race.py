import multiprocessing
from pathlib import Path

import pytest

from ordercore.domain.inventory import StockItem
from tests.examples.race_worker import AT, race, stock_store

RACES = 60


@pytest.fixture
def last_units(tmp_path: Path) -> tuple[str, list[str]]:
    path = str(tmp_path / "race.db")
    store = stock_store(path)
    store.create_schema()
    skus = [f"LAST-RETRO-CLOCK-{n:03d}" for n in range(RACES)]
    with store.unit_of_work() as uow:
        for sku in skus:
            item = StockItem(sku)
            item.receive("WH-EAST", 1, AT)
            uow.stock.add(item)
        uow.commit()
    return path, skus


def test_two_processes_racing_for_the_last_unit_never_oversell(
    last_units: tuple[str, list[str]],
) -> None:
    path, skus = last_units
    context = multiprocessing.get_context("spawn")
    barrier, both_have_read = context.Barrier(2), context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(target=race, args=(path, skus, who, barrier, both_have_read, results))
        for who in ("LEFT", "RIGHT")
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert [0, 0] == [worker.exitcode for worker in workers]

    winners = {sku: sorted(outcomes[who][sku][0] for who in ("LEFT", "RIGHT")) for sku in skus}
    assert {sku: ["none left", "reserved"] for sku in skus} == winners
    store = stock_store(path)
    with store.unit_of_work() as uow:
        levels = {
            sku: (uow.stock.get(sku).reserved(), uow.stock.get(sku).available()) for sku in skus
        }
    assert dict.fromkeys(skus, (1, 0)) == levels
    conflicts = sum(outcomes[who][sku][1] for who in ("LEFT", "RIGHT") for sku in skus)
    assert RACES == conflicts, "every race collides: both read the last unit, one loses at commit"
    reserved = [m.event for m in store.pending(10_000) if m.event.name == "StockReserved"]
    assert sorted(skus) == sorted(event.entity_id for event in reserved)
