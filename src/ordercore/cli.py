"""``python -m ordercore``: the only part of ordercore that prints.

Commands:

* ``diagram NAME`` prints the Mermaid state diagram of a lifecycle (``diagram --all`` every one);
* ``lifecycles`` lists the lifecycles with their states and triggers;
* ``demo`` runs one scripted order through the process and narrates it;
* ``report`` prints the reports of the demo shop as tables, best sellers as a bar chart.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ordercore.lifecycles import catalogue

if TYPE_CHECKING:
    from ordercore.service.reports import ShopReport

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ordercore",
        description="ordercore: an embeddable, I/O-free order-management engine.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    diagram = commands.add_parser("diagram", help="print a lifecycle as a Mermaid stateDiagram-v2")
    diagram.add_argument("name", nargs="?", help="the lifecycle's name (see 'lifecycles')")
    diagram.add_argument("--all", action="store_true", help="every lifecycle, as Markdown")
    commands.add_parser("lifecycles", help="list every lifecycle with its states and triggers")
    demo = commands.add_parser("demo", help="run one scripted order through the whole process")
    demo.add_argument("--seed", type=int, default=7, help="seed for the demo's ids (default 7)")
    commands.add_parser("report", help="print the demo shop's reports as tables")
    return parser


def _diagram(name: str | None, every: bool) -> int:
    tables = catalogue()
    if every:
        sys.stdout.write(
            "# Lifecycles\n\n"
            "Generated from the transition tables by `python -m ordercore diagram --all`;\n"
            "a test fails when this page and the tables disagree. Guards are shown in brackets.\n\n"
        )
        for lifecycle in tables.values():
            sys.stdout.write(
                f"## {lifecycle.name}\n\n"
                f"Initial state `{lifecycle.initial}`; terminal "
                f"{', '.join(f'`{s}`' for s in sorted(lifecycle.terminal)) or 'none'}.\n\n"
                f"```mermaid\n{lifecycle.to_mermaid()}```\n\n"
            )
        return 0
    if name is None or name not in tables:
        known = ", ".join(tables) or "none yet"
        sys.stderr.write(f"unknown lifecycle {name!r}; known: {known}\n")
        return 2
    sys.stdout.write(tables[name].to_mermaid())
    return 0


def _lifecycles() -> int:
    for lifecycle in catalogue().values():
        print(f"{lifecycle.name}: initial {lifecycle.initial}")
        print(f"  states:   {', '.join(lifecycle.states)}")
        print(f"  terminal: {', '.join(sorted(lifecycle.terminal)) or '-'}")
        print(f"  triggers: {', '.join(lifecycle.triggers)}")
    return 0


def _demo(seed: int) -> int:
    from ordercore.demo import run_demo  # noqa: PLC0415 - only the demo command needs it

    for line in run_demo(seed=seed):
        print(line)
    return 0


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title]
    for index, row in enumerate(cells):
        padded = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        lines.append(f"  {padded}".rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    if not rows:
        lines.append("  (none)")
    return [*lines, ""]


def _bars(title: str, pairs: Sequence[tuple[str, int]], width: int = 30) -> list[str]:
    most = max((count for _, count in pairs), default=0)
    label = max((len(name) for name, _ in pairs), default=0)
    lines = [title]
    for name, count in pairs:
        bar = "#" * (round(count * width / most) if most else 0)
        lines.append(f"  {name.ljust(label)}  {bar} {count}")
    return [*lines, ""]


def report_lines() -> list[str]:
    """The demo shop's reports as printable lines (tables, and a bar chart of best sellers)."""
    from ordercore.demo_shop import DEMO_NOW, demo_shop  # noqa: PLC0415 - report only
    from ordercore.service.reports import AGE_BUCKETS, shop_report  # noqa: PLC0415

    report = shop_report(demo_shop(), DEMO_NOW)
    buckets = [label for label, _ in AGE_BUCKETS]
    lines = [f"ordercore report - demo shop at {DEMO_NOW.isoformat()}", ""]
    by_status = [
        [status, *(row[b] for b in buckets)]
        for status, row in report.orders_by_status_and_age.items()
    ]
    lines += _table("Orders by status and age", ["status", *buckets], by_status)
    late = [[o.number, o.promised_ship_by, o.days_late, o.waiting] for o in report.late_orders]
    lines += _table("Late orders", ["order", "promised", "days late", "units waiting"], late)
    rates = [
        [
            "fill rate",
            report.fill_rate.percent(),
            f"{report.fill_rate.part}/{report.fill_rate.whole}",
        ],
        [
            "on-time ship rate",
            report.on_time_ship_rate.percent(),
            f"{report.on_time_ship_rate.part}/{report.on_time_ship_rate.whole}",
        ],
    ]
    lines += _table("Rates", ["rate", "value", "of"], rates)
    returns = [
        [sku, rate.percent(), f"{rate.part}/{rate.whole}"]
        for sku, rate in report.return_rate_by_sku.items()
    ]
    lines += _table("Return rate by SKU", ["sku", "rate", "returned/out"], returns)
    lines += _bars("Best sellers (units out)", report.best_sellers)
    balances = [[customer, money] for customer, money in report.open_balances_by_customer.items()]
    lines += _table("Open balances by customer", ["customer", "balance"], balances)
    return lines + _after_sale_lines(report)


def _after_sale_lines(report: ShopReport) -> list[str]:
    """The perfect orders, returns by reason and stock at risk of a ``ShopReport``."""
    yes = {True: "yes", False: "no"}
    marks = [
        [p.order_id, *(yes[m] for m in (p.complete, p.on_time, p.undamaged, p.correct_documents))]
        for p in report.perfect_orders
    ]
    for row, judged in zip(marks, report.perfect_orders, strict=True):
        row.append(yes[judged.perfect])
    rate = report.perfect_order_rate
    lines = _table(
        f"Perfect orders: {rate.percent()} ({rate.part}/{rate.whole})",
        ["order", "complete", "on time", "undamaged", "documents", "perfect"],
        marks,
    )
    reasons = [
        [reason, r.percent(), f"{r.part}/{r.whole}"]
        for reason, r in report.return_rate_by_reason.items()
    ]
    lines += _table("Return rate by reason", ["reason", "rate", "units/out"], reasons)
    risk = report.stock_at_risk
    lines += _bars("Stock at risk (free units, below 5)", [(s.sku, s.available) for s in risk.low])
    expiring = [[e.sku, e.lot, e.expires_on, e.days_left, e.on_hand] for e in risk.expiring]
    lines += _table(
        "Lots expiring within 30 days", ["sku", "lot", "expires", "days left", "on hand"], expiring
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "diagram":
        return _diagram(args.name, args.all)
    if args.command == "lifecycles":
        return _lifecycles()
    if args.command == "report":
        for line in report_lines():
            print(line)
        return 0
    return _demo(args.seed)
