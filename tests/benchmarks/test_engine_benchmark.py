"""The Engine benchmark measures like with like: the floor ends where ordercore ends."""

import argparse
import gc
from pathlib import Path

import pytest

import engine
import engine_guarded
from engine_floor import Floor, deliver, run_floor
from engine_gc import host_heap
from engine_guarded import Conflict, GuardedStore, Tx, run_guarded
from engine_workload import RETURN_EVERY, STOCK_PER_SKU, Shop, Tally, generate
from ordercore.kernel.copies import copy
from tests.kernel.mutability import mutable_ids
from tests.ordercore_postgres.database import server_dsn


def _ordercore_tally(kind: str, orders: int, skus: int, tmp_path: Path) -> Tally:
    shop = generate(orders, skus)
    store = engine.STORES[kind](tmp_path, argparse.Namespace())
    engine.run_ordercore(store, shop)
    return engine.census(store, shop).tally


def test_the_floor_agrees_with_the_engine_on_the_memory_store(tmp_path: Path) -> None:
    shop = generate(40, 15)
    _, expected = run_floor(shop)
    assert expected == _ordercore_tally("memory", 40, 15, tmp_path)


def test_the_floor_agrees_with_the_engine_on_the_sqlite_store(tmp_path: Path) -> None:
    shop = generate(20, 10)
    _, expected = run_floor(shop)
    assert expected == _ordercore_tally("sqlite", 20, 10, tmp_path)


def test_the_floor_ships_refunds_and_completes_what_the_workload_orders() -> None:
    shop = generate(40, 15)
    shipped = sum(line.quantity for order in shop.orders for line in order.lines)
    refunded = sum(order.lines[0].cents for order in shop.orders if order.returns)
    returned = 40 // RETURN_EVERY
    _, tally = run_floor(shop)
    assert Tally(15 * STOCK_PER_SKU - shipped + returned, refunded, 40) == tally


def test_the_benchmark_prints_its_tables_for_the_smallest_sizes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = engine.main(["--sizes", "20,30", "--skus", "10"])
    printed = capsys.readouterr().out
    assert (0, 2) == (status, printed.count("| memory |"))
    assert "Largest stored StockItem after 30 orders / after 20 orders" in printed


