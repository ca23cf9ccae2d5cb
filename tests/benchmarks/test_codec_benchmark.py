"""The codec benchmark times the codec and json alone on the aggregates the Engine stores."""

import pytest

import codec
from ordercore.ports.codec import Codec


def test_the_benchmark_prints_a_row_per_stored_aggregate_type(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = codec.main(["--quick", "--orders", "12", "--skus", "3"])
    printed = capsys.readouterr().out
    rows = [line.split("|")[1].strip() for line in printed.splitlines() if line.startswith("| ")]
    assert 0 == status
    assert {"Order", "StockItem", "Invoice", "Payment", "Shipment"} <= set(rows)


def test_the_before_and_after_check_counts_documents_written_differently() -> None:
    aggregates = codec.stored_aggregates(6, 2)
    stored = sum(len(values) for values in aggregates.values())
    differ = codec.check_alike(Codec(), Codec(skip=frozenset()), aggregates)
    assert (0, True) == (codec.check_alike(Codec(), Codec(), aggregates), differ > 0)
    assert differ <= 2 * stored
