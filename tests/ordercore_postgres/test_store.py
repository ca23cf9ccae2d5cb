import threading
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.codec import Codec
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.repositories import Collection
from ordercore.testing.contract import TALLIES, Tally
from ordercore_postgres import PostgresStore, migrate
from ordercore_sqlite.migrate import migrations as _migrations
from tests.ordercore_postgres.database import fresh_schema

_SHIPPED = len(_migrations("ordercore_postgres.migrations"))
"""How many migrations the package ships (numbered 1 to _SHIPPED, every one applied in order)."""

pytestmark = pytest.mark.postgres


@pytest.fixture
def dsn() -> Iterator[str]:
    with fresh_schema() as made:
        yield made


def test_migrates_once_and_records_the_versions(dsn: str) -> None:
    with psycopg.connect(dsn) as connection:
        assert list(range(1, _SHIPPED + 1)) == migrate(connection)
        assert [] == migrate(connection)
        versions = connection.execute(
            "SELECT version FROM ordercore_migrations ORDER BY version"
        ).fetchall()
    assert [(n,) for n in range(1, _SHIPPED + 1)] == versions


def test_works_on_a_pool_the_host_owns(dsn: str) -> None:
    with ConnectionPool(dsn, min_size=1, max_size=2, open=True) as pool:
        store = PostgresStore(pool, [TALLIES], {"tallies": Tally})
        store.migrate()
        with store.unit_of_work() as uow:
            uow.repository("tallies").add(Tally.start("TALLY-1"))
            uow.commit()
        store.close()  # the host's pool stays open
        with pool.connection() as connection:
            row = connection.execute("SELECT count(*) FROM ordercore_aggregates").fetchone()
    assert (1,) == row


def test_works_on_one_connection_the_host_owns_even_outside_autocommit(dsn: str) -> None:
    with psycopg.connect(dsn) as connection:
        store = PostgresStore(connection, [TALLIES], {"tallies": Tally})
        store.migrate()
        with store.unit_of_work() as uow:
            uow.repository("tallies").add(Tally.start("TALLY-1"))
            uow.commit()
        with store.unit_of_work() as uow:
            assert 1 == uow.repository("tallies").get("TALLY-1").version


def test_reads_jsonb_documents_back_exactly(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    tally = Tally.start("TALLY-1", label="1.10 is not 1.1")
    tally.bump(10**18)
    tally.pull_events()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(tally)
        uow.commit()
    with store.unit_of_work() as uow:
        assert tally == uow.repository("tallies").get("TALLY-1")
    store.close()


def test_stores_an_aggregate_as_the_json_text_the_codec_wrote(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    tally = Tally.start("TALLY-1", label="1.10 is not 1.1")
    tally.bump(10**18)
    tally.pull_events()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(tally)
        uow.commit()
    with store.connection() as connection:
        row = connection.execute(
            "SELECT pg_typeof(body)::text, body::text FROM ordercore_aggregates "
            "WHERE collection = 'tallies' AND key = 'TALLY-1'"
        ).fetchone()
    store.close()
    assert ("json", Codec().dumps(tally)) == row


def test_a_commit_that_reads_one_row_and_changes_the_next_stores_the_right_document(
    dsn: str,
) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-A"))
        uow.repository("tallies").add(Tally.start("TALLY-B"))
        uow.commit()
    with store.unit_of_work() as uow:
        uow.repository("tallies").get("TALLY-A")  # read only, sorts first: no document sent
        changed = uow.repository("tallies").get("TALLY-B")
        changed.bump(3)
        uow.repository("tallies").save(changed, 1)
        uow.commit()
    with store.unit_of_work() as uow:
        a, b = uow.repository("tallies").get("TALLY-A"), uow.repository("tallies").get("TALLY-B")
    store.close()
    assert (1, changed.version) == (a.version, b.version)
    assert changed == b


def test_a_number_drawn_by_a_loser_is_not_lost(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    with store.unit_of_work() as first, store.unit_of_work() as second:
        assert "INV-000001" == first.numbers.next("INV")
        assert "INV-000001" == second.numbers.next("INV")
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    with store.unit_of_work() as uow:
        assert "INV-000002" == uow.numbers.next("INV")
    store.close()


def test_holds_back_messages_behind_an_open_transaction_then_offers_them_in_its_order(
    dsn: str,
) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    store.migrate()
    with psycopg.connect(dsn, autocommit=True) as early:
        early.execute("BEGIN")
        early.execute("SELECT pg_current_xact_id()")  # began first, with an xid
        with store.unit_of_work() as uow:
            uow.repository("tallies").add(Tally.start("TALLY-LATE"))
            uow.commit()
        held_back = store.pending(100)
        early.execute(
            "INSERT INTO ordercore_outbox (xid, n, id, body) "
            "SELECT pg_current_xact_id(), 0, 'early-message', body FROM ordercore_outbox"
        )
        early.execute("COMMIT")
    offered = [message.id for message in store.pending(100)]
    store.close()
    assert [] == held_back
    assert "early-message" == offered[0]
    assert 2 == len(offered)


def _read_while_a_rival_bumps(
    store: PostgresStore, key: str, read: Callable[[Any], int]
) -> tuple[list[int], list[int]]:
    """A rival reads tally ``key`` and bumps it; meanwhile another thread's unit of work runs
    ``read`` (the version it saw). Returns what that thread had seen before the rival
    committed (0.3 s after it started), and what it saw in the end."""
    seen: list[int] = []

    def reader() -> None:
        with store.unit_of_work() as uow:
            seen.append(read(uow))

    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get(key)
        waiting = threading.Thread(target=reader)
        waiting.start()
        waiting.join(0.3)
        before_commit = list(seen)
        tally.bump(1)
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    waiting.join()
    return before_commit, seen


def test_a_reader_of_a_row_another_unit_of_work_read_waits_and_sees_its_commit(
    dsn: str,
) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally}, lock_wait=30)
    store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1"))
        uow.commit()

    def second_reader(uow: Any) -> int:
        return int(uow.repository("tallies").get("TALLY-1").version)

    read_before_commit, seen = _read_while_a_rival_bumps(store, "TALLY-1", second_reader)
    store.close()
    assert [] == read_before_commit
    assert [2] == seen


def test_a_reader_waits_only_briefly_for_a_row_that_sorts_before_one_it_holds(dsn: str) -> None:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally}, lock_wait=1)
    store.migrate()
    with store.unit_of_work() as uow:
        for key in ("TALLY-A", "TALLY-B", "TALLY-C"):
            uow.repository("tallies").add(Tally.start(key))
        uow.commit()
    with store.unit_of_work() as first, store.unit_of_work() as second:
        first.repository("tallies").get("TALLY-B")
        second.repository("tallies").get("TALLY-A")
        # A sorts before B: waiting for the second's A while holding B could close a cycle
        behind = first.repository("tallies").get("TALLY-A")
        assert first.queueing  # a short wait ran out, not lock_wait: later reads still queue
        first.repository("tallies").get("TALLY-C")
        assert "/aggregate/tallies/TALLY-C" == first.highest_lock
    store.close()
    assert 1 == behind.version


