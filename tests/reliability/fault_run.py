"""Run a fault-injection machine for many examples once, locally, and print what it counted.

Not collected by pytest (CI runs the machines in its fixed profile); run it by hand::

    .venv/bin/python -m tests.reliability.fault_run sqlite 2000
    .venv/bin/python -m tests.reliability.fault_run memory 2000

It prints the histories, commands and injected faults (each retried with the same key), and
"divergences: 0" when every history ended equal to its fault-free twin; a divergence stops the
run with hypothesis's shrunk example.
"""

from __future__ import annotations

import sys
import time

from hypothesis import settings

from tests.reliability.test_fault_injection import FaultsAnywhere, SqliteFaultsAnywhere
from tests.reliability.twins import Twins

MACHINES = {"memory": FaultsAnywhere, "sqlite": SqliteFaultsAnywhere}
"""The machines by store name."""


def main(argv: list[str]) -> int:
    """Run ``argv[0]``'s machine (``memory`` or ``sqlite``) for ``argv[1]`` examples."""
    name, examples = argv[0], int(argv[1])
    steps = int(argv[2]) if len(argv) > 2 else 50
    machine = MACHINES[name]
    machine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=False
    )
    started = time.monotonic()
    divergences = 0
    try:
        machine.TestCase().runTest()
    except AssertionError:
        divergences = 1
        raise
    finally:
        counts = Twins.counts
        sys.stdout.write(
            f"{name}: {examples} examples, {steps} steps at most: "
            f"{counts['histories']} histories, {counts['commands']} commands, "
            f"{counts['faults']} faults, divergences: {divergences} "
            f"({time.monotonic() - started:.0f} s)\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
