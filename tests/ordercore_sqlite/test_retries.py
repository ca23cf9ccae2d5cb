import random

import pytest

from ordercore.kernel.errors import ConcurrencyConflict, ValidationError
from ordercore_sqlite import run_with_retries


def conflict() -> ConcurrencyConflict:
    return ConcurrencyConflict("stock item", "RETRO-CLOCK", 3, 4)


def test_returns_what_the_function_returns_after_conflicts() -> None:
    outcomes: list[object] = [conflict(), conflict(), "reserved"]
    waits: list[float] = []

    def attempt() -> object:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert "reserved" == run_with_retries(
        attempt,
        attempts=3,
        backoff=0.01,
        rng=random.Random(7),  # noqa: S311 - seeded jitter
        sleep=waits.append,
    )
    assert 2 == len(waits)


def test_waits_longer_each_time_with_jitter_from_the_given_random() -> None:
    waits: list[float] = []

    def always() -> None:
        raise conflict()

    with pytest.raises(ConcurrencyConflict):
        run_with_retries(always, attempts=4, backoff=0.01, rng=random.Random(7), sleep=waits.append)  # noqa: S311
    jitter = random.Random(7)  # noqa: S311 - seeded jitter
    assert [0.01 * 2**n * (0.5 + jitter.random()) for n in range(3)] == waits


def test_counts_each_conflict() -> None:
    seen: list[ConcurrencyConflict] = []

    def always() -> None:
        raise conflict()

    with pytest.raises(ConcurrencyConflict):
        run_with_retries(always, attempts=2, sleep=lambda _: None, on_conflict=seen.append)
    assert 2 == len(seen)


def test_does_not_retry_other_errors() -> None:
    calls: list[int] = []

    def refused() -> None:
        calls.append(1)
        raise ValueError("not a conflict")

    with pytest.raises(ValueError, match="not a conflict"):
        run_with_retries(refused, attempts=5, sleep=lambda _: None)
    assert [1] == calls


def test_refuses_zero_attempts() -> None:
    with pytest.raises(ValidationError):
        run_with_retries(lambda: None, attempts=0)
