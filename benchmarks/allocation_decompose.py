"""Where the full allocation path spends its time, in microseconds per reserved line.

Run ``python benchmarks/allocation_decompose.py`` (``--quick`` for smaller sizes). For the greedy
default policy and the anchors' rule, at 10 and 300 lines per SKU, it times (best of N rounds,
CPU time, garbage collector off, on the same seeded data as ``benchmarks/allocation.py``):

* ``plan``: ``allocate`` alone;
* ``requests``: ``reserve_plan`` turning the plan into per-SKU ``ReservationRequest`` batches
  (every stock item's ``reserve_many`` stubbed out);
* ``reserve_many``: the stock items placing those batches (checks, events, apply, ledger rows);
* ``full``: plan + ``reserve_plan`` + draining the events, as the benchmark's full-path row;

and, inside ``reserve_many``, the records each reserved line makes, each built alone from the
same values in a loop of its own: the ``StockReserved`` event, the ``Reservation`` entity and
the ledger ``Movement`` row. What is left of ``reserve_many`` after them is its rules and glue
(checks, demand totals, the book, the counters, the calls between them). The bookkeeping floor
(``benchmarks/allocation_full.py``) is printed beside them: a version bump, a tuple ledger row and
a slotted event per reservation.

A second table is the bound the records set: the floor's decisions plus every record ordercore
builds per line, each built alone (the plan's ``Pick`` and ``LineAllocation``, the
``ReservationRequest``, the event, the ``Reservation``, the ledger ``Movement``). No full path
that builds those records runs below that sum, so ``naive / (floor + records)`` is the most
``naive / full`` can be, whatever the rules and the glue cost (``--only anchors`` or
``--only greedy`` prints one policy's rows).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

from allocation import ANCHORS
from allocation_baselines import floor, floor_anchors, naive, naive_anchors
from allocation_data import NOW, Order, Row, generate, to_demand, to_snapshot
from allocation_full import _Event, _items
from ordercore.domain.allocation import Policy, allocate, reserve_plan
from ordercore.domain.allocation.plan import LineAllocation, Pick, Plan
from ordercore.domain.inventory import Movement, MovementKind, StockItem
from ordercore.domain.inventory.events import StockReserved
from ordercore.domain.inventory.reservations import (
    Reservation,
    ReservationKind,
    ReservationRequest,
    ReservationState,
)


def _cpu(run: Callable[[], object], setup: Callable[[], object] = lambda: None) -> float:
    """CPU seconds of one ``run()`` after an untimed ``setup()``, collector off."""
    setup()
    gc.collect()
    gc.disable()
    start = time.process_time()
    run()
    took = time.process_time() - start
    gc.enable()
    return took


class _Capture:
    """Stands in for a stock item in ``reserve_plan``: keeps the batch it was given."""

    def __init__(self) -> None:
        self.batch: list[ReservationRequest] = []

    def reserve_many(self, batch: list[ReservationRequest], now: object) -> list[Reservation]:
        self.batch = batch
        return []


def _records(
    batches: list[list[ReservationRequest]], sku_of: list[str], plan: Plan
) -> dict[str, Any]:
    """One loop per record type over every request of every batch: the records alone.

    Also the plan's own records (a ``Pick`` per pick and a ``LineAllocation`` per line, built
    again from the plan's values) and the ``ReservationRequest`` per reserved line that
    ``reserve_plan`` hands to ``reserve_many``.
    """
    hard, allocated = ReservationKind.HARD, ReservationState.ALLOCATED
    reserve = MovementKind.RESERVE
    shapes = [
        (
            line.line,
            [(p.source, p.quantity, p.available, p.phrasing) for p in line.picks],
            line.backordered,
            line.unfilled,
            line.reason,
            line.notes,
        )
        for line in plan.lines
    ]

    def plan_records() -> None:
        for ln, picks, backordered, unfilled, reason, notes in shapes:
            made = tuple([Pick(*p) for p in picks])
            LineAllocation(ln, made, backordered, unfilled, reason, notes)

    def requests() -> None:
        for batch in batches:
            for r in batch:
                ReservationRequest(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])

    def events() -> None:
        for sku, batch in zip(sku_of, batches, strict=True):
            for r in batch:
                StockReserved(
                    entity_id=sku,
                    version=2,
                    occurred_at=NOW,
                    reservation_id=r[0],
                    order_ref=r[1],
                    line_ref=r[2],
                    quantity=r[3][0][1],
                    hard=True,
                    expires_at=None,
                    allocations=r[3],
                    priority=r[4],
                    placed_at=r[5],
                )

    def reservations() -> None:
        for sku, batch in zip(sku_of, batches, strict=True):
            for r in batch:
                Reservation(r[0], sku, r[1], r[2], r[4], r[5] or NOW, hard, allocated, r[3], None)

    def rows() -> None:
        seq = 1
        for batch in batches:
            out: list[Movement] = []
            for r in batch:
                for a in r[3]:
                    out.append(Movement(seq, reserve, a[0], a[2], 0, a[1], 0, NOW, "", r[0], a[3]))
                    seq += 1

    def bookkeeping() -> None:
        ledger: list[tuple[int, str, str, int, str]] = []
        for sku, batch in zip(sku_of, batches, strict=True):
            version = 1
            for r in batch:
                version += 1
                ledger.append((len(ledger) + 1, "reserve", sku, r[3][0][1], r[0]))
                _Event(sku, version, r[0], r[3][0][1])

    return {
        "plan records": plan_records,
        "request": requests,
        "event": events,
        "reservation": reservations,
        "ledger row": rows,
        "books": bookkeeping,
    }


_OURS = ("plan records", "request", "event", "reservation", "ledger row")
"""The records ordercore builds per order line on the full path."""


def decompose(
    rows: list[Row], orders: list[Order], policy: Policy, repeat: int
) -> dict[str, float]:
    """Microseconds per order line of every stage and record (best of ``repeat`` rounds)."""
    snapshot, demand = to_snapshot(rows), to_demand(orders)
    plan = allocate(demand, snapshot, policy, NOW)
    skus = {line.line.sku for line in plan.lines if line.picks}
    captures: dict[str, _Capture] = {str(sku): _Capture() for sku in skus}
    reserve_plan(plan, demand, captures, NOW)  # type: ignore[arg-type]
    sku_of: list[str] = sorted(captures)
    batches = [captures[sku].batch for sku in sku_of]
    reserved = sum(len(b) for b in batches)
    records = _records(batches, sku_of, plan)
    held: dict[str, dict[str, StockItem]] = {}

    def fresh() -> None:
        held["items"] = _items(rows)

    def place() -> None:
        items = held["items"]
        for sku, batch in zip(sku_of, batches, strict=True):
            items[sku].reserve_many(batch, NOW)

    def full() -> None:
        items = held["items"]
        reserve_plan(allocate(demand, snapshot, policy, NOW), demand, items, NOW)
        for item in items.values():
            item.pull_events()
            item.pull_movements()

    if policy is ANCHORS:
        baseline, cosmic = floor_anchors, naive_anchors
    else:
        baseline, cosmic = floor, naive
    stages: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "plan": (lambda: allocate(demand, snapshot, policy, NOW), lambda: None),
        "requests": (lambda: reserve_plan(plan, demand, captures, NOW), lambda: None),  # type: ignore[arg-type]
        "reserve_many": (place, fresh),
        "full": (full, fresh),
        "floor": (lambda: baseline(list(rows), orders), lambda: None),
        "naive": (lambda: cosmic(list(rows), orders), lambda: None),
        **{name: (fn, lambda: None) for name, fn in records.items()},
    }
    best: dict[str, float] = {}
    for _ in range(repeat):  # interleaved rounds, as the benchmark's
        for name, (run, setup) in stages.items():
            best[name] = min(best.get(name, float("inf")), _cpu(run, setup))
    lines = sum(len(o.lines) for o in orders)
    out = {name: took / lines * 1e6 for name, took in best.items()}
    out["reserved share"] = reserved / lines
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the decomposition table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skus", type=int, default=0, help="SKUs (default 1,000; 100 quick)")
    parser.add_argument("--only", default="", help="'greedy' or 'anchors': one policy's rows")
    args = parser.parse_args(argv)
    skus = args.skus or (100 if args.quick else 1_000)
    print(
        "| policy | lines/SKU | plan | requests | reserve_many | of which: event | reservation "
        "| ledger row | rules + glue | full | floor | bookkeeping floor | naive | naive / full |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    bounds: list[str] = []
    policies = (("greedy (default)", Policy.default()), ("anchors", ANCHORS))
    for name, policy in policies:
        if args.only and args.only not in name:
            continue
        for per_sku in (10, 300):
            rows, orders = generate(skus, skus * per_sku)
            d = decompose(rows, orders, policy, args.repeat)
            glue = d["reserve_many"] - d["event"] - d["reservation"] - d["ledger row"]
            print(
                f"| {name} | {per_sku} | {d['plan']:.2f} | {d['requests']:.2f} "
                f"| {d['reserve_many']:.2f} | {d['event']:.2f} | {d['reservation']:.2f} "
                f"| {d['ledger row']:.2f} | {glue:.2f} | {d['full']:.2f} | {d['floor']:.2f} "
                f"| {d['books']:.2f} | {d['naive']:.2f} | {d['naive'] / d['full']:.2f} |"
            )
            records = sum(d[r] for r in _OURS)
            least = d["floor"] + records
            bounds.append(
                f"| {name} | {per_sku} | {d['floor']:.2f} | {d['plan records']:.2f} "
                f"| {d['request']:.2f} | {d['event']:.2f} | {d['reservation']:.2f} "
                f"| {d['ledger row']:.2f} | {least:.2f} | {d['full'] / least:.2f} "
                f"| {d['naive']:.2f} | {d['naive'] / least:.2f} | {d['naive'] / d['full']:.2f} |"
            )
    print(
        "\nMicroseconds per order line (a line with nothing reserved costs no record; "
        "'of which' columns are parts of reserve_many, 'rules + glue' what is left of it)."
    )
    print(
        "\n| policy | lines/SKU | floor | plan records | request | event | reservation "
        "| ledger row | floor + ordercore's records | full x that | naive "
        "| naive / (floor + records): the most naive / full can be | naive / full |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(bounds))
    print(
        "\nThe floor's decisions plus every record ordercore builds per line (the plan's Pick "
        "and LineAllocation, the ReservationRequest, the event, the Reservation, the ledger "
        "Movement), each built alone: no rule, no glue. No full path that builds these "
        "records can be faster than that column, so naive / (floor + records) bounds naive / full."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
