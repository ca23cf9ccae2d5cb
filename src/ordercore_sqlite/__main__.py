"""``python -m ordercore_sqlite demo``: the ordercore demo on the embedded SQLite store.

The demo's story (``ordercore.demo``) is store-agnostic; this entry point gives it a fresh
SQLite database (a file in a new temporary folder, or ``--db PATH`` for an empty file you can
open afterwards), applies the migrations, and prints the narration. It is what
``bash scripts/demo`` runs: the main job on the embedded default.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ordercore.demo import run_demo
from ordercore_sqlite.store import SqliteStore

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m ordercore_sqlite")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the ordercore demo on a new SQLite database")
    demo.add_argument("--seed", type=int, default=7, help="seed for the demo's ids (default 7)")
    demo.add_argument("--db", type=Path, help="the database file to create (must not exist)")
    args = parser.parse_args(argv)
    if args.db is not None and args.db.exists():
        parser.error(f"--db {args.db} exists: the demo needs a new, empty database")
    with tempfile.TemporaryDirectory(prefix="ordercore-demo-") as folder:
        path = args.db if args.db is not None else Path(folder) / "shop.db"
        store = SqliteStore(str(path))
        store.migrate()
        print(f"store: SQLite at {path}")
        for line in run_demo(seed=args.seed, store=store):
            print(line)
        if args.db is None:
            print("(a throwaway database; pass --db PATH to keep one)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
