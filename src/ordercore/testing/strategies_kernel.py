"""Hypothesis strategies for the kernel's values: currencies, money, instants, SKUs, weights.

The other ``strategies_*`` modules draw their instants, amounts and anchor from here, so each of
these small strategies is defined once.

>>> from hypothesis import given
>>> @given(money())
... def test_a_round_trip_through_str_is_exact(amount):
...     assert amount == Money.parse(str(amount))
>>> test_a_round_trip_through_str_is_exact()
"""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from hypothesis import strategies as st

from ordercore.kernel.money import Currency, CurrencyTable, Money

__all__ = [
    "ANCHOR",
    "CURRENCY_CODES",
    "SKUS",
    "amounts",
    "currencies",
    "instants",
    "money",
    "skus",
    "weights",
]

ANCHOR = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")
"""The instant generated times start from (the project's first day); no test reads a clock."""

CURRENCY_CODES = ("USD", "EUR", "JPY", "KWD")
"""Currencies with 2, 2, 0 and 3 decimal places."""

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "OAK-STOOL", "BRASS-LAMP", "WOOL-RUG")
"""Memorable SKUs the strategies draw from."""


def currencies(table: CurrencyTable | None = None) -> st.SearchStrategy[Currency]:
    """Any currency of ``table`` (default: every ISO 4217 currency ordercore knows)."""
    known = table or CurrencyTable.default()
    return st.sampled_from(sorted(known.codes())).map(known.get)


def amounts(
    currency: Currency | str, max_minor: int = 50_000, *, min_minor: int = 0
) -> st.SearchStrategy[Money]:
    """Amounts in ``currency`` from ``min_minor`` (default: zero) to ``max_minor`` minor units."""
    return st.integers(min_minor, max_minor).map(lambda units: Money.from_minor(units, currency))


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
    return draw(amounts(cur, max_minor, min_minor=min_minor))


def instants(
    start: pendulum.DateTime = ANCHOR,
    max_days: int = 365,
    *,
    min_days: int = 0,
    step_seconds: int = 1,
    zones: Sequence[str] = (),
) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants ``min_days`` to ``max_days`` days after ``start``, ``step_seconds`` apart.

    By default every second of the coming year from :data:`ANCHOR`, in UTC (``start``'s
    timezone); with ``zones``, each instant is shown in one of them.
    """
    steps = st.integers(min_days * 86_400 // step_seconds, max_days * 86_400 // step_seconds)
    if not zones:
        return steps.map(lambda n: start.add(seconds=n * step_seconds))
    return st.tuples(steps, st.sampled_from(list(zones))).map(
        lambda pair: start.add(seconds=pair[0] * step_seconds).in_timezone(pair[1])
    )


def skus() -> st.SearchStrategy[str]:
    """One of the memorable SKUs."""
    return st.sampled_from(SKUS)


def weights(max_size: int = 12) -> st.SearchStrategy[list[int]]:
    """Non-negative split weights, at least one of them positive."""
    return st.lists(st.integers(0, 10_000), min_size=1, max_size=max_size).filter(any)
