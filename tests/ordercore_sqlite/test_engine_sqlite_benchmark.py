"""benchmarks/engine_sqlite.py: the bytes-written table ``engine.py --store sqlite`` prints."""

from pathlib import Path

import engine
import engine_sqlite
from engine_workload import generate
from ordercore.ports.documents import ORDERCORE_TYPES


def test_meters_every_command_of_the_first_and_the_last_tenth_of_the_run(tmp_path: Path) -> None:
    early, late = engine_sqlite.measure(
        generate(20, 5), tmp_path, ORDERCORE_TYPES, engine.one_order, engine.stock_up
    )
    commands = {"place_order", "allocate_order", "pick", "ship_shipment", "deliver_shipment"}
    assert commands <= set(early.counts)
    assert commands <= set(late.counts)
    calls, statements, sql_bytes, wal_bytes = early.counts["allocate_order"]
    assert 2 == calls
    assert statements > 0
    assert sql_bytes > 0
    assert wal_bytes >= sql_bytes // 2  # whole pages: never much less than the rows written


def test_prints_a_row_per_command_and_a_verdict(tmp_path: Path) -> None:
    lines = engine_sqlite.report(
        generate(20, 5), tmp_path, ORDERCORE_TYPES, engine.one_order, engine.stock_up
    )
    assert any(line.startswith("| place_order |") for line in lines)
    assert any(line.startswith("| **per order** |") for line in lines)
    assert lines[-1].startswith("Bytes written per command, late / early, worst command:")
