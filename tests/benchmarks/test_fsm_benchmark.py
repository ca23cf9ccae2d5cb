"""The FSM benchmark measures like with like: every runner ends every entity in the same state."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ordercore.kernel.errors import GuardRejected

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


def test_ordercore_refuses_a_parcel_whose_guard_fails_where_the_floor_leaves_it() -> None:
    bench = load()
    floor_parcel, ours_parcel = bench.Parcel(1), bench.Parcel(2)
    floor_parcel.ok = ours_parcel.ok = False
    with pytest.raises(KeyError):  # the floor stays "created", then finds no row for "pick"
        bench.run_floor([floor_parcel])
    with pytest.raises(GuardRejected, match="'is_ok' does not hold"):
        bench.run_ordercore([ours_parcel])
    assert "created" == floor_parcel.state == ours_parcel.state
