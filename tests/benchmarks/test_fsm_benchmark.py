"""The FSM benchmark measures like with like: every runner ends every entity in the same state."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "fsm.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_fsm", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_fsm"] = module
    spec.loader.exec_module(module)
    return module


def test_the_floor_and_ordercore_drive_every_parcel_to_delivered() -> None:
    bench = load()
    for runner in (bench.run_floor, bench.run_ordercore):
        parcels = [bench.Parcel(i) for i in range(50)]
        runner(parcels)
        assert {"delivered"} == {p.state for p in parcels}


def test_a_failing_guard_stops_the_floor_and_ordercore_alike() -> None:
    bench = load()
    floor_parcel, ours_parcel = bench.Parcel(1), bench.Parcel(2)
    floor_parcel.ok = ours_parcel.ok = False
    bench.run_floor([floor_parcel])
    try:
        bench.run_ordercore([ours_parcel])
    except ValueError:
        pass  # ordercore raises GuardRejected where the floor silently stays put
    assert "created" == floor_parcel.state == ours_parcel.state
