"""Hypothesis strategies for the kernel's values: currencies, money, instants, SKUs, weights.

>>> from hypothesis import given
>>> @given(money())
... def test_a_round_trip_through_str_is_exact(amount):
...     assert amount == Money.parse(str(amount))
>>> test_a_round_trip_through_str_is_exact()
"""

from __future__ import annotations

import pendulum
from hypothesis import strategies as st

from ordercore.kernel.money import Currency, CurrencyTable, Money

__all__ = ["ANCHOR", "SKUS", "currencies", "instants", "money", "skus", "weights"]

ANCHOR = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
"""The instant generated times start from (the project's first day)."""

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "OAK-STOOL", "BRASS-LAMP", "WOOL-RUG")
"""Memorable SKUs the strategies draw from."""


def currencies(table: CurrencyTable | None = None) -> st.SearchStrategy[Currency]:
    """Any currency of ``table`` (default: every ISO 4217 currency ordercore knows)."""
    known = table or CurrencyTable.default()
    return st.sampled_from(sorted(known.codes())).map(known.get)


@st.composite
def money(
    draw: st.DrawFn,
    currency: Currency | str | None = None,
    *,
    min_minor: int = -(10**12),
    max_minor: int = 10**12,
) -> Money:
    """An amount in ``currency`` (default: any currency), between the given minor units."""
    if currency is None:
        cur: Currency | str = draw(currencies())
    else:
        cur = currency
    return Money.from_minor(draw(st.integers(min_minor, max_minor)), cur)


def instants(
    start: pendulum.DateTime = ANCHOR, max_days: int = 365
) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants from ``start`` up to ``max_days`` later, to the second, in UTC."""
    return st.integers(0, max_days * 86_400).map(lambda seconds: start.add(seconds=seconds))


def skus() -> st.SearchStrategy[str]:
    """One of the memorable SKUs."""
    return st.sampled_from(SKUS)


def weights(max_size: int = 12) -> st.SearchStrategy[list[int]]:
    """Non-negative split weights, at least one of them positive."""
    return st.lists(st.integers(0, 10_000), min_size=1, max_size=max_size).filter(any)
