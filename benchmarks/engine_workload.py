"""The seeded shop that ``benchmarks/engine.py`` runs: SKUs, their prices, stock, and orders.

Every approach (ordercore through its ``Engine``, the plain-Python floor) is fed the same plain
tuples, so they do the same work on the same data. One location, ``WH-1``; each SKU starts with
enough stock that no order is ever short (the benchmark measures the workflow, not backorders).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

import pendulum

START = pendulum.datetime(2026, 12, 1, 9, 0, tz="UTC")
"""The instant the benchmark's clock starts at; it advances one minute per order."""
LOCATION = "WH-1"
"""The one warehouse."""
CURRENCY = "USD"
"""Every order's currency."""
STOCK_PER_SKU = 1_000_000
"""Units of each SKU on hand at the start: the same for every size, so sizes compare alike."""
RETURN_EVERY = 10
"""Every 10th order returns one unit of its first line, which is received, credited, refunded."""


class Line(NamedTuple):
    """One order line: ``quantity`` units of ``sku`` at ``cents`` each."""

    sku: str
    quantity: int
    cents: int


class ShopOrder(NamedTuple):
    """One order of the run: its position ``n`` (0-based), id, lines, and whether it returns."""

    n: int
    order_id: str
    lines: tuple[Line, ...]
    returns: bool


class Shop(NamedTuple):
    """The catalogue (SKU ids and prices in cents) and the orders, in the order they arrive."""

    skus: tuple[str, ...]
    prices: dict[str, int]
    orders: tuple[ShopOrder, ...]


def generate(orders: int, skus: int = 1_000, seed: int = 20261201) -> Shop:
    """``orders`` orders of 1-3 distinct SKUs (1-3 units each) over ``skus`` SKUs, seeded."""
    rng = random.Random(seed)
    catalogue = tuple(f"SKU-{s:05d}" for s in range(skus))
    prices = {sku: rng.randint(199, 9_999) for sku in catalogue}
    made: list[ShopOrder] = []
    for n in range(orders):
        chosen = rng.sample(catalogue, rng.randint(1, min(3, skus)))
        lines = tuple(Line(sku, rng.randint(1, 3), prices[sku]) for sku in chosen)
        made.append(ShopOrder(n, f"O-{n:07d}", lines, (n + 1) % RETURN_EVERY == 0))
    return Shop(catalogue, prices, tuple(made))


class Tally(NamedTuple):
    """What both approaches must agree on at the end of a run."""

    units_on_hand: int
    cents_refunded: int
    orders_completed: int


def timed_orders(
    shop: Shop,
    step: Callable[[int, str, tuple[Line, ...], bool], object],
    chunk: int,
    timer: Callable[[], float],
    mark: Callable[[], None] | None = None,
    *,
    every: int = 0,
    after: Callable[[], object] | None = None,
) -> list[float]:
    """Run ``step`` on every order of ``shop``: seconds per ``chunk`` orders, by ``timer``.

    The floors' timing loop (``engine_floor.py``, ``engine_guarded.py``). ``mark`` (a
    :class:`engine_gc.GcMeter`'s) is called at the end of every chunk, untimed; ``after`` is
    called, timed, after every ``every`` orders (the floor's relay).
    """
    took: list[float] = []
    start = timer()
    for n, order_id, lines, returns in shop.orders:
        step(n, order_id, lines, returns)
        if after is not None and every and (n + 1) % every == 0:
            after()
        if (n + 1) % chunk == 0:
            now = timer()
            took.append(now - start)
            if mark is not None:
                mark()
            start = timer()
    return took
