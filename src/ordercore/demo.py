"""The scripted walk-through behind ``python -m ordercore demo``: it returns lines, never prints."""

from __future__ import annotations

from collections.abc import Iterator

from ordercore.kernel.money import Money, allocate

__all__ = ["run_demo"]


def run_demo(*, seed: int = 7) -> Iterator[str]:
    """Narrate one order through ordercore, line by line (deterministic for a given ``seed``)."""
    yield f"ordercore demo (seed {seed})"
    discount = Money.of("1.00", "USD")
    parts = allocate(discount, [1, 1, 1])
    yield f"a {discount} discount over three equal lines: {', '.join(map(str, parts))}"
