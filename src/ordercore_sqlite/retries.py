"""Retrying a unit of work that lost an optimistic race, with exponential backoff and jitter.

A :class:`ConcurrencyConflict` means another commit changed what this one read: nothing was
written, and running the same function again (it opens a new unit of work and reads afresh)
is safe. Other errors are not retried. Jitter comes from a ``random.Random`` the caller may
seed, so a test or a benchmark can replay the same waits.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from ordercore.kernel.errors import ConcurrencyConflict, ValidationError

__all__ = ["run_with_retries"]

T = TypeVar("T")


def run_with_retries(
    fn: Callable[[], T],
    attempts: int = 5,
    backoff: float = 0.005,
    *,
    rng: random.Random | None = None,
    sleep: Callable[[float], object] = time.sleep,
    on_conflict: Callable[[ConcurrencyConflict], object] | None = None,
) -> T:
    """Call ``fn`` until it returns, at most ``attempts`` times, waiting between conflicts.

    The n-th wait is ``backoff * 2**(n-1)`` scaled by a random factor in [0.5, 1.5) (jitter, so
    that rivals do not collide again in lockstep). After the last attempt the conflict is
    raised. ``on_conflict`` sees each conflict (to count them).
    """
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise ValidationError("attempts", attempts, "a whole number of at least 1")
    if backoff < 0:
        raise ValidationError("backoff", backoff, "a wait in seconds is not negative")
    jitter = rng or random.Random()  # noqa: S311 - jitter, not cryptography
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except ConcurrencyConflict as conflict:
            if on_conflict is not None:
                on_conflict(conflict)
            if attempt == attempts:
                raise
            sleep(backoff * 2 ** (attempt - 1) * (0.5 + jitter.random()))
    raise AssertionError("unreachable")  # pragma: no cover
