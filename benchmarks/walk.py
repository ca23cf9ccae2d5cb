"""The one-order walk: which files reading each Engine step takes you through, and how often back.

One ON_PLACEMENT order of two units is walked through the Engine on the memory store: place,
authorize, capture, confirm, allocate, open a shipment, pick, pack, ship, deliver, request a
return and receive it. Each step runs under ``sys.settrace``; every ``call`` event whose code lives
in ``ordercore/service/*.py`` or in one of the aggregate modules (:data:`AGGREGATES`) is noted by
file, and consecutive calls in the same file count once. For each step that gives its *path* (the
files in the order the step enters them), its ``files`` (distinct), its ``hops`` (moves from one
file to the next) and its ``revisits`` (entries into a file the step had already left). The
commit's tail is included: ``Session.flush`` enters ``session.py`` once more at the end of every
step; the store takes each changed aggregate's events (and a stock item's ledger movements)
from the event sink the unit of work handed the aggregate, so the commit enters no aggregate.

No timing: the counts are a property of the code, the same on every run. Python 3.11 runs each
comprehension in a frame of its own, so a comprehension in a handler after a call elsewhere
counts as a return to the handler's file.

Run ``python benchmarks/walk.py`` for the table (``--paths`` adds each step's path). The numbers
of :data:`BEFORE` are those of the service layer before it was reshaped (issue #12), those of
:data:`SINK` those once the event sink took the commit out of the aggregates, and those of
:data:`FORWARD` those once the handlers and rows were reordered to read forward (the pass before
this one), measured by the same rules; ``tests/service/test_walk.py`` keeps every step at or
below :data:`LIMITS`, and its revisits other than the commit's and comprehension frames at or
below :data:`GENUINE` (``--causes`` prints the split).

This pass (the walk, #12) took out the allocate step's call back for reservation ids: the stock
item answers a line's reservations and its next reservation id itself
(``StockItem.line_reservations``, ``StockItem.next_reservation_id``); the allocate handler reads
each waiting line's next id with the stock, right after the snapshot's supply rows, and hands
them to the row in the fact, so ``reserve_plan`` names the holds without calling back into
``allocating.py`` (allocate: 3 genuine revisits to 2); open_shipment, pick and ship lose their
hop through ``allocating.py`` for the line's reservations. The eight genuine revisits left are
the right design, each for a reason given in ``docs/architecture.md`` (the walk):

* place, ship, receive_return (the order): a row of the table writes back to the order whose
  change triggered it (*invoice on placement* counts the invoiced units; *complete after the
  last shipment* completes it; *credit the settled return's units* counts the credited ones).
  The order is checked before the row's other aggregate is written and records after it.
* receive_return (the return): the return settles against the credit notes the row issued.
* receive_return (the table): the disposal rows run, then the crediting row of each complete
  return, whose notes the return settles against before the next is credited.
* pick (the shipment): the shipment checks the pick before the stock moves and records where
  the units came from after the stock item chose them; no order of the three reads and writes
  enters each aggregate once without moving stock before the check.
* allocate (the stock, ``allocating.py``): the snapshot reads the stock items' supply rows
  through the allocator's glue, the allocator plans, then the row reserves through the same
  glue (``apply_plan``, the one path from a plan to reservations); a read and a write with the
  plan between them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, NamedTuple

import pendulum

import ordercore
from ordercore.domain.inventory import Location
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine

ROOT = os.path.dirname(ordercore.__file__)
SERVICE = os.path.join(ROOT, "service") + os.sep
AGGREGATES = (
    "orders/order.py",
    "billing/invoices.py",
    "billing/payments.py",
    "fulfilment/shipment.py",
    "inventory/stock.py",
    "returns/rma.py",
    "returns/followup.py",
    "allocation/reserving.py",
    "allocation/engine.py",
)
"""The aggregate modules (and the allocator's) a step's path names, besides the service layer."""

STEPS = (
    "place",
    "authorize",
    "capture",
    "confirm",
    "allocate",
    "open_shipment",
    "pick",
    "pack",
    "ship",
    "deliver",
    "request_return",
    "receive_return",
)
"""The steps of the walk, in order."""


COMMIT = "commit"
"""The cause of an entry made by the commit (``Session.flush`` saving, the store staging rows).

An entry into ``session.py`` that runs on into ``flush`` counts as the commit's: the commit
would enter the file there anyway."""
FRAME = "comprehension"
"""The cause of an entry into a comprehension's own frame (Python 3.11), not into a function."""
_FRAMES = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"})


class Step(NamedTuple):
    """One step of the walk: the files it entered, in order, and its counts.

    ``causes`` says, entry by entry, why the step entered the file: :data:`COMMIT`,
    :data:`FRAME`, or ``""`` for a call the handler, its rows and aggregates made.
    """

    name: str
    path: tuple[str, ...]
    causes: tuple[str, ...] = ()

    @property
    def files(self) -> int:
        """Distinct files on the path."""
        return len(set(self.path))

    @property
    def hops(self) -> int:
        """Moves from one file to another."""
        return max(len(self.path) - 1, 0)

    @property
    def revisits(self) -> int:
        """Entries into a file the step had already left."""
        seen: set[str] = set()
        again = 0
        for file in self.path:
            again += file in seen
            seen.add(file)
        return again

    def revisits_by_cause(self) -> dict[str, int]:
        """The revisits split by cause: the commit's, comprehension frames', and the rest."""
        causes = self.causes or ("",) * len(self.path)
        split = {COMMIT: 0, FRAME: 0, "": 0}
        seen: set[str] = set()
        for file, cause in zip(self.path, causes, strict=True):
            if file in seen:
                split[cause] += 1
            seen.add(file)
        return split


BEFORE: dict[str, tuple[int, int, int]] = {
    "place": (8, 25, 18),
    "authorize": (6, 11, 6),
    "capture": (8, 18, 11),
    "confirm": (8, 13, 6),
    "allocate": (10, 18, 9),
    "open_shipment": (8, 14, 7),
    "pick": (9, 22, 14),
    "pack": (6, 10, 5),
    "ship": (10, 26, 17),
    "deliver": (8, 18, 11),
    "request_return": (6, 12, 7),
    "receive_return": (10, 40, 31),
}
"""(files, hops, revisits) per step before the reshape of the service layer (issue #12)."""

LIMITS: dict[str, tuple[int, int, int]] = {
    "place": (8, 9, 2),
    "authorize": (6, 6, 1),
    "capture": (8, 8, 1),
    "confirm": (7, 7, 1),
    "allocate": (10, 12, 3),
    "open_shipment": (7, 7, 1),
    "pick": (7, 8, 2),
    "pack": (6, 6, 1),
    "ship": (9, 10, 2),
    "deliver": (8, 8, 1),
    "request_return": (6, 6, 1),
    "receive_return": (9, 14, 6),
}
"""(files, hops, revisits) per step now: the regression test's ceilings."""

SINK: dict[str, tuple[int, int, int]] = {
    "place": (8, 9, 2),
    "authorize": (6, 6, 1),
    "capture": (8, 8, 1),
    "confirm": (7, 7, 1),
    "allocate": (10, 13, 4),
    "open_shipment": (8, 8, 1),
    "pick": (8, 9, 2),
    "pack": (6, 6, 1),
    "ship": (10, 14, 5),
    "deliver": (8, 9, 2),
    "request_return": (7, 8, 2),
    "receive_return": (9, 21, 13),
}
"""(files, hops, revisits) per step once the event sink took the commit out of the aggregates,
before the handlers and rows were reordered to read forward (the pass before this one)."""

PULLING: dict[str, tuple[int, int, int]] = {
    "place": (8, 11, 4),
    "authorize": (6, 9, 4),
    "capture": (8, 10, 3),
    "confirm": (7, 8, 2),
    "allocate": (10, 15, 6),
    "open_shipment": (8, 9, 2),
    "pick": (8, 14, 7),
    "pack": (6, 8, 3),
    "ship": (10, 17, 8),
    "deliver": (8, 12, 5),
    "request_return": (7, 10, 4),
    "receive_return": (9, 27, 19),
}
"""(files, hops, revisits) per step while the commit still pulled each saved aggregate's events
back out of it (before the event sink): the ceilings of the pass before."""

GENUINE: dict[str, int] = {
    "place": 1,
    "authorize": 0,
    "capture": 0,
    "confirm": 0,
    "allocate": 2,
    "open_shipment": 0,
    "pick": 1,
    "pack": 0,
    "ship": 1,
    "deliver": 0,
    "request_return": 0,
    "receive_return": 3,
}
"""Revisits per step that are neither the commit's nor a comprehension's frame: the ceilings of
the back-and-forth proper (a handler, row or helper going back to a file the step had left).
What is left, and why, is listed in ``docs/architecture.md`` (the walk)."""

SINK_GENUINE: dict[str, int] = {
    "place": 1,
    "authorize": 0,
    "capture": 0,
    "confirm": 0,
    "allocate": 3,
    "open_shipment": 0,
    "pick": 1,
    "pack": 0,
    "ship": 4,
    "deliver": 1,
    "request_return": 1,
    "receive_return": 8,
}
"""The same, measured at :data:`SINK` (19 in all)."""


FORWARD: dict[str, tuple[int, int, int]] = {
    "place": (8, 9, 2),
    "authorize": (6, 6, 1),
    "capture": (8, 8, 1),
    "confirm": (7, 7, 1),
    "allocate": (10, 13, 4),
    "open_shipment": (8, 8, 1),
    "pick": (8, 9, 2),
    "pack": (6, 6, 1),
    "ship": (10, 11, 2),
    "deliver": (8, 8, 1),
    "request_return": (6, 6, 1),
    "receive_return": (9, 15, 7),
}
"""(files, hops, revisits) per step once the handlers and rows read forward, before the stock
item answered a line's reservations and next reservation id (the pass before this one)."""

FORWARD_GENUINE: dict[str, int] = {
    "place": 1,
    "authorize": 0,
    "capture": 0,
    "confirm": 0,
    "allocate": 3,
    "open_shipment": 0,
    "pick": 1,
    "pack": 0,
    "ship": 1,
    "deliver": 0,
    "request_return": 0,
    "receive_return": 3,
}
"""The genuine revisits measured at :data:`FORWARD` (9 in all)."""


def _traced(name: str, run: Callable[[], Any]) -> tuple[Step, Any]:
    path: list[str] = []
    causes: list[str] = []
    committing = False

    def tracer(frame: FrameType, event: str, arg: object) -> None:
        nonlocal committing
        if event == "call":
            code = frame.f_code
            file = code.co_filename
            if code.co_name == "flush" and file.endswith(os.path.join("service", "session.py")):
                committing = True
                if path and path[-1] == os.path.relpath(file, ROOT):
                    causes[-1] = COMMIT  # a file entered just before the commit enters it anyway
            if file.startswith(SERVICE) or file.endswith(AGGREGATES):
                here = os.path.relpath(file, ROOT)
                if not path or path[-1] != here:
                    path.append(here)
                    frame_only = code.co_name in _FRAMES
                    causes.append(COMMIT if committing else FRAME if frame_only else "")

    before = sys.gettrace()
    sys.settrace(tracer)
    try:
        result = run()
    finally:
        sys.settrace(before)
    return Step(name, tuple(path), tuple(causes)), result


def walk() -> list[Step]:
    """Walk one order through the Engine, step by step; each step's path."""
    at = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
    engine = Engine(MemoryStore(), FixedClock(at), {"WH": Location("WH", priority=1)})
    engine.receive_stock("RETRO-CLOCK", "WH", 10)
    home = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
    order = Order.draft(
        order_id="o1",
        number="o1",
        customer_id="c",
        currency="EUR",
        ship_to=home,
        now=at,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
    )
    order.add_line("RETRO-CLOCK", 2, Money.of("20.00", "EUR"), at)
    paid = Money.of("40.00", "EUR")
    steps: list[Step] = []

    def step(name: str, run: Callable[[], Any]) -> Any:
        traced, result = _traced(name, run)
        steps.append(traced)
        return result

    step("place", lambda: engine.place_order(order))
    step("authorize", lambda: engine.record_authorization("o1", paid, "a1"))
    step("capture", lambda: engine.record_capture("o1", paid, "c1"))
    step("confirm", lambda: engine.confirm_order("o1"))
    step("allocate", lambda: engine.allocate_order("o1"))
    shipment = step("open_shipment", lambda: engine.open_shipment("o1", {"line-1": 2}, "WH"))
    step("pick", lambda: engine.pick(shipment, "line-1", 2))
    step("pack", lambda: engine.pack(shipment))
    step("ship", lambda: engine.ship_shipment(shipment, "DHL", ["T"]))
    step("deliver", lambda: engine.deliver_shipment(shipment))
    step("request_return", lambda: engine.request_return("o1", "line-1", 1))
    step("receive_return", lambda: engine.receive_return("o1", "line-1", 1, "WH"))
    return steps


def table(steps: list[Step]) -> str:
    """A Markdown table: files, hops and revisits per step: before the reshape, at the sink, at
    :data:`FORWARD` (the pass before this one) and now."""
    head = (
        "| step | files before | forward | now | hops before | sink | forward | now "
        "| revisits before | sink | forward | now |"
    )
    rows = [
        head,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in steps:
        files, hops, revisits = BEFORE.get(s.name, (0, 0, 0))
        _, sink_hops, sink_revisits = SINK.get(s.name, (0, 0, 0))
        forward_files, forward_hops, forward_revisits = FORWARD.get(s.name, (0, 0, 0))
        rows.append(
            f"| {s.name} | {files} | {forward_files} | {s.files} | {hops} | {sink_hops} | "
            f"{forward_hops} | {s.hops} | {revisits} | {sink_revisits} | {forward_revisits} | "
            f"{s.revisits} |"
        )
    before = [sum(counts[i] for counts in BEFORE.values()) for i in (1, 2)]
    sink = [sum(counts[i] for counts in SINK.values()) for i in (1, 2)]
    forward = [sum(counts[i] for counts in FORWARD.values()) for i in (1, 2)]
    rows.append(
        f"| all | | | | {before[0]} | {sink[0]} | {forward[0]} | {sum(s.hops for s in steps)} | "
        f"{before[1]} | {sink[1]} | {forward[1]} | {sum(s.revisits for s in steps)} |"
    )
    return "\n".join(rows)


def causes_table(steps: list[Step]) -> str:
    """A Markdown table: each step's revisits split by cause (commit, comprehension, the rest)."""
    columns = (
        "step",
        "revisits",
        "the commit's",
        "comprehension frames",
        "the rest",
        "at the sink",
        "forward",
    )
    header = "| " + " | ".join(columns) + " |"
    rows = [
        header,
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals = [0, 0, 0, 0, 0, 0]
    for s in steps:
        split = s.revisits_by_cause()
        counts = (
            s.revisits,
            split[COMMIT],
            split[FRAME],
            split[""],
            SINK_GENUINE.get(s.name, 0),
            FORWARD_GENUINE.get(s.name, 0),
        )
        totals = [t + n for t, n in zip(totals, counts, strict=True)]
        rows.append(f"| {s.name} | " + " | ".join(str(n) for n in counts) + " |")
    rows.append("| all | " + " | ".join(str(n) for n in totals) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Print the walk's table (and, with ``--paths``, each step's path)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", action="store_true", help="print each step's path too")
    parser.add_argument("--causes", action="store_true", help="split the revisits by cause too")
    arguments = parser.parse_args(argv)
    steps = walk()
    if arguments.paths:
        for s in steps:
            print(f"{s.name}: " + " > ".join(os.path.basename(f) for f in s.path))
        print()
    print(table(steps))
    if arguments.causes:
        print()
        print(causes_table(steps))


if __name__ == "__main__":
    main()
