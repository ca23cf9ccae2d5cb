from typing import Any

import psycopg
import pytest

from ordercore.kernel.clock import FixedClock
from ordercore.service import Engine
from ordercore_postgres import PostgresStore
from tests.ordercore_postgres.database import fresh_schema
from tests.testing.engine_race import AT, LOCATIONS, an_order, skus, stock_rounds

pytestmark = pytest.mark.postgres


def test_allocating_an_order_of_three_skus_reads_their_stock_in_one_round_trip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(cursor: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    with fresh_schema() as dsn:
        store = PostgresStore(dsn, pool_size=1)
        store.migrate()
        stock_rounds(store, 1)
        engine = Engine(store, FixedClock(AT), LOCATIONS)
        order = an_order(0, 1)
        engine.place_order(order)
        monkeypatch.setattr(psycopg.Cursor, "execute", counted)
        engine.allocate_order(order.id)
        monkeypatch.undo()
        with store.unit_of_work() as uow:
            reserved = [uow.stock.get(sku).reserved() for sku in skus(0)]
        store.close()
    assert 3 == len(skus(0))
    assert [1, 1, 1] == reserved
    assert 1 == sum("ordercore_read_many" in query for query in sent)
    assert 0 == sum("ordercore_read(" in query for query in sent)
    assert 3 == len(sent)  # the order with its rows, the three stock rows, the commit
