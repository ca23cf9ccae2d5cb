"""Instructions per order through the Engine (cachegrind): the load-proof view of issue #11.

Run ``python benchmarks/engine_instructions.py`` (it needs ``valgrind``; about 2 minutes with
the defaults). CPU time on a shared machine moves with the neighbours; the number of
instructions an order runs does not. It runs the workload of ``engine.py`` (the memory store,
``--skus`` SKUs, the collector off as in the timed rows) twice under ``valgrind
--tool=cachegrind --cache-sim=no`` with ``PYTHONHASHSEED=0``: ``--warm`` orders, then the same
``--warm`` orders plus ``--orders`` more. The difference, per extra order, is what one order
costs (start-up, the stock-up and the warm-up cancel out).
"""

from __future__ import annotations

import argparse
import gc

import cachegrind
from engine import memory_store, one_order, stock_up
from engine_workload import LOCATION, START, generate
from ordercore.domain.inventory import Location
from ordercore.kernel.clock import FixedClock
from ordercore.service import Engine


def _child(total: int, orders: int, skus: int) -> None:
    """Run the first ``orders`` of a ``total``-order shop through an Engine (the same setup)."""
    shop = generate(total, skus)
    store = memory_store(None, None)  # type: ignore[arg-type]
    stock_up(store, shop)
    clock = FixedClock(START)
    engine = Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)})
    gc.disable()  # as the timed rows: the collector is off while they run
    for n, order_id, lines, returns in shop.orders[:orders]:
        one_order(engine, clock, n, order_id, lines, returns)


def _instructions(total: int, orders: int, skus: int) -> int:
    return cachegrind.instructions(__file__, total, orders, skus)


def per_order(warm: int, orders: int, skus: int) -> float:
    """Instructions per order: the difference between two runs, per extra order."""
    total = warm + orders
    return (_instructions(total, total, skus) - _instructions(total, warm, skus)) / orders


def main(argv: list[str] | None = None) -> int:
    """Print the instructions per order (or run one measured child, with ``--child``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--orders", type=int, default=200, help="orders measured (default 200)")
    parser.add_argument("--warm", type=int, default=50, help="orders run first (default 50)")
    parser.add_argument("--skus", type=int, default=1_000, help="SKUs in the shop (default 1000)")
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if not cachegrind.available():
        print("valgrind is not installed: nothing measured")
        return 1
    count = per_order(args.warm, args.orders, args.skus)
    print(
        f"Engine, memory store, {args.skus:,} SKUs, orders {args.warm}..{args.warm + args.orders}:"
        f" {count:,.0f} instructions per order"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