def test_upgrading_keeps_the_undelivered_messages_first_and_in_order(dsn: str) -> None:
    first = next(m for m in _migrations("ordercore_postgres.migrations") if m.version == 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(first.sql.encode())
        connection.execute(
            "CREATE TABLE ordercore_migrations (version integer PRIMARY KEY, name text NOT NULL)"
        )
        connection.execute("INSERT INTO ordercore_migrations VALUES (1, %s)", (first.name,))
        connection.execute(
            "INSERT INTO ordercore_outbox (position, id, body) "
            "VALUES (2, 'old-2', %s::jsonb), (1, 'old-1', %s::jsonb)",
            (_event_json("TALLY-OLD-2"), _event_json("TALLY-OLD-1")),
        )
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    assert list(range(2, _SHIPPED + 1)) == store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-NEW"))
        uow.commit()
    offered = [message.id for message in store.pending(100)]
    store.close()
    assert ["old-1", "old-2"] == offered[:2]
    assert 3 == len(offered)


def test_upgrading_to_json_documents_keeps_every_aggregate_readable(dsn: str) -> None:
    tally = Tally.start("TALLY-OLD", label="1.10 is not 1.1")
    tally.bump(10**18)
    tally.pull_events()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE ordercore_migrations (version integer PRIMARY KEY, name text NOT NULL)"
        )
        for migration in _migrations("ordercore_postgres.migrations"):
            if migration.version <= 8:
                connection.execute(migration.sql.encode())
                connection.execute(
                    "INSERT INTO ordercore_migrations VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
        connection.execute(
            "INSERT INTO ordercore_aggregates (collection, key, version, order_id, body) "
            "VALUES ('tallies', 'TALLY-OLD', %s, NULL, %s::jsonb)",
            (tally.version, Codec().dumps(tally)),
        )
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally})
    assert list(range(9, _SHIPPED + 1)) == store.migrate()
    with store.unit_of_work() as uow:
        read = uow.repository("tallies").get("TALLY-OLD")
        read.bump(1)
        uow.repository("tallies").save(read, tally.version)
        uow.commit()
    with store.unit_of_work() as uow:
        again = uow.repository("tallies").get("TALLY-OLD")
    store.close()
    assert tally.count + 1 == again.count
    assert read == again


