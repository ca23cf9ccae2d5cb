"""``scripts/fuzz`` (the nightly fuzz) names test files that exist, and a profile conftest knows."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_path_the_nightly_fuzz_runs_exists() -> None:
    script = (ROOT / "scripts" / "fuzz").read_text()
    paths = re.findall(r"\btests/[\w/.]+", script)
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert [] == missing
    assert len(paths) >= 5


def test_the_nightly_profile_draws_fresh_examples_without_deadlines() -> None:
    nightly = settings.get_profile("nightly")
    assert (False, None) == (nightly.derandomize, nightly.deadline)
