"""Instructions per operation (cachegrind): the load-proof view of the reserve/release rows.

Run ``python benchmarks/allocation_instructions.py`` (it needs ``valgrind``; about 5 minutes).
On a shared machine CPU time moves with the neighbours; the number of instructions an operation
runs does not. For each reserve/release loop of ``allocation_full.py`` (the dict counter, the
bookkeeping floor, ordercore's own records with no rules, and ``StockItem``) and for each hot
record built alone, it runs the work at two sizes under ``valgrind --tool=cachegrind
--cache-sim=no`` with ``PYTHONHASHSEED=0`` and prints the difference per operation (setup and
interpreter start cancel out), as a Markdown table with the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable

import allocation_full as full
import cachegrind
from allocation_data import NOW
from allocation_full import _Event
from ordercore.domain.inventory import Allocation, Movement, MovementKind
from ordercore.domain.inventory.events import StockReleased, StockReserved
from ordercore.domain.inventory.reservations import (
    ReleaseResult,
    Reservation,
    ReservationKind,
    ReservationState,
)

LOOPS = ("dict counter", "bookkeeping floor", "records", "StockItem")
RECORDS = ("StockReserved", "StockReleased", "Reservation", "Movement", "ReleaseResult", "_Event")


def _loop(name: str) -> Callable[[int], object]:
    return {
        "dict counter": full.reserve_release_floor,
        "bookkeeping floor": full.reserve_release_bookkeeping,
        "records": full.reserve_release_records,
        "StockItem": full.reserve_release_ops,
    }[name]


def _record(name: str) -> Callable[[int], object]:
    """Build ``n`` of one record from the values a reserve (or release) gives it, kept alive."""
    places = (Allocation("WH-EAST", 3),)
    hard, allocated, released = (
        ReservationKind.HARD,
        ReservationState.ALLOCATED,
        ReservationState.RELEASED,
    )
    reserve = MovementKind.RESERVE
    builders: dict[str, Callable[[int], object]] = {
        "StockReserved": lambda n: [
            StockReserved(
                entity_id="SKU-1",
                version=n,
                occurred_at=NOW,
                reservation_id="R-1",
                order_ref="R-1",
                line_ref="1",
                quantity=3,
                hard=True,
                expires_at=None,
                allocations=places,
                priority=5,
                placed_at=NOW,
            )
            for n in range(n)
        ],
        "StockReleased": lambda n: [
            StockReleased(
                entity_id="SKU-1",
                version=n,
                occurred_at=NOW,
                reservation_id="R-1",
                quantity=3,
                all_units=True,
            )
            for n in range(n)
        ],
        "Reservation": lambda n: [
            Reservation("R-1", "SKU-1", "R-1", "1", n, NOW, hard, allocated, places, None)
            for n in range(n)
        ],
        "Movement": lambda n: [
            Movement(n, reserve, "WH-EAST", None, 0, 3, 0, NOW, "", "R-1", None) for n in range(n)
        ],
        "ReleaseResult": lambda n: [ReleaseResult("R-1", n, released) for n in range(n)],
        "_Event": lambda n: [_Event("SKU-1", n, "R-1", 3) for n in range(n)],
    }
    return builders[name]


def _child(kind: str, name: str, n: int) -> None:
    gc.disable()  # as the timed rows: the collector is off while they run
    work = _loop(name) if kind == "loop" else _record(name)
    work(n)


def _instructions(kind: str, name: str, n: int) -> int:
    return cachegrind.instructions(__file__, kind, name, n)


def per_op(kind: str, name: str, small: int, big: int) -> float:
    """Instructions per operation: the difference between two sizes, per extra operation."""
    return (_instructions(kind, name, big) - _instructions(kind, name, small)) / (big - small)


def main(argv: list[str] | None = None) -> int:
    """Print the table (or run one measured child, with ``--child``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("KIND", "NAME", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--ops", type=int, default=4000, help="operations in the larger run")
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    if not cachegrind.available():
        print("valgrind is not installed: nothing measured")
        return 1
    small, big = 1000, 1000 + args.ops
    loops = {name: per_op("loop", name, small, big) for name in LOOPS}
    books, records = loops["bookkeeping floor"], loops["records"]
    print("| reserve/release loop | instructions per op | x dict counter | x bookkeeping floor |")
    print("|---|---:|---:|---:|")
    for name, count in loops.items():
        print(
            f"| {name} | {count:,.0f} | {count / loops['dict counter']:.2f} | {count / books:.2f} |"
        )
    print(f"\nStockItem / records: {loops['StockItem'] / records:.2f}\n")
    print("| record, built alone | instructions each |")
    print("|---|---:|")
    for name in RECORDS:
        print(f"| {name} | {per_op('record', name, 0, args.ops):,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
