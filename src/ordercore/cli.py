"""``python -m ordercore``: the only part of ordercore that prints.

Commands:

* ``diagram NAME`` prints the Mermaid state diagram of a lifecycle (``diagram --all`` every one);
* ``lifecycles`` lists the lifecycles with their states and triggers;
* ``demo`` runs one scripted order through the process and narrates it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ordercore.lifecycles import catalogue

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "diagram":
        return _diagram(args.name, args.all)
    if args.command == "lifecycles":
        return _lifecycles()
    return _demo(args.seed)
