"""Benchmark the stores' JSON codec (``ordercore.ports.codec.Codec``) against ``json`` alone.

Run ``python benchmarks/codec.py`` (``--quick`` for a smoke run). It drives the Engine workload
of ``engine.py`` (``--orders`` orders over ``--skus`` SKUs) on the memory store, takes every
aggregate the store holds at the end (orders with their lines, stock items with their open
reservations, invoices, payments, shipments, and the rest the Engine keeps), and times per
aggregate type, in CPU seconds, best of ``--repeat`` passes over all of them:

* encode: ``Codec.dumps(value)`` of values the same codec has just read (``loads``, untimed),
  what an adapter writes back at the end of a command;
* decode: ``Codec.loads(cls, text)``, what an adapter reads (every document of the type read
  in each pass, so values shared between documents are met again, as in a running store);
* the floor of each: ``json.dumps`` of the same document alone (sorted keys, compact, as the
  codec writes it) and ``json.loads`` of the same text alone, so ``x json`` is the codec's
  overhead over the JSON work it cannot avoid.

``--against REV`` also loads the codec (the file ``codec.py``, or the package ``codec/`` after
the split) as it was at git revision ``REV`` (from ``git show``, into a temporary directory) and
times it in the same run, so before and after
come from one run on one machine; it checks that both write byte-identical documents.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from engine import one_order, stock_up
from engine_workload import LOCATION, START, generate
from ordercore.domain.inventory import Location
from ordercore.kernel.clock import FixedClock
from ordercore.memory import MemoryStore
from ordercore.ports.codec import Codec
from ordercore.service import Engine

ROOT = Path(__file__).resolve().parents[1]
CODEC_PATH = "src/ordercore/ports/codec.py"
"""Where the codec was before it became a package."""
CODEC_PACKAGE = "src/ordercore/ports/codec"
"""Where the codec is since it became a package."""
SHOWN = ("orders", "stock", "invoices", "payments", "shipments")
"""The collections the table shows first, in this order (the others follow by name)."""


def stored_aggregates(orders: int, skus: int) -> dict[str, list[Any]]:
    """Run the Engine workload on a memory store: every stored aggregate, by collection."""
    shop = generate(orders, skus)
    store = MemoryStore()
    stock_up(store, shop)
    clock = FixedClock(START)
    engine = Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)})
    for n, order_id, lines, returns in shop.orders:
        one_order(engine, clock, n, order_id, lines, returns)
    found: dict[str, list[Any]] = {}
    for (collection, _), value in sorted(store.snapshot().rows.items()):
        found.setdefault(collection, []).append(value)
    return found


def _git(*args: str) -> str:
    """The output of a read-only git command on the repository's own history."""
    return subprocess.run(  # noqa: S603 - fixed git commands on the repository's own history
        ["git", *args],  # noqa: S607 - git from PATH
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def codec_at(revision: str) -> ModuleType:
    """The codec as it was at git ``revision``, loaded as a module of its own.

    Up to the split the codec is the one file ``codec.py``; from it on, the package ``codec/``,
    whose modules import one another by their absolute names (renamed here to the copy's).
    """
    name = "ordercore_codec_before"
    directory = Path(tempfile.mkdtemp(prefix="ordercore-codec-bench-"))
    files = _git("ls-tree", "--name-only", revision, f"{CODEC_PACKAGE}/").split()
    if files:
        package = directory / name
        package.mkdir()
        for member in files:
            source = _git("show", f"{revision}:{member}")
            text = source.replace("ordercore.ports.codec.", f"{name}.")
            (package / Path(member).name).write_text(text)
        sys.path.insert(0, str(directory))
        try:
            return importlib.import_module(name)
        finally:
            sys.path.remove(str(directory))
    path = directory / "codec_before.py"
    path.write_text(_git("show", f"{revision}:{CODEC_PATH}"))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file was just written
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def best(run: Callable[[], object], repeat: int) -> float:
    """The fewest CPU seconds ``run()`` took in ``repeat`` tries."""
    took = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        took.append(time.process_time() - start)
    return min(took)


class Timings(NamedTuple):
    """µs per aggregate of one type: a codec's encode and decode, and json's alone."""

    encode: float
    decode: float
    json_dumps: float
    json_loads: float


def best_of_fresh(codec: Any, cls: type, texts: list[str], repeat: int) -> float:
    """The fewest CPU seconds ``codec`` took to write back values it has just read from
    ``texts`` (read afresh, untimed, before each try: what a store does within a command)."""
    took = []
    for _ in range(repeat):
        values = [codec.loads(cls, text) for text in texts]
        start = time.process_time()
        for value in values:
            codec.dumps(value)
        took.append(time.process_time() - start)
    return min(took)


def measure(codec: Any, values: list[Any], repeat: int) -> Timings:
    """Time ``codec`` over ``values`` (all of one class), and json alone over the same data."""
    cls = type(values[0])
    texts = [codec.dumps(value) for value in values]
    documents = [codec.document(value) for value in values]
    dumps, loads = json.dumps, json.loads
    per = 1e6 / len(values)
    encode = best_of_fresh(codec, cls, texts, repeat)
    decode = best(lambda: [codec.loads(cls, text) for text in texts], repeat)
    json_dumps = best(
        lambda: [dumps(doc, sort_keys=True, separators=(",", ":")) for doc in documents], repeat
    )
    json_loads = best(lambda: [loads(text) for text in texts], repeat)
    return Timings(encode * per, decode * per, json_dumps * per, json_loads * per)


def check_alike(before: Any, after: Any, aggregates: dict[str, list[Any]]) -> int:
    """How many documents the two codecs write differently (0: byte-identical), and read back."""
    differ = 0
    for values in aggregates.values():
        for value in values:
            text = after.dumps(value)
            differ += text != before.dumps(value)
            differ += after.loads(type(value), text) != before.loads(type(value), text)
    return differ


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table; 1 if ``--against``'s codec writes other documents."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: few orders, 1 repeat")
    parser.add_argument("--orders", type=int, default=None, help="orders in the workload (300)")
    parser.add_argument("--skus", type=int, default=None, help="SKUs in the catalogue (100)")
    parser.add_argument("--repeat", type=int, default=None, help="passes timed, best kept (5)")
    parser.add_argument("--against", default=None, help="a git revision to time as 'before'")
    args = parser.parse_args(argv)
    orders = args.orders or (30 if args.quick else 300)
    skus = args.skus or (10 if args.quick else 100)
    repeat = args.repeat or (1 if args.quick else 5)
    aggregates = stored_aggregates(orders, skus)
    names = [n for n in SHOWN if n in aggregates]
    names += sorted(set(aggregates) - set(names))
    after = Codec()
    before = codec_at(args.against).Codec() if args.against else None
    if before is not None:
        differ = check_alike(before, after, aggregates)
        if differ:
            print(f"{differ} documents differ from {args.against}'s codec", file=sys.stderr)
            return 1
    header = "| aggregate | n | bytes | encode µs | decode µs | json.dumps µs | json.loads µs "
    header += "| encode x json | decode x json |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if before is not None:
        header += " encode before µs | decode before µs | encode speed-up | decode speed-up |"
        rule += "---:|---:|---:|---:|"
    out = [
        (
            f"## Codec benchmark (the aggregates stored after {orders:,} orders on {skus:,} SKUs; "
            f"CPU µs per aggregate, best of {repeat}; Python {sys.version.split()[0]}"
            + (f"; before = {args.against}, documents byte-identical)" if before else ")")
        ),
        "",
        header,
        rule,
    ]
    totals = [0.0] * 6
    for name in names:
        values = aggregates[name]
        size = sum(len(after.dumps(v).encode()) for v in values) / len(values)
        t = measure(after, values, repeat)
        cells = (
            f"| {type(values[0]).__name__} | {len(values):,} | {size:,.0f} | {t.encode:.1f} "
            f"| {t.decode:.1f} | {t.json_dumps:.1f} | {t.json_loads:.1f} "
            f"| {t.encode / t.json_dumps:.1f} | {t.decode / t.json_loads:.1f} |"
        )
        share = len(values)
        totals[0] += t.encode * share
        totals[1] += t.decode * share
        totals[2] += t.json_dumps * share
        totals[3] += t.json_loads * share
        if before is not None:
            old = measure(before, values, repeat)
            totals[4] += old.encode * share
            totals[5] += old.decode * share
            cells += (
                f" {old.encode:.1f} | {old.decode:.1f} | {old.encode / t.encode:.1f}x "
                f"| {old.decode / t.decode:.1f}x |"
            )
        out.append(cells)
    enc, dec, jd, jl, old_enc, old_dec = totals
    line = (
        f"| **all, per stored aggregate** | {sum(len(v) for v in aggregates.values()):,} | "
        f"| | | | | {enc / jd:.1f} | {dec / jl:.1f} |"
    )
    if before is not None:
        line += f" | | {old_enc / enc:.1f}x | {old_dec / dec:.1f}x |"
    out.append(line)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
