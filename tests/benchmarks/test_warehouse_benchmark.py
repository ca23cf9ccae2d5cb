"""The warehouse benchmark measures like with like: ordercore and the floor pick the same units."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "warehouse.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_warehouse", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_warehouse"] = module
    spec.loader.exec_module(module)
    return module


def test_ordercore_and_the_floor_pick_every_unit_of_every_order_line() -> None:
    bench = load()
    lines, dispatch = bench.make_orders(60)
    plain = bench.as_plain(lines)
    floor = bench.run_floor(plain, {k: (d.cut_off, d.carrier) for k, d in dispatch.items()})
    wanted: dict[tuple[str, str], int] = {}
    for line in lines:
        wanted[line.key] = wanted.get(line.key, 0) + line.units
    assert wanted == floor == bench.run_ordercore(lines, dispatch)


def test_the_box_orders_have_twenty_items_each_and_all_find_a_box() -> None:
    bench = load()
    boxes = bench.box_catalogue()
    for items in bench.box_orders(5):
        chosen = bench.choose_boxes(items, boxes)
        assert 20 == len(items) == sum(len(p.items) for p in chosen.packages)


def test_the_engine_wave_and_its_floor_pick_every_unit_of_every_shipment() -> None:
    bench = load()
    wave, floor_lines = bench.engine_wave(12)
    _, store, ids, _ = wave
    wanted = sum(units for _, _, _, units, _, _ in floor_lines)
    assert wanted == bench.run_engine_floor(floor_lines) == bench.run_engine(wave)
    assert ["picked"] * len(ids) == [str(store.read("shipments", i).status) for i in ids]
