"""benchmarks/engine_gc.py: the tenths of a run with and without the collector's time."""

import gc

import pytest

import engine
from engine_gc import GcMeter, gc_verdicts, growth, spread_gc, tenth, without_gc


def test_a_tenth_is_the_first_or_last_tenth_of_the_chunks_and_at_least_one() -> None:
    chunks = [float(i) for i in range(20)]
    assert ([0.0, 1.0], [18.0, 19.0]) == (tenth(chunks, last=False), tenth(chunks, last=True))
    assert ([5.0], [7.0]) == (tenth([5.0, 6.0, 7.0], last=False), tenth([5.0, 6.0, 7.0], last=True))


def test_leaves_each_chunks_collector_time_out_and_never_goes_below_zero() -> None:
    assert [1.0, 0.5, 0.0] == without_gc([2.0, 1.5, 0.1], [1.0, 1.0, 0.2])


def test_spreading_the_collector_gives_each_chunk_an_equal_share_of_its_whole_time() -> None:
    took, collected = [1.0, 1.0, 1.0, 1.4], [0.0, 0.0, 0.0, 0.4]
    assert pytest.approx([1.1, 1.1, 1.1, 1.1]) == spread_gc(took, collected)


def test_a_full_collection_in_the_last_tenth_passes_once_spread_over_the_run() -> None:
    took, collected = [1.0] * 9 + [2.0], [0.0] * 9 + [0.9]
    assert pytest.approx(1.19 / 1.09) == growth(spread_gc(took, collected))


def test_growth_is_the_last_tenth_over_the_first() -> None:
    assert 2.0 == growth([1.0] * 9 + [2.0])


def test_a_full_collection_in_the_last_tenth_fails_with_gc_and_passes_without() -> None:
    took = [1.0] * 9 + [2.0]
    collected = [0.0] * 9 + [0.9]
    assert pytest.approx((2.0, 1.1, False, True)) == gc_verdicts(took, collected)


def test_the_meter_counts_a_full_collection_inside_the_chunk_it_closes() -> None:
    ticks = iter(float(i) for i in range(100))
    with GcMeter(lambda: next(ticks)) as meter:
        meter.mark()
        gc.collect()
        meter.mark()
    assert meter.observe not in gc.callbacks
    (first_seconds, first_full), (second_seconds, second_full) = meter.chunks
    assert (0.0, 0, 1) == (first_seconds, first_full, second_full)
    assert second_seconds > 0


def test_a_measured_run_splits_its_tenths_with_and_without_the_collector() -> None:
    measured = engine.Measured(
        [1.0] * 9 + [2.0], 1_000, None, None, [0.0] * 9 + [1.0], [0] * 9 + [1]
    )
    assert (2.0, 1.0) == (
        measured.tenth(last=True) / measured.tenth(last=False),
        measured.net_tenth(last=True) / measured.net_tenth(last=False),
    )
    assert ((0.0, 0), (1.0, 1)) == (
        measured.gc_in_tenth(last=False),
        measured.gc_in_tenth(last=True),
    )


def test_the_benchmark_prints_the_collector_table_and_the_host_tuned_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = engine.main(["--sizes", "20", "--skus", "10", "--no-memory", "--host-gc"])
    printed = capsys.readouterr().out
    assert 0 == status
    assert 1 == printed.count("| memory store | 20 |")
    assert 1 == printed.count("| memory store, host-tuned GC (*) | 20 |")
    assert 1 == printed.count("| floor (best run) | 20 |")
    assert "last/first w/o GC <= 1.25 (10k+)" in printed
    assert 0 == gc.get_freeze_count()  # the host-tuned pass unfreezes what it froze


def test_ordercore_s_own_growth_is_its_growth_without_gc_over_the_floor_s() -> None:
    floor = engine.Measured([1.0] * 9 + [1.5], 10_000, None, None, [0.0] * 10, [0] * 10)
    ours = engine.Measured([1.0] * 9 + [3.0], 10_000, None, None, [0.0] * 9 + [1.2], [0] * 10)
    cells = [
        cell.strip()
        for cell in engine.gc_row("ours", 10_000, ours, floor, judged=True)[1:-1].split("|")
    ]
    assert (1.5, ["1.80", "1.71", "1.50", "1.20", "FAIL", "FAIL", "FAIL", "PASS"]) == (
        engine.floor_growth(floor),
        cells[11:],
    )
