"""Count the instructions a child run of a benchmark script executes, under cachegrind.

The load-proof measure of the ``*_instructions.py`` benchmarks: CPU time on a shared machine
moves with the neighbours, the number of instructions a piece of work runs does not. A script
re-runs itself with ``--child`` and its arguments under ``valgrind --tool=cachegrind
--cache-sim=no`` with ``PYTHONHASHSEED=0`` (so dict and set orders, and with them the work, are
the same every run); the caller takes the difference between two sizes, so interpreter start-up
and set-up cancel out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys


def available() -> bool:
    """Whether ``valgrind`` is on the ``PATH``."""
    return shutil.which("valgrind") is not None


def instructions(script: str, *child: object) -> int:
    """Instructions ``python script --child *child`` executes, start-up included."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(  # noqa: S603 - our own interpreter on our own script
        [
            shutil.which("valgrind") or "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            script,
            "--child",
            *(str(argument) for argument in child),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if found is None:
        raise RuntimeError(out.stderr[-2000:])
    return int(found.group(1).replace(",", ""))
