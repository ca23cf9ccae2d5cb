# ruff: noqa: E501 - the table pins whole messages, one per line
"""The returns errors: their messages and fields, pinned; each exported by ordercore.errors."""

import pickle
from collections.abc import Callable

import pytest

import ordercore.errors
from ordercore.domain.returns import OutsideReturnWindow, OverRefund, OverReturn, UnknownReturnLine
from ordercore.kernel.errors import OrdercoreError

CASES = [
    pytest.param(
        lambda: OutsideReturnWindow(
            "line-1",
            "RETRO-CLOCK",
            "2026-12-03T15:00:00+00:00",
            "2026-11-02T15:00:00+00:00",
            "2026-12-02T15:00:00+00:00",
            30,
        ),
        "now='2026-12-03T15:00:00+00:00' was refused: the return window of line 'line-1' (RETRO-CLOCK) opened at delivery on 2026-11-02T15:00:00+00:00 and closed on 2026-12-02T15:00:00+00:00 (30 days); a request is in time strictly before the instant the window closes",
        id="OutsideReturnWindow",
    ),
    pytest.param(
        lambda: OverReturn("line-1", 3, 1, "3 shipped less 2 already returned"),
        "units=3 was refused: line 'line-1' allows at most 1 more (3 shipped less 2 already returned)",
        id="OverReturn",
    ),
    pytest.param(
        lambda: UnknownReturnLine("line-9", "return 'RMA-1'", ("line-1",)),
        "line_id='line-9' was refused: return 'RMA-1' knows only the order lines ['line-1']",
        id="UnknownReturnLine",
    ),
    pytest.param(
        lambda: OverRefund("RMA-1", "40.00 USD", "20.00 USD"),
        "amount='40.00 USD' was refused: return 'RMA-1' may pay back at most 20.00 USD (the returned units' exact share of what was paid, less fees)",
        id="OverRefund",
    ),
]


@pytest.mark.parametrize(("build", "message"), CASES)
def test_every_returns_error_keeps_its_message_and_survives_pickling(
    build: Callable[[], OrdercoreError], message: str
) -> None:
    error = build()
    assert message == str(error)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own error, just made
    assert (message, dict(error.fields)) == (str(copy), dict(copy.fields))


@pytest.mark.parametrize("error", [OutsideReturnWindow, OverRefund, OverReturn, UnknownReturnLine])
def test_every_returns_error_is_exported_by_ordercore_errors(error: type) -> None:
    assert error is getattr(ordercore.errors, error.__name__)