def test_the_benchmark_prints_no_table_when_the_floor_disagrees(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def wrong_floor(*args: object, **kwargs: object) -> tuple[engine.Measured, Tally]:
        measured, tally = real(*args, **kwargs)  # type: ignore[arg-type]
        return measured, tally._replace(cents_refunded=tally.cents_refunded + 1)

    real = engine.measure_floor
    monkeypatch.setattr(engine, "measure_floor", wrong_floor)
    status = engine.main(["--sizes", "20", "--skus", "10", "--no-memory"])
    captured = capsys.readouterr()
    assert (1, "", True) == (status, captured.out, "disagree" in captured.err)


@pytest.mark.postgres
def test_the_postgres_benchmark_runs_its_smallest_size_without_an_oversell(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dsn = server_dsn()
    status = engine.main(["--store", "postgres", "--dsn", dsn, "--sizes", "4", "--workers", "2"])
    printed = capsys.readouterr().out
    assert (0, 4) == (
        status,
        sum(line.startswith(("| disjoint |", "| hot |")) for line in printed.splitlines()),
    )
    assert "| 0 oversells, units conserved (every run) | 0 oversold | PASS |" in printed


def test_the_memory_store_copies_every_stored_aggregate_without_sharing_what_can_change(
    tmp_path: Path,
) -> None:
    shop = generate(30, 10)
    store = engine.STORES["memory"](tmp_path, argparse.Namespace())
    engine.run_ordercore(store, shop)
    rows = store.snapshot().rows  # type: ignore[attr-defined]
    kinds = {type(aggregate).__name__ for aggregate in rows.values()}
    for aggregate in rows.values():
        copied = copy(aggregate)
        assert aggregate == copied
        assert set() == mutable_ids(aggregate) & mutable_ids(copied)
    assert {"Order", "StockItem", "Payment", "Invoice", "Shipment", "ReturnAuthorization"} <= kinds


# -- --relay: the host delivers and prunes the outbox every N orders -------------------------------


def _messages_of_a_run_without_relay(shop: Shop, tmp_path: Path) -> int:
    store = engine.STORES["memory"](tmp_path, argparse.Namespace())
    engine.run_ordercore(store, shop)
    return len(store.pending(1_000_000))


def test_the_relay_delivers_and_prunes_so_the_memory_store_keeps_no_delivered_message(
    tmp_path: Path,
) -> None:
    shop = generate(40, 15)
    store = engine.STORES["memory"](tmp_path, argparse.Namespace())
    relay = engine.HostRelay(store)
    engine.run_ordercore(store, shop, relay=relay, every=10)
    _, expected = run_floor(shop)
    produced = _messages_of_a_run_without_relay(shop, tmp_path)
    assert ([], (0, 0, 0)) == (store.pending(), store.retained())  # type: ignore[attr-defined]
    assert (produced, produced) == (relay.sent, relay.pruned)
    assert expected == engine.census(store, shop).tally


def test_the_relay_leaves_what_the_orders_after_its_last_call_wrote_undelivered(
    tmp_path: Path,
) -> None:
    shop = generate(25, 15)
    store = engine.STORES["memory"](tmp_path, argparse.Namespace())
    relay = engine.HostRelay(store)
    engine.run_ordercore(store, shop, relay=relay, every=10)
    left = len(store.pending(1_000_000))
    slots, marks, ids = store.retained()  # type: ignore[attr-defined]
    assert (left, 0, left) == (slots, marks, ids)
    assert _messages_of_a_run_without_relay(shop, tmp_path) == relay.sent + left
    assert 0 < left


def test_the_relay_delivers_and_prunes_the_sqlite_outbox_through_the_adapter_s_relay(
    tmp_path: Path,
) -> None:
    shop = generate(20, 10)
    store = engine.STORES["sqlite"](tmp_path, argparse.Namespace())
    relay = engine.HostRelay(store)
    engine.run_ordercore(store, shop, relay=relay, every=10)
    with store.transaction() as connection:  # type: ignore[attr-defined]
        kept = connection.execute("SELECT count(*) FROM ordercore_outbox").fetchone()[0]
    _, expected = run_floor(shop)
    assert ([], 0) == (store.pending(), kept)
    assert _messages_of_a_run_without_relay(shop, tmp_path) == relay.sent
    assert expected == engine.census(store, shop).tally


def test_the_relay_s_time_counts_in_the_engine_s_time(tmp_path: Path) -> None:
    now = [0.0]

    def relay() -> None:
        now[0] += 1.0

    store = engine.STORES["memory"](tmp_path, argparse.Namespace())
    took = engine.run_ordercore(store, generate(40, 15), lambda: now[0], relay=relay, every=10)
    assert (40, 4.0) == (len(took), sum(took))


def test_the_floor_clearing_its_events_with_the_relay_reaches_the_same_tally() -> None:
    shop = generate(40, 15)
    assert run_floor(shop)[1] == run_floor(shop, relay=10)[1]


def test_the_floor_s_relay_hands_every_event_on_and_clears_its_list() -> None:
    floor = Floor(generate(1, 1))
    floor.events.extend([("placed", "O-1", 100), ("confirmed", "O-1")])
    assert (2, []) == (deliver(floor), floor.events)


def test_the_benchmark_prints_the_relay_rows_beside_the_unchanged_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = engine.main(["--sizes", "20", "--skus", "10", "--no-memory", "--relay", "10"])
    printed = capsys.readouterr().out
    assert 0 == status
    assert 1 == printed.count("| memory | 20 |")
    assert 1 == printed.count("| memory store | 20 |")
    assert 2 == printed.count("| memory, relay every 10 | 20 |")  # the main and relay tables
    assert 1 == printed.count("| memory store, relay every 10 | 20 |")
    assert 1 == printed.count("| memory, no relay | 20 | - |")
    assert 1 == printed.count("| floor clearing its events with the relay (best run) | 20 |")
    assert 1 == printed.count("| floor clearing its events | 20 | - |")
    assert "the floor is unchanged, it keeps its list of events" in printed


def test_the_benchmark_refuses_a_negative_relay() -> None:
    with pytest.raises(SystemExit):
        engine.main(["--sizes", "20", "--relay", "-1"])


def test_the_benchmark_runs_every_pass_beside_a_host_heap_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = engine.main(["--sizes", "20", "--skus", "10", "--no-memory", "--host-heap", "5000"])
    printed = capsys.readouterr().out
    assert (0, 1, True) == (
        status,
        printed.count("| memory |"),
        "every pass beside a host heap of 5,000 long-lived objects" in printed,
    )


def test_a_host_heap_sits_in_the_oldest_generation_by_the_time_the_passes_start() -> None:
    heap = host_heap(1_000)
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert (1_000, 1_000) == (len(heap), sum(1 for item in heap if id(item) in oldest))


def test_the_guarded_floor_agrees_with_the_plain_floor() -> None:
    shop = generate(40, 15)
    _, expected = run_floor(shop)
    _, actual = run_guarded(shop)
    assert expected == actual


def test_the_guarded_floor_refuses_a_commit_over_a_record_changed_since_it_was_read() -> None:
    store = GuardedStore()
    store.tables["stock"]["SKU-1"] = (1, {"on_hand": 5, "reserved": 0, "reservations": {}})
    first, second = Tx(store), Tx(store)
    for tx in (first, second):
        tx.get("stock", "SKU-1")["reserved"] += 2
        tx.save("stock", "SKU-1")
    first.commit()
    with pytest.raises(Conflict):
        second.commit()
    assert (2, {"on_hand": 5, "reserved": 2, "reservations": {}}) == store.tables["stock"]["SKU-1"]


def test_the_guarded_floor_isolates_what_a_command_reads_until_it_commits() -> None:
    store = GuardedStore()
    store.tables["orders"]["O-1"] = (1, {"status": "placed", "lines": {"a": {"qty": 1}}})
    tx = Tx(store)
    tx.get("orders", "O-1")["lines"]["a"]["qty"] = 9
    tx.save("orders", "O-1")
    assert 1 == store.tables["orders"]["O-1"][1]["lines"]["a"]["qty"]
    tx.commit()
    assert (2, 9) == (
        store.tables["orders"]["O-1"][0],
        store.tables["orders"]["O-1"][1]["lines"]["a"]["qty"],
    )


def test_the_guarded_floor_numbers_outbox_messages_and_ledger_rows_in_commit_order() -> None:
    shop = generate(1, 3)
    store = GuardedStore()
    store.tables["stock"].update(
        {sku: (1, {"on_hand": 10, "reserved": 0, "reservations": {}}) for sku in shop.skus}
    )
    engine_guarded._order(store, *shop.orders[0])
    shipped = [line.sku for line in shop.orders[0].lines]
    assert ["orders:O-0000000:1:0", "invoices:INV-1:1:0"] == [m for m, _ in store.outbox[:2]]
    assert len(store.outbox) == len(store.message_ids)
    assert {sku: [1] for sku in shipped} == {
        sku: [row[0] for row in rows] for sku, rows in store.ledger.items()
    }


def test_the_benchmark_prints_both_floors_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    status = engine.main(["--sizes", "20", "--skus", "10", "--no-memory", "--host-heap", "0"])
    printed = capsys.readouterr().out
    assert (0, 1) == (status, printed.count(engine.GUARDED_HEADER[0]))