def _event_json(key: str) -> str:
    tally = Tally.start(key)
    return Codec().dumps(tally.pull_events()[0])


ORDERS = Collection("orders", "order")
PAYMENTS = Collection("payments", "payment")


def _orders_and_payments(dsn: str) -> PostgresStore:
    store = PostgresStore(dsn, [ORDERS, PAYMENTS], {"orders": Tally, "payments": Tally})
    store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("orders").add(Tally.start("O-1"))
        uow.repository("orders").add(Tally.start("O-2"))
        for key, order_id in (("P-1", "O-1"), ("P-2", "O-1"), ("P-3", "O-2")):
            uow.repository("payments").add(Tally.start(key, order_id=order_id))
        uow.commit()
    return store


def _counting(monkeypatch: pytest.MonkeyPatch, sent: list[str]) -> None:
    execute = psycopg.Cursor.execute

    def counted(cursor: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)


def test_an_order_read_brings_its_rows_so_reading_them_needs_no_round_trip(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _orders_and_payments(dsn)
    sent: list[str] = []
    with store.unit_of_work() as uow:
        uow.repository("orders").get("O-1")
        _counting(monkeypatch, sent)
        payments = uow.repository("payments").for_order("O-1")
        again = uow.repository("payments").get("P-2")
        monkeypatch.undo()
    store.close()
    assert [] == sent
    assert ["P-1", "P-2"] == [payment.id for payment in payments]
    assert ("P-2", 1) == (again.id, again.version)


def test_a_row_read_with_its_order_that_a_rival_changed_since_fails_the_commit(dsn: str) -> None:
    store = _orders_and_payments(dsn)
    with store.unit_of_work() as uow:
        uow.repository("orders").get("O-1")
        with store.unit_of_work() as rival:
            moved = rival.repository("payments").get("P-1")
            moved.bump()
            rival.repository("payments").save(moved, 1)
            rival.commit()
        payment = uow.repository("payments").get("P-1")
        payment.bump()
        uow.repository("payments").save(payment, 1)
        with pytest.raises(ConcurrencyConflict):
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.repository("payments").get("P-1")
    store.close()
    assert (2, 1) == (stored.version, stored.count)


def test_adding_a_key_read_missing_needs_no_second_look_and_a_rival_add_still_fails_it(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _orders_and_payments(dsn)
    sent: list[str] = []
    with store.unit_of_work() as uow:
        assert uow.repository("payments").find("P-9") is None
        _counting(monkeypatch, sent)
        uow.repository("payments").add(Tally.start("P-9", label="mine", order_id="O-1"))
        monkeypatch.undo()
        with store.unit_of_work() as rival:
            rival.repository("payments").add(Tally.start("P-9", label="rival", order_id="O-1"))
            rival.commit()
        with pytest.raises(DuplicateEntity):
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.repository("payments").get("P-9")
    store.close()
    assert [] == sent
    assert "rival" == stored.label


def test_a_for_order_query_of_an_order_not_read_yet_reads_it_with_its_rows_once(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _orders_and_payments(dsn)
    sent: list[str] = []
    with store.unit_of_work() as uow:
        _counting(monkeypatch, sent)
        known = uow.repository("payments").for_order("O-1")
        order = uow.repository("orders").get("O-1")
        new = uow.repository("payments").for_order("O-9")
        again = uow.repository("payments").for_order("O-9")
        uow.repository("orders").add(Tally.start("O-9"))
        monkeypatch.undo()
        uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.repository("orders").get("O-9")
    store.close()
    assert 2 == len(sent)  # O-1 with its rows; O-9 (missing) with its rows (none)
    assert (["P-1", "P-2"], "O-1", [], []) == ([p.id for p in known], order.id, new, again)
    assert ("O-9", 1) == (stored.id, stored.version)


def test_the_first_read_of_a_row_of_an_order_reads_the_order_and_its_rows_at_that_moment(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _orders_and_payments(dsn)
    sent: list[str] = []
    with store.unit_of_work() as uow:
        _counting(monkeypatch, sent)
        payment = uow.repository("payments").get("P-1")
        monkeypatch.undo()
        with store.unit_of_work() as rival:
            moved = rival.repository("orders").get("O-1")
            moved.bump()
            rival.repository("orders").save(moved, 1)
            rival.commit()
        _counting(monkeypatch, sent)
        order = uow.repository("orders").get("O-1")
        others = uow.repository("payments").for_order("O-1")
        monkeypatch.undo()
        read_at = order.version
        order.bump()
        uow.repository("orders").save(order, 1)
        with pytest.raises(ConcurrencyConflict):
            uow.commit()
    store.close()
    assert 1 == len(sent)  # the payment, its order and the order's other payment at once
    assert ("P-1", 1, ["P-1", "P-2"]) == (payment.id, read_at, [p.id for p in others])


def test_a_row_of_no_order_is_read_on_its_own(dsn: str) -> None:
    store = _orders_and_payments(dsn)
    with store.unit_of_work() as uow:
        uow.repository("payments").add(Tally.start("P-0"))
        uow.commit()
    with store.unit_of_work() as uow:
        lone = uow.repository("payments").get("P-0")
        missing = uow.repository("payments").find("P-404")
    store.close()
    assert ("P-0", None) == (lone.id, missing)


def _tallies(dsn: str, keys: list[str], lock_wait: float = 0.25) -> PostgresStore:
    store = PostgresStore(dsn, [TALLIES], {"tallies": Tally}, lock_wait=lock_wait)
    store.migrate()
    with store.unit_of_work() as uow:
        for key in keys:
            uow.repository("tallies").add(Tally.start(key))
        uow.commit()
    return store


def test_rows_read_ahead_cost_one_round_trip_and_their_reads_none(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _tallies(dsn, ["T-A", "T-B", "T-C"])
    sent: list[str] = []
    with store.unit_of_work() as uow:
        _counting(monkeypatch, sent)
        uow.read_ahead("tallies", ["T-C", "T-A", "T-X", "T-B"])
        read = [uow.repository("tallies").get(key) for key in ("T-A", "T-B", "T-C")]
        missing = uow.repository("tallies").find("T-X")
        monkeypatch.undo()
        held = uow.highest_lock
    store.close()
    assert 1 == len(sent)
    assert "ordercore_read_many" in sent[0]
    assert [("T-A", 1), ("T-B", 1), ("T-C", 1)] == [(t.id, t.version) for t in read]
    assert missing is None
    assert "/aggregate/tallies/T-X" == held


def test_a_row_read_ahead_waits_for_a_rival_that_read_it_and_sees_its_commit(dsn: str) -> None:
    store = _tallies(dsn, ["T-A", "T-B"], lock_wait=30)

    def reader_ahead(uow: Any) -> int:
        uow.read_ahead("tallies", ["T-A", "T-B"])
        return int(uow.repository("tallies").get("T-B").version)

    read_before_commit, seen = _read_while_a_rival_bumps(store, "T-B", reader_ahead)
    store.close()
    assert [] == read_before_commit
    assert [2] == seen


def test_a_row_read_ahead_but_never_read_is_not_checked_by_the_commit(dsn: str) -> None:
    store = _tallies(dsn, ["T-A", "T-C"], lock_wait=0.05)
    with store.unit_of_work() as uow:
        uow.read_ahead("tallies", ["T-A", "T-C"])
        mine = uow.repository("tallies").get("T-A")
        with store.unit_of_work() as rival:  # waits out lock_wait, then reads without the lock
            theirs = rival.repository("tallies").get("T-C")
            theirs.bump(1)
            rival.repository("tallies").save(theirs, 1)
            rival.commit()
        mine.bump(1)
        uow.repository("tallies").save(mine, 1)
        uow.commit()
    with store.unit_of_work() as uow:
        versions = [uow.repository("tallies").get(key).version for key in ("T-A", "T-C")]
    store.close()
    assert [2, 2] == versions


def test_a_row_read_ahead_that_a_rival_changed_since_fails_the_commit_that_read_it(
    dsn: str,
) -> None:
    store = _tallies(dsn, ["T-A", "T-C"], lock_wait=0.05)
    with store.unit_of_work() as uow:
        uow.read_ahead("tallies", ["T-A", "T-C"])
        with store.unit_of_work() as rival:  # waits out lock_wait, then reads without the lock
            theirs = rival.repository("tallies").get("T-C")
            theirs.bump(1)
            rival.repository("tallies").save(theirs, 1)
            rival.commit()
        mine = uow.repository("tallies").get("T-C")
        mine.bump(5)
        uow.repository("tallies").save(mine, 1)
        with pytest.raises(ConcurrencyConflict):
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.repository("tallies").get("T-C")
    store.close()
    assert (2, theirs.count) == (stored.version, stored.count)


def test_without_queueing_rows_read_ahead_are_one_plain_query(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _tallies(dsn, ["T-A", "T-B"], lock_wait=0)
    sent: list[str] = []
    with store.unit_of_work() as uow:
        _counting(monkeypatch, sent)
        uow.read_ahead("tallies", ["T-B", "T-A", "T-X"])
        read = [uow.repository("tallies").find(key) for key in ("T-A", "T-B", "T-X")]
        monkeypatch.undo()
    store.close()
    assert 1 == len(sent)
    assert "ordercore_read_many" not in sent[0]
    assert [1, 1, None] == [None if t is None else t.version for t in read]
